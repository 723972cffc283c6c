"""One Media Streams connection: frames in, recognizers fed, assist updated; no FastAPI here.

The connection's owner passes ``receive`` (the next websocket text, ``None`` once the
peer is gone). A ``stop`` ends the call cleanly (last sentences recognised, the
conversation marked finished for inspection); a connection that drops or goes silent
without ``stop`` ends the recognizers, keeps what was recognised, and tells the agent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from gateway.assist.asr import AsrUnavailable, Recognizer, Segment
from gateway.assist.audio import ulaw_to_pcm16
from gateway.assist.service import (
    ASR_DOWN,
    ASR_DOWN_NOTICE,
    STREAM_DROPPED_NOTICE,
    STREAM_FRAMES,
    AssistService,
    split_key,
)
from gateway.assist.stream import (
    Connected,
    MalformedFrame,
    Mark,
    MediaFrame,
    Reorderer,
    StreamStart,
    StreamStop,
    parse_frame,
)

log = logging.getLogger("hotline.assist.stream")
Receive = Callable[[], Awaitable[str | bytes | None]]
NO_ENGINE_NOTICE = "未配置语音转写服务，本通电话无实时辅助。"
FEED_FRAMES = 5  # 100 ms of audio per recognizer write


@dataclass
class _Track:
    reorder: Reorderer
    recognizer: Recognizer | None = None
    pending: bytearray = field(default_factory=bytearray)
    frames: int = 0


@dataclass
class StreamStats:
    """What one connection saw."""

    outcome: str = "open"  # stopped | dropped | refused
    media: int = 0
    malformed: int = 0
    late: int = 0
    skipped: int = 0
    key: str | None = None
    call_sid: str = ""


class StreamSession:
    """Serve one Media Streams websocket until ``stop`` or the peer goes away."""

    def __init__(
        self,
        assist: AssistService,
        *,
        idle_timeout: float = 20.0,
        max_malformed: int = 200,
        window: int = 8,
    ) -> None:
        self.assist = assist
        self.idle_timeout = idle_timeout
        self.max_malformed = max_malformed
        self.window = window
        self.stats = StreamStats()
        self.tracks: dict[str, _Track] = {}
        self.assist_on = False
        self._refresh: asyncio.Task[None] | None = None

    async def run(self, receive: Receive) -> StreamStats:
        """Read frames until the stream stops or drops; never raises for bad frames."""
        try:
            while True:
                try:
                    message = await asyncio.wait_for(receive(), self.idle_timeout)
                except TimeoutError:
                    message = None
                if message is None:
                    await self._dropped()
                    return self.stats
                try:
                    frame = parse_frame(message)
                except MalformedFrame as exc:
                    self.stats.malformed += 1
                    STREAM_FRAMES.labels("malformed").inc()
                    log.info("media stream: malformed frame dropped (%s)", exc)
                    if self.stats.malformed > self.max_malformed:
                        await self._dropped()
                        return self.stats
                    continue
                if isinstance(frame, StreamStop):
                    await self._stopped()
                    return self.stats
                await self._handle(frame)
        except asyncio.CancelledError:
            await self._close_all(finish=False)
            raise

    async def _handle(self, frame: Connected | StreamStart | MediaFrame | Mark) -> None:
        if isinstance(frame, StreamStart):
            await self._start(frame)
        elif isinstance(frame, MediaFrame):
            await self._media(frame)

    async def _start(self, start: StreamStart) -> None:
        if self.stats.key is not None:
            return  # a second start on one connection is ignored
        key = start.parameters.get("conversation", "")
        self.stats.call_sid = start.parameters.get("call_sid") or start.call_sid
        if split_key(key) is None:
            log.warning("media stream without a conversation parameter: no assist")
            return
        self.stats.key = key
        # similar orders (并单) are looked up per segment: bring the index up to date,
        # off this stream's path (it refreshes at most every few minutes)
        self._refresh = asyncio.create_task(self.assist.similar.refresh())
        state = self.assist.call(key)
        state.call_sid = self.stats.call_sid
        state.assist_on = True
        state.ended = False
        tracks = [t for t in start.tracks if t in ("inbound", "outbound")] or ["inbound"]
        if start.encoding != "audio/x-mulaw" or start.sample_rate != 8000:
            await self.assist.notice(key, ASR_DOWN_NOTICE)
            return
        if self.assist.engine is None:
            await self.assist.notice(key, NO_ENGINE_NOTICE)
            return
        self.assist_on = True
        for name in tracks:
            track = self.tracks[name] = _Track(Reorderer(self.window))
            try:
                track.recognizer = await self.assist.engine.open(
                    self._sink(key, name), sample_rate=8000
                )
            except AsrUnavailable as exc:
                await self._asr_down(key, exc)
                return

    def _sink(self, key: str, track: str) -> Callable[[Segment], Awaitable[None]]:
        async def sink(segment: Segment) -> None:
            await self.assist.segment(key, track, segment.text, segment.final)

        return sink

    async def _media(self, frame: MediaFrame) -> None:
        self.stats.media += 1
        track = self.tracks.get(frame.track)
        if track is None:  # no assist on this stream (no engine, or it failed)
            return
        before_late, before_skip = track.reorder.late, track.reorder.skipped
        ready = track.reorder.push(frame)
        self._count(track, before_late, before_skip)
        for f in ready:
            await self._feed(track, f.payload)

    def _count(self, track: _Track, before_late: int, before_skip: int) -> None:
        late = track.reorder.late - before_late
        skipped = track.reorder.skipped - before_skip
        self.stats.late += late
        self.stats.skipped += skipped
        if late:
            STREAM_FRAMES.labels("late").inc(late)
        if skipped:
            STREAM_FRAMES.labels("skipped").inc(skipped)

    async def _feed(self, track: _Track, payload: bytes) -> None:
        STREAM_FRAMES.labels("ok").inc()
        track.pending += payload
        track.frames += 1
        if track.frames % FEED_FRAMES == 0:
            await self._write(track)

    async def _write(self, track: _Track) -> None:
        chunk, track.pending = bytes(track.pending), bytearray()
        if track.recognizer is None or not self.assist_on or not chunk:
            return
        try:
            await track.recognizer.feed(ulaw_to_pcm16(chunk))
        except AsrUnavailable as exc:
            assert self.stats.key is not None
            await self._asr_down(self.stats.key, exc)

    async def _asr_down(self, key: str, exc: Exception) -> None:
        log.warning("speech recognition unavailable, the call goes on without assist: %s", exc)
        ASR_DOWN.inc()
        self.assist_on = False
        await self._close_all(finish=False)
        await self.assist.notice(key, ASR_DOWN_NOTICE)

    async def _stopped(self) -> None:
        self.stats.outcome = "stopped"
        for track in self.tracks.values():
            for f in track.reorder.flush():
                await self._feed(track, f.payload)
            await self._write(track)
        await self._close_all(finish=True)
        if self.stats.key is not None:
            await self.assist.call_ended(self.stats.key, self.stats.call_sid)

    async def _dropped(self) -> None:
        self.stats.outcome = "dropped"
        was_on = self.assist_on
        await self._close_all(finish=True)
        if self.stats.key is not None and was_on:
            await self.assist.notice(self.stats.key, STREAM_DROPPED_NOTICE)

    async def _close_all(self, *, finish: bool) -> None:
        tracks = list(self.tracks.values())
        for track in tracks:
            recognizer, track.recognizer = track.recognizer, None
            if recognizer is None:
                continue
            try:
                if finish and self.assist_on:
                    await recognizer.finish()
                else:
                    await recognizer.abort()
            except AsrUnavailable as exc:
                log.warning("speech recognition did not finish: %s", exc)
            except Exception:
                log.exception("recognizer close failed")
        self.assist_on = False
