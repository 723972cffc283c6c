"""The work-order state machine as a table: action × state × role (第十四条–第十七条).

Each rule names the states it may start from, the roles that may perform it and the
state(s) it may lead to (``PRIOR``: back to the state before a review began; ``SAME``:
no state change, e.g. a co-unit's report). :func:`check` is the only gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from casebridge.errors import Forbidden, IllegalTransition


class Role(StrEnum):
    """Who acts on an order."""

    LEAD = "unit_lead"  # 主办单位
    CO = "co_unit"  # 协办单位
    CENTRE = "centre"  # 热线工作机构
    CITIZEN = "citizen"  # 诉求人
    SYSTEM = "system"


class State(StrEnum):
    """Work-order states (DESIGN.md)."""

    DISPATCHED = "dispatched"
    SIGNED = "signed"
    IN_PROGRESS = "in_progress"
    RETURNED = "returned"  # 退单申请，待中心审核
    EXTENSION = "extension"  # 延期申请，待中心审核
    TERMINATING = "terminating"  # 终止申请，待中心审核
    DISPUTED = "disputed"  # 职责争议，会商中
    REPLIED = "replied"
    CALLBACK = "callback"
    CLOSED = "closed"
    REOPENED = "reopened"
    TERMINATED = "terminated"
    MERGED = "merged"


STATE_LABELS: dict[str, str] = {
    State.DISPATCHED: "已派单",
    State.SIGNED: "已签收",
    State.IN_PROGRESS: "办理中",
    State.RETURNED: "退单审核中",
    State.EXTENSION: "延期审核中",
    State.TERMINATING: "终止审核中",
    State.DISPUTED: "职责争议会商中",
    State.REPLIED: "已办结反馈",
    State.CALLBACK: "回访中",
    State.CLOSED: "已办结",
    State.REOPENED: "重新办理",
    State.TERMINATED: "已终止办理",
    State.MERGED: "已并单",
}

FINAL = frozenset({State.CLOSED, State.TERMINATED, State.MERGED})
# review states during which the unit's clock stops (the centre holds the order)
PAUSING = frozenset({State.RETURNED, State.TERMINATING, State.DISPUTED})
# states in which a unit is still expected to act (inbox "open" filter, overdue checks)
OPEN = frozenset(
    {State.DISPATCHED, State.SIGNED, State.IN_PROGRESS, State.EXTENSION, State.REOPENED}
)

PRIOR = "@prior"
SAME = "@same"

_WORKING = frozenset({State.SIGNED, State.IN_PROGRESS})
_ACTIVE = frozenset({State.DISPATCHED, State.SIGNED, State.IN_PROGRESS, State.REOPENED})
_ALL_OPEN = frozenset(set(State) - FINAL)


@dataclass(frozen=True)
class Rule:
    """Who may do ``action`` from which states, and where it leads."""

    action: str
    from_states: frozenset[str]
    roles: frozenset[Role]
    to: tuple[str, ...]
    label: str
    needs_reason: bool = False
    needs_materials: bool = False


def _r(
    action: str,
    src: frozenset[str] | set[str],
    roles: set[Role],
    to: tuple[str, ...],
    label: str,
    reason: bool = False,
    materials: bool = False,
) -> Rule:
    return Rule(action, frozenset(src), frozenset(roles), to, label, reason, materials)


RULES: dict[str, Rule] = {
    r.action: r
    for r in (
        _r("sign", {State.DISPATCHED, State.REOPENED}, {Role.LEAD}, (State.SIGNED,), "签收"),
        _r("contact", _WORKING, {Role.LEAD}, (State.IN_PROGRESS,), "联系诉求人"),
        _r(
            "request_return",
            {State.DISPATCHED, State.SIGNED, State.IN_PROGRESS, State.REOPENED},
            {Role.LEAD},
            (State.RETURNED,),
            "申请退单",
            reason=True,
            materials=True,
        ),
        _r(
            "approve_return",
            {State.RETURNED},
            {Role.CENTRE},
            (State.DISPATCHED,),
            "退单审核通过并重新派单",
            reason=True,
        ),
        _r(
            "reject_return",
            {State.RETURNED},
            {Role.CENTRE},
            (PRIOR,),
            "退单审核不通过",
            reason=True,
        ),
        _r(
            "request_extension",
            _WORKING | {State.REOPENED},
            {Role.LEAD},
            (State.EXTENSION,),
            "申请延期",
            reason=True,
        ),
        _r("approve_extension", {State.EXTENSION}, {Role.CENTRE}, (PRIOR,), "延期审核通过"),
        _r(
            "reject_extension",
            {State.EXTENSION},
            {Role.CENTRE},
            (PRIOR,),
            "延期审核不通过",
            reason=True,
        ),
        _r("add_co_units", _ACTIVE, {Role.LEAD, Role.CENTRE}, (SAME,), "增加协办单位"),
        _r(
            "co_report",
            _ACTIVE | {State.EXTENSION},
            {Role.CO},
            (SAME,),
            "协办单位反馈",
            reason=True,
        ),
        _r(
            "raise_dispute",
            {State.DISPATCHED, State.SIGNED, State.IN_PROGRESS},
            {Role.LEAD},
            (State.DISPUTED,),
            "提出职责争议",
            reason=True,
        ),
        _r(
            "decide_dispute",
            {State.DISPUTED},
            {Role.CENTRE},
            (State.DISPATCHED,),
            "会商确定承办单位",
            reason=True,
        ),
        _r("reply", _WORKING, {Role.LEAD}, (State.REPLIED,), "办结反馈", reason=True),
        _r(
            "request_termination",
            _WORKING,
            {Role.LEAD},
            (State.TERMINATING,),
            "申请终止办理",
            reason=True,
            materials=True,
        ),
        _r(
            "approve_termination",
            {State.TERMINATING},
            {Role.CENTRE},
            (State.TERMINATED,),
            "终止审核通过",
            reason=True,
        ),
        _r(
            "reject_termination",
            {State.TERMINATING},
            {Role.CENTRE},
            (PRIOR,),
            "终止审核不通过",
            reason=True,
        ),
        _r("start_callback", {State.REPLIED}, {Role.CENTRE}, (State.CALLBACK,), "开始回访"),
        _r(
            "record_callback",
            {State.REPLIED, State.CALLBACK},
            {Role.CENTRE},
            (State.CLOSED, State.REOPENED),
            "记录回访结果",
        ),
        _r(
            "evaluate",
            {State.REPLIED, State.CALLBACK},
            {Role.CITIZEN},
            (State.CLOSED, State.CALLBACK),
            "诉求人评价",
        ),
        _r("redispatch", _ACTIVE, {Role.CENTRE}, (State.DISPATCHED,), "中心改派", reason=True),
        _r("merge", _ACTIVE, {Role.CENTRE}, (State.MERGED,), "并单", reason=True),
        _r("supervise", _ALL_OPEN, {Role.CENTRE}, (SAME,), "督办", reason=True),
        _r("view_contact", set(State), {Role.LEAD, Role.CENTRE}, (SAME,), "查看联系方式"),
    )
}


def check(action: str, state: str, role: Role) -> Rule:
    """The rule for ``action`` if ``role`` may do it from ``state``.

    Raises :class:`Forbidden` when the role may never do it, :class:`IllegalTransition`
    when the order's state does not allow it now.
    """
    rule = RULES.get(action)
    if rule is None:
        raise IllegalTransition(f"未知的操作：{action}", action=action, state=state)
    if role not in rule.roles:
        raise Forbidden(f"当前身份（{role.value}）无权执行“{rule.label}”")
    if state not in rule.from_states:
        label = STATE_LABELS.get(state, state)
        raise IllegalTransition(
            f"工单当前状态为“{label}”，不能执行“{rule.label}”", action=action, state=state
        )
    return rule


def resolve_target(rule: Rule, state: str, prior: str | None, choice: str | None = None) -> str:
    """The state the order moves to under ``rule``."""
    target = choice if choice is not None else rule.to[0]
    if target not in rule.to:
        raise IllegalTransition(
            f"“{rule.label}”不能转到状态 {target}", action=rule.action, state=state
        )
    if target == PRIOR:
        return prior or State.SIGNED
    if target == SAME:
        return state
    return target
