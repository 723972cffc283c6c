"""Typed results of :mod:`nlu`; dialogs and the gateway read only these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TriageOutcome(StrEnum):
    """The special cases of 第十三条 besides a normal work order."""

    EMERGENCY = "emergency"  # (一) 110/119/120/122
    LEGAL_CHANNEL = "legal_channel"  # (二) litigation, arbitration, petition ...
    REPEAT = "repeat"  # (三) the same matter again (decided with the case store)
    SECRET_PRIVACY = "secret_privacy"  # noqa: S105 - (四) state/trade secrets, personal information
    UNLAWFUL = "unlawful"  # (五) against law or public order
    UNACCEPTABLE = "unacceptable"  # (六) otherwise not acceptable by law


@dataclass(frozen=True)
class Triage:
    """A 第十三条 finding with the reason kept for the dialogue and the record.

    ``service`` is the number to tell first; ``services`` every number to tell, in order
    (e.g. ``("110", "120")`` for a fight with an injured person); empty when not an
    emergency. ``kind``: the kind of a (二)/(四)/(五)/(六) matter (``personal``, ``confine``
    ...) whose ``reason`` states its rule, for the dialogue's answer.
    """

    outcome: TriageOutcome
    reason: str
    service: str | None = None  # "110" | "119" | "120" | "122" for emergencies
    matched: str | None = None  # the phrase that triggered it
    services: tuple[str, ...] = ()
    kind: str | None = None  # the kind of matter (config/nlu/triage_kinds.yml) when known


@dataclass(frozen=True)
class Emergency:
    """The emergency detector's finding (第十三条(一), ``nlu.emergency``).

    ``level``: ``"emergency"`` (tell the number(s) first, before any question, in every
    dialogue state; ``NluResult.triage`` then also carries outcome EMERGENCY) or
    ``"borderline"`` (possible danger not confirmed: give the safety line, e.g. "如遇危险
    请立即拨打110/119/120", and let the conversation go on; ``triage`` is then not an
    emergency). ``services``: the numbers in the order to tell them (may be empty for a
    borderline finding). ``situation``: the corpus situation (fire, gas, trapped, drowning,
    collapse, unconscious, violence, burglary_theft, fraud, missing, self_harm,
    traffic_accident, dangerous_traffic ...). ``score``: probability 0..1 (0.99 or more
    for a rule). ``source``: ``"rule"`` or ``"model"``.
    """

    level: str
    services: tuple[str, ...]
    situation: str | None
    reason: str
    score: float
    matched: str | None = None
    source: str = "model"

    @property
    def urgent(self) -> bool:
        """True for a confirmed emergency (transfer), False for borderline."""
        return self.level == "emergency"


@dataclass(frozen=True)
class Category:
    """Predicted appeal category (taxonomy level 1, 2 and, where known, 3) and unit type.

    ``unit_type`` uses the dispatch catalogue's names (``config/data/catalogue.yaml``):
    ``department:<short>``, ``utility:<water|power|gas|heat|telecom>``, ``township`` or
    ``government``. ``source`` is ``"model"`` or ``"keyword"`` (a unit-type keyword
    override, e.g. 暖气不热 → 冬季采暖 / utility:heat, which wins over the model).
    """

    level1: str
    level2: str | None
    confidence: float
    unit_type: str | None = None  # e.g. "department:住建", "utility:water", "township"
    level3: str | None = None
    source: str = "model"


@dataclass(frozen=True)
class Entity:
    """A span found in the text. ``masked`` is what logs and consoles may show.

    Types: ``phone``, ``landline``, ``id_card``, ``name``, ``address``, ``date``, ``time``,
    ``order_no``, ``plate``, and for "since when": ``since`` (when the problem started or
    how long it has lasted: 两个星期了, 从开始供暖, 前天下完雨) versus ``recurring`` (when it
    happens: 每天晚上十一点以后). A ``date``/``time`` inside a ``recurring`` span is not
    reported separately, so "since when" never takes the time of day.

    For a ``name``: ``value`` is the name without a title (王小明女士 → 王小明, 李师傅 → 李);
    ``title`` the title the citizen gave (女士, 先生, 师傅 ...; None when none), so a
    read-back says 女士/先生 only when the citizen did; ``surname_only`` is True when only
    a surname was given (我姓赵, 李 13812345678, 李师傅): the read-back then says 赵先生 /
    赵女士 (with the citizen's title) or the surname with 您, never a made-up full name.
    """

    type: str  # phone | landline | id_card | name | address | date | time | order_no | plate
    # | since | recurring
    value: str
    masked: str
    start: int
    end: int
    surname_only: bool = False  # name: only the surname was given
    title: str | None = None  # name: 女士, 先生, 师傅 ... as the citizen said it


@dataclass(frozen=True)
class Territory:
    """An address resolved to the Heze administrative hierarchy (dispatch territory).

    ``detail`` is the rest of the address in the citizen's words (road, intersection,
    estate, building, landmark), never repeating county, township or village and without
    lead words (地址是, 在 ...). ``road`` and ``place`` are the parts of ``detail`` that
    name a road or intersection and an estate, building or landmark (``nlu.address``).
    """

    county: str | None = None  # 牡丹区, 曹县 ...
    township: str | None = None  # 乡镇 / 街道
    village: str | None = None  # 村 / 社区
    detail: str | None = None  # the rest of the address as given
    road: str | None = None  # 中华路与人民路交叉口
    place: str | None = None  # 和平小区南门, 佳和城11号楼, 菏泽市立医院
    #: the county was not said: it is the seat's, guessed for a township whose name several
    #: counties have (北城街道: 牡丹区 and 单县); a dialogue that knows the county asks
    ambiguous: bool = False

    @property
    def resolved(self) -> bool:
        """Dispatch needs at least the county or district."""
        return self.county is not None


@dataclass(frozen=True)
class Address:
    """An address parsed into the Heze hierarchy (``nlu.address.parse_address``).

    ``county``: county, district or development zone under the dispatch configuration's
    name (牡丹区, 曹县, 菏泽经济技术开发区 ...); ``township``: 乡镇/街道; ``village``: 村 or
    社区; ``road``: road or intersection (中华路与人民路交叉口); ``place``: estate, building
    or landmark with doors and numbers (和平小区南门, 佳和城11号楼, 菏泽市立医院);
    ``detail``: road and place in the citizen's own words, never repeating a level above and
    without lead words (地址是, 在, 正确地址是). ``province``/``city`` are what the text
    named (山东省, 菏泽市), ``outside`` another city named instead of Heze. ``ambiguous``:
    a township name shared by several counties was resolved to the city's seat district.
    """

    county: str | None = None
    township: str | None = None
    village: str | None = None
    road: str | None = None
    place: str | None = None
    detail: str | None = None
    province: str | None = None
    city: str | None = None
    outside: str | None = None
    ambiguous: bool = False

    @property
    def empty(self) -> bool:
        """Nothing of an address was found."""
        return not (self.county or self.township or self.village or self.detail)

    def territory(self) -> Territory:
        """The dispatch territory of this address."""
        return Territory(
            county=self.county,
            township=self.township,
            village=self.village,
            detail=self.detail,
            road=self.road,
            place=self.place,
            ambiguous=self.ambiguous,
        )

    def text(self) -> str:
        """County, township, village and detail joined, each level once."""
        return "".join(p for p in (self.county, self.township, self.village, self.detail) if p)


@dataclass(frozen=True)
class Intent:
    """A dialogue intent with its confidence.

    Names: ``greet`` (also 在吗, 问一下, 喂: small talk and openers), ``thank``,
    ``affirm``, ``deny``, ``cancel`` (算了 还是不提交了, 算了不用了), ``ask_progress``,
    ``ask_human``, ``complain_staff``, ``rate``, ``out_of_scope``, ``appeal``, ``ask_info``
    (a consultation: 社保卡丢了 咋补办啊). See ``NluResult.act`` for the coarse act.
    """

    name: str  # greet | thank | affirm | deny | cancel | ask_progress | ask_human |
    # complain_staff | rate | out_of_scope | appeal | ask_info
    confidence: float


#: Coarse dialogue acts of ``NluResult.act``.
ACTS = (
    "appeal",
    "consult",
    "small_talk",
    "affirm",
    "deny",
    "cancel",
    "thank",
    "progress",
    "human",
    "complain_staff",
    "rate",
    "other",
)


@dataclass(frozen=True)
class NluResult:
    """Everything the bot needs to know about one text.

    Fields added for the dialogue manager (issues 11, 12; all optional with defaults):

    * ``act``: the coarse dialogue act, one of :data:`ACTS`: ``appeal`` (a matter to take
      down), ``consult`` (a policy question, also when the citizen says 我不是投诉 就是想问问),
      ``small_talk`` (你好, 在吗, 问一下: no matter in it), ``affirm``, ``deny``,
      ``cancel`` (算了 还是不提交了), ``thank``, ``progress``, ``human``,
      ``complain_staff``, ``rate``, ``other``.
    * ``has_matter``: the text itself describes a matter (so it may become the appeal's
      content); False for openers, answers and bare consult signals.
    * ``declined``: what the citizen refuses to give: ``"name"``, ``"phone"`` or both
      (名字就不留了, 不用留电话, 匿名: both). A refusal never becomes a name entity.
    * ``emergency``: the emergency detector's finding including ``borderline``
      (see :class:`Emergency`); ``triage`` keeps carrying the EMERGENCY outcome.
    * ``place_outside``: the province/city/district outside Heze where the matter clearly
      is (俺是河南商丘睢阳区的 俺们小区停水三天了 → ``"河南省商丘市睢阳区"``; 北京市,
      河南省), None otherwise: never when a Heze place or 菏泽 is named, nor for the goal of
      a trip (去济南看病) or a person's origin (我是浙江温州人). The dialogue tells the citizen
      the matter is outside Heze and which hotline to call (第十三条(六);
      ``nlu.territory.place_outside``).
    * ``asks``: a message in question form read by meaning (``nlu/questions.py``):
      ``"question"`` (how/where/when/what is needed about a public service: answered
      online or told where to ask), ``"matter"`` (a grievance, a request to act or a public
      thing's trouble phrased as a question: 为什么还不修, 凭什么收费: filed); None when
      not asked as a question.
    """

    text: str  # normalized text
    intent: Intent
    category: Category | None = None
    triage: Triage | None = None
    entities: tuple[Entity, ...] = ()
    territory: Territory | None = None
    abusive: bool = False  # insults or threats against staff (第十一条)
    candidates: tuple[Category, ...] = field(default=())
    emergency: Emergency | None = None
    act: str = "other"
    has_matter: bool = False
    declined: tuple[str, ...] = ()
    place_outside: str | None = None
    asks: str | None = None  # "question" | "matter" | None
    # the ordinary matter told beside an emergency ("小区停电一下午了" before "俺爹被困在电梯里了"),
    # kept by the dialogue after the numbers (nlu.emergency_appeal.beside); None otherwise
    beside: str | None = None
    # a danger told with nobody in danger now, no numbers told: the kind
    # nlu.emergency_veto.vetoed gave ("hazard", "days_old", ...) or "worry" (a danger told
    # only as a worry about a thing: nlu.emergency_appeal.hazard_report); the dialogue
    # gives a fitting safety line if one fits (dialogs/hazards.py); None otherwise
    hazard: str | None = None

    def first(self, entity_type: str) -> Entity | None:
        """The first entity of ``entity_type``."""
        return next((e for e in self.entities if e.type == entity_type), None)


@dataclass(frozen=True)
class KnowledgeMedia:
    """A picture that goes with a knowledge-base answer (a map of the service hall, a
    scanned notice). In the YAML: ``file`` (a path under the knowledge directory, which
    the gateway publishes to its media store) or ``url`` (a public https link); the
    gateway fills ``blob_key`` and ``url`` when it publishes a file."""

    caption: str
    mime: str = "image/png"
    file: str | None = None
    url: str | None = None
    blob_key: str | None = None


@dataclass(frozen=True)
class KnowledgeAnswer:
    """A knowledge-base entry that answers a question, with its source (第十八条)."""

    entry_id: str
    title: str
    answer: str
    source_unit: str
    updated: str  # ISO date of the entry's current version
    score: float
    media: tuple[KnowledgeMedia, ...] = ()
    # the catalogue category of the source unit's type (菏泽市医疗保障局 → department:医保;
    # ``nlu.sources``): where an appeal grown out of this answer goes; None when unknown
    category: Category | None = None
