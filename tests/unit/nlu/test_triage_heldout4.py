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

from nlu.engine import EmbeddedEngine
from nlu.types import TriageOutcome
from tests.unit.nlu.triage_checks import load_set
from tests.unit.nlu.triage_heldout import (
    assert_kind_floor,
    assert_negatives_clear,
    assert_not_in_training,
    assert_outcome_floors,
)

HELD4 = load_set("triage_heldout4")

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


def test_heldout4_file_covers_every_kind_decided_from_words_evenly() -> None:
    kinds = Counter(p["outcome"] for p in HELD4.positives)
    assert set(kinds) == {o.value for o in OUTCOME_FLOORS}
    assert min(kinds.values()) >= 20
    assert len(HELD4.of_kind("outside_heze")) >= 8
    assert len(HELD4.negatives) >= 45
    assert len(set(HELD4.texts)) == len(HELD4.texts)


def test_heldout4_lines_are_not_in_the_lexicon_nor_the_training_data() -> None:
    assert_not_in_training(HELD4)


def test_heldout4_each_kind_gets_its_outcome(engine: EmbeddedEngine) -> None:
    assert_outcome_floors(engine, HELD4, OUTCOME_FLOORS)


def test_heldout4_matters_outside_heze_are_refused(engine: EmbeddedEngine) -> None:
    assert_kind_floor(engine, HELD4, "outside_heze", OUTSIDE_HEZE_FLOOR)


def test_heldout4_ordinary_appeals_get_no_finding(engine: EmbeddedEngine) -> None:
    assert_negatives_clear(engine, HELD4, NEGATIVES_FLOOR)
