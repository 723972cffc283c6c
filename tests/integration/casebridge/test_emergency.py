"""Emergency handover (第十三条(一)): record, signed push, outage, masking, trail.

A real HTTP receiver plays the dispatch desk and checks every push with the
``standardwebhooks`` library; the delivery worker is the outbox's, as the gateway runs it
for ``emergency.*`` rows (fast retries, no dead letter).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casebridge.emergency import EmergencyDesk, EmergencyReport, Receiver
from casebridge.errors import NotFound
from casebridge.models import OutboxMessage
from casebridge.outbox import DeliveryWorker

from .conftest import Clock, Env
from .receiver import SignedReceiver, serving

pytestmark = pytest.mark.integration
SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def desk_receiver() -> Iterator[SignedReceiver]:
    """The 119 dispatch desk's receiver: answers 503 while ``down``, verifies otherwise."""
    with serving(SignedReceiver("/dispatch", SECRET)) as desk:
        yield desk


def report(key: str, **kw: object) -> EmergencyReport:
    base: dict[str, object] = {
        "idempotency_key": f"sms:{key}:119",
        "service": "119",
        "reason": "火灾",
        "channel": "sms",
        "conversation_key": "sms:+8653012345:+8613953001234",
        "sender": "+8613953001234",
        "text": "我家楼下着火了，牡丹区西城街道桂陵路18号，我叫王小明，电话13953001234",
        "reported_at": datetime(2025, 9, 30, 2, 0, tzinfo=UTC),
        "contact_phone": "+8613953001234",
        "contact_name": "王小明",
        "place": "牡丹区西城街道桂陵路18号",
        "latitude": 35.2481,
        "longitude": 115.4656,
    }
    base.update(kw)
    return EmergencyReport(**base)  # type: ignore[arg-type]


def emergency_worker(env: Env, clock: Clock) -> DeliveryWorker:
    return DeliveryWorker(
        env.sessions,
        clock=clock,
        event_prefix="emergency.",
        base_delay=2.0,
        max_delay=30.0,
        max_attempts=10**9,
        timeout=2.0,
    )


async def test_record_push_is_signed_and_complete(env: Env, desk_receiver: SignedReceiver) -> None:
    clock = Clock(datetime.now(UTC))
    desk = EmergencyDesk(env.sessions, {"119": Receiver(desk_receiver.url, SECRET)}, clock)
    view = await desk.hand_over(report("m1"))
    assert view.delivery == "pending"
    assert view.masked
    assert view.contact_phone == "139****1234"
    assert view.contact_name == "王**"
    assert "13953001234" not in view.text
    assert "13953001234" not in view.conversation_key
    assert await emergency_worker(env, clock).run_once() == 1
    (payload,) = desk_receiver.payloads
    assert payload["type"] == "emergency.119"
    data = payload["data"]
    assert isinstance(data, dict)
    assert data["contact_phone"] == "+8613953001234"  # the desk needs it in clear
    assert data["contact_name"] == "王小明"
    assert data["place"] == "牡丹区西城街道桂陵路18号"
    assert data["id"] == view.id
    assert desk_receiver.bad_signatures == 0
    (alert,) = await desk.alerts()
    assert alert.delivery == "delivered"


async def test_a_retried_message_finds_the_same_record(env: Env) -> None:
    desk = EmergencyDesk(env.sessions, {"119": Receiver("http://127.0.0.1:9/x", SECRET)})
    first = await desk.hand_over(report("m2"))
    again = await desk.hand_over(report("m2"))
    assert first.id == again.id
    async with env.sessions() as s:
        rows = await s.scalar(select(func.count()).select_from(OutboxMessage))
    assert rows == 1


async def test_receiver_down_for_an_hour_gets_every_record_once_back(
    env: Env, desk_receiver: SignedReceiver
) -> None:
    # the outage starts an hour before the real now, so the final pushes carry a
    # timestamp the receiver's replay check accepts
    clock = Clock(datetime.now(UTC) - timedelta(hours=1))
    desk = EmergencyDesk(env.sessions, {"119": Receiver(desk_receiver.url, SECRET)}, clock)
    worker = emergency_worker(env, clock)
    units_worker = DeliveryWorker(env.sessions, clock=clock, exclude_prefix="emergency.")
    desk_receiver.down = True
    made = []
    for minute in range(0, 60, 5):  # a record every five minutes of the outage
        made.append((await desk.hand_over(report(f"outage-{minute}"))).id)
        for _ in range(5):
            await worker.run_once()
            assert await units_worker.run_once() == 0  # never the units' worker's rows
            clock.advance(minutes=1)
    assert desk_receiver.refused > len(made)  # it kept trying all hour
    assert desk_receiver.payloads == []
    desk_receiver.down = False
    clock.advance(seconds=31)  # the retry cap: every row is due again within 30 s
    while await worker.run_once():
        pass
    got = [str(p["data"]["id"]) for p in desk_receiver.payloads]  # type: ignore[index]
    assert sorted(got) == sorted(made)  # every record, each once
    assert len({m for m, _ in desk_receiver.accepted}) == len(made)
    assert all(a.delivery == "delivered" for a in await desk.alerts())
    trail = await desk.trail(made[0])
    actions = [t["action"] for t in trail]
    assert actions[0] == "created"
    assert actions.count("push_failed") >= 10
    assert actions[-1] == "push_ok"


