"""From a predicted category to the handling-unit type, with keyword overrides.

* **Unit types** come from the dispatch catalogue (``config/data/catalogue.yaml``, read as
  data: the most specific entry for level1/level2/level3), so the NLU never names a unit
  type the dispatcher does not know.
* **Keyword overrides** (``config/nlu/categories.yml``): a citizen who says 暖气不热 needs
  the heating company, whatever the statistical guess; utilities (heating, gas, water,
  power, telecom) and a few unit types are decided by these patterns first (第二十条); the
  housing provident fund (住房公积金 → 住房公积金管理中心) wins over every other one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import TrainingDataError
from nlu.regate import Matcher, gated
from nlu.resources import CATALOGUE_PATH, CONFIG_DIR

#: Overrides look at this many leading characters (the matter is named first).
OVERRIDE_CHARS = 100

# a matter denied in a correction ("不是停水 是停气", "说错了 不是暖气是燃气"): the words
# after 不是 up to the 是 that names the right matter
_DENIED = re.compile(r"不是([^\s，,。；;！!？?]{1,8}?)(?=[\s，,。]*(?:而)?是)")


def _without_denied(text: str) -> str:
    """``text`` with the matters it denies blanked (same length, so positions hold)."""
    return _DENIED.sub(lambda m: "不是" + " " * len(m.group(1)), text)


@dataclass(frozen=True)
class Override:
    """A pattern that decides the category (and so the unit type) when it matches."""

    name: str
    pattern: Matcher
    level1: str
    level2: str
    level3: str | None = None
    unless: Matcher | None = None
    always: bool = False  # wins over every other override, wherever it matches


@dataclass(frozen=True)
class Routing:
    """Overrides and the catalogue's unit type per (level1, level2, level3)."""

    overrides: tuple[Override, ...]
    unit_types: dict[tuple[str, str | None, str | None], str]

    @classmethod
    def load(cls, data_dir: Path = CONFIG_DIR, catalogue: Path | None = None) -> Routing:
        """Read ``categories.yml`` of ``data_dir`` and the catalogue (missing: no types)."""
        path = data_dir / "categories.yml"
        try:
            doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            overrides = tuple(
                Override(
                    str(o["name"]),
                    gated(str(o["pattern"])),
                    str(o["level1"]),
                    str(o["level2"]),
                    o.get("level3"),
                    gated(str(o["unless"])) if o.get("unless") else None,
                    bool(o.get("always")),
                )
                for o in doc.get("overrides") or ()
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
            raise TrainingDataError(f"bad category file {path}: {exc}") from exc
        return cls(overrides, _catalogue_types(catalogue or CATALOGUE_PATH))

    def override(self, text: str) -> Override | None:
        """The override whose pattern matches earliest in the start of ``text`` (and whose
        ``unless`` does not): the matter a citizen names first decides, so 电梯老坏，还停水
        is the elevator's; on a tie the file's order. An ``always`` override (住房公积金)
        wins over the others wherever it matches. A matter the text denies ("不是停水 是停
        气") decides nothing when another one is named; alone ("这不是第一次停水了") it still
        does."""
        text = text[:OVERRIDE_CHARS]
        denied = _without_denied(text)
        if denied != text:
            found = self._override(denied)
            if found is not None:
                return found
        return self._override(text)

    def _override(self, text: str) -> Override | None:
        best: tuple[int, Override] | None = None
        for o in self.overrides:
            found = o.pattern.search(text)
            if found is None:
                continue
            start = found.start() - (OVERRIDE_CHARS if o.always else 0)
            if best is not None and start >= best[0]:
                continue
            if not (o.unless and o.unless.search(text)):
                best = (start, o)
        return best[1] if best else None

    def unit_type(self, level1: str, level2: str | None, level3: str | None = None) -> str | None:
        """The catalogue's unit type of the most specific entry, None when unknown."""
        for key in ((level1, level2, level3), (level1, level2, None), (level1, None, None)):
            found = self.unit_types.get(key)
            if found:
                return found
        return None


def _catalogue_types(path: Path) -> dict[tuple[str, str | None, str | None], str]:
    try:
        doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}  # the NLU also works alone: categories without unit types
    out: dict[tuple[str, str | None, str | None], str] = {}
    for cat in doc.get("categories") or ():
        l1 = str(cat.get("level1"))
        if cat.get("unit_type"):
            out[(l1, None, None)] = str(cat["unit_type"])
        for e in cat.get("entries") or ():
            out[(l1, e.get("level2"), e.get("level3"))] = str(e.get("unit_type"))
    return out
