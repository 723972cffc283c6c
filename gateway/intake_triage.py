"""第十三条(一) on the intakes that run no dialogue (Open311 GeoReport POST).

The web chat, WeChat, SMS and the phone line triage every message in the dialogue
(``dialogs.engine``); a request that arrives as a finished form never meets it, so an
emergency written into it (「小区门口着火了 有人被困」) became an 8-day work order (trial14
T04). :func:`triage` reads such a text the same way: the NLU's parse, then the dialogue's
own rules (:func:`dialogs.alarms.emergency`, :func:`dialogs.alarms.borderline`) and its
wording (the safety advice, the 「请立即拨打…」 sentence, the safety line), so every
intake channel says the same thing about the same words.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from dialogs.alarms import borderline, emergency
from dialogs.common import SERVICE_NAMES, named
from dialogs.context import DialogContext
from dialogs.model import Reply
from dialogs.safety import safety_advice
from gateway.ports import NluPort
from nlu.types import NluResult

log = logging.getLogger("hotline.intake_triage")

__all__ = ["Finding", "triage"]


@dataclass(frozen=True)
class Finding:
    """What the triage found in a text.

    ``urgent``: an emergency (tell the number, hand it to the dispatch desk, no work
    order for it); else a possible danger (the safety line beside the order). ``notice``:
    what the citizen is told, in the channel's wording. ``beside``: an ordinary matter told
    in the same text (the NLU's ``beside``), still taken as an appeal."""

    urgent: bool
    services: tuple[str, ...]
    reason: str
    notice: str
    beside: str | None = None


async def _parse(nlu: NluPort, text: str) -> NluResult | None:
    try:
        return await asyncio.to_thread(nlu.parse, text)
    except Exception:
        log.exception("nlu failed; the intake text is triaged by its plainest words")
        return None


async def triage(nlu: NluPort, ctx: DialogContext, text: str) -> Finding | None:
    """The 第十三条(一) finding of ``text`` (None for an ordinary matter)."""
    words = text.strip()
    if not words:
        return None
    result = await _parse(nlu, words)
    alarm = emergency(result, words, ctx)
    if alarm is not None:
        services, reason = alarm
        notice = safety_advice(result, words, ctx) + ctx.say(
            "emergency",
            service="、".join(services),
            service_name="、".join(named(x, reason) for x in services),
        )
        beside = result.beside if result is not None else None
        return Finding(True, services, reason, notice, beside or None)
    line = [a.text for a in borderline(result, ctx) if isinstance(a, Reply)]
    if line and result is not None and result.emergency is not None:
        services = tuple(x for x in result.emergency.services if x in SERVICE_NAMES)
        return Finding(False, services, result.emergency.reason, "".join(line))
    return None
