"""Second blind sets (blind2): emergency detection (第十三条(一)) and Heze addresses.

Both files were written on 2026-12-01 by an author who had not read the detector, its
corpus, the address parser or the gazetteer, and before any measurement
(data/emergency_blind2.yml, data/address_blind2.yml). They are never tuned on: the floors
below are what was measured on the code as it was, rounded down to 0.05, so a test fails
when a change makes the shipped NLU worse on unseen phrasings; raising a floor needs a new
measurement, not new training lines copied from these files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nlu.address import parse_address
from nlu.data import load_examples
from nlu.emergency import EmergencyCorpus
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.types import Address, TriageOutcome
from tests.unit.nlu.address_rows import clean, short_township

DATA = Path(__file__).parent / "data"
EMERGENCY2: dict[str, Any] = yaml.safe_load(
    (DATA / "emergency_blind2.yml").read_text(encoding="utf-8")
)
ADDRESS2: dict[str, Any] = yaml.safe_load((DATA / "address_blind2.yml").read_text(encoding="utf-8"))

# Measured 2026-12-01 on branch blind2 (base 16cebfd, nothing in nlu/ or config/ changed),
# model trained by the nlu fixtures from config/nlu; each floor is the figure rounded DOWN
# to 0.05. The misses are the finding (listed in the failure message); do not tune on them.
#: 159 of 167 positives found (0.952); the 8 missed: 2 drowning, 3 collapse, 2 theft, 1 drugs.
BLIND2_RECALL_FLOOR = 0.95
#: 159 found, 14 false alarms among 127 negatives (0.919).
BLIND2_PRECISION_FLOOR = 0.90
#: 68 of 70 rows right (0.971): 侯集镇 (official 侯集回族镇) and 皇镇乡 were not recognised.
ADDRESS2_FLOOR = 0.95


def _urgent(engine: EmbeddedEngine, text: str) -> bool:
    result = engine.parse(text)
    return result.triage is not None and result.triage.outcome is TriageOutcome.EMERGENCY


def address_errors(row: dict[str, Any], found: Address) -> list[str]:
    """What is wrong in ``found`` for one row of address_blind2.yml (empty when right)."""
    errors = []
    if found.county != row["county"]:
        errors.append(f"county {found.county!r} != {row['county']!r}")
    if short_township(found.township) != row["township"]:
        errors.append(f"township {found.township!r} != {row['township']!r}")
    below = clean((found.village or "") + (found.detail or ""))
    detail = clean(found.detail)
    errors += [f"{w!r} missing" for w in row["detail"] if clean(w) not in below]
    errors += [f"{w!r} in detail" for w in row["not"] if clean(w) in detail]
    return errors


def test_blind2_files_are_large_and_cover_every_kind() -> None:
    kinds = {p["situation"] for p in EMERGENCY2["positives"]}
    assert {"fire", "gas", "trapped", "drowning", "collapse", "medical", "violence"} <= kinds
    assert {"theft", "robbery", "fraud", "missing", "self_harm", "confinement"} <= kinds
    assert {"drugs", "traffic", "dangerous_traffic"} <= kinds
    assert {p["service"] for p in EMERGENCY2["positives"]} == {"110", "119", "120", "122"}
    assert len(EMERGENCY2["positives"]) >= 150
    assert len(EMERGENCY2["negatives"]) >= 120
    assert len(ADDRESS2["rows"]) >= 50


def test_blind2_lines_are_not_in_the_training_data() -> None:
    corpus = EmergencyCorpus.load()
    written = {t for s in corpus.situations.values() for t in s.examples}
    written |= set(corpus.borderline) | {t for g in corpus.negatives.values() for t in g}
    written |= {e.text for e in load_examples(CONFIG_DIR)}
    held = {p["text"] for p in EMERGENCY2["positives"]} | set(EMERGENCY2["negatives"])
    held |= {r["input"] for r in ADDRESS2["rows"]}
    compact = {clean(t) for t in written}
    assert not {t for t in held if t in written or clean(t) in compact}


def test_blind2_emergency_recall_and_precision(engine: EmbeddedEngine) -> None:
    positives = EMERGENCY2["positives"]
    missed = [p for p in positives if not _urgent(engine, p["text"])]
    alarms = [t for t in EMERGENCY2["negatives"] if _urgent(engine, t)]
    found = len(positives) - len(missed)
    recall = found / len(positives)
    precision = found / (found + len(alarms)) if found + len(alarms) else 0.0
    assert recall >= BLIND2_RECALL_FLOOR, "missed:\n" + "\n".join(
        f"{p['situation']}: {p['text']}" for p in missed
    )
    assert precision >= BLIND2_PRECISION_FLOOR, "false alarms:\n" + "\n".join(alarms)


def test_blind2_address_accuracy() -> None:
    rows = ADDRESS2["rows"]
    wrong = {}
    for row in rows:
        found = parse_address(row["input"])
        if errors := address_errors(row, found):
            wrong[row["input"]] = f"{found.county}/{found.township}/{found.village}/" + (
                f"{found.detail}: {'; '.join(errors)}"
            )
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= ADDRESS2_FLOOR, "wrong:\n" + "\n".join(
        f"{k} → {v}" for k, v in wrong.items()
    )


@pytest.mark.parametrize(
    ("row", "found", "right"),
    [
        (
            {"county": "曹县", "township": "砖庙镇", "detail": ["3号楼"], "not": ["地址"]},
            Address(county="曹县", township="砖庙镇人民政府", detail="和平小区３号楼"),
            True,
        ),
        (
            {"county": "曹县", "township": None, "detail": ["刘庄村"], "not": []},
            Address(county="曹县", village="刘庄村"),
            True,
        ),
        (
            {"county": "牡丹区", "township": None, "detail": ["中华路"], "not": ["地址"]},
            Address(county="牡丹区", detail="地址是中华路"),
            False,
        ),
        (
            {"county": "牡丹区", "township": "东城街道", "detail": [], "not": []},
            Address(county="牡丹区", township="丹阳街道办事处"),
            False,
        ),
        (
            {"county": "单县", "township": None, "detail": ["人民医院"], "not": []},
            Address(county="单县", detail="医院"),
            False,
        ),
    ],
)
def test_address_row_scoring(row: dict[str, Any], found: Address, right: bool) -> None:
    assert (not address_errors(row, found)) is right
