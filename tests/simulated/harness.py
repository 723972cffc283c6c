"""Runs simulated citizens against the real gateway in-process and judges the outcome.

The world is the real one built by ``gateway.services.build_services`` (case store on a
SQLite file migrated by Alembic, the in-process session store, the trained NLU engine,
the knowledge base, repeat detection, the agent console); messages go through
``Pipeline.handle`` exactly as a webhook would hand them over. Nothing is mocked.

A conversation is judged on what the case store holds afterwards (the order's content,
place, contact, category family and handling unit) and on the dispositions the dialogue
recorded (emergency transfer, referral, duplicate ...).
"""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from casebridge.models import Appeal, Unit, WorkOrder
from channels.messages import (
    Attachment,
    AttachmentKind,
    InboundMessage,
    Location,
    MessageKind,
    OutboundMessage,
)
from config.settings import Settings
from dialogs import model as dm
from gateway.pipeline.actions import ActionRunner, Conversation
from gateway.services import Services, build_services
from tests.simulated.citizen import Citizen, Facts, Message, asked

SCENARIO_DIR = Path(__file__).parent / "scenarios"
MAX_TURNS = 14
ACCOUNT = "sim"


@dataclass
class Expect:
    """What a 12345 call-taker would have ended the conversation with."""

    outcome: str  # order | emergency | referred | duplicate | explained | persuaded |
    # rejected | answered_online | withdrawn | progress | nothing (no order, no progress,
    # no agent: the citizen left a prompt)
    service: str | None = None  # emergency number
    content: list[str] = field(default_factory=list)  # words the order's content holds
    content_not: list[str] = field(default_factory=list)  # words it must not hold
    county: str | None = None
    address: list[str] = field(default_factory=list)
    phone: str | None = None
    anonymous: bool | None = None
    name: str | None = None
    since: str | None = None
    category: list[str] = field(default_factory=list)  # any of these level-1 families
    unit: list[str] = field(default_factory=list)  # the unit's name holds one of these
    order_type: str | None = None
    # True: the progress of an earlier order was told in this conversation (also before a
    # new matter); False: never told (a new matter is not an earlier order's repeat)
    progress: bool | None = None
    progress_of: str | None = None  # a word of the matter whose progress was told
    safety_line: bool | None = None  # "如遇危险…请立即拨打" told (False: never)
    urged: bool | None = None  # 催办 recorded on the order told (False: never)


@dataclass
class Scenario:
    """One conversation: who, what it opens with, what it knows, what should come out."""

    id: str
    author: str
    flow: str
    says: list[Message]
    facts: Facts
    expect: Expect
    channel: str = "web"
    channel_phone: str | None = None
    before: list[dict[str, Any]] = field(default_factory=list)
    # the conversation after ``before`` comes from a new session of the same citizen (a web
    # chat reopened: another token), who is known again only by what they tell
    new_session: bool = False


@dataclass
class Result:
    """The judged conversation."""

    scenario: Scenario
    ok: bool
    turns: int
    problems: list[str]
    transcript: list[tuple[str, str]]
    safety_lines: int = 0  # "如遇危险…请立即拨打" told in this conversation


