"""Synthetic demo data: realistic appeals and orders across Heze, inserted in bulk.

Every row is made up here (texts come from templates below, citizens are ``demo-N``),
dispatched through the real catalogue (:mod:`casebridge.catalogue`) with the real
deadline calendar (:mod:`casebridge.sla`), and written through the case-store models.
The mix has seasons (heating in winter, water and power in summer, schools in
September, wages before the Spring Festival), units of varying quality drawn like the
figures centres publish (:mod:`casebridge.analytics.demo_data`), late, returned
(approved or rejected), extended, reopened, terminated, merged and supervised orders,
co-handling, and a fresh cluster of similar appeals so the early warnings show something.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.engine import Connection

from casebridge.analytics.demo_data import (
    CHANNEL_WEIGHTS,
    COUNTY_WEIGHTS,
    GENERIC,
    LEVEL1_WEIGHTS,
    SEASONS,
    SURGE_TEXT,
    TEMPLATES,
    PlannedAppeal,
    SeedStats,
    UnitProfile,
)
from casebridge.catalogue import Catalogue, Entry, UnitDef
from casebridge.models import (
    Appeal,
    Assignment,
    Callback,
    OrderEvent,
    OrderSequence,
    Supervision,
    Unit,
    WorkOrder,
)
from casebridge.sla import SHANGHAI, Limit, local_day
from casebridge.supervision_rules import Policy


@dataclass
class _Ids:
    appeal: int
    order: int
    assignment: int
    event: int
    callback: int
    supervision: int


class DemoSeeder:
    """Generates and inserts ``orders`` synthetic orders ending at ``end``."""

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        orders: int,
        end: datetime,
        months: int = 24,
        seed: int = 12345,
        policy: Policy | None = None,
        with_events: bool = True,
        surge: bool = True,
    ) -> None:
        if orders < 1:
            raise ValueError("orders must be at least 1")
        if months < 1:
            raise ValueError("months must be at least 1")
        if end.tzinfo is None:
            raise ValueError("end must be an aware datetime")
        self.catalogue = catalogue
        self.orders = orders
        self.end = end
        self.start = end - timedelta(days=30.44 * months)
        self.rng = random.Random(seed)
        self.seed = seed
        self.policy = policy or Policy()
        self.with_events = with_events
        self.surge = surge
        self.entries = self._entries()
        self.townships = self._townships()
        self._due_cache: dict[tuple[int, object], datetime] = {}
        self._profiles: dict[str, UnitProfile] = {}

    def _profile(self, code: str) -> UnitProfile:
        found = self._profiles.get(code)
        if found is None:
            found = self._profiles[code] = UnitProfile.draw(code, self.seed)
        return found

    def _due(self, limit: Limit, start: datetime) -> datetime:
        # A working-day deadline depends only on the local start day: cache it (the
        # holiday calendar look-up is slow, and a million orders share ~900 days).
        if limit.working_days is None:
            return limit.due(start)
        key = (limit.working_days, local_day(start))
        found = self._due_cache.get(key)
        if found is None:
            found = self._due_cache[key] = limit.due(start)
        return found

    def _entries(self) -> dict[str, list[Entry]]:
        by_l1: dict[str, list[Entry]] = {}
        for e in self.catalogue.entries.values():
            if e.level1 in LEVEL1_WEIGHTS:
                by_l1.setdefault(e.level1, []).append(e)
        return by_l1

    def _townships(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for u in self.catalogue.units.values():
            if u.kind == "township" and u.county:
                short = u.name.removesuffix("办事处").removesuffix("人民政府")
                out.setdefault(u.county, []).append(short)
        return out

    # -- generation -------------------------------------------------------------------
    def _when(self) -> datetime:
        span = (self.end - self.start).total_seconds()
        while True:
            # a mild upward trend: later times are accepted more often
            u = self.rng.random()
            if self.rng.random() > 0.75 + 0.25 * u:
                continue
            t = self.start + timedelta(seconds=u * span)
            local = t.astimezone(SHANGHAI)
            hour_w = 1.0 if 8 <= local.hour < 20 else (0.35 if 6 <= local.hour < 23 else 0.08)
            if self.rng.random() < hour_w:
                return t

    def _entry(self, month: int) -> Entry:
        l1s = list(LEVEL1_WEIGHTS)
        weights = [LEVEL1_WEIGHTS[k] * SEASONS.get(k, {}).get(month, 1.0) for k in l1s]
        level1 = self.rng.choices(l1s, weights)[0]
        entries = self.entries.get(level1) or [self.catalogue.general]
        ew = [SEASONS.get(e.level3 or "", {}).get(month, 1.0) * (0.5 if e.level3 else 1.0)
              for e in entries]  # fmt: skip
        return self.rng.choices(entries, ew)[0]

    def _text(self, entry: Entry, place: str) -> str:
        pool = TEMPLATES.get(entry.level1, GENERIC)
        if entry.level3 == "冬季采暖":
            pool = [pool[5]] if len(pool) > 5 else pool
        elif entry.level3 == "自来水供应":
            pool = [pool[4]] if len(pool) > 4 else pool
        elif entry.level3 == "电力供应":
            pool = [pool[6]] if len(pool) > 6 else pool
        return self.rng.choice(pool).format(place=place)

    def plan(self) -> Iterator[PlannedAppeal]:
        """One :class:`PlannedAppeal` per synthetic appeal, in time order."""
        counties = list(COUNTY_WEIGHTS)
        cw = list(COUNTY_WEIGHTS.values())
        channels = list(CHANNEL_WEIGHTS)
        chw = list(CHANNEL_WEIGHTS.values())
        n_surge = max(12, self.orders // 2000) if self.surge else 0
        # appeals arrive in time order, so ids (and the table's physical order) follow
        # time as in a real store: period queries then read neighbouring rows
        times = sorted(self._when() for _ in range(self.orders - n_surge))
        for i, t in enumerate(times):
            entry = self._entry(t.astimezone(SHANGHAI).month)
            county = self.rng.choices(counties, cw)[0]
            towns = self.townships.get(county)
            township = self.rng.choice(towns) if towns and self.rng.random() < 0.8 else None
            place = f"{county}{township or ''}"
            yield {
                "i": i,
                "at": t,
                "entry": entry,
                "county": county,
                "township": township,
                "text": self._text(entry, place),
                "channel": self.rng.choices(channels, chw)[0],
                "cluster": None,
            }
        water = self.catalogue.entry_for("城乡建设", "城市建设和市政管理", "自来水供应")
        surge_times = sorted(
            self.end - timedelta(minutes=5 + self.rng.random() * 60 * 20) for _ in range(n_surge)
        )
        for j, t in enumerate(surge_times):
            yield {
                "i": self.orders - n_surge + j,
                "at": t,
                "entry": water or self.catalogue.general,
                "county": "曹县",
                "township": "倪集街道",
                "text": SURGE_TEXT.format(place="曹县倪集街道"),
                "channel": self.rng.choices(channels, chw)[0],
                "cluster": "demo-water-outage",
            }

    # -- writing ----------------------------------------------------------------------
    def run(self, conn: Connection, *, batch: int = 5000) -> SeedStats:
        """Insert everything in batches on ``conn`` (a sync connection in a transaction)."""
        units = self._unit_ids(conn)
        ids = self._next_ids(conn)
        seqs = self._sequences(conn)
        stats = SeedStats()
        rows: dict[str, list[dict[str, Any]]] = _empty()
        for item in self.plan():
            self._one(item, units, ids, seqs, rows, stats)
            if len(rows["appeals"]) >= batch:
                self._flush(conn, rows, stats)
                rows = _empty()
        self._flush(conn, rows, stats)
        self._save_sequences(conn, seqs)
        self._fix_sequences(conn)
        return stats

    def _unit_ids(self, conn: Connection) -> dict[str, int]:
        found = {r.code: r.id for r in conn.execute(select(Unit.id, Unit.code))}
        missing = [u for u in self.catalogue.units.values() if u.code not in found]
        if missing:
            now = self.end
            conn.execute(
                insert(Unit),
                [
                    {
                        "code": u.code,
                        "name": u.name,
                        "kind": u.kind,
                        "county": u.county,
                        "parent_code": u.parent,
                        "key_rotated": False,
                        "active": True,
                        "created_at": now,
                    }
                    for u in missing
                ],
            )
            found = {r.code: r.id for r in conn.execute(select(Unit.id, Unit.code))}
        return found

    def _next_ids(self, conn: Connection) -> _Ids:
        def top(col: Any) -> int:
            return int(conn.execute(select(func.coalesce(func.max(col), 0))).scalar_one()) + 1

        return _Ids(
            top(Appeal.id), top(WorkOrder.id), top(Assignment.id), top(OrderEvent.id),
            top(Callback.id), top(Supervision.id),
        )  # fmt: skip

    def _sequences(self, conn: Connection) -> dict[str, int]:
        return {r.day: r.last for r in conn.execute(select(OrderSequence.day, OrderSequence.last))}

    def _save_sequences(self, conn: Connection, seqs: dict[str, int]) -> None:
        existing = {r.day for r in conn.execute(select(OrderSequence.day))}
        new = [{"day": d, "last": n} for d, n in seqs.items() if d not in existing]
        if new:
            conn.execute(insert(OrderSequence), new)
        for d, n in seqs.items():
            if d in existing:
                conn.execute(update(OrderSequence).where(OrderSequence.day == d).values(last=n))

    def _fix_sequences(self, conn: Connection) -> None:
        # Explicit ids were inserted: move PostgreSQL's identity sequences past them.
        if conn.dialect.name != "postgresql":
            return
        for table in ("appeals", "work_orders", "assignments", "order_events", "callbacks",
                      "supervisions"):  # fmt: skip
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            )

    def _flush(self, conn: Connection, rows: dict[str, list[dict[str, Any]]], s: SeedStats) -> None:
        for model, key in (
            (Appeal, "appeals"), (WorkOrder, "orders"), (Assignment, "assignments"),
            (OrderEvent, "events"), (Callback, "callbacks"), (Supervision, "supervisions"),
        ):  # fmt: skip
            if rows[key]:
                conn.execute(insert(model), rows[key])
        s.appeals += len(rows["appeals"])
        s.orders += len(rows["orders"])
        s.assignments += len(rows["assignments"])
        s.events += len(rows["events"])
        s.callbacks += len(rows["callbacks"])
        s.supervisions += len(rows["supervisions"])

    def _one(
        self,
        item: PlannedAppeal,
        units: dict[str, int],
        ids: _Ids,
        seqs: dict[str, int],
        rows: dict[str, list[dict[str, Any]]],
        stats: SeedStats,
    ) -> None:
        rng, now, policy = self.rng, self.end, self.policy
        entry = item["entry"]
        t = item["at"]
        d = self.catalogue.dispatch(
            level1=entry.level1,
            level2=entry.level2,
            level3=entry.level3,
            county=item["county"],
            township=item["township"],
            text=item["text"],
        )
        unit: UnitDef = d.unit
        prof = self._profile(unit.code)
        utility = unit.kind == "utility"
        aid, oid = ids.appeal, ids.order
        ids.appeal += 1
        ids.order += 1
        day = local_day(t).strftime("%Y%m%d")
        seqs[day] = seqs.get(day, 0) + 1
        number = f"HZ{day}-{seqs[day]:06d}"
        sender = f"demo-{self.seed}-{item['i'] % max(50, self.orders // 3)}"
        anonymous = rng.random() < 0.15
        extra: dict[str, Any] = {"demo": True}
        if item["cluster"]:
            extra["cluster_id"] = item["cluster"]
        rows["appeals"].append(
            {
                "id": aid,
                "idempotency_key": f"demo:{self.seed}:{t.timestamp():.6f}:{aid}",
                "channel": item["channel"],
                "sender": sender,
                "text": item["text"],
                "order_type": "appeal",
                "category_level1": entry.level1,
                "category_level2": entry.level2,
                "unit_type": entry.unit_type,
                "county": d.county,
                "township": item["township"],
                "anonymous": anonymous,
                "attachments": [],
                "extra": extra,
                "created_at": t,
            }
        )
        events: list[tuple[datetime, str, str | None, str | None, int | None, str]] = [
            (t, "dispatch", None, "dispatched", None, d.reason)
        ]
        limit: Limit = d.limit
        lead_uid = units[unit.code]
        assigned = t
        state = "dispatched"
        returned = 0
        # 退单: the unit asks to return it; the centre approves and re-dispatches to the
        # county government, or rejects it (不合理退单) and the unit keeps the order
        kept_after: datetime | None = None
        if rng.random() < prof.return_request and now - t > timedelta(days=2):
            back = t + timedelta(hours=rng.uniform(1, 20))
            asked = (back - timedelta(hours=1), "request_return", "dispatched", "returned",
                     lead_uid, "经核实不属于本单位职责范围")  # fmt: skip
            if rng.random() < prof.return_rejected:
                events += [asked, (back, "reject_return", "returned", "dispatched", None,
                                   "属于本单位职责，退单理由不成立")]  # fmt: skip
                kept_after = back
            else:
                rows["assignments"].append(
                    self._assignment(ids, oid, lead_uid, "lead", t, None, back)
                )
                events += [asked, (back, "approve_return", "returned", "dispatched", None,
                                   "退单审核通过，重新派单")]  # fmt: skip
                gov = self.catalogue.government(d.county)
                unit, lead_uid, assigned, returned = gov, units[gov.code], back, 1
                prof = self._profile(unit.code)
        deadline = self._due(limit, assigned)
        extension = 0
        if rng.random() < 0.02:
            extension = 1
            deadline = self._due(Limit(working_days=5), deadline)
            events.append((assigned + (deadline - assigned) / 3, "approve_extension",
                           "extension", "in_progress", None, "情况复杂，同意延期"))  # fmt: skip
        sign_within = policy.sign_within_utility if utility else policy.sign_within
        r = rng.random()
        if r < 0.004 and now - assigned < timedelta(days=20):
            signed = None  # never signed: (一) material for supervision
        elif r < prof.sign_on_time:
            signed = assigned + sign_within * rng.uniform(0.05, 0.95)
        else:
            signed = assigned + sign_within + timedelta(hours=rng.uniform(0.2, 30))
        if signed is not None and kept_after is not None and signed < kept_after:
            signed = kept_after + timedelta(minutes=rng.uniform(5, 90))  # after the rejection
        if signed is not None and signed > now:
            signed = None
        replied = closed = None
        satisfaction = None
        reopen = 0
        terminated = merged = False
        supervised_ground = None
        if signed is not None:
            state = "signed"
            events.append((signed, "sign", "dispatched", "signed", lead_uid, "签收"))
            span = deadline - assigned
            if rng.random() < prof.reply_on_time:
                replied = assigned + span * rng.uniform(0.15, 0.95)
            else:
                replied = deadline + timedelta(hours=rng.uniform(2, 24 * 8))
                supervised_ground = "overdue" if rng.random() < 0.55 else None
            if replied <= signed:
                replied = signed + timedelta(minutes=30)
            if rng.random() < 0.005:
                terminated = True
            elif rng.random() < 0.005:
                merged = True
            if replied > now:
                replied = None
                state = "in_progress"
                if deadline < now and rng.random() < 0.7:
                    supervised_ground = "overdue"
        elif now - assigned > sign_within + policy.refuse_grace:
            supervised_ground = "refused" if rng.random() < 0.8 else None
        if terminated and replied is not None:
            state, closed = "terminated", replied
            events.append((replied, "approve_termination", "terminating", "terminated", None,
                           "诉求人拒不提供必要信息，终止办理"))  # fmt: skip
            replied = None
        elif merged and replied is not None:
            state, closed = "merged", replied
            events.append((replied, "merge", "in_progress", "merged", None, "与同一事项工单并单"))
            replied = None
        elif replied is not None:
            state = "replied"
            events.append(
                (replied, "reply", "in_progress", "replied", lead_uid, "已办结并答复诉求人")
            )
            cb_at = replied + timedelta(hours=rng.uniform(2, 48))
            if cb_at < now:
                x = rng.random()
                ok = prof.callback_ok
                satisfaction = (
                    "satisfied"
                    if x < ok * prof.satisfied_share
                    else ("basic" if x < ok else "unsatisfied")
                )
                reasonable = None if satisfaction != "unsatisfied" else rng.random() < 0.75
                rows["callbacks"].append(
                    {"id": ids.callback, "order_id": oid, "source": "centre",
                     "satisfaction": satisfaction, "reasonable": reasonable,
                     "comment": None, "actor": "demo", "created_at": cb_at}
                )  # fmt: skip
                ids.callback += 1
                if reasonable:  # 重办, then replied again and called back again
                    reopen = 1
                    again = cb_at + timedelta(days=rng.uniform(1, 6))
                    events.append(
                        (
                            cb_at,
                            "record_callback",
                            "callback",
                            "reopened",
                            None,
                            "不满意且诉求合理，重新办理",
                        )
                    )
                    if again < now:
                        events.append(
                            (again, "reply", "reopened", "replied", lead_uid, "重新办理后答复")
                        )
                        cb2 = again + timedelta(hours=rng.uniform(2, 48))
                        if cb2 < now:
                            satisfaction = "basic" if rng.random() < 0.55 else "unsatisfied"
                            reasonable2 = None if satisfaction == "basic" else rng.random() < 0.5
                            rows["callbacks"].append(
                                {"id": ids.callback, "order_id": oid, "source": "centre",
                                 "satisfaction": satisfaction,
                                 "reasonable": reasonable2,
                                 "comment": None, "actor": "demo", "created_at": cb2}
                            )  # fmt: skip
                            ids.callback += 1
                            state, closed = "closed", cb2
                            events.append(
                                (cb2, "record_callback", "callback", "closed", None, "回访办结")
                            )
                        replied = again
                    else:
                        state, replied = "reopened", None
                else:
                    state, closed = "closed", cb_at
                    events.append(
                        (cb_at, "record_callback", "callback", "closed", None, "回访办结")
                    )
        contacted = signed + timedelta(hours=rng.uniform(0.5, 20)) if signed else None
        if contacted is not None and contacted > now:
            contacted = None
        rows["orders"].append(
            {
                "id": oid,
                "number": number,
                "appeal_id": aid,
                "state": state,
                "lead_unit_id": lead_uid,
                "entry_code": d.entry.code,
                "category_level1": entry.level1,
                "category_level2": entry.level2,
                "county": d.county,
                "utility": utility,
                "needs_contact": not anonymous,
                "limit_hours": limit.hours,
                "limit_working_days": limit.working_days,
                "deadline_at": deadline,
                "dispatched_at": assigned,
                "signed_at": signed,
                "contacted_at": contacted,
                "replied_at": replied,
                "closed_at": closed,
                "reply_text": "经核实，已按规定处理并答复诉求人。" if replied else None,
                "reply_attachments": [],
                "satisfaction": satisfaction,
                "reopen_count": reopen,
                "extension_count": extension,
                "return_count": returned,
                "created_at": t,
                "updated_at": max(e[0] for e in events),
                "version": 1,
            }
        )
        rows["assignments"].append(
            self._assignment(ids, oid, lead_uid, "lead", assigned, deadline, None)
        )
        if rng.random() < 0.05 and d.county:
            co = self.catalogue.government(d.county)
            if units[co.code] != lead_uid:
                co_deadline = self._due(Limit(working_days=3), assigned)
                share = (
                    rng.uniform(0.2, 0.95)
                    if rng.random() < self._profile(co.code).reply_on_time
                    else rng.uniform(1.02, 1.5)
                )
                reported = assigned + (co_deadline - assigned) * share
                row = self._assignment(ids, oid, units[co.code], "co", assigned, co_deadline, None)
                row["reported_at"] = reported if reported < now else None
                row["report_text"] = "协办意见已反馈主办单位。" if reported < now else None
                rows["assignments"].append(row)
        if supervised_ground:
            opened = (
                deadline if supervised_ground == "overdue" else assigned + sign_within
            ) + timedelta(hours=rng.uniform(1, 30))
            if opened < now:
                rows["supervisions"].append(
                    {"id": ids.supervision, "order_id": oid, "unit_id": lead_uid,
                     "ground": supervised_ground, "method": rng.choice(["phone", "writing"]),
                     "note": "演示数据：督促尽快办理", "opened_by": "demo", "opened_at": opened,
                     "closed_at": replied if replied and replied > opened else None}
                )  # fmt: skip
                ids.supervision += 1
                events.append((opened, "supervise", state, state, None, "督办"))
        if self.with_events:
            events.sort(key=lambda e: e[0])
            for seq, (at, action, frm, to, actor_uid, reason) in enumerate(events, start=1):
                role = (
                    "unit_lead" if actor_uid else ("system" if action == "dispatch" else "centre")
                )
                rows["events"].append(
                    {"id": ids.event, "order_id": oid, "seq": seq, "action": action,
                     "actor_role": role,
                     "actor_unit_id": actor_uid, "actor": "demo", "from_state": frm,
                     "to_state": to, "reason": reason, "data": {}, "attachments": [],
                     "created_at": at}
                )  # fmt: skip
                ids.event += 1
        stats.by_state[state] = stats.by_state.get(state, 0) + 1

    @staticmethod
    def _assignment(
        ids: _Ids,
        oid: int,
        uid: int,
        role: str,
        at: datetime,
        deadline: datetime | None,
        released: datetime | None,
    ) -> dict[str, Any]:
        row = {
            "id": ids.assignment,
            "order_id": oid,
            "unit_id": uid,
            "role": role,
            "active": released is None,
            "assigned_at": at,
            "deadline_at": deadline,
            "reported_at": None,
            "report_text": None,
            "released_at": released,
        }
        ids.assignment += 1
        return row


def _empty() -> dict[str, list[dict[str, Any]]]:
    return {
        k: [] for k in ("appeals", "orders", "assignments", "events", "callbacks", "supervisions")
    }
