"""The case service on SQLite and PostgreSQL: intake, every lifecycle path, bad input."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casebridge.cases import Actor
from casebridge.errors import Forbidden, IllegalTransition, InvalidInput, NotFound, VersionConflict
from casebridge.models import Appeal, OrderEvent, OutboxMessage, WorkOrder
from casebridge.schemas import Attachment

from .conftest import Env, draft

pytestmark = pytest.mark.integration

CENTRE = Actor.centre("值班员A")
ZJ = Actor.unit("CX-ZJ")  # 曹县住房和城乡建设局
MATERIAL: list[Attachment] = [{"name": "职责说明.pdf", "url": "https://example.invalid/m.pdf"}]


async def counts(env: Env, number: str) -> tuple[int, int, str]:
    async with env.sessions() as s:
        o = (await s.execute(select(WorkOrder).where(WorkOrder.number == number))).scalar_one()
        n = (await s.execute(select(func.count()).where(OrderEvent.order_id == o.id))).scalar_one()
        return o.version, n, o.state


async def test_intake_dispatches_with_holiday_deadline(env: Env) -> None:
    r = await env.cases.open_work_order(draft("k1"))
    assert r.created
    assert r.number == "HZ20250930-000001"
    assert r.unit_name == "曹县住房和城乡建设局"
    # National Day 2025: Oct 1-8 off, Sat Oct 11 is an adjusted working day.
    # Working days after Sep 30: Oct 9, 10, 11, 13, 14 -> due 24:00 Oct 14 Shanghai.
    assert r.deadline == datetime(2025, 10, 14, 16, 0, tzinfo=UTC)
    rec = await env.cases.get_order(r.number, ZJ)
    assert rec.state == "dispatched"
    assert rec.service_code == "CXJS-10"
    assert rec.limit == "5个工作日"
    events = await env.cases.events(r.number, ZJ)
    assert [e.action for e in events][:1] == ["dispatch"]


async def test_utility_gets_shorter_limit(env: Env) -> None:
    r = await env.cases.open_work_order(
        draft("u1", category_level2="城市建设和市政管理", unit_type="utility:water", county="曹县")
    )
    assert r.unit_name == "曹县自来水公司"
    assert r.deadline == datetime(2025, 10, 1, 2, 0, tzinfo=UTC)  # 24 hours, holiday or not
    rec = await env.cases.get_order(r.number, Actor.unit("U-WATER-CX"))
    assert rec.utility
    assert rec.limit == "24小时"


async def test_fallback_to_county_government(env: Env) -> None:
    r = await env.cases.open_work_order(
        draft(
            "f1",
            category_level1="农村农业",
            category_level2="村务管理",
            county="单县",
            township="不存在镇",
        )
    )
    assert r.unit_name == "单县人民政府"
    ev = (await env.cases.events(r.number, Actor.unit("SX-GOV")))[0]
    assert ev.data["fallback"] is True
    assert "兜底" in (ev.reason or "")


async def test_idempotent_sequential_and_concurrent(env: Env) -> None:
    first = await env.cases.open_work_order(draft("same"))
    again = await env.cases.open_work_order(draft("same", text="不同的文字"))
    assert not again.created
    assert again.number == first.number
    results = await asyncio.gather(*(env.cases.open_work_order(draft("race")) for _ in range(8)))
    assert sum(r.created for r in results) == 1
    assert len({r.number for r in results}) == 1
    async with env.sessions() as s:
        n = (await s.execute(select(func.count()).select_from(Appeal))).scalar_one()
    assert n == 2


async def test_concurrent_numbers_unique_and_dense(env: Env) -> None:
    results = await asyncio.gather(*(env.cases.open_work_order(draft(f"n{i}")) for i in range(12)))
    numbers = sorted(r.number for r in results)
    assert numbers == [f"HZ20250930-{i:06d}" for i in range(1, 13)]


async def test_happy_path_sign_contact_reply_callback(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("h1"))).number
    rec = await env.cases.sign(n, ZJ)
    assert rec.state == "signed"
    assert rec.signed_at is not None
    rec = await env.cases.log_contact(n, ZJ, method="phone", note="已电话联系诉求人")
    assert rec.state == "in_progress"
    assert rec.contacted_at is not None
    rec = await env.cases.reply(n, ZJ, text="已更换楼道灯，诉求人认可。")
    assert rec.state == "replied"
    rec = await env.cases.start_callback(n, CENTRE)
    assert rec.state == "callback"
    rec = await env.cases.record_callback(n, CENTRE, satisfaction="satisfied")
    assert rec.state == "closed"
    assert rec.satisfaction == "satisfied"
    actions = [e.action for e in await env.cases.events(n, CENTRE)]
    assert actions == [
        "dispatch",
        "sign",
        "contact",
        "reply",
        "start_callback",
        "record_callback",
    ]


@pytest.mark.parametrize(
    ("setup", "action", "error"),
    [
        ([], "reply", IllegalTransition),  # reply before sign
        (["sign"], "sign", IllegalTransition),  # double sign
        ([], "contact", IllegalTransition),
        (["sign", "reply"], "request_return", IllegalTransition),
        ([], "other_unit_sign", NotFound),  # another unit's order: as if it did not exist
        ([], "centre_sign", Forbidden),  # the centre never signs for a unit
        ([], "unit_review", Forbidden),  # a unit cannot review its own return
    ],
)
async def test_illegal_actions_change_nothing(
    env: Env, setup: list[str], action: str, error: type[Exception]
) -> None:
    n = (await env.cases.open_work_order(draft("ill"))).number
    for step in setup:
        if step == "sign":
            await env.cases.sign(n, ZJ)
        elif step == "reply":
            await env.cases.reply(n, ZJ, text="已办理")
    before = await counts(env, n)

    async def attempt() -> object:
        if action == "reply":
            return await env.cases.reply(n, ZJ, text="想先回复")
        if action == "sign":
            return await env.cases.sign(n, ZJ)
        if action == "contact":
            return await env.cases.log_contact(n, ZJ, method="phone", note=None)
        if action == "request_return":
            return await env.cases.request_return(n, ZJ, reason="不属于本单位", materials=MATERIAL)
        if action == "other_unit_sign":
            return await env.cases.sign(n, Actor.unit("CX-GA"))
        if action == "centre_sign":
            return await env.cases.sign(n, CENTRE)
        return await env.cases.review_return(n, ZJ, approve=True, reason="x", unit_code="CX-CG")

    with pytest.raises(error):
        await attempt()
    assert await counts(env, n) == before


async def test_bad_input_is_refused(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("bad"))).number
    await env.cases.sign(n, ZJ)
    with pytest.raises(InvalidInput):
        await env.cases.request_return(n, ZJ, reason="不归我们管", materials=[])
    with pytest.raises(InvalidInput):
        await env.cases.reply(n, ZJ, text="   ")
    with pytest.raises(InvalidInput):
        await env.cases.request_extension(
            n, ZJ, reason="复杂", stage_report="进行中", working_days=99
        )
    with pytest.raises(NotFound):
        await env.cases.sign("HZ20990101-000001", ZJ)
    with pytest.raises(NotFound):
        await env.cases.add_co_units(n, ZJ, unit_codes=["NO-SUCH"])
    with pytest.raises(InvalidInput):
        await env.cases.request_termination(n, ZJ, ground="bored", reason="x", materials=MATERIAL)
    assert (await counts(env, n))[2] == "signed"


async def test_return_approved_redispatches(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("ret"))).number
    await env.cases.sign(n, ZJ)
    rec = await env.cases.request_return(
        n, ZJ, reason="属城管执法事项", materials=MATERIAL, suggested_unit="CX-CG"
    )
    assert rec.state == "returned"
    assert rec.pending
    assert rec.pending["type"] == "return"
    assert rec.paused
    with pytest.raises(InvalidInput):  # back to the same unit is not a re-dispatch
        await env.cases.review_return(n, CENTRE, approve=True, reason="x", unit_code="CX-ZJ")
    env.clock.advance(hours=3)
    rec = await env.cases.review_return(
        n, CENTRE, approve=True, reason="审查属实", unit_code="CX-CG"
    )
    assert rec.state == "dispatched"
    assert rec.lead_unit.code == "CX-CG"
    assert rec.deadline_at is not None
    assert rec.deadline_at > env.clock.now
    with pytest.raises(NotFound):  # the old unit no longer sees it
        await env.cases.get_order(n, ZJ)
    assert (await env.cases.sign(n, Actor.unit("CX-CG"))).state == "signed"


async def test_return_refused_resumes_clock(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("ret2"))).number
    await env.cases.sign(n, ZJ)
    deadline = (await env.cases.get_order(n, ZJ)).deadline_at
    assert deadline is not None
    await env.cases.request_return(n, ZJ, reason="不属于本单位", materials=MATERIAL)
    env.clock.advance(hours=5)
    rec = await env.cases.review_return(n, CENTRE, approve=False, reason="属本单位职责")
    assert rec.state == "signed"
    assert rec.lead_unit.code == "CX-ZJ"
    assert rec.deadline_at == deadline + timedelta(hours=5)  # paused while under review
    assert not rec.paused
    assert rec.pending is None


async def test_extension_moves_deadline_or_not(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("ext"))).number
    await env.cases.sign(n, ZJ)
    old = (await env.cases.get_order(n, ZJ)).deadline_at
    rec = await env.cases.request_extension(
        n, ZJ, reason="需协调维修资金", stage_report="已勘查", working_days=3
    )
    assert rec.state == "extension"
    rec = await env.cases.review_extension(n, CENTRE, approve=True)
    assert rec.state == "signed"
    assert rec.extension_count == 1
    # Oct 14 24:00 + 3 working days: Oct 15, 16, 17 -> Oct 17 24:00 Shanghai
    assert old == datetime(2025, 10, 14, 16, 0, tzinfo=UTC)
    assert rec.deadline_at == datetime(2025, 10, 17, 16, 0, tzinfo=UTC)
    await env.cases.request_extension(n, ZJ, reason="再延", stage_report="进行中", working_days=2)
    rec = await env.cases.review_extension(n, CENTRE, approve=False, reason="理由不充分")
    assert rec.state == "signed"
    assert rec.deadline_at == datetime(2025, 10, 17, 16, 0, tzinfo=UTC)


async def test_co_units_report_to_lead(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("co"))).number
    await env.cases.sign(n, ZJ)
    rec = await env.cases.add_co_units(n, ZJ, unit_codes=["CX-CG", "CX-T01"], reason="需协同")
    assert [c.code for c in rec.co_units] == ["CX-CG", "CX-T01"]
    co = Actor.unit("CX-CG")
    with pytest.raises(Forbidden):  # a co-unit does not sign or reply
        await env.cases.sign(n, co)
    with pytest.raises(Forbidden):
        await env.cases.reply(n, co, text="x")
    rec = await env.cases.co_report(n, co, text="已清理占道杂物")
    cg = next(c for c in rec.co_units if c.code == "CX-CG")
    assert cg.reported_at is not None
    assert cg.report_text == "已清理占道杂物"
    assert (await env.cases.get_order(n, co)).contact is None  # co-units never see contact
    inbox = await env.cases.list_orders(co, role="co")
    assert [i.number for i in inbox.items] == [n]
    assert inbox.items[0].role == "co"
    rec = await env.cases.reply(n, ZJ, text="会同城管完成整治")
    last = (await env.cases.events(n, ZJ))[-1]
    assert last.action == "reply"
    assert last.data["co_units_not_reported"] == ["CX-T01"]


async def test_dispute_consultation_decides(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("dis"))).number
    rec = await env.cases.raise_dispute(
        n, ZJ, reason="涉及住建与城管职责交叉", unit_codes=["CX-CG"]
    )
    assert rec.state == "disputed"
    rec = await env.cases.decide_dispute(
        n, CENTRE, unit_code="CX-CG", co_unit_codes=["CX-ZJ"], reason="会商确定由城管主办、住建协办"
    )
    assert rec.state == "dispatched"
    assert rec.lead_unit.code == "CX-CG"
    assert [c.code for c in rec.co_units if c.active] == ["CX-ZJ"]
    assert (await env.cases.get_order(n, ZJ)).number == n  # now a co-unit


@pytest.mark.parametrize("approve", [True, False])
async def test_termination_review(env: Env, approve: bool) -> None:
    n = (await env.cases.open_work_order(draft(f"term{approve}"))).number
    await env.cases.sign(n, ZJ)
    await env.cases.log_contact(n, ZJ, method="phone", note="诉求人拒绝提供地址")
    rec = await env.cases.request_termination(
        n, ZJ, ground="refused_information", reason="拒绝提供具体地址", materials=MATERIAL
    )
    assert rec.state == "terminating"
    rec = await env.cases.review_termination(n, CENTRE, approve=approve, reason="审核")
    assert rec.state == ("terminated" if approve else "in_progress")


async def test_unsatisfied_reasonable_callback_reopens(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("reo"))).number
    await env.cases.sign(n, ZJ)
    await env.cases.reply(n, ZJ, text="已处理")
    with pytest.raises(InvalidInput):
        await env.cases.record_callback(n, CENTRE, satisfaction="unsatisfied")
    rec = await env.cases.record_callback(
        n, CENTRE, satisfaction="unsatisfied", reasonable=True, comment="灯仍未修好"
    )
    assert rec.state == "reopened"
    assert rec.reopen_count == 1
    await env.cases.sign(n, ZJ)
    await env.cases.reply(n, ZJ, text="已再次维修并确认")
    rec = await env.cases.record_callback(n, CENTRE, satisfaction="unsatisfied", reasonable=False)
    assert rec.state == "closed"


async def test_merge_keeps_citizen_informed(env: Env) -> None:
    a = (await env.cases.open_work_order(draft("m1"))).number
    b = (await env.cases.open_work_order(draft("m2", contact_phone="13900001111"))).number
    rec = await env.cases.merge(b, CENTRE, into=a, reason="同一楼道同一问题")
    assert rec.state == "merged"
    assert rec.merged_into == a
    await env.cases.sign(a, ZJ)
    await env.cases.reply(a, ZJ, text="已修复")
    view = await env.cases.progress(b, "1111")
    assert view is not None
    assert a in (view.result or "")
    assert "已修复" in (view.result or "")
    with pytest.raises(IllegalTransition):
        await env.cases.sign(b, ZJ)


async def test_progress_and_evaluation(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("p1"))).number
    assert await env.cases.progress(n, "0000") is None
    assert await env.cases.progress(n, None) is None
    view = await env.cases.progress(n, "5678")
    assert view is not None
    assert view.state_label == "已派单"
    assert not view.can_evaluate
    anon = (
        await env.cases.open_work_order(
            draft("p2", contact_phone=None, contact_name=None, anonymous=True)
        )
    ).number
    assert await env.cases.progress(anon, "5678") is None
    assert await env.cases.progress(anon, None, channel="wechat", sender="openid-p2") is not None
    await env.cases.sign(n, ZJ)
    await env.cases.reply(n, ZJ, text="已处理完毕")
    view = await env.cases.progress(n, "5678")
    assert view is not None
    assert view.result == "已处理完毕"
    assert view.can_evaluate
    assert not await env.cases.record_evaluation(n, "satisfied", None, "wechat", "someone-else")
    assert await env.cases.record_evaluation(n, "satisfied", "很及时", "wechat", "openid-p1")
    assert (await counts(env, n))[2] == "closed"
    assert not await env.cases.record_evaluation(n, "satisfied", None, "wechat", "openid-p1")


async def test_contact_shown_only_when_needed_and_audited(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("c1"))).number
    rec = await env.cases.get_order(n, ZJ)
    assert rec.contact is not None
    assert rec.contact.phone == "13812345678"
    assert "13812345678" not in rec.appeal.text  # numbers in free text are masked
    views = [e for e in await env.cases.events(n, ZJ) if e.action == "view_contact"]
    assert len(views) == 1
    assert views[0].actor_unit == "CX-ZJ"
    comp = (await env.cases.open_work_order(draft("c2", order_type="staff_complaint"))).number
    rec = await env.cases.get_order(comp, ZJ)
    assert rec.contact is None
    assert not rec.needs_contact
    assert not [e for e in await env.cases.events(comp, ZJ) if e.action == "view_contact"]


async def test_concurrent_sign_one_wins(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("cs"))).number
    results = await asyncio.gather(
        *(env.cases.sign(n, ZJ) for _ in range(4)), return_exceptions=True
    )
    ok = [r for r in results if not isinstance(r, BaseException)]
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(ok) == 1
    assert all(isinstance(e, IllegalTransition) for e in errors)
    signs = [e for e in await env.cases.events(n, ZJ) if e.action == "sign"]
    assert len(signs) == 1


async def test_concurrent_co_reports_both_kept(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("cr"))).number
    await env.cases.add_co_units(n, CENTRE, unit_codes=["CX-CG", "CX-GA"])
    await asyncio.gather(
        env.cases.co_report(n, Actor.unit("CX-CG"), text="城管已处理"),
        env.cases.co_report(n, Actor.unit("CX-GA"), text="公安已处理"),
    )
    rec = await env.cases.get_order(n, CENTRE)
    assert {c.code: c.report_text for c in rec.co_units} == {
        "CX-CG": "城管已处理",
        "CX-GA": "公安已处理",
    }


async def test_expected_version_conflict(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("v"))).number
    rec = await env.cases.get_order(n, ZJ)
    await env.cases.sign(n, ZJ, expected_version=rec.version)
    with pytest.raises(VersionConflict):
        await env.cases.log_contact(n, ZJ, method="phone", note=None, expected_version=rec.version)


async def test_outbox_rows_written_with_change(env: Env) -> None:
    ep = await env.cases.register_endpoint("CX-ZJ", "http://127.0.0.1:9/hook")
    assert ep.secret
    assert ep.secret.startswith("whsec_")
    n = (await env.cases.open_work_order(draft("ob"))).number
    await env.cases.sign(n, ZJ)
    async with env.sessions() as s:
        rows = (await s.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars().all()
    assert [r.event_type for r in rows] == ["order.dispatched", "order.updated"]
    assert all(r.status == "pending" for r in rows)
    assert '"contact"' not in rows[0].payload or '"contact":null' in rows[0].payload
    with pytest.raises(InvalidInput):  # a failing change writes no outbox row
        await env.cases.reply(n, ZJ, text="")
    async with env.sessions() as s:
        assert (await s.execute(select(func.count()).select_from(OutboxMessage))).scalar_one() == 2


async def test_supervision_and_deadline_warning(env: Env) -> None:
    await env.cases.register_endpoint("CX-ZJ", "http://127.0.0.1:9/hook")
    n = (await env.cases.open_work_order(draft("sup"))).number
    rec = await env.cases.supervise(n, CENTRE, ground="overdue", method="phone", note="请加快")
    assert rec.state == "dispatched"
    env.clock.advance(days=14)  # close to the Oct 14 deadline
    assert await env.cases.emit_deadline_warnings() == 1
    assert await env.cases.emit_deadline_warnings() == 0  # once per deadline
    async with env.sessions() as s:
        types = (
            (await s.execute(select(OutboxMessage.event_type).order_by(OutboxMessage.id)))
            .scalars()
            .all()
        )
    assert types == ["order.dispatched", "order.supervision_opened", "order.deadline_near"]


async def test_unit_keys(env: Env) -> None:
    from casebridge.keys import demo_unit_key

    key = demo_unit_key("test-secret-key", "CX-ZJ")
    who = await env.cases.authenticate_unit(key)
    assert who is not None
    assert who.code == "CX-ZJ"
    assert await env.cases.authenticate_unit(key + "x") is None
    new = await env.cases.rotate_unit_key("CX-ZJ")
    assert await env.cases.authenticate_unit(key) is None
    assert (await env.cases.authenticate_unit(new)) is not None
    await env.cases.sync_units()  # a restart keeps the rotated key
    assert (await env.cases.authenticate_unit(new)) is not None


async def test_attachments_kept(env: Env) -> None:
    from casebridge.intake import DraftAttachment

    pic = DraftAttachment(kind="image", mime="image/jpeg", size=1234, blob_key="b/1.jpg")
    n = (await env.cases.open_work_order(draft("att", attachments=(pic,)))).number
    rec = await env.cases.get_order(n, ZJ)
    assert rec.appeal.attachments[0]["blob_key"] == "b/1.jpg"
    assert rec.appeal.attachments[0]["mime"] == "image/jpeg"
