"""The NLU engine's saved model: its version, what it was trained from, and the two files
written in the model directory (``model.pkl``, ``meta.json``).

``save_model`` writes both through a temporary file (a reader never sees half a model);
``load_model`` raises ModelError when the files are missing or unreadable, of another
``MODEL_VERSION``, or when the training data changed since (``nlu.data.data_hash``).
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from nlu.data import data_hash
from nlu.errors import ModelError
from nlu.linear import LinearModel

#: Bump when features or the saved format change: old saved models are retrained.
MODEL_VERSION = "7"  # 3 level-1 head; 4 NB family; 5 place kinds; 6 title; 7 names out (N10)
_MODEL_FILE = "model.pkl"
_META_FILE = "meta.json"


@dataclass(frozen=True)
class ModelInfo:
    """What a saved model was trained from (and, after a retrain, how it scored)."""

    version: str
    data_hash: str
    trained_at: str
    train_seconds: float
    examples: int
    history_rows: int = 0
    holdout_accuracy: float | None = None
    extra: dict[str, float] = field(default_factory=dict)


def save_model(model: LinearModel, info: ModelInfo, model_dir: Path) -> None:
    """Write ``model`` and its metadata ``info`` to ``model_dir``; OSError when unwritable."""
    model_dir.mkdir(parents=True, exist_ok=True)
    tmp = model_dir / (_MODEL_FILE + ".tmp")
    with tmp.open("wb") as fh:
        pickle.dump({"model": model}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(model_dir / _MODEL_FILE)
    meta_tmp = model_dir / (_META_FILE + ".tmp")
    meta_tmp.write_text(json.dumps(info.__dict__, ensure_ascii=False, indent=2), encoding="utf-8")
    meta_tmp.replace(model_dir / _META_FILE)


def load_model(model_dir: Path, data_dir: Path) -> tuple[LinearModel, ModelInfo]:
    """The model saved in ``model_dir`` and its metadata; ModelError when missing, stale
    (trained from other data than ``data_dir``'s) or of another version."""
    try:
        meta = json.loads((model_dir / _META_FILE).read_text(encoding="utf-8"))
        info = ModelInfo(**meta)
    except (OSError, ValueError, TypeError) as exc:
        raise ModelError(f"no usable model metadata in {model_dir}: {exc}") from exc
    if info.version != MODEL_VERSION:
        raise ModelError(f"model version {info.version} != {MODEL_VERSION}")
    if info.data_hash != data_hash(data_dir):
        raise ModelError("training data changed since the model was saved")
    try:
        with (model_dir / _MODEL_FILE).open("rb") as fh:
            # our own file, written by save_model() into the service's var directory
            parts = pickle.load(fh)  # noqa: S301
        model = parts["model"]
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        KeyError,
        TypeError,
    ) as exc:
        raise ModelError(f"cannot read {model_dir / _MODEL_FILE}: {exc}") from exc
    if not isinstance(model, LinearModel):
        raise ModelError(f"{model_dir / _MODEL_FILE} holds no model")
    return model, info
