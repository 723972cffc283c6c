"""A running transcript (or a chat so far) to a draft work order, through the project's NLU.

Pure over an :class:`nlu.engine.NluEngine`: every citizen segment is understood once
(the engine caches), the matter is the clauses that describe it, the category, place,
since-when, name and phone come from the NLU's entities and territory, and the alerts
from its emergency detector and abuse flag.

The matter (trial11 N07) leaves out the clauses that only greet (「喂 恁好」), introduce
the caller by a place (「俺是曹县青菏街道的」) or give the contact (「俺叫周建华 电话是…」):
what a clause is, is read from the NLU's entities (name, phone, landline, ID number,
address: :func:`nlu.entities.extract`), and only the few words around them (叫, 电话是,
俺是…的) are looked at here. The address keeps the place's detail (万福小区门口) after
the county and township; since when is the ``since`` entity as said (「一个来月」).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from casebridge.privacy import mask_name
from nlu.engine import NluEngine
from nlu.pii import mask_text
from nlu.types import NluResult

UNIT_LABELS = {
    "township": "属地乡镇（街道）",
    "utility:water": "供水公司",
    "utility:power": "供电公司",
}


@dataclass(frozen=True)
class Alert:
    """Something the agent must see at once."""

    kind: str  # emergency | borderline | abuse
    text: str
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftOrder:
    """The order as far as the conversation tells it (``phone`` in clear for the form)."""

    matter: str = ""
    order_type: str = "appeal"
    category_level1: str | None = None
    category_level2: str | None = None
    category_confidence: float = 0.0
    unit: str | None = None
    county: str | None = None
    township: str | None = None
    address: str | None = None
    since: str | None = None
    name: str | None = None  # the caller's own name (the ``name`` entity), for the contact
    phone: str | None = None
    phone_masked: str | None = None
    alerts: tuple[Alert, ...] = field(default=())

    def as_json(self, *, reveal_phone: bool = True) -> dict[str, Any]:
        """For the console. ``reveal_phone`` (the agent on the call, who heard it anyway)
        keeps ``matter`` and ``phone`` in clear; otherwise (a chat, whose turns the agent
        reads masked and opens only through the audited reveal) nothing leaves in clear:
        ``matter`` is the masked text and ``phone`` is None."""
        data = asdict(self)
        data["alerts"] = [asdict(a) for a in self.alerts]
        data["matter_masked"] = mask_text(self.matter)
        data["name_masked"] = mask_name(self.name)
        if not reveal_phone:
            data["matter"] = data["matter_masked"]
            data["name"] = data["name_masked"]
            data["phone"] = None
            data["alerts"] = [{**a, "text": mask_text(a["text"])} for a in data["alerts"]]
        return data


def _unit(unit_type: str | None) -> str | None:
    if not unit_type:
        return None
    if unit_type in UNIT_LABELS:
        return UNIT_LABELS[unit_type]
    return unit_type.split(":", 1)[-1]


def _alerts(results: Sequence[NluResult]) -> tuple[Alert, ...]:
    out: dict[str, Alert] = {}
    for r in results:
        if r.emergency is not None and r.emergency.level in ("emergency", "borderline"):
            kind = r.emergency.level
            numbers = "/".join(r.emergency.services)
            text = (
                f"紧急情况：{r.emergency.matched or r.emergency.situation or ''}，"
                f"请立即转接{numbers or '110/119/120'}"
                if kind == "emergency"
                else f"可能存在危险：{r.emergency.matched or ''}，请提醒诉求人注意安全"
            )
            if kind not in out or kind == "emergency":
                out[kind] = Alert(kind, text, r.emergency.services)
        if r.abusive and "abuse" not in out:
            out["abuse"] = Alert("abuse", "诉求人言语辱骂或威胁（条例第十一条），请依规劝阻并记录")
    return tuple(out.values())


#: Entities that are the caller, not the matter.
_CONTACT_TYPES = frozenset({"name", "phone", "landline", "id_card"})
_CLAUSE = re.compile(r"[^，,。！？!?；;\s]+")
#: A greeting at a clause's start (喂, 恁好, 在吗): a clause of nothing else is no matter.
_GREETING = re.compile(r"^(?:喂+|[您你恁]们?好|在吗|有人吗|[啊呀哈哦噢嗯]+)+")
#: The words around a contact (俺叫…, 电话是…, 联系人…): with the contact they are no matter.
_CONTACT_WORDS = re.compile(
    r"[我俺咱](?:的)?(?:名字|姓名)?(?:叫|是|姓)|名字(?:是|叫)?|姓名|联系人|叫|姓|"
    r"(?:手机|电话|联系电话|联系方式)(?:号码?)?(?:是|为)?|号码是?|[的了啊呀吧]"
)
#: A clause that only says where the caller is from (俺是曹县青菏街道的, 我家住在…).
_FROM_PLACE = re.compile(r"(?:[我俺咱]们?|[我俺咱]家)?(?:是|住在?|在|家住|家在)?的?")
#: What is said around a duration (有一个来月了, 堵了半个来月): the duration itself.
_SINCE_EDGES = re.compile(
    r"^(?:得有|已经|都|持续|有|快|近|将近|整整|(?:坏|停|漏|堵|响|吵|拖|欠|臭|没修|不亮|不热|不来)了)+"
    r"|(?:了|啦)$"
)


def _matter_clauses(r: NluResult) -> list[str]:
    """The clauses of one understood segment that describe the matter (a greeting at a
    clause's start left out): not a greeting alone, not the caller's contact, not a
    self-introduction by place."""
    contact = [(e.start, e.end) for e in r.entities if e.type in _CONTACT_TYPES]
    places = [(e.start, e.end) for e in r.entities if e.type == "address"]
    kept: list[str] = []
    for m in _CLAUSE.finditer(r.text):

        def rest(spans: list[tuple[int, int]], m: re.Match[str] = m) -> str:
            """The clause without the characters of ``spans``, greeting left out."""
            return _GREETING.sub(
                "",
                "".join(
                    c
                    for i, c in enumerate(m.group(0), start=m.start())
                    if not any(a <= i < b for a, b in spans)
                ),
            )

        words = _GREETING.sub("", m.group(0))
        if not words:
            continue  # 喂, 恁好
        if not _CONTACT_WORDS.sub("", rest(contact)):
            continue  # 俺叫周建华, 电话是13853004466
        if places and _FROM_PLACE.fullmatch(rest(contact + places)):
            continue  # 俺是曹县青菏街道的
        kept.append(words)
    return kept


def _since(results: Sequence[NluResult]) -> str | None:
    """Since when, as said (「一个来月」 of 「得有一个来月了」), else a date."""
    said = _first_entity(results, "since")
    if said is not None:
        return _SINCE_EDGES.sub("", said) or said
    return _first_entity(results, "date")


def _address(results: Sequence[NluResult]) -> str | None:
    """County, township and village of the NLU's territory with the place's detail: the
    territory's own, else the first address entity that adds to them (万福小区门口)."""
    territory = next((r.territory for r in results if r.territory), None)
    area = (
        "".join(p for p in (territory.county, territory.township, territory.village) if p)
        if territory is not None
        else ""
    )
    detail = next((r.territory.detail for r in results if r.territory and r.territory.detail), None)
    if detail is None:
        said = [e.value for r in results for e in r.entities if e.type == "address"]
        detail = next((v for v in said if not area or (area not in v and v not in area)), None)
        if detail is None:
            detail = next((v for v in said if area and area in v and v != area), None)
            if detail is not None:
                return detail  # the whole address, said at once
    if detail and detail in area:
        detail = None
    return (area + (detail or "")) or None


def build_draft(nlu: NluEngine, segments: Sequence[str]) -> DraftOrder:
    """The draft from the citizen's segments, oldest first."""
    texts = [s.strip() for s in segments if s.strip()]
    if not texts:
        return DraftOrder()
    results = [nlu.parse(t) for t in texts]
    matter_parts = [c for r in results for c in _matter_clauses(r)]
    matter = "，".join(matter_parts) if matter_parts else "，".join(texts)
    whole = nlu.parse(matter)
    everything = [*results, whole]
    cat = whole.category
    territory = next((r.territory for r in [whole, *results] if r.territory), None)
    since = _since(everything)
    phone = _first_entity(everything, "phone")
    name = _first_entity(results, "name")
    order_type = "staff_complaint" if any(r.act == "complain_staff" for r in results) else "appeal"
    address = _address([*results, whole])
    return DraftOrder(
        matter=matter[:4000],
        order_type=order_type,
        category_level1=cat.level1 if cat else None,
        category_level2=cat.level2 if cat else None,
        category_confidence=round(cat.confidence, 3) if cat else 0.0,
        unit=_unit(cat.unit_type) if cat else None,
        county=territory.county if territory else None,
        township=territory.township if territory else None,
        address=address,
        since=since,
        name=name,
        phone=phone,
        phone_masked=mask_text(phone) if phone else None,
        alerts=_alerts(everything),
    )


def _first_entity(results: Sequence[NluResult], kind: str) -> str | None:
    for r in results:
        e = r.first(kind)
        if e is not None:
            return e.value
    return None
