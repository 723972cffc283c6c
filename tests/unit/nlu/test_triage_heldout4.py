"""第十三条 (二), (四), (五), (六) and matters outside Heze on a fourth held-out set.

data/triage_heldout4.yml was written in full on 2026-12-01 by a helper who had not read
nlu/ beyond the TriageOutcome enum and the signature of the engine's parse, config/nlu/*
nor the other held-out sets beyond the format lines of the third, and committed (2fd13c3)
before any measurement; it is never tuned on. 20 phrasings per outcome: (二) litigation,
arbitration, discipline inspection (纪检监察), administrative reconsideration,
information disclosure, petitions; (四) personal information, trade secrets, state
secrets; (五) requests against law or public order; (六) 10 matters outside Heze's
territory (第二条) and 10 the hotline may not take (matchmaking, fortune, the army, the
people's congress, an embassy, a game account, a family quarrel, the lottery, a spouse's
affair, homework). 47 ordinary appeals share their words (法院, 仲裁, 信访, 纪委,
信息公开, 个人信息, 保密协议, 举报, 外地, roads named after other cities, Heze's counties).
Each phrasing goes through the whole engine. The floors are what was measured, rounded
down to 0.01.

Measured once 2026-12-01 18:45 UTC on branch blind6 (base 8b8fc26 = main, nothing in nlu/
or config/ changed): 50 of 80 right.
legal_channel 18/20 (0.90): arbitration 3/3, disclosure 3/3, petition 3/3,
reconsideration 3/3, litigation 3/4, discipline 3/4 (1 miss got unlawful, 1 emergency).
secret_privacy 13/20 (0.65): privacy 8/10, trade_secret 4/5, state_secret 1/5 (5 misses
got no finding, 1 emergency, 1 legal_channel).
unlawful 10/20 (0.50): 9 misses got no finding, 1 emergency.
unacceptable 9/20 (0.45): outside_heze 7/10 (3 got no finding); the other ten 2/10 (7 got
no finding, 1 emergency).
Ordinary appeals: 41 of 47 got no finding (0.872); 5 were caught as legal_channel and 1
as emergency.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.types import TriageOutcome

HELD4: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "triage_heldout4.yml").read_text(encoding="utf-8")
)

#: Share of each outcome's phrasings given that outcome: first 18/20, 13/20, 10/20, 9/20;
#: measured again 2026-12-02 03:39 UTC on branch triage15 (aggregate only, never tuned
#: on): 16/20, 14/20, 10/20, 12/20 (52/80). legal_channel fell from 18 to 16 when a legal
#: word stopped deciding alone (nlu/triage_legal.py): the price of real appeals falsely
#: told a legal channel falling from 139 to 0 of 1855 (bench/triage_kinds.py --appeals)
#: and of this set's ordinary appeals caught from 6 to 2; the floor is the new figure.
#: Measured again 2026-12-02 10:10 UTC on branch triage16 (kinds of wording for (二)(四)
#: (五)(六) from its own development set, aggregate only, never tuned on): 17/20, 17/20,
#: 13/20, 14/20 (61/80).
OUTCOME_FLOORS: dict[TriageOutcome, float] = {
    TriageOutcome.LEGAL_CHANNEL: 0.85,
    TriageOutcome.SECRET_PRIVACY: 0.85,
    TriageOutcome.UNLAWFUL: 0.65,
    TriageOutcome.UNACCEPTABLE: 0.70,
}
#: Share of the matters outside Heze given "unacceptable" (7/10, triage15 and triage16 too).
OUTSIDE_HEZE_FLOOR = 0.70
#: Share of the ordinary appeals given no 第十三条 finding at all (first 41/47 = 0.872;
#: triage15 45/47 = 0.957; triage16 46/47 = 0.979).
NEGATIVES_FLOOR = 0.97


def _outcome(engine: EmbeddedEngine, text: str) -> str | None:
    triage = engine.parse(text).triage
    return None if triage is None else triage.outcome.value


def _share_right(engine: EmbeddedEngine, rows: list[dict[str, str]]) -> tuple[float, list[str]]:
    """(share given their outcome, the wrong ones as ``kind: text → got``)."""
    wrong = [
        f"{row['kind']}: {row['text']} → {got}"
        for row in rows
        if (got := _outcome(engine, row["text"])) != row["outcome"]
    ]
    return (len(rows) - len(wrong)) / len(rows), wrong


def test_heldout4_file_covers_every_kind_decided_from_words_evenly() -> None:
    kinds = Counter(p["outcome"] for p in HELD4["positives"])
    assert set(kinds) == {o.value for o in OUTCOME_FLOORS}
    assert min(kinds.values()) >= 20
    assert sum(p["kind"] == "outside_heze" for p in HELD4["positives"]) >= 8
    assert len(HELD4["negatives"]) >= 45
    texts = [p["text"] for p in HELD4["positives"]] + list(HELD4["negatives"])
    assert len(set(texts)) == len(texts)


def test_heldout4_lines_are_not_in_the_lexicon_nor_the_training_data() -> None:
    lexicon = (CONFIG_DIR / "triage.yml").read_text(encoding="utf-8")
    examples = {e.text for e in load_examples(CONFIG_DIR)}
    texts = [p["text"] for p in HELD4["positives"]] + list(HELD4["negatives"])
    assert not [t for t in texts if t in lexicon or t in examples]


def test_heldout4_each_kind_gets_its_outcome(engine: EmbeddedEngine) -> None:
    below: dict[str, str] = {}
    wrong_all: list[str] = []
    for outcome, floor in OUTCOME_FLOORS.items():
        rows = [p for p in HELD4["positives"] if p["outcome"] == outcome.value]
        share, wrong = _share_right(engine, rows)
        wrong_all += wrong
        if share < floor:
            below[outcome.value] = f"{share:.3f} < {floor}"
    assert not below, f"{below}\n" + "\n".join(wrong_all)


def test_heldout4_matters_outside_heze_are_refused(engine: EmbeddedEngine) -> None:
    rows = [p for p in HELD4["positives"] if p["kind"] == "outside_heze"]
    share, wrong = _share_right(engine, rows)
    assert share >= OUTSIDE_HEZE_FLOOR, "\n".join(wrong)


def test_heldout4_ordinary_appeals_get_no_finding(engine: EmbeddedEngine) -> None:
    caught = [f"{t} → {o}" for t in HELD4["negatives"] if (o := _outcome(engine, t)) is not None]
    right = (len(HELD4["negatives"]) - len(caught)) / len(HELD4["negatives"])
    assert right >= NEGATIVES_FLOOR, "caught:\n" + "\n".join(caught)
