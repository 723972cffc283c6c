"""Synthetic demo data: realistic appeals and orders across Heze, inserted in bulk.

Every row is made up here (texts come from templates below, citizens are ``demo-N``),
dispatched through the real catalogue (:mod:`casebridge.catalogue`) with the real
deadline calendar (:mod:`casebridge.sla`), and written through the case-store models
(:mod:`casebridge.analytics.demo_store`; one order's life: :mod:`casebridge.analytics.demo_order`).
The mix has seasons (heating in winter, water and power in summer, schools in
September, wages before the Spring Festival), units of varying quality drawn like the
figures centres publish (:mod:`casebridge.analytics.demo_data`), late, returned
(approved or rejected), extended, reopened, terminated, merged and supervised orders,
co-handling, and a fresh cluster of similar appeals so the early warnings show something.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

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
from casebridge.analytics.demo_order import play_order
from casebridge.analytics.demo_store import (
    empty_rows,
    fix_sequences,
    flush,
    load_sequences,
    next_ids,
    save_sequences,
    unit_ids,
)
from casebridge.catalogue import Catalogue, Entry
from casebridge.sla import SHANGHAI, Limit, local_day
from casebridge.supervision_policy import Policy


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

    def profile(self, code: str) -> UnitProfile:
        """The drawn quality of unit ``code`` (the same for the same seed)."""
        found = self._profiles.get(code)
        if found is None:
            found = self._profiles[code] = UnitProfile.draw(code, self.seed)
        return found

    def due(self, limit: Limit, start: datetime) -> datetime:
        """``limit.due(start)``, cached per local start day for working-day limits."""
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
        units = unit_ids(conn, self.catalogue, self.end)
        ids = next_ids(conn)
        seqs = load_sequences(conn)
        stats = SeedStats()
        rows = empty_rows()
        for item in self.plan():
            play_order(self, item, units, ids, seqs, rows, stats)
            if len(rows["appeals"]) >= batch:
                flush(conn, rows, stats)
                rows = empty_rows()
        flush(conn, rows, stats)
        save_sequences(conn, seqs)
        fix_sequences(conn)
        return stats
