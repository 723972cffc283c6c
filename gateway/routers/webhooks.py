"""``/webhooks/{channel}``: every provider webhook goes through one route.

Verification happens before anything is stored or parsed: the adapter's input limits
(``channels.guard``) are checked on the raw bytes first, then the signature, then (for
signatures that do not cover the body) the replay memory, and only then is the body
parsed. A large body is verified and parsed in a worker thread, never on the event loop.
The pipeline deduplicates before any side effect; replies go back inline when they are
ready within the channel's deadline, else through the channel's push API after the acknowledgement.
The deadline counts from the request's arrival (:class:`gateway.pipeline.admission.ArrivalStamp`);
when it has nearly passed, when messages already queue for the pipeline, or when more
provider requests are in this route than the pipeline runs at once, the request is
acknowledged at once (the messages durable in the inbox first) and answered by push.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from starlette.requests import ClientDisconnect

from channels import registry
from channels.base import ChannelAdapter, InlineResponse, RawRequest
from channels.errors import PayloadError, VerificationError
from channels.messages import InboundMessage, OutboundMessage
from gateway import metrics
from gateway.deps import services_of
from gateway.pipeline.admission import arrived_at, inline_budget
from gateway.services import Services

log = logging.getLogger("hotline.webhooks")
router = APIRouter(tags=["webhooks"])
# bodies larger than this are verified and parsed off the event loop
OFFLOAD_BYTES = 8 * 1024
T = TypeVar("T")


@functools.cache
def _shipped() -> frozenset[str]:
    return frozenset(registry.adapter_classes())


def channel_label(channel: str) -> str:
    """The ``channel`` label of a request to ``/webhooks/<channel>``: a channel shipped in
    ``channels/`` by its name, anything else ``unknown`` (trial14 T09: the path is the
    caller's text, a phone or a name, and each new label a new series on /metrics)."""
    return channel if channel in _shipped() else "unknown"


def _adapter(services: Services, channel: str) -> ChannelAdapter:
    adapter = services.adapters.get(channel)
    if adapter is None or not adapter.webhook:
        metrics.REJECTED.labels(channel_label(channel), "disabled").inc()
        raise HTTPException(404, f"channel {channel!r} is unknown or not enabled")
    return adapter


async def raw_request(request: Request, services: Services) -> RawRequest:
    """The provider's request as the adapters read it: the URL it signed (the public base
    URL, as the provider called it), lower-case headers, the query and the body."""
    body = await request.body()
    base = services.settings.public_base_url.rstrip("/")
    url = base + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    return RawRequest(
        method=request.method,
        url=url,
        headers={k.lower(): v for k, v in request.headers.items()},
        query=dict(request.query_params),
        body=body,
    )


def _head(request: Request, services: Services) -> RawRequest:
    """The request as :func:`raw_request` gives it, without reading the body (empty)."""
    base = services.settings.public_base_url.rstrip("/")
    url = base + request.url.path + ("?" + request.url.query if request.url.query else "")
    return RawRequest(
        method=request.method,
        url=url,
        headers={k.lower(): v for k, v in request.headers.items()},
        query=dict(request.query_params),
        body=b"",
    )


def _response(inline: InlineResponse, services: Services) -> Response:
    """The provider's answer; what did not fit inline goes through the delivery path."""
    services.pipeline.delivery.push_later(inline.continuations)
    return Response(
        content=inline.body,
        status_code=inline.status,
        media_type=inline.media_type,
        headers=dict(inline.headers),
    )


async def webhook(
    channel: str, request: Request, services: Annotated[Services, Depends(services_of)]
) -> Response:
    """Verify, parse, process and acknowledge one provider request."""
    return await _handle(channel, request, services)


async def webhook_callback(
    channel: str,
    subpath: str,
    request: Request,
    services: Annotated[Services, Depends(services_of)],
) -> Response:
    """A provider's follow-up callback (e.g. the voice line's Gather and Record results)."""
    return await _handle(channel, request, services)


# One operation per method, each with its own OpenAPI operation id; POST first: the
# messages are POSTs (a GET is only a provider's URL check), and routes are tried in order.
for _method in ("POST", "GET"):
    router.add_api_route(
        "/webhooks/{channel}",
        webhook,
        methods=[_method],
        summary="Provider webhook",
        operation_id=f"provider_webhook_{_method.lower()}",
    )
    router.add_api_route(
        "/webhooks/{channel}/{subpath:path}",
        webhook_callback,
        methods=[_method],
        summary="Provider callback",
        operation_id=f"provider_callback_{_method.lower()}",
    )


async def handle_channel(channel: str, request: Request, services: Services) -> Response:
    """One provider request through the generic path (for a channel's own route that
    adds to it, e.g. the phone line's bot turns in :mod:`gateway.routers.calls`)."""
    return await _handle(channel, request, services)


async def _handle(channel: str, request: Request, services: Services) -> Response:
    with services.pipeline.gate.webhook():  # a burst is seen from here (inline_budget)
        return await _handle_counted(channel, request, services)


async def _handle_counted(channel: str, request: Request, services: Services) -> Response:
    adapter = _adapter(services, channel)
    try:
        # the head first: a request whose query already fails is refused before its body
        # is read (a slow or endless body never holds a connection; trial7 F09)
        adapter.verify_head(_head(request, services))
    except VerificationError as exc:
        metrics.REJECTED.labels(channel, "signature").inc()
        log.warning("webhook refused", extra={"channel": channel, "reason": str(exc)})
        raise HTTPException(403, "request verification failed") from exc
    try:
        raw = await raw_request(request, services)
    except ClientDisconnect as exc:  # the client left: nothing to answer, no error
        log.info("webhook client disconnected", extra={"channel": channel})
        raise HTTPException(400, "client disconnected") from exc
    try:
        handshake = await _off_loop(raw, lambda: _verified(adapter, raw))
        if handshake is not None:
            return _response(handshake, services)
        try:
            messages = await _off_loop(raw, lambda: adapter.read(raw))
        except PayloadError:
            await adapter.check_replay(raw)  # a used (timestamp, nonce) is still a 403
            raise
        # the replay check and what later sends depend on (WeChat's 48-hour window):
        # one shared-store write where the adapter can
        await adapter.arrive(raw, messages)
    except VerificationError as exc:
        metrics.REJECTED.labels(channel, "signature").inc()
        log.warning("webhook refused", extra={"channel": channel, "reason": str(exc)})
        raise HTTPException(403, "request verification failed") from exc
    except PayloadError as exc:
        metrics.REJECTED.labels(channel, "payload").inc()
        raise HTTPException(exc.status_code, str(exc)) from exc
    if not messages:
        return _response(adapter.acknowledge(raw, [], []), services)

    async def process() -> list[OutboundMessage]:
        replies: list[OutboundMessage] = []
        for message in messages:
            replies.extend(await services.pipeline.handle(message))
        return replies

    wait = adapter.inline_wait_seconds()
    if wait is not None:  # a deadline from the request's arrival, not the handler's start
        wait = inline_budget(wait, arrived_at(request.scope), services.pipeline.gate)
        if wait <= 0:
            # Late already, or messages queue ahead of this one: durable first, then
            # acknowledged at once; the answer goes by push when it is ready.
            return await _defer(services, adapter, raw, messages, None, process)
    task = asyncio.create_task(process())
    try:
        replies = await asyncio.wait_for(asyncio.shield(task), timeout=wait)
    except TimeoutError:
        # Too slow for the provider's deadline: acknowledge now, push the answer later.
        return await _defer(services, adapter, raw, messages, task, process)
    if adapter.capabilities.inline_reply:
        metrics.OUTBOUND.labels(channel, "inline").inc(len(replies))
        return _response(adapter.acknowledge(raw, messages, replies), services)
    services.pipeline.delivery.push_later(replies)
    return _response(adapter.acknowledge(raw, messages, []), services)


async def _defer(
    services: Services,
    adapter: ChannelAdapter,
    raw: RawRequest,
    messages: list[InboundMessage],
    task: asyncio.Task[list[OutboundMessage]] | None,
    process: Callable[[], Coroutine[Any, Any, list[OutboundMessage]]],
) -> Response:
    """Acknowledge without the answer; the answer is pushed when ready.

    The provider will not resend after our 200, so the messages go to the durable inbox
    first (group-committed); the recovery worker re-runs them if this process dies
    meanwhile. ``task``: the processing already under way, else it starts here.
    """
    for message in messages:
        await services.inbox.accept(message)
    await services.pipeline.defer(messages)
    if task is None:
        task = asyncio.create_task(process())
    task.add_done_callback(lambda t: _finish_deferred(services, t, messages))
    services.pipeline.delivery.track(task)  # shutdown waits for it, as for the push
    metrics.OUTBOUND.labels(adapter.name, "deferred").inc()
    return _response(adapter.acknowledge(raw, messages, []), services)


def _verified(adapter: ChannelAdapter, raw: RawRequest) -> InlineResponse | None:
    """Limits on the raw bytes, then the URL check's answer or the signature."""
    adapter.precheck(raw)
    handshake = adapter.handshake(raw)
    if handshake is None:
        adapter.verify(raw)
    return handshake


async def _off_loop(raw: RawRequest, work: Callable[[], T]) -> T:
    """``work()`` here for a small body, in a worker thread for a large one."""
    if len(raw.body) > OFFLOAD_BYTES:
        return await anyio.to_thread.run_sync(work)
    return work()


def _finish_deferred(
    services: Services,
    task: asyncio.Task[list[OutboundMessage]],
    messages: list[InboundMessage],
) -> None:
    if task.cancelled() or task.exception() is not None:
        # left "received" in the inbox: the recovery worker tries again
        log.error(
            "deferred processing failed", exc_info=None if task.cancelled() else task.exception()
        )
        return
    services.pipeline.delivery.push_later(task.result())

    async def mark_done() -> None:
        for message in messages:
            await services.inbox.done(message.dedup_key)

    done = asyncio.ensure_future(mark_done())
    services.pipeline.delivery.track(done)
