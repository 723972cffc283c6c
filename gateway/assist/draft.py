"""A running transcript (or a chat so far) to a draft work order, through the project's NLU.

Pure over an :class:`nlu.engine.NluEngine`: every citizen segment is understood once
(the engine caches), the matter is the segments that describe it, the category, place,
since-when and phone come from the NLU's entities and territory, and the alerts from its
emergency detector and abuse flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

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
        if not reveal_phone:
            data["matter"] = data["matter_masked"]
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


def build_draft(nlu: NluEngine, segments: Sequence[str]) -> DraftOrder:
    """The draft from the citizen's segments, oldest first."""
    texts = [s.strip() for s in segments if s.strip()]
    if not texts:
        return DraftOrder()
    results = [nlu.parse(t) for t in texts]
    matter_parts = [t for t, r in zip(texts, results, strict=True) if r.has_matter or len(t) >= 8]
    matter = "，".join(matter_parts) if matter_parts else "，".join(texts)
    whole = nlu.parse(matter)
    everything = [*results, whole]
    cat = whole.category
    territory = whole.territory or next((r.territory for r in results if r.territory), None)
    since = _first_entity(everything, "since") or _first_entity(everything, "date")
    phone = _first_entity(everything, "phone")
    order_type = "staff_complaint" if any(r.act == "complain_staff" for r in results) else "appeal"
    address = None
    if territory is not None:
        address = (
            "".join(
                p
                for p in (territory.county, territory.township, territory.village, territory.detail)
                if p
            )
            or None
        )
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
