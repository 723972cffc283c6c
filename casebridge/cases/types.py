"""Who acts on the case store, and the small records the case service hands out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

SATISFACTION = ("satisfied", "basic", "unsatisfied")
TERMINATION_GROUNDS = {
    "refused_information": "诉求人拒绝提供相关信息导致无法办理（第十五条第五项）",
    "unlawful_demand": "诉求不符合规定，已解释说明但诉求人仍不满意（第十五条第六项）",
}
SUPERVISION_GROUNDS = {
    "refused": "对法定职责内的热线事项拒不接收",
    "overdue": "超出办理时限未办结",
    "repeated": "多次或集中反映的问题依法应当解决未解决",
    "kb_stale": "热线知识库更新不及时或不符合要求",
    "poor_handling": "办理不力造成负面影响",
    "other": "其他需要督办的事项",
}
SUPERVISION_METHODS = ("phone", "writing", "on_site", "meeting")
CONTACT_METHODS = ("phone", "sms", "visit", "other")


@dataclass(frozen=True)
class Actor:
    """Who calls: a unit (by code), a centre operator, the citizen or the system."""

    kind: Literal["unit", "centre", "citizen", "system"]
    unit_code: str | None = None
    name: str | None = None

    @classmethod
    def unit(cls, code: str, name: str | None = None) -> Actor:
        """A handling unit authenticated by its key."""
        return cls("unit", code, name)

    @classmethod
    def centre(cls, name: str = "centre") -> Actor:
        """A hotline-centre operator."""
        return cls("centre", None, name)


@dataclass(frozen=True)
class UnitIdentity:
    """An authenticated unit (what ``require_unit`` returns)."""

    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class PublicRequest:
    """An order as the public may see it (Open311 GeoReport v2)."""

    number: str
    state: str
    state_label: str
    closed: bool
    service_code: str
    service_name: str
    description: str
    agency: str
    place: str | None
    latitude: float | None
    longitude: float | None
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None
