"""The session state of a citizen's conversation: one typed flow at a time, plus memory.

``DialogState`` is what the session store keeps between messages (JSON). Each flow has
its own step names and its own typed slots, so a renamed slot is a type error, not a
silently empty console field. The one reader for other rooms is :func:`appeal_facts`.

A stored session that no longer validates (an older shape) is replaced by a fresh one
by the gateway; nothing else depends on the stored JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from casebridge.intake import DraftAttachment
from channels.messages import Location
from nlu.types import NluResult

OrderType = Literal["appeal", "staff_complaint"]


class _Model(BaseModel):
    # extra="forbid": a session of another shape fails to load and is replaced
    model_config = ConfigDict(extra="forbid")


# ----------------------------------------------------------------------- appeal facts
#: The last character of a level (村, 镇 ...): a detail that starts with it (村口) shares it.
_LEVEL_ENDS = "村镇乡区县"


class Place(_Model):
    """Where the matter is: the Heze territory (dispatch) and/or a shared point."""

    county: str | None = None  # 牡丹区, 曹县 ...: dispatch needs at least this or a point
    township: str | None = None  # 乡镇 / 街道
    village: str | None = None  # 村 / 社区
    detail: str | None = None  # the rest, as the citizen said it
    label: str | None = None  # the label of a shared location
    latitude: float | None = None
    longitude: float | None = None
    # the county and township were the NLU's reading of a village's or landmark's name,
    # not said (李新庄村 alone → 单县李新庄镇): levels the citizen says later replace them
    guessed: bool = False

    @property
    def resolved(self) -> bool:
        """True when the order can be dispatched by territory (county or a point)."""
        return self.county is not None or self.latitude is not None

    @property
    def known(self) -> bool:
        """True when anything about the place is known."""
        return any((self.county, self.township, self.village, self.detail, self.label)) or (
            self.latitude is not None
        )

    def address(self) -> str | None:
        """The address as one line (county, township, village, detail; else the label)."""
        parts: list[str] = []
        for value in (self.county, self.township, self.village, self.detail):
            if value and not any(value in p for p in parts):
                parts = [p for p in parts if p not in value]
                if parts and value[0] in _LEVEL_ENDS and parts[-1].endswith(value[0]):
                    value = value[1:]  # 李新庄村 + 村口: 李新庄村口, never 村村口
                parts.append(value)
        if not parts and self.label:
            parts.append(self.label)
        return "".join(parts) or None


class CategoryGuess(_Model):
    """The NLU's category of the matter (taxonomy level 1 and 2, handling-unit type)."""

    level1: str
    level2: str | None = None
    unit_type: str | None = None
    # decided by the matter's own words (a utility, a bus: nlu/routing.py's overrides),
    # not by the model's guess: an answer's source does not replace it
    keyword: bool = False


FileRef = DraftAttachment
"""A media item of the appeal, already stored by the gateway: the case store's own
:class:`casebridge.intake.DraftAttachment`, kept in the session as it goes to the store."""


class IntakeSlots(_Model):
    """What the citizen told about the appeal so far (第十条, 第十二条)."""

    order_type: OrderType = "appeal"
    matter: str = ""  # the citizen's description, never small talk or an answer
    received_chars: int = 0  # characters of description received (more than kept: told)
    category: CategoryGuess | None = None
    place: Place = Field(default_factory=Place)
    since: str | None = None  # when it started, as said ("一个多月", "上周一")
    name: str | None = None
    phone: str | None = None  # given by the citizen
    channel_phone: str | None = None  # vouched for by the channel (SMS, voice)
    anonymous: bool = False
    phone_refused: bool = False  # the phone refused, the name kept (not anonymous)
    attachments: list[FileRef] = Field(default_factory=list)
    question: str | None = None  # the policy question the appeal grew out of
    where_asks: int = 0
    detail_asked: bool = False  # "which township, village or estate?" asked once
    county_asked: bool = False  # "which county?" asked plainly (no apology) once
    # a township of another county after the county said: asked about once for each place
    # given (trial10 N12), ``town_checked`` the address asked about; ``town_asked`` holds
    # the township while its answer is awaited
    town_checked: str | None = None
    town_asked: str | None = None
    since_asked: bool = False
    # a thing named alone ("路灯"): what happened to it asked once (trial17)
    thing_asked: bool = False
    contact_asks: int = 0
    # "还用刚才留的…吗？" asked (a second matter in one conversation), and its answer due
    reuse_asked: bool = False
    reuse_open: bool = False
    contact_uncounted: int = 0  # contact asks not counted: something else told (trial17)
    # the question last asked (step and words) and how many times in a row: never a third
    last_ask: str | None = None
    same_asks: int = 0
    failures: int = 0  # failed attempts to write the order
    # a question asked during the intake that the knowledge base did not answer: asked
    # again, it goes to an agent (never searched in a loop)
    question_missed: bool = False
    # the matter as first read back, before any supplement told at the read-back: the
    # unit follows it, a second matter added there never re-routes the first (trial12 P11)
    lead_matter: str | None = None

    @property
    def contact_phone(self) -> str | None:
        """The phone for the order (the citizen's own answer first); none once the phone
        is refused, not even the line the citizen writes from (trial17)."""
        return self.phone or (None if self.phone_refused else self.channel_phone)


