"""Live console events of assist, calls and inspection across gateway processes.

Assist's ``assist`` and ``assist_notice``, the phone line's ``call`` events (offers, taken,
ended, callbacks) and inspection's red-line alerts go through here. A console hub
(:class:`gateway.console.hub.Hub`) without a shared store reaches only the pages
connected to its own process.
With N processes behind a load balancer, the process that receives a call's media stream
(or runs inspection) is seldom the one holding the agent's event stream, so each event is
delivered to the local hub AND published on the shared store's pub/sub (Redis when
``HOTLINE_REDIS_URL`` is set, the in-process store otherwise); every process runs
:meth:`SharedEvents.relay`, which hands what the others published to its own hub. An
event carries its origin, so no process delivers its own event twice. A hub built on a
shared store relays every console event itself (:attr:`Hub.relays`, issue 16): then
this class only hands events to it.

Envelope (JSON on channel :data:`CHANNEL`): ``{"origin": str, "agents": [str],
"everyone": bool, "event": {...}}``: the event goes to ``agents`` and every supervisor
(or to everyone), as :meth:`Hub.publish` does.
"""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from gateway.console.hub import Hub
from gateway.kv import Store

log = logging.getLogger("hotline.console.events")
CHANNEL = "console:shared-events"


class SharedEvents:
    """One per process: publish here, relay what other processes publish."""

    def __init__(self, store: Store, hub: Hub, origin: str | None = None) -> None:
        self.store = store
        self.hub = hub
        self.origin = origin or secrets.token_hex(8)

    async def publish(
        self, event: dict[str, Any], agents: set[str], *, everyone: bool = False
    ) -> None:
        """To ``agents`` and the supervisors (or ``everyone``), on every process (errors
        of the shared store are logged: the live event is a convenience, what it tells
        is durable in the database)."""
        self.hub.publish(event, agents=agents, everyone=everyone)
        if self.hub.relays:  # the hub itself carries it to the other processes
            return
        envelope = {
            "origin": self.origin,
            "agents": sorted(agents),
            "everyone": everyone,
            "event": event,
        }
        try:
            await self.store.publish(CHANNEL, json.dumps(envelope, ensure_ascii=False))
        except Exception:
            log.exception("could not publish a live console event to the other processes")

    async def relay(self) -> None:
        """Deliver the other processes' events to this process's hub, until cancelled
        (returns at once when the hub relays them itself: :attr:`Hub.relays`)."""
        if self.hub.relays:
            return
        async for raw in self.store.subscribe(CHANNEL):
            try:
                envelope = json.loads(raw)
                if envelope.get("origin") == self.origin:
                    continue
                event = envelope["event"]
                agents = {str(a) for a in envelope.get("agents", [])}
                everyone = bool(envelope.get("everyone", False))
            except (ValueError, KeyError, TypeError, AttributeError):
                log.warning("a malformed shared console event was dropped")
                continue
            if isinstance(event, dict):
                self.hub.publish(event, agents=agents, everyone=everyone)


AssistEvents = SharedEvents  # the name assist uses
