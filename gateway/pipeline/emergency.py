"""The emergency record's fields, taken from the message that triggered the transfer.

Who (the channel's sender, a name the citizen gave), what (their words), where (a shared
location, the place the NLU found), phone (one the channel vouches for, else one in the
text), when, on which channel: everything the dispatch desk needs (第十三条(一)).
"""

from __future__ import annotations

from datetime import UTC, datetime

from casebridge.emergency import EmergencyReport
from dialogs import model as dm


def report_for(
    conversation_key: str,
    action: dm.Transfer | dm.NoteEmergency,
    origin: dm.Event | None,
    message_key: str,
) -> EmergencyReport:
    """The report of ``action`` (one per message and service: a retry finds it again);
    for a :class:`~dialogs.model.NoteEmergency`, what the message adds to the record."""
    msg = origin if isinstance(origin, dm.UserMessage) else None
    nlu = msg.nlu if msg is not None else None
    channel, _, rest = conversation_key.partition(":")
    sender = msg.sender if msg is not None else rest.rpartition(":")[2]
    phone = msg.contact_phone if msg is not None else None
    name = None
    place_parts: list[str] = []
    if nlu is not None:
        for entity in nlu.entities:
            if entity.type in ("phone", "landline") and phone is None:
                phone = entity.value
            elif entity.type == "name" and name is None:
                name = entity.value
            elif entity.type == "address":
                place_parts.append(entity.value)
        t = nlu.territory
        if t is not None and not place_parts:
            place_parts = [p for p in (t.county, t.township, t.village, t.detail) if p]
    location = msg.location if msg is not None else None
    if location is not None and location.label:
        place_parts.insert(0, location.label)
    text = msg.text if msg is not None and msg.text else action.reason
    return EmergencyReport(
        idempotency_key=f"{message_key}:{action.service}",
        service=action.service,
        reason=action.reason,
        channel=msg.channel if msg is not None else channel,
        conversation_key=conversation_key,
        sender=sender,
        text=text,
        reported_at=msg.at if msg is not None else datetime.now(UTC),
        contact_phone=phone,
        contact_name=name,
        place="".join(dict.fromkeys(place_parts)) or None,
        latitude=location.latitude if location is not None else None,
        longitude=location.longitude if location is not None else None,
        also=action.also if isinstance(action, dm.Transfer) else (),
    )
