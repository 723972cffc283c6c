"""Plain snapshots of the case record that the analytics compute over.

The loader (:mod:`casebridge.analytics.load`) fills them from the case store; tests build
them by hand. All datetimes are aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Satisfaction(StrEnum):
    """A callback (回访) evaluation."""

    SATISFIED = "satisfied"  # 满意
    BASIC = "basic"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


@dataclass(frozen=True)
class AssignmentFacts:
    """One unit's share of one work order: what assessment (第二十四条) looks at.

    ``returned_at`` is set when the unit's return (退单) was approved and the order left
    it; ``deadline`` is the reply deadline in force (after approved extensions).
    ``reopen_count`` and ``supervision_count`` are this unit's 重办 and 督办 on the order.
    """

    order_number: str
    unit_id: str
    unit_name: str
    dispatched_at: datetime
    role: str = "lead"  # lead (主办) | co (协办)
    sign_deadline: datetime | None = None
    signed_at: datetime | None = None
    returned_at: datetime | None = None
    deadline: datetime | None = None
    replied_at: datetime | None = None
    terminated: bool = False
    merged: bool = False
    satisfaction: Satisfaction | None = None  # the last callback's evaluation
    resolved: bool | None = None  # the last callback's "was it solved?"
    reopen_count: int = 0
    supervision_count: int = 0
    return_requests: int = 0  # 退单申请 by this unit (an approved return counts as one)
    returns_rejected: int = 0  # of those, rejected by the centre (不合理退单)


@dataclass(frozen=True)
class AppealFacts:
    """One appeal as hotspot and early-warning analysis sees it (no personal data)."""

    number: str
    created_at: datetime
    channel: str
    category: str  # first-level category (一级分类)
    county: str = ""  # 县区
    township: str = ""  # 乡镇/街道
    subcategory: str = ""  # second-level category
    text: str = ""  # masked text, only for keyword rules
    cluster_id: str | None = None  # near-duplicate group, when known
    citizen_key: str | None = None  # a hash of the citizen's contact, never the contact
    unit_name: str = ""
    state: str = ""  # work-order state; "" for appeals closed without an order
    reopen_count: int = 0
    closed_at: datetime | None = None


@dataclass(frozen=True)
class UnitRef:
    """A handling unit that belongs in the tables even with no orders."""

    unit_id: str
    name: str
    county: str = ""
    kind: str = ""  # department | township | utility ...
