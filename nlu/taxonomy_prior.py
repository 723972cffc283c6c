"""A prior of the first-level family from the taxonomy's own words (issue 11: "the
taxonomy's 2nd/3rd-level words ... as features or priors").

``config/nlu/taxonomy_words.yml`` lists, per first-level category, the words of its
second- and third-level names (冬季采暖, 物业, 医患纠纷, 网约车 ...; derived from
``../shared/data/category-taxonomy.csv``). Every occurrence of a word in the start of a
message adds one vote, split evenly among the families that list it; the votes, normalised
to sum 1, are the prior that :meth:`nlu.engine.EmbeddedEngine._family_vector` mixes into the
family score with the weight ``PRIOR_WEIGHT`` of the engine. A message with none of the
words has no prior (the model's scores alone).

Cost: one pass of a compiled alternation (longest word first) over ``PRIOR_CHARS``
characters, about as much as one of the override patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from nlu.errors import TrainingDataError

#: Characters of a message looked at (the matter is named first, as for the overrides).
PRIOR_CHARS = 200
WORDS_FILE = "taxonomy_words.yml"


@dataclass(frozen=True)
class TaxonomyPrior:
    """Words → the families that list them, and the compiled pattern of all words."""

    families: dict[str, tuple[str, ...]]  # word → families listing it
    pattern: re.Pattern[str] | None

    @classmethod
    def load(cls, data_dir: Path) -> TaxonomyPrior:
        """Read ``taxonomy_words.yml`` of ``data_dir`` (missing: an empty prior).

        TrainingDataError when the file is not a mapping of families to word lists.
        """
        path = data_dir / WORDS_FILE
        if not path.exists():
            return cls({}, None)
        try:
            doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            table: dict[str, list[str]] = {}
            for family, words in (doc.get("families") or {}).items():
                for w in words or ():
                    if not isinstance(w, str) or not w:
                        raise TypeError(f"bad word {w!r} of {family}")
                    table.setdefault(w, []).append(str(family))
        except (OSError, yaml.YAMLError, AttributeError, TypeError) as exc:
            raise TrainingDataError(f"bad taxonomy word file {path}: {exc}") from exc
        if not table:
            return cls({}, None)
        alternation = "|".join(re.escape(w) for w in sorted(table, key=lambda w: (-len(w), w)))
        return cls({w: tuple(f) for w, f in table.items()}, re.compile(alternation))

    def votes(self, text: str) -> dict[str, float]:
        """Votes per family of the taxonomy words in the start of ``text`` (empty: none)."""
        if self.pattern is None:
            return {}
        out: dict[str, float] = {}
        for m in self.pattern.finditer(text[:PRIOR_CHARS]):
            fams = self.families[m.group()]
            for f in fams:
                out[f] = out.get(f, 0.0) + 1.0 / len(fams)
        return out

    def vector(self, text: str, names: tuple[str, ...]) -> np.ndarray | None:
        """The prior over ``names`` (sums to 1), or None when no word of ``names``' families
        is in ``text``."""
        votes = self.votes(text)
        if not votes:
            return None
        vec = np.asarray([votes.get(n, 0.0) for n in names], dtype=np.float64)
        total = float(vec.sum())
        return vec / total if total > 0 else None
