"""Read the Rasa-format training data in ``config/nlu`` and evaluation CSV files."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError

APPEAL_PREFIX = "appeal__"
KEYWORD_PREFIX = "kw__"
DIALOGUE_INTENTS = (
    "greet",
    "thank",
    "affirm",
    "deny",
    "ask_progress",
    "ask_human",
    "complain_staff",
    "rate",
    "out_of_scope",
    "appeal",
    "ask_info",
)
# Rasa annotates entities inline as [text](entity); training uses the plain text
_ANNOTATION_RE = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


@dataclass(frozen=True)
class Example:
    """One training utterance and its Rasa intent name."""

    text: str
    intent: str
    routing_only: bool = False  # from a file marked ``routing_only: true`` (see below)

    @property
    def category(self) -> str | None:
        """``level1/level2`` for ``appeal__level1__level2`` intents."""
        if not self.intent.startswith(APPEAL_PREFIX):
            return None
        parts = self.intent[len(APPEAL_PREFIX) :].split("__")
        return "/".join(parts[:2]) if len(parts) >= 2 else parts[0]

    @property
    def dialogue_intent(self) -> str:
        """The bot intent: category intents are all ``appeal``."""
        return "appeal" if self.intent.startswith(APPEAL_PREFIX) else self.intent


def training_files(data_dir: Path) -> list[Path]:
    """The Rasa NLU YAML files of ``data_dir`` (files with an ``nlu:`` section)."""
    files = []
    for path in sorted(data_dir.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^nlu:", text, re.MULTILINE):
            files.append(path)
    return files


def load_examples(data_dir: Path) -> list[Example]:
    """Every ``- intent:`` example in the Rasa YAML files of ``data_dir``.

    A file with ``routing_only: true`` at its top holds appeals written for routing kinds
    (many near wordings of one matter): its examples train the intent and category heads
    but are not ordinary-appeal negatives of the emergency detector, which would otherwise
    learn the matter's words (垃圾, 村口) as a sign of no danger (``nlu.training``)."""
    out: list[Example] = []
    files = training_files(data_dir)
    if not files:
        raise TrainingDataError(f"no Rasa NLU YAML files in {data_dir}")
    for path in files:
        try:
            doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise TrainingDataError(f"{path}: {exc}") from exc
        routing_only = bool(doc.get("routing_only"))
        for block in doc.get("nlu") or ():
            intent = block.get("intent")
            lookup = str(block.get("lookup") or "")
            if lookup.startswith(KEYWORD_PREFIX):
                # domain vocabulary: each entry is a short example of its category
                intent = APPEAL_PREFIX + lookup[len(KEYWORD_PREFIX) :]
            if not intent:
                continue  # synonyms, other lookups, regexes
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if not line.startswith("- "):
                    continue
                text = _ANNOTATION_RE.sub(lambda m: m.group(1) or m.group(2), line[2:].strip())
                if text:
                    out.append(Example(text=text, intent=str(intent), routing_only=routing_only))
    if not out:
        raise TrainingDataError(f"no examples in {data_dir}")
    return out


def data_hash(data_dir: Path) -> str:
    """SHA-256 over the training data, dictionary, gazetteer and category files."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*")):
        if path.is_file() and path.suffix in (".yml", ".yaml", ".txt"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_labelled_csv(path: Path) -> tuple[list[str], list[str]]:
    """Texts and labels of a CSV with columns ``id,label,text``."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or not {"label", "text"} <= set(reader.fieldnames):
                raise TrainingDataError(f"{path}: expected columns id,label,text")
            texts, labels = [], []
            for row in reader:
                label = (row.get("label") or "").strip()
                if not label:
                    raise TrainingDataError(f"{path}: row {row.get('id')} has no label")
                texts.append(row.get("text") or "")
                labels.append(label)
    except OSError as exc:
        raise TrainingDataError(f"cannot read {path}: {exc}") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"{path}: {exc}") from exc
    if not texts:
        raise TrainingDataError(f"{path}: no rows")
    return texts, labels
