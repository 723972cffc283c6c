"""What a turn leaves behind, as plain data: the NLU summary of the conversation record,
the dialogue state read back from the store, and the replies kept for a repeated message.

Pure functions over :mod:`nlu.types`, :mod:`dialogs.model` and :mod:`channels.messages`
(split out of :mod:`gateway.pipeline.handler`, issue 16).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Sequence

from pydantic import JsonValue, ValidationError

from channels.messages import OutboundMessage
from dialogs import model as dm
from dialogs.state import appeal_facts
from gateway.ports import NluSummary
from nlu.types import Category, NluResult, Territory, Triage

log = logging.getLogger("hotline.pipeline")


_FIELDS: dict[type, tuple[str, ...]] = {}


def _flat(value: Category | Triage | Territory | None) -> JsonValue:
    """``dataclasses.asdict`` of a flat frozen dataclass (fields of str, numbers, enums,
    tuples of str) without its deep copy: the same dict."""
    if value is None:
        return None
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    return {name: getattr(value, name) for name in names}


def nlu_summary(result: NluResult | None) -> NluSummary | None:
    """The NLU result as a JSON-safe dict for the conversation record (entities masked):
    ``intent``, ``intent_confidence`` (4 decimals), ``category``, ``triage`` and
    ``territory`` (their fields, or None), ``entities`` (``type`` and masked ``value``),
    ``abusive``. None for no result (a picture alone, a provider event)."""
    if result is None:
        return None
    return {
        "intent": result.intent.name,
        "intent_confidence": round(result.intent.confidence, 4),
        "category": _flat(result.category),
        "triage": _flat(result.triage),
        "territory": _flat(result.territory),
        "entities": [{"type": e.type, "value": e.masked} for e in result.entities],
        "abusive": result.abusive,
    }


def read_state(raw: str | None, key: str) -> dm.DialogState:
    """The stored dialogue state; a fresh one when absent or unreadable (logged)."""
    if raw is None:
        return dm.DialogState()
    try:
        return dm.DialogState.model_validate_json(raw)
    except ValidationError:
        log.warning("unreadable session state replaced", extra={"conversation": key})
        return dm.DialogState()


def open_to_repeat(state: dm.DialogState) -> bool:
    """第十三条(三) is checked while no matter is under way (idle, or an intake that has
    not heard the matter yet)."""
    if state.flow.name == "idle":
        return True
    facts = appeal_facts(state)
    return state.flow.name == "intake" and facts is not None and not facts.matter


def dump_replies(replies: Sequence[OutboundMessage]) -> str:
    """The replies of a turn as JSON, kept for a repeat of the same message."""
    return json.dumps([r.model_dump(mode="json") for r in replies], ensure_ascii=False)


def reply_items(replies: Sequence[OutboundMessage]) -> list[str]:
    """Each reply as one JSON object: :meth:`Store.end_turn` keeps them, after the pending
    ones, as the array :func:`load_replies` reads."""
    return [r.model_dump_json() for r in replies]


def load_replies(value: str) -> list[OutboundMessage]:
    """The replies kept by :func:`dump_replies`."""
    return [OutboundMessage.model_validate(r) for r in json.loads(value)]
