"""Events into and actions out of the dialogue engine (the session state is in
:mod:`dialogs.state`, re-exported here).

The engine is pure: the gateway feeds events, runs the actions, and feeds the results of
effectful actions (an order created, an order looked up, an answer found, a queue place)
back in as typed events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebridge.intake import AppealFacts
from channels.messages import Attachment, AttachmentKind, Location, QuickReply
from dialogs.state import (
    DialogState,
    FileRef,
    IntakeSlots,
    OrderType,
    Place,
    appeal_facts,
)
from nlu.types import KnowledgeAnswer, NluResult

__all__ = [
    "EFFECTFUL",
    "Action",
    "ActionFailed",
    "ActionType",
    "AgentReleased",
    "CallbackDue",
    "DialogState",
    "Disposition",
    "Event",
    "FileRef",
    "FindOrders",
    "FlagAbuse",
    "Handoff",
    "HandoffQueued",
    "IntakeSlots",
    "KnowledgeFound",
    "LookupOrder",
    "NoteEmergency",
    "OpenWorkOrder",
    "OrderFound",
    "OrderOpened",
    "OrdersFound",
    "OwnOrder",
    "Place",
    "ProviderEvent",
    "ProviderEventKind",
    "RecordDisposition",
    "RecordEvaluation",
    "RecordUrging",
    "Reply",
    "ReplyAttachment",
    "SearchKnowledge",
    "TellAgent",
    "Transfer",
    "UserMessage",
    "WorkOrderDraft",
    "appeal_facts",
    "spoken",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


# --------------------------------------------------------------------------- events
class UserMessage(_Frozen):
    """The citizen said something (``nlu`` is the parse of ``text``; ``None`` when the
    NLU failed or was skipped, e.g. under flooding: the engine then reads conservatively).

    ``text`` is the whole text as received (typed text, or a voice transcript once);
    speech confidence comes with the message (``transcript_confidence``) or the audio
    attachment whose transcript it is.
    """

    type: Literal["user_message"] = "user_message"
    channel: str
    sender: str
    text: str = ""
    nlu: NluResult | None = None
    attachments: tuple[Attachment, ...] = ()
    location: Location | None = None
    # a location message's place as the gateway read it (label parsed as an address,
    # point located to county and township); None for a photo's GPS position
    shared_place: Place | None = None
    contact_phone: str | None = None
    # the recognizer's confidence when ``text`` itself came from speech (a voice call's
    # ``<Gather>`` result); a voice note's transcript carries its own on the attachment
    transcript_confidence: float | None = None
    message_key: str = ""  # channel:external_id, the idempotency root of what follows
    at: datetime

    @property
    def files(self) -> tuple[Attachment, ...]:
        """The attachments sent as files: every one but a voice clip with a transcript,
        which is the citizen's words (already in ``text``) at every step, the read-back
        included: a spoken 「确认」 confirms, it is not a new attachment (trial11 N01/N08)."""
        return tuple(a for a in self.attachments if not spoken(a))


def spoken(attachment: Attachment) -> bool:
    """Whether ``attachment`` is a voice clip whose words are known (WeChat's
    ``Recognition``, a transcribed voice note): words, not evidence."""
    return attachment.kind is AttachmentKind.AUDIO and bool((attachment.transcript or "").strip())


ProviderEventKind = Literal[
    "subscribe",  # followed the account (also scanning a follow QR code)
    "unsubscribe",  # unfollowed: the session ends
    "scan",  # scanned a parameter QR code while following
    "click",  # a menu button (``key``)
    "location_report",  # an automatic position report (WeChat LOCATION, every few seconds)
    "command",  # a bot command such as Telegram's /start (``key`` = "start")
    "sticker",  # a sticker or an emoticon-only message
    "edited",  # a sent message edited (Telegram ``edited_message``): send it anew
    "optout",  # an SMS opt-out reply alone (STOP, 退订, TD): no appeal
    "unknown",  # anything else a provider sends: ignored, quietly
]


class ProviderEvent(_Frozen):
    """Something the provider reports that is not speech: each kind has a quiet,
    defined handling (:func:`dialogs.engine.step`)."""

    type: Literal["provider_event"] = "provider_event"
    kind: ProviderEventKind
    key: str = ""
    location: Location | None = None
    channel: str
    sender: str
    at: datetime


class OrderOpened(_Frozen):
    """Result of :class:`OpenWorkOrder`."""

    type: Literal["order_opened"] = "order_opened"
    number: str
    unit_name: str
    deadline: datetime | None


class OrderFound(_Frozen):
    """Result of :class:`LookupOrder` (``found`` False: wrong number or phone check)."""

    type: Literal["order_found"] = "order_found"
    found: bool
    number: str
    state: str | None = None
    state_label: str | None = None
    unit_name: str | None = None
    deadline: datetime | None = None
    result: str | None = None
    can_evaluate: bool = False


class OwnOrder(_Frozen):
    """One of the citizen's own recent orders (filed from this channel identity): its
    number, a short masked summary of the matter, and when it was filed."""

    number: str
    summary: str
    at: datetime


class OrdersFound(_Frozen):
    """Result of :class:`FindOrders`: the citizen's own recent orders, newest first
    (maybe none)."""

    type: Literal["orders_found"] = "orders_found"
    orders: tuple[OwnOrder, ...] = ()


class KnowledgeFound(_Frozen):
    """Result of :class:`SearchKnowledge`: best answers (maybe none), each with its
    score and source (第十八条)."""

    type: Literal["knowledge_found"] = "knowledge_found"
    answers: tuple[KnowledgeAnswer, ...] = ()


class HandoffQueued(_Frozen):
    """Result of :class:`Handoff`: the conversation waits at ``position`` in the queue."""

    type: Literal["handoff_queued"] = "handoff_queued"
    position: int


class AgentReleased(_Frozen):
    """An agent handed the conversation back to the bot."""

    type: Literal["agent_released"] = "agent_released"
    agent: str
    at: datetime


class CallbackDue(_Frozen):
    """The unit replied to an order of this citizen: tell the result, ask for a rating
    (回访, 第十七条). Fed by the gateway when casebridge records the unit's reply."""

    type: Literal["callback_due"] = "callback_due"
    number: str
    result: str | None = None
    unit_name: str | None = None
    at: datetime


