"""The bodies and query parameters of the unit and centre APIs (pydantic; no web types).

Field names are the keyword names of the :class:`casebridge.cases.CaseService` method
each body is for (:mod:`casebridge.cases.actions` passes them through), so a body and
its method cannot drift apart unnoticed (``tests/unit/casebridge/test_actions.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, TypedDict

from pydantic import BaseModel, Field

from casebridge.inputs import Cursor, LinkUrl, SafeStr, StrictDbCount


class Material(BaseModel):
    """An attachment or supporting material (a stored blob, a URL, or text)."""

    name: str | None = Field(default=None, max_length=200)
    url: LinkUrl | None = None  # the one link policy (casebridge.inputs.link_url)
    blob_key: str | None = Field(default=None, max_length=200)
    mime: str | None = Field(default=None, max_length=100)
    text: str | None = Field(default=None, max_length=5000)


class Versioned(BaseModel):
    """``expected_version``: refuse with 409 if the order changed since it was read; a
    JSON integer (``"1"`` and ``true`` are 422)."""

    expected_version: StrictDbCount | None = None


# -- a unit's actions ---------------------------------------------------------------------
class ContactBody(Versioned):
    method: Literal["phone", "sms", "visit", "other"] = "phone"
    note: str | None = Field(default=None, max_length=2000)
    reached: bool = True


class ReplyBody(Versioned):
    text: str = Field(max_length=10000)
    attachments: list[Material] = Field(default_factory=list, max_length=20)


class ReturnBody(Versioned):
    reason: str = Field(max_length=5000)
    materials: list[Material] = Field(default_factory=list, max_length=20)
    suggested_unit: str | None = None


class ExtendBody(Versioned):
    reason: str = Field(max_length=5000)
    stage_report: str = Field(max_length=5000)
    working_days: int = Field(ge=1, le=60)


class TerminateBody(Versioned):
    ground: Literal["refused_information", "unlawful_demand"]
    reason: str = Field(max_length=5000)
    materials: list[Material] = Field(default_factory=list, max_length=20)


class DisputeBody(Versioned):
    reason: str = Field(max_length=5000)
    unit_codes: list[str] = Field(default_factory=list, max_length=10)


class CoReportBody(Versioned):
    text: str = Field(max_length=10000)
    attachments: list[Material] = Field(default_factory=list, max_length=20)


class CoUnitsBody(Versioned):
    unit_codes: list[str] = Field(min_length=1, max_length=10)
    reason: str | None = Field(default=None, max_length=2000)


# -- the centre's actions -----------------------------------------------------------------
class ReturnReview(Versioned):
    approve: bool
    reason: str = Field(max_length=5000)
    unit_code: str | None = None
    co_unit_codes: list[str] = Field(default_factory=list, max_length=10)


class ExtensionReview(Versioned):
    approve: bool
    reason: str | None = Field(default=None, max_length=5000)
    working_days: int | None = Field(default=None, ge=1, le=60)


class TerminationReview(Versioned):
    approve: bool
    reason: str = Field(max_length=5000)


class DisputeDecision(Versioned):
    unit_code: str
    co_unit_codes: list[str] = Field(default_factory=list, max_length=10)
    reason: str = Field(max_length=5000)


class Redispatch(Versioned):
    unit_code: str
    reason: str = Field(max_length=5000)


class CallbackBody(Versioned):
    satisfaction: Literal["satisfied", "basic", "unsatisfied"]
    reasonable: bool | None = None
    comment: str | None = Field(default=None, max_length=5000)


class MergeBody(Versioned):
    into: str = Field(max_length=20)
    reason: str = Field(max_length=2000)


class SuperviseBody(BaseModel):
    ground: Literal["refused", "overdue", "repeated", "kb_stale", "poor_handling", "other"]
    method: Literal["phone", "writing", "on_site", "meeting"]
    note: str | None = Field(default=None, max_length=5000)


# -- inbox query parameters -----------------------------------------------------------------
class OrderFilters(TypedDict):
    """What :meth:`OrderQuery.filters` hands to ``list_orders``."""

    role: Literal["lead", "co", "all"]
    states: list[str]
    unit_code: str | None
    county: str | None
    service_code: str | None
    overdue: bool | None
    created_from: datetime | None
    created_to: datetime | None
    limit: int
    cursor: str | None


class OrderQuery(BaseModel):
    """Filters of an order list, newest first; ``cursor``: the previous ``next_cursor``."""

    state: list[Annotated[SafeStr, Field(max_length=32)]] = Field(
        default_factory=list, max_length=20
    )
    county: SafeStr | None = Field(default=None, max_length=64)
    service_code: SafeStr | None = Field(default=None, max_length=64)
    overdue: bool | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    limit: int = Field(default=20, ge=1, le=200)
    cursor: Cursor | None = None

    def filters(self) -> OrderFilters:
        """The keyword arguments of :meth:`casebridge.cases.CaseService.list_orders`."""
        return OrderFilters(
            role=getattr(self, "role", "all"),
            states=self.state,
            unit_code=getattr(self, "unit_code", None),
            county=self.county,
            service_code=self.service_code,
            overdue=self.overdue,
            created_from=self.created_from,
            created_to=self.created_to,
            limit=self.limit,
            cursor=self.cursor,
        )


class UnitOrderQuery(OrderQuery):
    """A unit's inbox: the orders it leads, co-handles, or both."""

    role: Literal["lead", "co", "all"] = "all"


class CentreOrderQuery(OrderQuery):
    """Every order, or one lead unit's (``unit_code``)."""

    unit_code: SafeStr | None = Field(default=None, max_length=64)
