"""Events into and actions out of the dialogue engine, and the session state.

The engine is pure: the gateway feeds events, runs the actions, and feeds the results of
effectful actions (an order created, an order looked up) back in as new events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from channels.messages import Attachment, Location, QuickReply


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


# --------------------------------------------------------------------------- events
class UserMessage(_Frozen):
    """The citizen said something (``nlu`` is the parse of ``text``)."""

    type: Literal["user_message"] = "user_message"
    channel: str
    sender: str
    text: str = ""
    nlu: Any = None  # nlu.types.NluResult (a dataclass; not serialized)
    attachments: tuple[Attachment, ...] = ()
    location: Location | None = None
    contact_phone: str | None = None
    message_key: str = ""  # channel:external_id, the idempotency root of what follows
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


class KnowledgeFound(_Frozen):
    """Result of :class:`SearchKnowledge`: best answers above the threshold, maybe none."""

    type: Literal["knowledge_found"] = "knowledge_found"
    answers: tuple[dict[str, Any], ...] = ()  # KnowledgeAnswer fields


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


class ActionFailed(_Frozen):
    """An effectful action failed; the dialogue apologizes or escalates."""

    type: Literal["action_failed"] = "action_failed"
    action: str
    reason: str


Event = Annotated[
    UserMessage
    | OrderOpened
    | OrderFound
    | KnowledgeFound
    | HandoffQueued
    | AgentReleased
    | ActionFailed
    | CallbackDue,
    Field(discriminator="type"),
]


# -------------------------------------------------------------------------- actions
class Reply(_Frozen):
    """Say something to the citizen on their channel."""

    type: Literal["reply"] = "reply"
    text: str
    quick_replies: tuple[QuickReply, ...] = ()


class Transfer(_Frozen):
    """Emergency (第十三条(一)): tell the number at once; voice channels connect the call."""

    type: Literal["transfer"] = "transfer"
    service: Literal["110", "119", "120", "122"]
    reason: str
    text: str = ""  # the citizen-facing sentence (from the wording table), number included


class OpenWorkOrder(_Frozen):
    """Write the appeal as a work order (fields map to ``casebridge.intake.AppealDraft``)."""

    type: Literal["open_work_order"] = "open_work_order"
    draft: dict[str, Any]


class LookupOrder(_Frozen):
    """Look an order up for the citizen (number plus phone check)."""

    type: Literal["lookup_order"] = "lookup_order"
    number: str
    phone_last4: str | None = None


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


class Handoff(_Frozen):
    """Put the conversation in the agents' queue."""

    type: Literal["handoff"] = "handoff"
    reason: str
    summary: str


class RecordDisposition(_Frozen):
    """Record an outcome without a work order (answered online, referred, refused ...)."""

    type: Literal["record_disposition"] = "record_disposition"
    disposition: str
    reason: str


class FlagAbuse(_Frozen):
    """Abusive contact (第十一条): record it and alert an agent."""

    type: Literal["flag_abuse"] = "flag_abuse"
    kind: str  # repeat | insult | threat | flood
    detail: str


Action = Annotated[
    Reply
    | Transfer
    | OpenWorkOrder
    | LookupOrder
    | SearchKnowledge
    | RecordEvaluation
    | Handoff
    | RecordDisposition
    | FlagAbuse,
    Field(discriminator="type"),
]

# Actions whose result comes back into the engine as an event.
EFFECTFUL = (OpenWorkOrder, LookupOrder, SearchKnowledge, Handoff)


# ---------------------------------------------------------------------------- state
class DialogState(BaseModel):
    """A citizen's session; serialized to the session store between messages."""

    flow: str = "idle"  # which flow is active
    step: str = "start"  # where in the flow
    slots: dict[str, Any] = Field(default_factory=dict)
    history: list[str] = Field(default_factory=list)  # recent texts, for repeat detection
    agent: str | None = None  # set while an agent holds the conversation: the bot is silent
    turns: int = 0
    warnings: int = 0
    throttled_until: datetime | None = None
    last_order: str | None = None
    updated_at: datetime | None = None
