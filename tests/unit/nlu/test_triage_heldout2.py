"""第十三条 (二), (四), (五), (六) and matters outside Heze on a second held-out set.

data/triage_heldout2.yml was written in full on 2026-12-01 by an author who had not read
nlu/triage.py beyond its outcome enum, config/nlu/* nor the first held-out set beyond its
format lines, and committed before any measurement; it is never tuned on. Each phrasing
goes through the whole engine (the place of the matter decides whether the check for
another place runs). The floors are what was measured on the code as it was, rounded
down to 0.01.

Measured 2026-12-01 on branch blind3 (base 47869dd, nothing in nlu/ or config/ changed):
legal_channel 13/16 (0.812), secret_privacy 3/16 (0.188), unlawful 3/17 (0.176; 4 of the
misses were taken for emergencies), unacceptable 11/15 (0.733; 1 taken for an emergency);
37 of 42 ordinary appeals got no finding (0.881; 3 emergencies, 2 legal_channel). The low
(四) and (五) figures are the finding: their phrasings are not caught by the concepts.
"""

from __future__ import annotations

from collections import Counter

from nlu.engine import EmbeddedEngine
from nlu.types import TriageOutcome
from tests.unit.nlu.triage_checks import load_set
from tests.unit.nlu.triage_heldout import (
    assert_negatives_clear,
    assert_not_in_training,
    assert_outcome_floors,
)

HELD2 = load_set("triage_heldout2")

#: Share of each kind's phrasings given that outcome (the (三) repeat needs the case store).
OUTCOME_FLOORS: dict[TriageOutcome, float] = {
    TriageOutcome.LEGAL_CHANNEL: 0.68,
    TriageOutcome.SECRET_PRIVACY: 0.81,
    TriageOutcome.UNLAWFUL: 0.52,
    TriageOutcome.UNACCEPTABLE: 0.73,
}
# Measured when written (base 47869dd): 13/16, 3/16, 3/17, 11/15, 37/42 negatives clear.
# Measured on main after the fourth emergency round and its 第十三条 kinds (which never saw
# this file), 2026-12-01 05:15 UTC: 11/16, 6/16, 5/17, 10/15 (32 of 64 right, was 30),
# 38/42 clear; the two legal-channel and one unacceptable lines lost are taken for
# emergencies. After the fifth emergency round (05:55 UTC): 11/16, 6/16, 5/17, 11/15 (33 of
# 64), 39/42 clear. After the third triage round (branch triage13: kinds by situation, a
# learned reading over config/nlu/triage_kinds.yml; this file never opened, counts only),
# 2026-12-01 08:27 UTC: 11/16, 13/16, 11/15, 9/17 (44 of 64), 39/42 clear. Floors follow the
# newest measurement.
#: Share of the ordinary appeals given no 第十三条 finding at all.
NEGATIVES_FLOOR = 0.88


def test_heldout2_file_covers_every_kind_decided_from_words() -> None:
    kinds = Counter(p["outcome"] for p in HELD2.positives)
    assert set(kinds) == {o.value for o in OUTCOME_FLOORS}
    assert min(kinds.values()) >= 12
    assert sum(kinds.values()) >= 60
    assert len(HELD2.negatives) >= 40


def test_heldout2_lines_are_not_in_the_lexicon_nor_the_training_data() -> None:
    assert_not_in_training(HELD2)


def test_heldout2_each_kind_gets_its_outcome(engine: EmbeddedEngine) -> None:
    assert_outcome_floors(engine, HELD2, OUTCOME_FLOORS)


def test_heldout2_ordinary_appeals_get_no_finding(engine: EmbeddedEngine) -> None:
    assert_negatives_clear(engine, HELD2, NEGATIVES_FLOOR)
