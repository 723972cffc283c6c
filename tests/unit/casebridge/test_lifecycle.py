"""Every action × state × role against an independent table of what the regulation allows."""

from __future__ import annotations

import itertools

import pytest

from casebridge.errors import Forbidden, IllegalTransition
from casebridge.lifecycle import (
    PRIOR,
    RULES,
    SAME,
    STATE_LABELS,
    Role,
    State,
    check,
    resolve_target,
)

L, C, Z, P = Role.LEAD, Role.CO, Role.CENTRE, Role.CITIZEN
S = State
WORKING = (S.SIGNED, S.IN_PROGRESS)
ACTIVE = (S.DISPATCHED, S.SIGNED, S.IN_PROGRESS, S.REOPENED)
NOT_FINAL = tuple(s for s in S if s not in (S.CLOSED, S.TERMINATED, S.MERGED))

# (action, roles allowed, states allowed, first target) written from 第十四条–第十七条
ALLOWED: list[tuple[str, tuple[Role, ...], tuple[str, ...], str]] = [
    ("sign", (L,), (S.DISPATCHED, S.REOPENED), S.SIGNED),
    ("contact", (L,), WORKING, S.IN_PROGRESS),
    ("request_return", (L,), ACTIVE, S.RETURNED),
    ("approve_return", (Z,), (S.RETURNED,), S.DISPATCHED),
    ("reject_return", (Z,), (S.RETURNED,), PRIOR),
    ("request_extension", (L,), (*WORKING, S.REOPENED), S.EXTENSION),
    ("approve_extension", (Z,), (S.EXTENSION,), PRIOR),
    ("reject_extension", (Z,), (S.EXTENSION,), PRIOR),
    ("add_co_units", (L, Z), ACTIVE, SAME),
    ("co_report", (C,), (*ACTIVE, S.EXTENSION), SAME),
    ("raise_dispute", (L,), (S.DISPATCHED, *WORKING), S.DISPUTED),
    ("decide_dispute", (Z,), (S.DISPUTED,), S.DISPATCHED),
    ("reply", (L,), WORKING, S.REPLIED),
    ("request_termination", (L,), WORKING, S.TERMINATING),
    ("approve_termination", (Z,), (S.TERMINATING,), S.TERMINATED),
    ("reject_termination", (Z,), (S.TERMINATING,), PRIOR),
    ("start_callback", (Z,), (S.REPLIED,), S.CALLBACK),
    ("record_callback", (Z,), (S.REPLIED, S.CALLBACK), S.CLOSED),
    ("evaluate", (P,), (S.REPLIED, S.CALLBACK), S.CLOSED),
    ("redispatch", (Z,), ACTIVE, S.DISPATCHED),
    ("merge", (Z,), ACTIVE, S.MERGED),
    ("supervise", (Z,), NOT_FINAL, SAME),
    ("view_contact", (L, Z), tuple(S), SAME),
]
TABLE = {a: (roles, states, to) for a, roles, states, to in ALLOWED}


def test_table_covers_every_rule() -> None:
    assert set(TABLE) == set(RULES)
    assert set(STATE_LABELS) == set(S)


CASES = list(itertools.product(sorted(RULES), list(S), list(Role)))


@pytest.mark.parametrize(("action", "state", "role"), CASES)
def test_every_combination(action: str, state: State, role: Role) -> None:
    roles, states, to = TABLE[action]
    if role not in roles:
        with pytest.raises(Forbidden):
            check(action, state, role)
    elif state not in states:
        with pytest.raises(IllegalTransition) as info:
            check(action, state, role)
        assert STATE_LABELS[state] in str(info.value)
    else:
        rule = check(action, state, role)
        assert rule.to[0] == to


def test_targets_resolve() -> None:
    assert resolve_target(RULES["reject_return"], S.RETURNED, S.IN_PROGRESS) == S.IN_PROGRESS
    assert resolve_target(RULES["co_report"], S.SIGNED, None) == S.SIGNED
    assert resolve_target(RULES["record_callback"], S.CALLBACK, None, S.REOPENED) == S.REOPENED
    with pytest.raises(IllegalTransition):
        resolve_target(RULES["sign"], S.DISPATCHED, None, S.CLOSED)


def test_unknown_action() -> None:
    with pytest.raises(IllegalTransition):
        check("teleport", S.DISPATCHED, L)