async def test_acknowledge_reveal_and_trail(env: Env) -> None:
    desk = EmergencyDesk(env.sessions, {})  # no receiver configured: kept and alerted
    view = await desk.hand_over(report("m3"))
    assert view.delivery == "no_receiver"
    assert [a.id for a in await desk.alerts()] == [view.id]
    clear = await desk.reveal(view.id, "admin")
    assert clear.contact_phone == "+8613953001234"
    assert not clear.masked
    acked = await desk.acknowledge(view.id, "agent7")
    assert acked.status == "acknowledged"
    assert acked.acknowledged_by == "agent7"
    assert await desk.alerts() == []
    assert [a.id for a in await desk.alerts(include_acknowledged=True)] == [view.id]
    await desk.acknowledge(view.id, "agent8")  # a second click is recorded, not applied
    assert (await desk.alerts(include_acknowledged=True))[0].acknowledged_by == "agent7"
    trail = [(t["actor"], t["action"]) for t in await desk.trail(view.id)]
    assert trail == [
        ("system", "created"),
        ("system", "no_receiver"),
        ("admin", "revealed"),
        ("agent7", "acknowledged"),
        ("agent8", "acknowledged_again"),
    ]
    with pytest.raises(NotFound):
        await desk.acknowledge("EM0000", "agent7")


async def test_receivers_follow_the_settings(env: Env) -> None:
    first = EmergencyDesk(env.sessions, {"110": Receiver("http://a.example/1", SECRET)})
    ids = await first.sync_receivers()
    moved = EmergencyDesk(env.sessions, {"110": Receiver("http://b.example/1", SECRET)})
    assert await moved.sync_receivers() == ids  # the same endpoint, new address
    view = await moved.hand_over(report("m4", service="110", idempotency_key="k110"))
    async with env.sessions() as s:
        row = await s.scalar(
            select(OutboxMessage).where(OutboxMessage.event_type == "emergency.110")
        )
    assert row is not None
    assert json.loads(row.payload)["data"]["id"] == view.id


async def test_what_the_citizen_adds_goes_to_the_same_record(env: Env) -> None:
    """Trial12 P05: the place and phone sent after the numbers amend the record."""
    desk = EmergencyDesk(env.sessions, {})
    first = await desk.hand_over(
        report(
            "m9",
            service="120",
            text="俺爹刚才吃着饭突然一头栽桌子上了 嘴歪了",
            contact_phone=None,
            contact_name=None,
            place=None,
            latitude=None,
            longitude=None,
        )
    )
    assert first.contact_phone is None
    said = "恁帮俺叫个救护车吧 俺手抖得拨不了号 俺在曹县 青菏街道 万福小区6号楼"
    placed = await desk.amend(
        report(
            "m10",
            service="120",
            text=said,
            contact_phone=None,
            contact_name=None,
            place="曹县青菏街道万福小区6号楼",
            latitude=None,
            longitude=None,
        )
    )
    assert placed.id == first.id
    assert placed.place == "曹县青菏街道万福小区6号楼"
    phoned = await desk.amend(
        report(
            "m11",
            service="120",
            text="电话13853004499",
            contact_phone="13853004499",
            contact_name=None,
            place=None,
            latitude=None,
            longitude=None,
        )
    )
    assert phoned.id == first.id
    clear = await desk.reveal(first.id, "admin")
    assert clear.contact_phone == "13853004499"
    assert clear.place == "曹县青菏街道万福小区6号楼"
    assert "拨不了号" in clear.text
    assert "（补充）电话13853004499" in clear.text
    again = await desk.amend(  # a retried message changes nothing more
        report(
            "m11",
            service="120",
            text="电话13853004499",
            contact_phone="13853004499",
            contact_name=None,
            place=None,
            latitude=None,
            longitude=None,
        )
    )
    assert again.id == first.id
    actions = [t["action"] for t in await desk.trail(first.id)]
    assert actions.count("amended") == 2
    # another conversation, or another service, has a record of its own
    other = await desk.amend(report("m12", conversation_key="sms:+8653012345:+8613953009999"))
    assert other.id != first.id
    assert len(await desk.alerts()) == 2


async def test_every_number_told_is_on_the_record_and_the_push(
    env: Env, desk_receiver: SignedReceiver
) -> None:
    """trial13 Q06: gas with someone unwell is told 119, then 120; the record, the
    console's view and the desk's push carry both (119 first) and the reason."""
    clock = Clock(datetime.now(UTC))
    desk = EmergencyDesk(env.sessions, {"119": Receiver(desk_receiver.url, SECRET)}, clock)
    reason = "疑似燃气泄漏，已告知119；现场有人已身体不适，同时告知120医疗急救"
    view = await desk.hand_over(
        report("q06", reason=reason, also=("120", "119", "120", "999"))  # dupes, unknown
    )
    assert view.service == "119"
    assert view.services == ("119", "120")
    assert view.services_name == "火警、医疗急救"
    assert view.reason == reason
    shown = view.as_json()
    assert shown["services"] == ["119", "120"]
    assert shown["reason"] == reason
    (alert,) = await desk.alerts()
    assert alert.services == ("119", "120")
    assert await emergency_worker(env, clock).run_once() == 1
    (payload,) = desk_receiver.payloads
    data = payload["data"]
    assert isinstance(data, dict)
    assert data["service"] == "119"
    assert data["services"] == ["119", "120"]
    assert data["reason"] == reason


async def test_a_record_of_one_number_lists_that_number(env: Env) -> None:
    desk = EmergencyDesk(env.sessions, {})
    view = await desk.hand_over(report("one"))
    assert view.services == ("119",)
    assert view.services_name == "火警"
