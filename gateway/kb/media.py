"""Pictures of knowledge-base answers going out (issue 14): a map of the service hall.

An entry's ``images`` name a file under ``config/knowledge`` or a public https URL
(:class:`nlu.types.KnowledgeMedia`). A file is kept in the gateway's media store once
(content-addressed: the same bytes, the same blob key), so WeChat can upload it as
temporary media and Telegram send its bytes; its signed public link
(``/media/out/<blob key>?s=…``) serves MMS ``MediaUrl``, the web chat and every channel
that shows a link instead of a picture.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

from gateway.media.outbound import with_public_link
from gateway.ports import MediaPort
from nlu.types import KnowledgeAnswer, KnowledgeMedia

log = logging.getLogger("hotline.kb")


class KnowledgePictures:
    """Publishes the pictures of knowledge-base answers and remembers where they went."""

    def __init__(
        self, media: MediaPort, directory: Path, *, public_base_url: str, secret: bytes
    ) -> None:
        self.media = media
        self.directory = directory.resolve()
        self.base = public_base_url.rstrip("/")
        self.secret = secret
        self._published: dict[str, KnowledgeMedia] = {}
        self._lock = asyncio.Lock()

    async def resolve(self, answers: tuple[KnowledgeAnswer, ...]) -> tuple[KnowledgeAnswer, ...]:
        """``answers`` with each picture sendable (a blob key and its link, or its URL);
        a picture that cannot be read is left out (the answer still goes), never raised."""
        out = []
        for answer in answers:
            if not answer.media:
                out.append(answer)
                continue
            media = [m for m in [await self._one(m) for m in answer.media] if m is not None]
            out.append(dataclasses.replace(answer, media=tuple(media)))
        return tuple(out)

    async def _one(self, item: KnowledgeMedia) -> KnowledgeMedia | None:
        if item.blob_key is not None or item.file is None:
            return item if (item.blob_key or item.url) else None
        async with self._lock:
            known = self._published.get(item.file)
            if known is not None:
                return dataclasses.replace(known, caption=item.caption)
            path = (self.directory / item.file).resolve()
            if not path.is_relative_to(self.directory):
                log.warning("knowledge picture outside the knowledge directory: %s", item.file)
                return None
            try:
                data = await asyncio.to_thread(path.read_bytes)
                att, _ = await self.media.store_upload(data, path.name, item.mime)
            except Exception as exc:  # a missing or bad picture never drops the answer
                log.warning("knowledge picture %s not published: %s", item.file, exc)
                return None
            if att.blob_key is None:
                return None
            att = with_public_link(att, self.base, self.secret)
            mime = att.mime or item.mime
            done = dataclasses.replace(item, blob_key=att.blob_key, url=att.source_url, mime=mime)
            self._published[item.file] = done
            return done
