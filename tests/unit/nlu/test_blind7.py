"""Seventh blind set (blind7): emergency detection (第十三条(一)) on unseen phrasings.

data/emergency_blind7.yml was written on 2026-12-02 by a fresh helper who had not read the
detector (nlu/ beyond the signature of the engine's parse and the TriageOutcome enum), its
corpus, config/nlu, dialogs/ nor the other blind sets (beyond the format lines of blind6),
and committed before any measurement; it is never tuned on. 280 emergencies in 26
situations (fire, gas, trapped, drowning, collapse, medical of every kind, violence,
domestic violence, child abuse, theft or burglary in progress or just found, robbery,
fraud with money leaving now, missing child or lost elderly, self-harm told indirectly,
confinement, drugs, traffic accidents, dangerous traffic, live wire, chemical leak,
dangerous animal, flood, explosion, poisoning, crowd crush, a person on a rooftop), in
spoken Mandarin and Heze dialect, voice transcripts, typos and homophones, full-width
digits, danger wrapped in habit words or told by consequences, long messages with the
danger in the middle and very short ones; 182 ordinary appeals sharing their words (past
or settled matters, complaints about 110/119/120/122, fire-safety hazards, chronic
nuisances, figurative speech, news and rumours, procedure questions, supply outages, roads
and trees, progress of old reports, worries, ordinary medical questions). The floors are
what was measured, rounded DOWN to 0.01; raising one needs a new measurement, not
training lines copied from this file.

Measured once 2026-12-02 09:34 UTC on branch blind7 (base 331ca32 = main, nothing in nlu/
or config/ changed; file committed in 9a86e1a before the run; ``engine.parse`` on each
line, counts only): recall 260 of 280 (0.929; floor 0.92); 8 false alarms among 182
negatives, precision 260/268 (0.970; floor 0.97). The expected number was among those told
for 230 of the 260 found (0.885; floor 0.88) and told first for 217 (0.835; floor 0.83).
Found by situation: animal 8/8, chemical 8/8, child_abuse 6/9, collapse 9/9, confinement
7/7, crowd_crush 7/7, dangerous_traffic 10/10, domestic_violence 8/9, drowning 10/10,
drugs 6/7, explosion 8/8, fire 14/15, flood 6/7, fraud 8/10, gas 11/12, live_wire 8/9,
medical 40/42, missing 11/12, poisoning 9/9, robbery 8/9, rooftop 4/6, self_harm 9/10,
theft 10/10, traffic 12/12, trapped 11/12, violence 12/13 (20 missed: 14 expecting 110,
4 expecting 119, 2 expecting 120).
Expected number not among those told (30), by situation: crowd_crush 7, live_wire 7,
animal 3, medical 3, dangerous_traffic 2, drowning 2, and 1 each in confinement, drugs,
explosion, rooftop, traffic, trapped. Not told first (43): the same plus traffic 4 more
(122 told after another number), drowning 1, drugs 1, medical 1, trapped 1, chemical 1,
fire 1, fraud 1, self_harm 1, violence 1.
No line is in the training data (one negative that was, found by that check before any
detector run, was replaced before the file was committed).
"""

from __future__ import annotations

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.blind_sets import assert_covers_every_situation
from tests.unit.nlu.told import (
    Measure,
    assert_floors,
    assert_not_in_training,
    load_blind,
    measure,
)

POSITIVES, NEGATIVES = load_blind("blind7")

#: 260 of 280 positives found (0.929, measured once), rounded down to 0.01.
BLIND7_RECALL_FLOOR = 0.92
#: 260 found, 8 false alarms among 182 negatives (0.970), rounded down to 0.01.
BLIND7_PRECISION_FLOOR = 0.97
#: The expected number among those told for 230 of 260 found (0.885), rounded down.
BLIND7_SERVICE_FLOOR = 0.88
#: The expected number told first for 217 of 260 found (0.835), rounded down.
BLIND7_FIRST_FLOOR = 0.83


def test_blind7_file_is_large_and_covers_every_kind() -> None:
    assert_covers_every_situation(POSITIVES, NEGATIVES, least=200, least_negatives=150)


def test_blind7_lines_are_not_in_the_training_data() -> None:
    assert_not_in_training({p["text"] for p in POSITIVES} | set(NEGATIVES))


def test_blind7_emergency_recall_precision_and_number(engine: EmbeddedEngine) -> None:
    assert_floors(
        measure(engine, POSITIVES, NEGATIVES),
        POSITIVES,
        recall=BLIND7_RECALL_FLOOR,
        precision=BLIND7_PRECISION_FLOOR,
        service=BLIND7_SERVICE_FLOOR,
        first=BLIND7_FIRST_FLOOR,
    )


def test_measure_counts_recall_precision_service_and_situations() -> None:
    positives = [
        {"situation": "fire", "service": "119", "text": "a"},
        {"situation": "fire", "service": "119", "text": "b"},
        {"situation": "gas", "service": "119", "text": "c"},
        {"situation": "gas", "service": "119", "text": "d"},
    ]
    m = Measure(
        missed=[positives[1]],
        alarms=["x"],
        total=4,
        wrong_service=[positives[2]],
        wrong_first=[positives[2], positives[3]],
    )
    assert m.recall == 0.75
    assert m.precision == 0.75
    assert m.service_right == 2 / 3
    assert m.service_first == 1 / 3
    assert m.by_situation(positives) == {"fire": (1, 2), "gas": (2, 2)}
    empty = Measure(missed=[], alarms=[], total=0, wrong_service=[], wrong_first=[])
    assert Measure(missed=[], alarms=[], total=0) == empty  # blind4 scores no number
    assert (empty.recall, empty.precision, empty.service_right, empty.service_first) == (
        0.0,
        0.0,
        0.0,
        0.0,
    )
