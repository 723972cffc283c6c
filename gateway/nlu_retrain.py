"""The scheduled NLU retrain (issue 11): learn from the centre's own finished orders.

Every :data:`RETRAIN_EVERY` the scheduler's leader reads the finished orders
(``casebridge.history``), labels each with the category and the type of the unit it finally
had (after 退单 and 改派), retrains the NLU on ``config/nlu`` plus these rows, compares the
new model with the serving one on a held-out slice (``nlu.retrain``), and keeps the better.
Every process reloads the saved model when another one retrained it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from casebridge.catalogue import Catalogue
from casebridge.history import FinishedOrder, finished_orders
from gateway.scheduler import Job
from nlu.engine import EmbeddedEngine
from nlu.errors import NluError
from nlu.retrain import MIN_ROWS, RetrainReport, retrain
from nlu.training import HistoryRow

log = logging.getLogger("hotline.nlu")

RETRAIN_EVERY = timedelta(days=7)
FIRST_RETRAIN_AFTER = timedelta(hours=1)  # not at start: training takes minutes
RELOAD_EVERY = timedelta(minutes=10)


def history_rows(orders: Sequence[FinishedOrder], catalogue: Catalogue) -> list[HistoryRow]:
    """Training rows: text, final ``level1/level2``, and the final unit's type."""
    rows = []
    for o in orders:
        if not o.text.strip() or not o.level1:
            continue
        category = f"{o.level1}/{o.level2}" if o.level2 else o.level1
        unit = catalogue.units.get(o.unit_code)
        unit_type: str | None = None
        if unit is not None:
            if unit.kind in ("government", "township"):
                unit_type = unit.kind
            else:
                entry = catalogue.entries.get(o.entry_code)
                wanted = entry.unit_type if entry is not None else None
                unit_type = wanted if wanted in unit.types else (unit.types or (None,))[0]
        rows.append(HistoryRow(o.text, category, unit_type))
    return rows


def _embedded(services: Any) -> EmbeddedEngine | None:
    engine = services.nlu
    if isinstance(engine, EmbeddedEngine):
        return engine
    fallback = getattr(engine, "fallback", None)  # the Rasa backend wraps the embedded one
    return fallback if isinstance(fallback, EmbeddedEngine) else None


async def retrain_from_history(services: Any) -> RetrainReport | None:
    """One retrain from the case store; None when there is too little history."""
    engine = _embedded(services)
    if engine is None:
        return None
    orders = await finished_orders(services.sessions)
    rows = history_rows(orders, services.cases.catalogue)
    if len(rows) < MIN_ROWS:
        log.info("nlu retrain skipped: %d finished orders", len(rows))
        return None
    model_dir = services.settings.effective_nlu_model_dir
    try:
        report = await asyncio.to_thread(retrain, engine, rows, model_dir)
    except NluError as exc:
        log.warning("nlu retrain failed: %s", exc)
        return None
    log.info("nlu retrain", extra={"report": report.as_dict()})
    return report


def reload_if_newer(services: Any) -> bool:
    """Serve the saved model when it is not the one served (another process retrained
    and saved it); True when reloaded."""
    engine = _embedded(services)
    if engine is None:
        return False
    model_dir = services.settings.effective_nlu_model_dir
    try:
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if str(meta.get("trained_at", "")) == engine.info.trained_at:
        return False  # already serving the saved model
    try:
        engine.adopt(EmbeddedEngine.load(model_dir, engine.data_dir))
    except NluError as exc:
        log.warning("cannot reload the retrained NLU model: %s", exc)
        return False
    return True


def nlu_jobs(services: Any, now: datetime) -> list[Job]:
    """The retrain (leader only) and the reload (every process) as scheduler jobs."""

    async def run_retrain(_: datetime) -> None:
        await retrain_from_history(services)

    async def run_reload(_: datetime) -> None:
        await asyncio.to_thread(reload_if_newer, services)

    return [
        Job("nlu-retrain", RETRAIN_EVERY, run_retrain, next_at=now + FIRST_RETRAIN_AFTER),
        Job("nlu-reload", RELOAD_EVERY, run_reload, leader_only=False, next_at=now + RELOAD_EVERY),
    ]