def scenario_files() -> list[str]:
    """The names of the scenario files (``scenarios/<name>.yml``), each one author's set."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yml"))


def load_scenarios(names: Sequence[str] | None = None) -> list[Scenario]:
    """The scenarios of ``scenarios/<name>.yml`` (author = the file's name); every file
    when ``names`` is None."""
    out: list[Scenario] = []
    for name in scenario_files() if names is None else names:
        data = yaml.safe_load((SCENARIO_DIR / f"{name}.yml").read_text(encoding="utf-8"))
        for raw in data["scenarios"]:
            out.append(
                Scenario(
                    id=str(raw["id"]),
                    author=name,
                    flow=str(raw.get("flow", "")),
                    says=list(raw.get("says", [])),
                    facts=Facts(**(raw.get("facts") or {})),
                    expect=Expect(**raw["expect"]),
                    channel=str(raw.get("channel", "web")),
                    channel_phone=raw.get("channel_phone"),
                    before=list(raw.get("before", [])),
                    new_session=bool(raw.get("new_session", False)),
                )
            )
    return out


class Recorder(ActionRunner):
    """The pipeline's action runner, keeping each conversation's actions and results."""

    def __init__(self, runner: ActionRunner) -> None:
        super().__init__(
            cases=runner.cases,
            knowledge=runner.knowledge,
            console=runner.console,
            repeats=runner.repeats,
            emergencies=runner.emergencies,
            pictures=runner.pictures,
            classify=runner.classify,
        )
        self.actions: dict[str, list[dm.Action]] = {}
        self.events: dict[str, list[dm.Event]] = {}

    async def execute(
        self,
        conv: Conversation,
        action: dm.Action,
        message_key: str,
        replies: list[OutboundMessage],
        origin: dm.Event | None = None,
    ) -> dm.Event | None:
        """Run the action as the pipeline does, and keep it with its result."""
        self.actions.setdefault(conv.key, []).append(action)
        event = await super().execute(conv, action, message_key, replies, origin)
        if event is not None:
            self.events.setdefault(conv.key, []).append(event)
        return event


class World:
    """The gateway's services, built once for many conversations."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.recorder = Recorder(services.pipeline.actions)
        services.pipeline.actions = self.recorder
        self.clock = datetime.now(UTC)

    @classmethod
    async def build(cls, tmp: Path) -> World:
        """Migrate a fresh SQLite case store and build every part as ``hotline serve``."""
        settings = Settings(
            env="test",
            var_dir=tmp / "var",
            database_url=f"sqlite:///{tmp / 'sim.db'}",
            log_json=False,
            log_level="WARNING",
            worker_in_process=False,
        )
        services = await build_services(settings, start_workers=False)
        return cls(services)

    async def aclose(self) -> None:
        """Close the services."""
        await self.services.aclose()

    def _message(self, scn: Scenario, sender: str, item: Message) -> InboundMessage:
        self.clock += timedelta(seconds=25)
        common: dict[str, Any] = {
            "channel": scn.channel,
            "account": ACCOUNT,
            "external_id": uuid.uuid4().hex,
            "sender": sender,
            "received_at": self.clock,
            "contact_phone": scn.channel_phone,
        }
        if isinstance(item, str):
            return InboundMessage(kind=MessageKind.TEXT, text=item, **common)
        if "location" in item:
            loc = item["location"]
            where = Location(latitude=loc["lat"], longitude=loc["lon"], label=loc.get("label"))
            return InboundMessage(
                kind=MessageKind.LOCATION, location=where, text=where.label or "", **common
            )
        if "event" in item:
            name = str(item["event"])
            point = None
            if "lat" in item:
                point = Location(latitude=item["lat"], longitude=item["lon"])
            return InboundMessage(kind=MessageKind.EVENT, event=name, location=point, **common)
        if "voice" in item:
            said = str(item["voice"])
            att = Attachment(
                kind=AttachmentKind.AUDIO,
                mime="audio/amr",
                blob_key=f"sim/{uuid.uuid4().hex}",
                transcript=said,
                transcript_confidence=item.get("confidence"),
            )
            return InboundMessage(kind=MessageKind.VOICE, text=said, attachments=(att,), **common)
        if "image" in item:
            att = Attachment(
                kind=AttachmentKind.IMAGE, mime="image/jpeg", blob_key=f"sim/{uuid.uuid4().hex}"
            )
            return InboundMessage(
                kind=MessageKind.IMAGE, text=str(item.get("text", "")), attachments=(att,), **common
            )
        raise ValueError(f"unknown message {item!r}")

    async def _orders(self, key: str) -> list[tuple[Appeal, WorkOrder, Unit]]:
        async with self.services.sessions() as s:
            rows = (
                await s.execute(
                    select(Appeal, WorkOrder, Unit)
                    .join(WorkOrder, WorkOrder.appeal_id == Appeal.id)
                    .join(Unit, Unit.id == WorkOrder.lead_unit_id)
                    .where(Appeal.conversation_id == key)
                    .order_by(WorkOrder.id)
                )
            ).all()
        return [(a, w, u) for a, w, u in rows]

    async def talk(
        self, scn: Scenario, sender: str, citizen: Citizen
    ) -> tuple[int, list[tuple[str, str]], list[OutboundMessage], str]:
        """Run one conversation until it ends; returns (turns, transcript, replies, why)."""
        key = f"{scn.channel}:{ACCOUNT}:{sender}"
        start_orders = len(await self._orders(key))
        start_actions = len(self.recorder.actions.get(key, []))
        start_events = len(self.recorder.events.get(key, []))
        progress_told = 0
        transcript: list[tuple[str, str]] = []
        replies: list[OutboundMessage] = []
        last: list[OutboundMessage] = []
        turns = 0
        why = "max_turns"
        heard: list[OutboundMessage] = []  # the bot's last words (kept over a silence)
        while turns < MAX_TURNS:
            heard = last or heard
            bot_last = heard[-1].text if heard else ""
            bot_all = "\n".join(r.text for r in heard)
            item = citizen.next(bot_last if asked(bot_last) != "nothing" else bot_all)
            if item is None:
                why = "citizen_done"
                break
            turns += 1
            msg = self._message(scn, sender, item)
            transcript.append(("citizen", item if isinstance(item, str) else repr(item)))
            last = await self.services.pipeline.handle(msg)
            await self.services.pipeline.delivery.drain()
            replies += last
            transcript += [("bot", r.text or f"[transfer {r.transfer_to}]") for r in last]
            if any(r.transfer_to for r in last):
                why = "transfer"
                break
            if len(await self._orders(key)) > start_orders:
                why = "order"
                break
            done = self.recorder.actions.get(key, [])[start_actions:]
            told = [a.disposition for a in done if isinstance(a, dm.RecordDisposition)]
            if told and "duplicate" not in told:
                why = "disposition"
                break
            found = self.recorder.events.get(key, [])[start_events:]
            shown = sum(isinstance(e, dm.OrderFound) and e.found for e in found)
            if shown > progress_told:
                progress_told = shown
                why = "progress"
                if not citizen.has_more:
                    break  # told; what the citizen still wants to say is said after it
        return turns, transcript, replies, why

    async def run(self, scn: Scenario) -> Result:
        """Play the scenario (its earlier conversations first) and judge it."""
        sender = f"{scn.id}-{uuid.uuid4().hex[:6]}"
        key = f"{scn.channel}:{ACCOUNT}:{sender}"
        numbers: list[str] = []
        for prior in scn.before:
            facts = Facts(**(prior.get("facts") or {}))
            await self.talk(scn, sender, Citizen(facts, prior.get("says", [])))
            numbers = [w.number for _, w, _ in await self._orders(key)]
        fill = {"order": numbers[-1] if numbers else "HZ00000000-000000"}
        if scn.new_session:
            sender = f"{sender}-again"
            key = f"{scn.channel}:{ACCOUNT}:{sender}"
            numbers = []
        says = [s.format(**fill) if isinstance(s, str) else s for s in scn.says]
        facts = scn.facts
        if facts.order_number:
            facts = Facts(**{**facts.__dict__, "order_number": facts.order_number.format(**fill)})
        before_orders = len(numbers)
        actions_before = len(self.recorder.actions.get(key, []))
        events_before = len(self.recorder.events.get(key, []))
        turns, transcript, replies, why = await self.talk(scn, sender, Citizen(facts, says))
        orders = (await self._orders(key))[before_orders:]
        actions = self.recorder.actions.get(key, [])[actions_before:]
        events = self.recorder.events.get(key, [])[events_before:]
        problems = judge(scn.expect, orders, actions, events, replies)
        safety = sum("如遇危险" in r.text for r in replies)
        problems += await self._judge_progress(scn.expect, events, safety)
        return Result(scn, not problems, turns, problems, [*transcript, ("end", why)], safety)

    async def _judge_progress(self, exp: Expect, events: list[dm.Event], safety: int) -> list[str]:
        """The progress told (or not) and the safety line, as the scenario expects."""
        problems: list[str] = []
        told = [e.number for e in events if isinstance(e, dm.OrderFound) and e.found]
        if exp.progress is True and not told:
            problems.append("progress of the earlier order not told")
        if exp.progress is False and told:
            problems.append(f"progress of {told} told for another matter")
        if exp.progress_of is not None:
            async with self.services.sessions() as s:
                texts = (
                    await s.scalars(
                        select(Appeal.text)
                        .join(WorkOrder, WorkOrder.appeal_id == Appeal.id)
                        .where(WorkOrder.number.in_(told))
                    )
                ).all()
            if not any(exp.progress_of in t for t in texts):
                problems.append(f"progress told of {texts!r}, not of {exp.progress_of!r}")
        if exp.safety_line is False and safety:
            problems.append("a safety line was told")
        if exp.safety_line is True and not safety:
            problems.append("no safety line")
        return problems


def judge(
    exp: Expect,
    orders: list[tuple[Appeal, WorkOrder, Unit]],
    actions: list[dm.Action],
    events: list[dm.Event],
    replies: list[OutboundMessage],
) -> list[str]:
    """Everything that differs from what a call-taker would have done ([] when right)."""
    problems: list[str] = []
    dispositions = [a.disposition for a in actions if isinstance(a, dm.RecordDisposition)]
    found = [e for e in events if isinstance(e, dm.OrderFound) and e.found]
    if exp.outcome != "order" and orders:
        problems.append(f"unexpected order: {orders[0][0].text[:40]!r}")
    transfers = [r.transfer_to for r in replies if r.transfer_to]
    if exp.outcome != "emergency" and transfers:
        problems.append(f"false alarm: told to call {transfers}")
    if exp.outcome == "nothing":
        handed = [a.reason for a in actions if isinstance(a, dm.Handoff)]
        if found or handed:
            problems.append(f"left the prompt, yet told {len(found)} progress, agent {handed}")
    elif exp.outcome == "emergency":
        told = [r.transfer_to for r in replies if r.transfer_to]
        if told[:1] != [exp.service]:
            problems.append(f"transfer {told} != {exp.service}")
    elif exp.outcome == "progress":
        if not found:
            problems.append("progress not told")
    elif exp.outcome == "duplicate":
        if "duplicate" not in dispositions:
            problems.append(f"no duplicate disposition: {dispositions}")
        if not found:
            problems.append("progress of the earlier order not told")
    elif exp.outcome != "order":
        if exp.outcome not in dispositions:
            problems.append(f"disposition {dispositions} lacks {exp.outcome}")
    else:
        problems += _judge_order(exp, orders)
    urged = [a.number for a in actions if isinstance(a, dm.RecordUrging)]
    if exp.urged is not None and bool(urged) != exp.urged:
        problems.append(f"urging recorded {urged}, expected {exp.urged}")
    return problems


def _judge_order(exp: Expect, orders: list[tuple[Appeal, WorkOrder, Unit]]) -> list[str]:
    if len(orders) != 1:
        return [f"{len(orders)} orders instead of one"]
    appeal, order, unit = orders[0]
    problems: list[str] = []
    for word in exp.content:
        if word not in appeal.text:
            problems.append(f"content lacks {word!r}: {appeal.text[:60]!r}")
    for word in [*exp.content_not, "在吗", "问一下", "你好"]:
        if word in appeal.text:
            problems.append(f"content holds {word!r}: {appeal.text[:60]!r}")
    if exp.county is not None and appeal.county != exp.county:
        problems.append(f"county {appeal.county!r} != {exp.county!r}")
    for word in exp.address:
        if word not in (appeal.address or ""):
            problems.append(f"address lacks {word!r}: {appeal.address!r}")
    if exp.phone is not None and (appeal.anonymous or appeal.phone_last4 != exp.phone[-4:]):
        problems.append(f"phone ...{appeal.phone_last4} != ...{exp.phone[-4:]}")
    if exp.anonymous is not None and appeal.anonymous != exp.anonymous:
        problems.append(f"anonymous {appeal.anonymous} != {exp.anonymous}")
    if exp.name is not None and appeal.contact_name != exp.name:
        problems.append(f"name {appeal.contact_name!r} != {exp.name!r}")
    if exp.since is not None and exp.since not in (appeal.since or ""):
        problems.append(f"since {appeal.since!r} lacks {exp.since!r}")
    if exp.category and (order.category_level1 or "") not in exp.category:
        problems.append(f"category {order.category_level1!r} not in {exp.category}")
    if exp.unit and not any(u in unit.name for u in exp.unit):
        problems.append(f"unit {unit.name!r} not one of {exp.unit}")
    if exp.order_type is not None and appeal.order_type != exp.order_type:
        problems.append(f"order type {appeal.order_type!r} != {exp.order_type!r}")
    return problems


@dataclass(frozen=True)
class Summary:
    """Success rate and turns of a set of results."""

    name: str
    total: int
    correct: int
    median_turns_to_order: float | None

    @property
    def rate(self) -> float:
        """Share of conversations that ended correctly."""
        return self.correct / self.total if self.total else 0.0

    def line(self) -> str:
        """One line for a report."""
        med = "-" if self.median_turns_to_order is None else f"{self.median_turns_to_order:g}"
        return (
            f"{self.name}: {self.correct}/{self.total} correct ({self.rate:.1%}), "
            f"median citizen turns to a work order {med}"
        )


def summarize(name: str, results: Sequence[Result]) -> Summary:
    """The figures of ``results``."""
    turns = [r.turns for r in results if r.ok and r.scenario.expect.outcome == "order"]
    return Summary(
        name,
        len(results),
        sum(r.ok for r in results),
        statistics.median(turns) if turns else None,
    )
