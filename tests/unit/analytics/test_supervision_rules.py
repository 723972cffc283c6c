"""The 第二十二条 triggers fired by a hand-moved clock."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from casebridge.supervision_policy import (
    Policy,
    SupervisionRuleError,
    load_policies,
    parse_policies,
)
from casebridge.supervision_rules import (
    KnowledgeSnapshot,
    OrderSnapshot,
    find_all,
    knowledge_stale,
    next_escalation,
    overdue,
    refused,
    repeated,
    timer_events,
)
from casebridge.supervision_terms import Method, Timer, Trigger

T0 = datetime(2025, 3, 3, 1, tzinfo=UTC)
POLICY = Policy()
CONFIG = Path(__file__).resolve().parents[3] / "config" / "data" / "supervision.yml"


def snap(number: str = "HZ1", **kw: object) -> OrderSnapshot:
    base = OrderSnapshot(
        number=number,
        unit_id="u1",
        unit_name="牡丹区住建局",
        state="dispatched",
        dispatched_at=T0,
        category="城乡建设",
        township="西城街道",
        deadlines={Timer.SIGN: T0 + timedelta(hours=2), Timer.REPLY: T0 + timedelta(days=5)},
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_sign_timer_warns_then_expires_then_stops_once_signed() -> None:
    o = snap()
    assert timer_events(o, T0 + timedelta(minutes=30), POLICY) == []
    (warn,) = timer_events(o, T0 + timedelta(hours=1, minutes=5), POLICY)
    assert (warn.timer, warn.stage) == (Timer.SIGN, "warning")
    (exp,) = timer_events(o, T0 + timedelta(hours=2), POLICY)
    assert (exp.timer, exp.stage) == (Timer.SIGN, "expired")
    assert warn.key != exp.key
    assert "签收时限" in exp.message_zh
    signed = replace(o, state="signed", done={Timer.SIGN: T0 + timedelta(hours=1)})
    assert timer_events(signed, T0 + timedelta(hours=3), POLICY) == []
    # the reply timer warns 24 h before its deadline
    events = timer_events(signed, T0 + timedelta(days=4, hours=1), POLICY)
    assert [(e.timer, e.stage) for e in events] == [(Timer.REPLY, "warning")]


def test_closed_orders_raise_nothing() -> None:
    o = snap(state="closed")
    assert timer_events(o, T0 + timedelta(days=30), POLICY) == []
    assert overdue(o, T0 + timedelta(days=30)) is None
    assert refused(o, T0 + timedelta(days=30), POLICY) is None


def test_overdue_fires_exactly_at_the_deadline() -> None:
    o = snap(state="in_progress", done={Timer.SIGN: T0})
    assert overdue(o, T0 + timedelta(days=5) - timedelta(seconds=1)) is None
    f = overdue(o, T0 + timedelta(days=5))
    assert f is not None
    assert f.trigger is Trigger.OVERDUE
    assert f.order_numbers == ("HZ1",)
    # an approved extension moves the deadline, and with it the key
    ext = replace(o, deadlines={Timer.REPLY: T0 + timedelta(days=10)})
    assert overdue(ext, T0 + timedelta(days=5)) is None
    f2 = overdue(ext, T0 + timedelta(days=10))
    assert f2 is not None
    assert f2.key != f.key


def test_refused_after_rejected_return_or_long_unsigned() -> None:
    o = snap()
    # unsigned: sign deadline T0+2h, grace 24 h
    assert refused(o, T0 + timedelta(hours=25, minutes=59), POLICY) is None
    f = refused(o, T0 + timedelta(hours=26), POLICY)
    assert f is not None
    assert f.trigger is Trigger.REFUSED
    assert "超过签收时限" in f.reason_zh
    rejected = replace(
        o, return_rejected_at=T0 + timedelta(hours=1), return_requests_after_rejection=1
    )
    f = refused(rejected, T0 + timedelta(hours=1, minutes=5), POLICY)
    assert f is not None
    assert "再次申请退单" in f.reason_zh
    assert (
        refused(replace(o, state="signed", done={Timer.SIGN: T0}), T0 + timedelta(days=3), POLICY)
        is None
    )


def test_repeated_by_one_citizen_and_by_many() -> None:
    now = T0 + timedelta(days=10)
    same = [snap(f"S{i}", citizen_key="c1", dispatched_at=T0 + timedelta(days=i)) for i in range(3)]
    findings = repeated(same[:2], now, POLICY)
    assert findings == []
    (f,) = repeated(same, now, POLICY)
    assert f.trigger is Trigger.REPEATED
    assert f.order_numbers == ("S0", "S1", "S2")
    assert "同一诉求人3次" in f.reason_zh
    # solved orders do not count
    solved = [*same[:2], replace(same[2], state="closed", resolved=True)]
    assert repeated(solved, now, POLICY) == []
    # five different citizens in one cluster, two units -> one finding per unit
    many = [
        snap(f"M{i}", citizen_key=f"k{i}", cluster_id="cl9", unit_id="u1" if i < 3 else "u2")
        for i in range(5)
    ]
    fs = repeated(many, now, POLICY)
    assert [(x.unit_id, x.order_numbers) for x in fs] == [
        ("u1", ("M0", "M1", "M2")),
        ("u2", ("M3", "M4")),
    ]
    assert "5位诉求人集中反映" in fs[0].reason_zh
    # outside the 30-day window: nothing
    assert repeated(many, T0 + timedelta(days=31), POLICY) == []


def test_knowledge_base_staleness() -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    fresh = KnowledgeSnapshot(
        "k1", "u1", "市医保局", "医保报销比例", updated_at=now - timedelta(days=10)
    )
    old = replace(fresh, entry_id="k2", title="异地就医备案", updated_at=now - timedelta(days=181))
    behind = replace(
        fresh, entry_id="k3", title="门诊统筹", policy_changed_at=now - timedelta(days=4)
    )
    flagged = replace(
        fresh, entry_id="k4", unit_id="u2", unit_name="市人社局", flagged_noncompliant=True
    )
    fs = knowledge_stale([fresh, old, behind, flagged], now, POLICY)
    assert [(f.unit_id, f.entry_ids) for f in fs] == [("u1", ("k2", "k3")), ("u2", ("k4",))]
    assert all(f.trigger is Trigger.KB_STALE for f in fs)
    # a policy changed 2 days ago is still within the 3-day grace
    recent = replace(behind, policy_changed_at=now - timedelta(days=2))
    assert knowledge_stale([recent], now, POLICY) == []


def test_escalation_ladder_in_order() -> None:
    opened = T0
    step = next_escalation(opened, [], opened, POLICY)
    assert step is not None
    assert step.step == "urge_notice"
    assert step.method is Method.WRITTEN
    assert next_escalation(opened, ["urge_notice"], opened + timedelta(hours=23), POLICY) is None
    step = next_escalation(opened, ["urge_notice"], opened + timedelta(days=30), POLICY)
    assert step is not None
    assert step.step == "phone_urge"
    taken = [s.step for s in POLICY.escalation]
    assert next_escalation(opened, taken, opened + timedelta(days=60), POLICY) is None


def test_policies_from_the_shipped_yaml() -> None:
    policies = load_policies(CONFIG)
    assert set(policies) >= {"default", "菏泽市"}
    city = policies["菏泽市"]
    assert [s.step for s in city.escalation][-2:] == ["meeting", "public_reprimand"]
    assert city.escalation[-1].public
    # inherited from default
    assert city.same_citizen_min == 3
    assert city.warn_before[Timer.REPLY] == timedelta(hours=24)


def test_bad_policy_is_a_clear_error() -> None:
    with pytest.raises(SupervisionRuleError, match="centres"):
        parse_policies({})
    with pytest.raises(SupervisionRuleError, match="unknown timer"):
        parse_policies({"centres": {"default": {"timers": {"lunch": {"warn_before_hours": 1}}}}})
    with pytest.raises(SupervisionRuleError, match="must not decrease"):
        parse_policies(
            {
                "centres": {
                    "default": {
                        "escalation": [
                            {"step": "a", "label": "甲", "after_hours": 10},
                            {"step": "b", "label": "乙", "after_hours": 5},
                        ]
                    }
                }
            }
        )
    with pytest.raises(SupervisionRuleError, match="at least 2"):
        parse_policies({"centres": {"default": {"repeated": {"same_citizen_min": 1}}}})


def test_find_all_uses_each_centres_policy() -> None:
    strict = replace(POLICY, name="曹县", refuse_grace=timedelta(hours=1))
    policies = {"default": POLICY, "曹县": strict}
    a = snap("A")
    b = snap("B", centre="曹县")
    now = T0 + timedelta(hours=3, minutes=30)
    events, findings = find_all([a, b], [], now, policies)
    assert {(e.order_number, e.stage) for e in events} == {("A", "expired"), ("B", "expired")}
    assert [(f.trigger, f.order_numbers) for f in findings] == [(Trigger.REFUSED, ("B",))]


def test_new_orders_within_their_limit_are_not_an_unsolved_repeat() -> None:
    # five raisings by one citizen minutes apart, each within its 5-day limit: nothing
    minutes = [
        snap(f"N{i}", citizen_key="c1", dispatched_at=T0 + timedelta(minutes=i)) for i in range(5)
    ]
    assert repeated(minutes, T0 + timedelta(minutes=10), POLICY) == []
    # the same matter in one township by five different people, all new: nothing either
    many_new = [replace(o, citizen_key=f"k{i}") for i, o in enumerate(minutes)]
    assert repeated(many_new, T0 + timedelta(minutes=10), POLICY) == []
    # once the first order is past due, it and the later raisings count
    (f,) = repeated(minutes, T0 + timedelta(days=5), POLICY)
    assert f.order_numbers == ("N0", "N1", "N2", "N3", "N4")
    # called back as unsolved: the matter counts at once, from that order on
    unsolved = [replace(minutes[0], state="callback", resolved=False), *minutes[1:]]
    (f,) = repeated(unsolved, T0 + timedelta(minutes=10), POLICY)
    assert "同一诉求人5次" in f.reason_zh
    # orders raised before the first unsolved one are not repeats of it
    later = [replace(minutes[3], state="callback", resolved=False), minutes[4], *minutes[:3]]
    assert repeated(later, T0 + timedelta(minutes=10), POLICY) == []


def test_orders_without_a_citizen_identity_are_never_one_citizen() -> None:
    now = T0 + timedelta(days=10)  # every order past due
    anonymous = [
        snap(f"A{i}", citizen_key=None, township=f"镇{i}", dispatched_at=T0 + timedelta(hours=i))
        for i in range(6)
    ]
    assert repeated(anonymous, now, POLICY) == []
