"""After an emergency's numbers (第十三条(一)): what the citizen says next.

A citizen told to call 120 who answers that they cannot (「恁帮俺叫个救护车吧 俺手抖得拨不了
号」, 「俺没法打电话」, 「手机没话费了 打不出去」) gets a person at once, 「在线转至相应热线」:
the conversation is queued for an agent with the emergency marked (reason
``emergency:<service>``), the citizen is told staff are being connected and to stay on,
and what the message says (place, phone) is added to the emergency record
(:class:`~dialogs.model.NoteEmergency`), never the numbers' canned text again (trial12
P05). Until a person has it, a place, phone or name the citizen sends goes to that record
too, never into an ordinary appeal (「叫个救护车」 is no name, 「电话…」 no read-back).

The state is :attr:`dialogs.state.Memory.emergency` (the service told, when, whether a
person was offered); it lapses :data:`FOLLOW_SECONDS` after the citizen's last word
about it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dialogs.common import SERVICE_NAMES, Actions, mask, named
from dialogs.context import DialogContext
from dialogs.model import Handoff, NoteEmergency, Reply, UserMessage
from dialogs.reading import read
from dialogs.state import DialogState, EmergencyNote, HandoffFlow, HandoffSlots, appeal_facts
from nlu.types import NluResult

__all__ = ["FOLLOW_SECONDS", "cannot_call", "follow_up", "numbers_told", "person_at_once"]

#: How long what the citizen says after the numbers still belongs to that emergency.
FOLLOW_SECONDS = 900

_WE = r"(?:俺|我|俺们|我们|咱|咱们)?"
_NUMBER = r"(?:救护车|急救|120|119|110|122|警察|消防|消防车|火警)"
# the citizen cannot place the call themselves, or asks the hotline to place it
_CANNOT_CALL = re.compile(
    r"(?:拨|打|按)不(?:了|出去|出|通|上)"
    r"|(?:没法|没办法|不能|无法|不会|不敢)(?:打|拨)(?:电话|号|出去)?"
    r"|(?:没|没有)(?:话费|信号)|欠费|停机了|不方便打电话"
    rf"|(?:帮|替|给){_WE}(?:叫|喊|打|拨|报|联系)(?:个|一下|下|一辆|辆)?{_NUMBER}"
    rf"|(?:帮|替){_WE}(?:报个?警|报一下警)"
)


def cannot_call(text: str) -> bool:
    """The citizen says they cannot make the emergency call themselves, or asks the
    hotline to make it ("恁帮俺叫个救护车吧", "手机没话费了 打不出去")."""
    return _CANNOT_CALL.search(re.sub(r"\s+", "", text)) is not None


def numbers_told(s: DialogState, service: str, at: datetime) -> None:
    """The numbers of ``service`` were told at ``at``: what follows may belong to it."""
    handed = s.memory.emergency.handed if s.memory.emergency is not None else False
    s.memory.emergency = EmergencyNote(service=service, at=at, handed=handed)


def _recent(s: DialogState, at: datetime) -> EmergencyNote | None:
    note = s.memory.emergency
    if note is None or at - note.at > timedelta(seconds=FOLLOW_SECONDS):
        return None
    return note


def follow_up(
    s: DialogState,
    ev: UserMessage,
    text: str,
    nlu: NluResult | None,
    alarm: tuple[tuple[str, ...], str] | None,
    ctx: DialogContext,
) -> Actions | None:
    """The actions for a message that follows an emergency's numbers told within
    :data:`FOLLOW_SECONDS` (``alarm``: the message's own, if any); None when it is none
    of this module's business (no numbers told before: see :func:`person_at_once`)."""
    note = _recent(s, ev.at)
    if note is None or note.service not in SERVICE_NAMES:
        return None
    service = alarm[0][0] if alarm is not None else note.service
    reason = alarm[1] if alarm is not None else "诉求人补充紧急情况信息"
    if cannot_call(text):
        if ctx.transfers:
            return None  # on the phone line the call itself is put through
        noted = NoteEmergency(service=service, reason=f"{reason}；诉求人无法自行拨打{service}")
        if s.agent is not None:
            s.memory.emergency = EmergencyNote(service=service, at=ev.at, handed=True)
            return [noted]  # the agent holding the chat reads it
        if note.handed and isinstance(s.flow, HandoffFlow):
            s.memory.emergency = EmergencyNote(service=service, at=ev.at, handed=True)
            return [noted, Reply(text=ctx.say("emergency_noted", service=service))]
        return [noted, *person_at_once(s, ev, text, service, ctx, reason)]
    if alarm is not None or not note.handed:
        return None
    # a person was offered: the place, phone or name sent now is the record's
    r = read(text, nlu, ctx.wording, expecting="contact")
    if r.phone is None and r.place is None and r.name is None:
        return None
    s.memory.emergency = EmergencyNote(service=service, at=ev.at, handed=True)
    noted = NoteEmergency(service=service, reason=reason)
    if s.agent is not None:
        return [noted]
    return [noted, Reply(text=ctx.say("emergency_noted", service=service))]


def person_at_once(
    s: DialogState,
    ev: UserMessage,
    text: str,
    service: str,
    ctx: DialogContext,
    reason: str = "",
) -> Actions:
    """The citizen cannot call ``service`` (told for ``reason``, which names it: 119 「火警」
    for a fire or gas, 「消防救援」 otherwise): queued for a person with the emergency
    marked (reason ``emergency:<service>``), told to stay on; no appeal grows out of it.
    Nothing on the phone line (the call is put through) or while an agent holds it."""
    if ctx.transfers or s.agent is not None or service not in SERVICE_NAMES:
        return []
    s.memory.emergency = EmergencyNote(service=service, at=ev.at, handed=True)
    s.memory.alarmed, s.memory.alarmed_at = None, None
    facts = appeal_facts(s)  # an appeal under way stays for the agent
    s.flow = HandoffFlow(slots=HandoffSlots(reason=f"emergency:{service}", facts=facts))
    s.memory.offered = []
    name = named(service, reason)  # 119: 火警 for a fire or gas, 消防救援 otherwise
    return [
        Reply(text=ctx.say("emergency_person", service=service, service_name=name)),
        Handoff(
            reason=f"emergency:{service}",
            summary=mask(f"紧急求助（{service}{name}），诉求人无法自行拨打电话：{text[:120]}"),
        ),
    ]