# ------------------------------------------------------------------------------ flows
class IdleFlow(_Model):
    """No flow: the next message decides."""

    name: Literal["idle"] = "idle"
    step: Literal["start"] = "start"


IntakeStep = Literal["what", "where", "since", "contact", "confirm", "amend", "submitting"]


class IntakeFlow(_Model):
    """Taking an appeal down (matter, place, since when, contact, read-back)."""

    name: Literal["intake"] = "intake"
    step: IntakeStep = "what"
    slots: IntakeSlots = Field(default_factory=IntakeSlots)


class Listed(_Model):
    """One of the citizen's own orders offered to choose from (its number, a masked
    summary of its matter)."""

    number: str
    summary: str


class ProgressSlots(_Model):
    """A progress query (第九条 知情权)."""

    number: str | None = None
    # asked in words without a number: the citizen's own orders, to choose from
    choices: list[Listed] = Field(default_factory=list)
    asks: int = 0
    no_phone: bool = False  # the citizen said the order has no phone ("无")
    misses: int = 0  # lookups of this number that found nothing (wrong last four?)
    # looked up first by the channel identity that filed it (no last four asked)
    by_identity: bool = False
    # asked in the middle of an intake: the appeal so far and the step to go back to
    facts: IntakeSlots | None = None
    resume: IntakeStep | None = None
    # 「俺之前反映过 还没人管」 without a number: the earlier order looked for to urge it
    # (第十三条(三)), the citizen's words kept for the 催办 record (trial17)
    urge: str | None = None


class ProgressFlow(_Model):
    """Looking an order up: its number, then a phone check."""

    name: Literal["progress"] = "progress"
    step: Literal["number", "finding", "choose", "phone", "lookup"] = "number"
    slots: ProgressSlots = Field(default_factory=ProgressSlots)


class EvaluateSlots(_Model):
    """The rating of a replied order (第十七条 回访)."""

    number: str
    asks: int = 0


class EvaluateFlow(_Model):
    """Asking for a rating, then the reason when unsatisfied."""

    name: Literal["evaluate"] = "evaluate"
    step: Literal["rate", "reason"] = "rate"
    slots: EvaluateSlots


class KnowledgeSlots(_Model):
    """A policy question answered online first (第十二条)."""

    query: str = ""
    entry_id: str | None = None
    # a follow-up ("租房能提吗" after a 公积金 answer): the question it follows, searched
    # together with it when the follow-up alone finds nothing
    follows: str | None = None
    facts: IntakeSlots = Field(default_factory=IntakeSlots)  # kept if it becomes an appeal
    # the category of the answer's own source (菏泽市医疗保障局 → department:医保): an
    # appeal grown out of the answer goes there (trial3 F02)
    source: CategoryGuess | None = None
    # a question asked in the middle of an intake: the intake's step to return to once
    # it is answered (``facts`` holds the intake's slots, nothing of it is lost)
    resume: IntakeStep | None = None
    # a follow-up's: the entry told just before it (the same entry again answers nothing
    # it does not already say: trial12 P18)
    told_entry: str | None = None


class KnowledgeFlow(_Model):
    """Question → search → "solved?"."""

    name: Literal["knowledge"] = "knowledge"
    # ``unfound``: nothing in the knowledge base; told where to ask, filing offered
    step: Literal["question", "searching", "solved", "unfound"] = "question"
    slots: KnowledgeSlots = Field(default_factory=KnowledgeSlots)


class HandoffSlots(_Model):
    """Waiting for an agent; what the bot learnt stays for the agent's work order."""

    reason: str
    told_waiting: bool = False
    facts: IntakeSlots | None = None
    query: str | None = None
    number: str | None = None


