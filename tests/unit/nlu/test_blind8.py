"""Eighth blind set (blind8): emergency detection (第十三条(一)) on unseen phrasings.

data/emergency_blind8.yml was written on 2026-12-02 by a fresh helper who had not read the
detector (nlu/ beyond the signature of the engine's parse and the TriageOutcome enum), its
corpus, config/nlu, dialogs/ nor the other blind sets (beyond the format lines of blind7),
and committed before any measurement; it is never tuned on. 295 emergencies in 26
situations (fire, gas, trapped, drowning, collapse, medical of every kind, violence,
domestic violence, child abuse, theft or burglary in progress or just found, robbery,
fraud with money leaving now, missing child or lost elderly, self-harm told indirectly,
a third person on a roof, bridge or high place, confinement, drugs, traffic accidents,
dangerous traffic, live wire, chemical leak, dangerous animal, flood, explosion,
poisoning, crowd crush), in spoken Mandarin and Heze dialect, voice transcripts, typos and
homophones, full-width digits, danger wrapped in habit words or told by consequences, long
messages with the danger in the middle and very short ones; 215 ordinary appeals sharing
their words, weighted towards figurative speech with a concrete grievance (热得不想活了 +
停电), bills and meters, past injuries that motivate an appeal, anger that threatens a
petition, hazards reported for fixing, complaints about 110/119/120/122, fire-safety
hazards, procedure questions, progress of old reports, news and rumours. The floors are
what was measured, rounded DOWN to 0.01; raising one needs a new measurement, not
training lines copied from this file.

Measured once 2026-12-02 14:19 UTC on branch blind8 (base 98caaf0 = main, nothing in nlu/
or config/ changed; file committed in b7842f9 and 0c6f954 before the run; ``engine.parse``
on each line, counts only): recall 277 of 295 (0.939; floor 0.93); 23 false alarms among
215 negatives, precision 277/300 (0.923; floor 0.92). The expected number was among those
told for 256 of the 277 found (0.924; floor 0.92) and told first for 244 (0.880; floor
0.88).
Found by situation: animal 8/8, chemical 9/9, child_abuse 7/10, collapse 10/10,
confinement 8/8, crowd_crush 6/8, dangerous_traffic 10/11, domestic_violence 9/11,
drowning 10/10, drugs 8/8, explosion 9/9, fire 12/14, flood 8/9, fraud 11/11, gas 11/11,
live_wire 10/10, medical 38/38, missing 9/11, poisoning 9/9, robbery 9/9, rooftop 6/10,
self_harm 12/12, theft 11/11, traffic 13/13, trapped 11/12, violence 13/13 (18 missed: 13
expecting 110, 4 expecting 119, 1 expecting 122).
Expected number not among those told (21), by situation: crowd_crush 5, animal 3,
self_harm 3, explosion 2, gas 2, trapped 2, and 1 each in chemical, child_abuse,
confinement, robbery. Not told first (33): the same plus medical 2, traffic 2, and 1 more
each in animal, chemical, child_abuse, self_harm, trapped, and 1 each in drowning, drugs,
fraud.
No line is in the training data (one negative that was, found by that check before any
detector run, was replaced in 0c6f954).
"""

from __future__ import annotations

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.blind_sets import assert_covers_every_situation
from tests.unit.nlu.told import (
    assert_floors,
    assert_not_in_training,
    load_blind,
    measure,
)

POSITIVES, NEGATIVES = load_blind("blind8")

#: 277 of 295 positives found (0.939, measured once), rounded down to 0.01.
BLIND8_RECALL_FLOOR = 0.93
#: 277 found, 23 false alarms among 215 negatives (0.923), rounded down to 0.01.
BLIND8_PRECISION_FLOOR = 0.92
#: The expected number among those told for 256 of 277 found (0.924), rounded down.
BLIND8_SERVICE_FLOOR = 0.92
#: The expected number told first for 244 of 277 found (0.880), rounded down.
BLIND8_FIRST_FLOOR = 0.88


def test_blind8_file_is_large_and_covers_every_kind() -> None:
    assert_covers_every_situation(POSITIVES, NEGATIVES, least=260, least_negatives=180)


def test_blind8_lines_are_not_in_the_training_data() -> None:
    assert_not_in_training({p["text"] for p in POSITIVES} | set(NEGATIVES))


def test_blind8_emergency_recall_precision_and_number(engine: EmbeddedEngine) -> None:
    assert_floors(
        measure(engine, POSITIVES, NEGATIVES),
        POSITIVES,
        recall=BLIND8_RECALL_FLOOR,
        precision=BLIND8_PRECISION_FLOOR,
        service=BLIND8_SERVICE_FLOOR,
        first=BLIND8_FIRST_FLOOR,
    )
