"""Learning from the centre's own history (issue 11): retrain on finished orders labelled
with the category and unit they finally had (after 退单 and 改派), compare the new model
with the one serving on a held-out slice neither was trained on, and keep the better.

Used by ``hotline nlu train --history FILE.csv`` and the scheduled retrain job
(``gateway/nlu_retrain.py``, reading ``casebridge.history``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from nlu.engine import EmbeddedEngine, ModelInfo
from nlu.errors import TrainingDataError
from nlu.resources import CONFIG_DIR
from nlu.training import HistoryRow, split_history

log = logging.getLogger(__name__)

#: Fewer finished orders than this teach nothing reliable: no retrain.
MIN_ROWS = 50
#: Share of the history kept apart to compare the new model with the serving one.
HOLDOUT = 0.1


@dataclass(frozen=True)
class RetrainReport:
    """How a retrain went; ``kept`` is ``"new"`` or ``"previous"``."""

    rows: int
    train_rows: int
    holdout_rows: int
    new_accuracy: float
    previous_accuracy: float
    new_unit_accuracy: float | None
    previous_unit_accuracy: float | None
    kept: str
    seconds: float
    model_dir: str | None

    def as_dict(self) -> dict[str, str | int | float | None]:
        """JSON-ready: the fields by name (accuracies as fractions, ``seconds`` in s)."""
        return asdict(self)


def retrain(
    current: EmbeddedEngine,
    rows: Sequence[HistoryRow],
    model_dir: Path | None,
    *,
    data_dir: Path = CONFIG_DIR,
    holdout: float = HOLDOUT,
    seed: int = 0,
    adopt: bool = True,
) -> RetrainReport:
    """Train on ``config/nlu`` plus ``rows``; keep the new model only if it scores at least
    as well as ``current`` on the held-out rows (then save it to ``model_dir`` and, with
    ``adopt``, serve it from ``current``). TrainingDataError with too few rows."""
    if len(rows) < MIN_ROWS:
        raise TrainingDataError(f"need at least {MIN_ROWS} finished orders, got {len(rows)}")
    started = time.perf_counter()
    train_rows, test_rows = split_history(rows, holdout, seed)
    texts = [r.text for r in test_rows]
    labels = [r.category for r in test_rows]
    units = [r.unit for r in test_rows]
    new = EmbeddedEngine.train(data_dir, history=train_rows, calibration=test_rows)
    new_acc, new_unit = new.accuracy(texts, labels, units)
    old_acc, old_unit = current.accuracy(texts, labels, units)
    better = (new_acc, new_unit or 0.0) >= (old_acc, old_unit or 0.0)
    new.info = ModelInfo(
        **{
            **new.info.__dict__,
            "holdout_accuracy": new_acc,
            "extra": {"previous_accuracy": old_acc, "holdout_rows": float(len(test_rows))},
        }
    )
    if better:
        if model_dir is not None:
            new.save(model_dir)
        if adopt:
            current.adopt(new)
    report = RetrainReport(
        rows=len(rows),
        train_rows=len(train_rows),
        holdout_rows=len(test_rows),
        new_accuracy=new_acc,
        previous_accuracy=old_acc,
        new_unit_accuracy=new_unit,
        previous_unit_accuracy=old_unit,
        kept="new" if better else "previous",
        seconds=round(time.perf_counter() - started, 1),
        model_dir=str(model_dir) if model_dir is not None else None,
    )
    log.info("nlu retrain: %s", report.as_dict())
    return report