ActionType = Literal[
    "reply",
    "transfer",
    "note_emergency",
    "open_work_order",
    "lookup_order",
    "find_orders",
    "search_knowledge",
    "record_evaluation",
    "record_urging",
    "handoff",
    "record_disposition",
    "flag_abuse",
    "tell_agent",
]


class ActionFailed(_Frozen):
    """An effectful action failed; the dialogue apologizes or escalates.

    ``action`` is the action's ``type`` (``open_work_order`` ...); a class name such as
    ``OpenWorkOrder`` is accepted too.
    """

    type: Literal["action_failed"] = "action_failed"
    action: str
    reason: str


Event = Annotated[
    UserMessage
    | ProviderEvent
    | OrderOpened
    | OrderFound
    | OrdersFound
    | KnowledgeFound
    | HandoffQueued
    | AgentReleased
    | ActionFailed
    | CallbackDue,
    Field(discriminator="type"),
]


# -------------------------------------------------------------------------- actions
class ReplyAttachment(_Frozen):
    """A picture that goes with a reply (a knowledge-base answer's map of the service
    hall): its stored bytes (``blob_key``, for channels that upload them) and/or a public
    ``url`` (MMS, the web chat, and the link on channels that cannot show pictures)."""

    kind: Literal["image"] = "image"
    mime: str = "image/png"
    caption: str = ""
    url: str | None = None
    blob_key: str | None = None

    @model_validator(mode="after")
    def _somewhere(self) -> ReplyAttachment:
        if not (self.url or self.blob_key):
            raise ValueError("a reply's picture needs a url or a blob key")
        return self


class Reply(_Frozen):
    """Say something to the citizen on their channel (with pictures, where it can)."""

    type: Literal["reply"] = "reply"
    text: str
    quick_replies: tuple[QuickReply, ...] = ()
    attachments: tuple[ReplyAttachment, ...] = ()


class Transfer(_Frozen):
    """Emergency (第十三条(一)): tell the number at once; voice channels connect the call."""

    type: Literal["transfer"] = "transfer"
    service: Literal["110", "119", "120", "122"]
    reason: str
    text: str = ""  # the citizen-facing sentence (from the wording table), number included
    # the further numbers told after ``service`` (gas with someone unwell: 119, then 120;
    # trial13 Q06), for the emergency record; the channel connects ``service`` only
    also: tuple[Literal["110", "119", "120", "122"], ...] = ()


class NoteEmergency(_Frozen):
    """What a citizen adds after an emergency's numbers (第十三条(一)): the place and phone
    of the message, and that they cannot call themselves, added to the conversation's
    record for ``service`` (one made when there is none); no words to the citizen."""

    type: Literal["note_emergency"] = "note_emergency"
    service: Literal["110", "119", "120", "122"]
    reason: str


