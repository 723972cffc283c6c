"""Every lifecycle action of the unit and centre APIs, described once.

Each row names the API it belongs to, its path under ``orders/{number}/``, the rules of
:data:`casebridge.lifecycle.RULES` it performs (which give the roles and the states it
may start from), its request body, and the :class:`CaseService` method that does it. The
gateway builds both routers' action routes from :data:`ACTIONS`; adding an action is one
rule, one method and one row here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from casebridge.cases import requests as rq
from casebridge.cases.service import CaseService
from casebridge.cases.types import Actor
from casebridge.lifecycle import RULES, Role
from casebridge.schemas import OrderRecord

Api = Literal["units", "centre"]
ActionCall = Callable[..., Awaitable[OrderRecord]]

API_ROLES: dict[Api, frozenset[Role]] = {
    "units": frozenset({Role.LEAD, Role.CO}),
    "centre": frozenset({Role.CENTRE}),
}


@dataclass(frozen=True)
class LifecycleAction:
    """One action route: ``POST /api/<api>/orders/{number}/<path>``."""

    api: Api
    path: str
    name: str  # the operation's name (its OpenAPI summary and operation id follow)
    rules: tuple[str, ...]
    body: type[BaseModel]
    call: ActionCall  # CaseService.<method>(self, number, actor, **body fields)
    doc: str
    body_optional: bool = False  # a bare POST is allowed (only expected_version in it)

    @property
    def roles(self) -> frozenset[Role]:
        """Who may perform it (of this API's roles)."""
        roles: set[Role] = set()
        for r in self.rules:
            roles |= RULES[r].roles
        return frozenset(roles) & API_ROLES[self.api]

    @property
    def from_states(self) -> frozenset[str]:
        """The states it may start from."""
        states: set[str] = set()
        for r in self.rules:
            states |= RULES[r].from_states
        return frozenset(states)

    async def run(
        self, cases: CaseService, number: str, actor: Actor, body: BaseModel | None
    ) -> OrderRecord:
        """Call the service method with the body's fields (``None`` ones left out)."""
        fields = body.model_dump(exclude_none=True) if body is not None else {}
        return await self.call(cases, number, actor, **fields)


def _a(
    api: Api,
    path: str,
    name: str,
    rules: tuple[str, ...],
    body: type[BaseModel],
    call: ActionCall,
    doc: str,
    body_optional: bool = False,
) -> LifecycleAction:
    return LifecycleAction(api, path, name, rules, body, call, doc, body_optional)


S = CaseService
ACTIONS: tuple[LifecycleAction, ...] = (
    # -- 承办单位 handling units ----------------------------------------------------------
    _a("units", "sign", "sign", ("sign",), rq.Versioned, S.sign, "签收.", body_optional=True),
    _a(
        "units",
        "contact",
        "contact",
        ("contact",),
        rq.ContactBody,
        S.log_contact,
        "Record contact with the citizen (第十五条第一项).",
    ),
    _a(
        "units",
        "reply",
        "reply",
        ("reply",),
        rq.ReplyBody,
        S.reply,
        "办结反馈: the result, with attachments.",
    ),
    _a(
        "units",
        "return",
        "request_return",
        ("request_return",),
        rq.ReturnBody,
        S.request_return,
        "退单申请 with materials (第十四条); the centre reviews.",
    ),
    _a(
        "units",
        "extend",
        "extend",
        ("request_extension",),
        rq.ExtendBody,
        S.request_extension,
        "延期申请 with reason and stage report (第十六条第二款).",
    ),
    _a(
        "units",
        "terminate",
        "terminate",
        ("request_termination",),
        rq.TerminateBody,
        S.request_termination,
        "终止办理申请 (第十五条第五、六项) with materials; the centre reviews.",
    ),
    _a(
        "units",
        "dispute",
        "dispute",
        ("raise_dispute",),
        rq.DisputeBody,
        S.raise_dispute,
        "职责争议: ask the centre for a consultation (会商, 第十六条第三款).",
    ),
    _a(
        "units",
        "co-report",
        "co_report",
        ("co_report",),
        rq.CoReportBody,
        S.co_report,
        "A co-handling unit's result for the lead (第十六条第一款).",
    ),
    _a(
        "units",
        "co-units",
        "co_units",
        ("add_co_units",),
        rq.CoUnitsBody,
        S.add_co_units,
        "The lead unit brings in co-handling units (第十六条第一款).",
    ),
    # -- 热线工作机构 hotline centre -------------------------------------------------------
    _a(
        "centre",
        "return-review",
        "return_review",
        ("approve_return", "reject_return"),
        rq.ReturnReview,
        S.review_return,
        "退单审核: approve and re-dispatch (第十四条), or refuse.",
    ),
    _a(
        "centre",
        "extension-review",
        "extension_review",
        ("approve_extension", "reject_extension"),
        rq.ExtensionReview,
        S.review_extension,
        "延期审核: approval moves the deadline.",
    ),
    _a(
        "centre",
        "termination-review",
        "termination_review",
        ("approve_termination", "reject_termination"),
        rq.TerminationReview,
        S.review_termination,
        "终止审核 (第十五条第五、六项).",
    ),
    _a(
        "centre",
        "dispute-decision",
        "dispute_decision",
        ("decide_dispute",),
        rq.DisputeDecision,
        S.decide_dispute,
        "会商结论: the competent lead unit and co-units (第十六条第三款).",
    ),
    _a(
        "centre",
        "redispatch",
        "redispatch",
        ("redispatch",),
        rq.Redispatch,
        S.redispatch,
        "改派 to another unit.",
    ),
    _a(
        "centre",
        "co-units",
        "co_units",
        ("add_co_units",),
        rq.CoUnitsBody,
        S.add_co_units,
        "Add co-handling units (协办).",
    ),
    _a(
        "centre",
        "callback/start",
        "callback_start",
        ("start_callback",),
        rq.Versioned,
        S.start_callback,
        "Begin the callback (回访).",
        body_optional=True,
    ),
    _a(
        "centre",
        "callback",
        "callback",
        ("record_callback",),
        rq.CallbackBody,
        S.record_callback,
        "回访结果 (第十七条): unsatisfied and reasonable reopens the order (重办).",
    ),
    _a(
        "centre",
        "merge",
        "merge",
        ("merge",),
        rq.MergeBody,
        S.merge,
        "并单: this order follows ``into``; its citizen keeps seeing the progress.",
    ),
    _a(
        "centre",
        "supervise",
        "supervise",
        ("supervise",),
        rq.SuperviseBody,
        S.supervise,
        "督办 the lead unit (第二十二条).",
    ),
)


def actions_of(api: Api) -> tuple[LifecycleAction, ...]:
    """The action routes of one API, in table order."""
    return tuple(a for a in ACTIONS if a.api == api)