class HandoffFlow(_Model):
    """In the agents' queue (or held by an agent)."""

    name: Literal["handoff"] = "handoff"
    step: Literal["waiting"] = "waiting"
    slots: HandoffSlots


Flow = Annotated[
    IdleFlow | IntakeFlow | ProgressFlow | EvaluateFlow | KnowledgeFlow | HandoffFlow,
    Field(discriminator="name"),
]
FlowName = Literal["idle", "intake", "progress", "evaluate", "knowledge", "handoff"]


# ----------------------------------------------------------------------------- memory
class Offer(_Model):
    """A quick reply offered last, so a numbered or typed answer maps back to it."""

    payload: str
    title: str


class PendingCallback(_Model):
    """A unit's reply waiting until the citizen is free (after an agent, an intake)."""

    number: str
    result: str | None = None
    unit_name: str | None = None
    at: datetime


class Unheard(_Model):
    """Speech recognised with low confidence, waiting for "您说的是……吗？"."""

    text: str
    nlu: NluResult | None = None
    confidence: float
    at: datetime


class EmergencyNote(_Model):
    """The last emergency's numbers told here (第十三条(一)), for what the citizen says
    next (dialogs/alarm_follow.py): ``handed`` once a person was offered because the
    citizen cannot call."""

    service: str
    at: datetime
    handed: bool = False


class Memory(_Model):
    """What survives a change of flow."""

    times: list[datetime] = Field(default_factory=list)  # recent message times (flooding)
    history: list[str] = Field(default_factory=list)  # recent normalized texts (repeats)
    offered: list[Offer] = Field(default_factory=list)
    last_order: str | None = None  # the order filed in this conversation
    last4: str | None = None  # its phone's last four digits (the progress check)
    phone: str | None = None  # the last phone the citizen gave here
    name: str | None = None  # the name given with it (offered again for a second matter)
    position: Location | None = None  # the last automatic position report (WeChat LOCATION)
    unheard: Unheard | None = None
    callbacks: list[PendingCallback] = Field(default_factory=list)
    # fragments of a matter said before its description ("俺们楼上" after "那个"), and when
    pieces: list[str] = Field(default_factory=list)
    pieces_at: datetime | None = None
    # what a message answered with the emergency numbers described, and when: the appeal
    # it opens if the citizen goes on with one (trial11 N05: the manhole cover kept)
    alarmed: IntakeSlots | None = None
    alarmed_at: datetime | None = None
    emergency: EmergencyNote | None = None  # the last emergency told (trial12 P05)
    # the order whose progress was told last, and when: "这个处理结果俺不满意" after it is
    # said of that order (trial12 P15)
    told_order: str | None = None
    told_at: datetime | None = None
    # that order's answer held the unit's result: "还没人来" is then said of the result
    # (its rating), else it urges the open order (催办, trial14 T11)
    told_result: bool = False
    # 「还有一个事」 at a read-back: another matter, taken down after that order (what was
    # told of it so far, maybe nothing; trial17)
    second: IntakeSlots | None = None


class DialogState(_Model):
    """A citizen's session; serialized to the session store between messages.

    ``agent`` is not stored: the gateway fills it before every step from the one source
    of truth, the agent console's claim (``ConsolePort.holder``).
    """

    flow: Flow = Field(default_factory=IdleFlow)
    memory: Memory = Field(default_factory=Memory)
    agent: str | None = Field(default=None, exclude=True)
    turns: int = 0
    warnings: int = 0
    throttled_until: datetime | None = None
    updated_at: datetime | None = None

    @property
    def step(self) -> str:
        """The active flow's step."""
        return self.flow.step


def appeal_facts(state: DialogState) -> IntakeSlots | None:
    """What the dialogue knows about the citizen's appeal, whatever flow holds it.

    The one reading of dialogue state for other rooms (the agent console's prefill and
    work order, the pipeline's repeat check); ``None`` when no appeal is under way.
    """
    flow = state.flow
    if isinstance(flow, IntakeFlow):
        return flow.slots
    if isinstance(flow, KnowledgeFlow):
        facts = flow.slots.facts
        if not facts.matter and flow.slots.query:
            return facts.model_copy(update={"matter": flow.slots.query})
        return facts
    if isinstance(flow, HandoffFlow):
        if flow.slots.facts is not None:
            return flow.slots.facts
        if flow.slots.query:
            return IntakeSlots(matter=flow.slots.query)
    return None