@dataclass(frozen=True, kw_only=True)
class WorkOrderDraft(AppealFacts):
    """The confirmed appeal as the dialogue hands it over: the case store's own
    :class:`casebridge.intake.AppealFacts` (one shape from the dialogue to the store),
    plus the policy question it grew out of; the gateway adds who and where it came from
    (``casebridge.intake.AppealDraft.of``)."""

    order_type: OrderType = "appeal"
    question: str | None = None  # the policy question it grew out of, if any
    # the matter as first read back, without the supplements told at the read-back: what
    # the unit is chosen by when the text is classified whole (trial12 P11)
    lead_text: str | None = None

    @classmethod
    def from_slots(cls, sl: IntakeSlots, unknown: str) -> WorkOrderDraft:
        """The draft of an intake's slots (``unknown``: the wording for "not said",
        shown in the read-back only: a time not said, or not known, is None in the
        order, as agents' orders send it; trial12 P19)."""
        anonymous = sl.anonymous
        cat = sl.category
        return cls(
            text=sl.matter,
            order_type=sl.order_type,
            category_level1=cat.level1 if cat else None,
            category_level2=cat.level2 if cat else None,
            unit_type=cat.unit_type if cat else None,
            county=sl.place.county,
            township=sl.place.township,
            village=sl.place.village,
            address=sl.place.address(),
            latitude=sl.place.latitude,
            longitude=sl.place.longitude,
            since=None if sl.since in (None, "", unknown) else sl.since,
            contact_name=None if anonymous else sl.name,
            contact_phone=None if anonymous else sl.contact_phone,
            anonymous=anonymous,
            attachments=tuple(sl.attachments),
            question=sl.question,
            lead_text=sl.lead_matter if sl.lead_matter != sl.matter else None,
        )


class OpenWorkOrder(_Frozen):
    """Write the appeal as a work order."""

    type: Literal["open_work_order"] = "open_work_order"
    draft: WorkOrderDraft


class LookupOrder(_Frozen):
    """Look an order up for the citizen (number plus phone check). ``own``: one of the
    citizen's own orders listed by :class:`FindOrders`: the channel identity that filed
    it is the proof (the gateway checks it is theirs), no phone asked."""

    type: Literal["lookup_order"] = "lookup_order"
    number: str
    phone_last4: str | None = None
    own: bool = False


class FindOrders(_Frozen):
    """The citizen's own recent orders (第九条 知情权), found by the channel identity of
    the conversation; the result comes back as :class:`OrdersFound`."""

    type: Literal["find_orders"] = "find_orders"


class SearchKnowledge(_Frozen):
    """Search the knowledge base for ``query``."""

    type: Literal["search_knowledge"] = "search_knowledge"
    query: str


class RecordEvaluation(_Frozen):
    """The citizen rated a replied order (第九条, 第十七条 回访)."""

    type: Literal["record_evaluation"] = "record_evaluation"
    number: str
    satisfaction: Literal["satisfied", "basic", "unsatisfied"]
    reason: str | None = None


class RecordUrging(_Frozen):
    """催办: the citizen urges the open order whose progress was just told (trial14 T11)."""

    type: Literal["record_urging"] = "record_urging"
    number: str
    text: str


class Handoff(_Frozen):
    """Put the conversation in the agents' queue."""

    type: Literal["handoff"] = "handoff"
    reason: str
    summary: str


Disposition = Literal[
    "transferred",  # 第十三条(一) emergency, put through to the number (the phone line)
    "emergency_told",  # 第十三条(一) emergency on a text channel: the number told
    "referred",  # (二) legal channel
    "duplicate",  # (三) the same matter again: progress told
    "explained",  # (四) secrets, personal information
    "persuaded",  # (五) against law or public order
    "rejected",  # (六) not acceptable by law
    "answered_online",  # 第十二条: the knowledge base answered
    "withdrawn",  # the citizen cancelled before submitting
]


class RecordDisposition(_Frozen):
    """Record an outcome without a work order (answered online, referred, refused ...)."""

    type: Literal["record_disposition"] = "record_disposition"
    disposition: Disposition
    reason: str


class FlagAbuse(_Frozen):
    """Abusive contact (第十一条): record it and alert an agent."""

    type: Literal["flag_abuse"] = "flag_abuse"
    kind: Literal["repeat", "insult", "threat", "flood"]
    detail: str


class TellAgent(_Frozen):
    """A note for the agent holding the conversation (the citizen does not see it):
    e.g. a unit's reply held back until the agent hands the chat back."""

    type: Literal["tell_agent"] = "tell_agent"
    text: str


Action = Annotated[
    Reply
    | Transfer
    | NoteEmergency
    | OpenWorkOrder
    | LookupOrder
    | FindOrders
    | SearchKnowledge
    | RecordEvaluation
    | RecordUrging
    | Handoff
    | RecordDisposition
    | FlagAbuse
    | TellAgent,
    Field(discriminator="type"),
]

# Actions whose result comes back into the engine as an event.
EFFECTFUL = (OpenWorkOrder, LookupOrder, FindOrders, SearchKnowledge, Handoff)
