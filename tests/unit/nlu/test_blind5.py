"""Fifth blind set (blind5): emergency detection (第十三条(一)) on unseen phrasings.

data/emergency_blind5.yml was written on 2026-12-01 by an author who had not read the
detector, its corpus, config/nlu nor the other blind sets (beyond the format lines of
blind4), and committed (540d13e) before any measurement. 201 emergencies in 20 situations
(fire, gas, trapped, drowning, collapse, medical of every kind, violence, theft, robbery,
fraud in progress, missing, self-harm told indirectly, confinement, drugs, traffic,
dangerous traffic, live wire, chemical, animal, flood), in spoken and dialect wording,
typos and full-width digits, often wrapped in habit words or told by consequences; 150
ordinary appeals sharing their words (past or settled matters, old injuries in wage or
compensation disputes, chronic nuisances, complaints about 110/119/120/122 and the
hotline, worries, fire-safety complaints, insurance, news, procedures). Never tune on it:
the floors are what was measured, rounded DOWN to 0.01; raising one needs a new
measurement, not training lines copied from this file.

Measured once 2026-12-01 08:03 UTC on branch blind5 (base a38ac15 = main, nothing in nlu/
or config/ changed; ``engine.parse`` on each line):
recall 182 of 201 (0.905; floor 0.90); 12 false alarms among 150 negatives, precision
182/194 (0.938; floor 0.93). The number expected first was told first for 167 of the 182
found (0.918) and was among the numbers told for 175 (0.962; floor 0.96).
Found by situation: animal 5/8, chemical 7/7, collapse 9/10, confinement 7/8,
dangerous_traffic 9/10, drowning 10/10, drugs 6/7, fire 11/11, flood 5/8, fraud 10/10,
gas 10/10, live_wire 7/8, medical 21/22, missing 7/11, robbery 8/8, self_harm 9/10,
theft 11/11, traffic 10/10, trapped 10/11, violence 10/11.
Missed (19): missing 4 (a girl out since a quarrel last night, a wife two hours late with
her phone off, a simple brother gone two days, a child not at school with the watch
unreachable); flood 3 (a dyke breached with families not out, a family on a roof with the
water rising, water half a metre in the house wrapped in 天天); animal 3 (a circus bear in
the street, a thick snake under a child's bed, an escaped python); and 1 each: trapped
(elevator with a person in, wrapped in 又坏了), collapse (a cracking basement ceiling over
sleepers), medical (chest pain with a numb left arm wrapped in 天天), violence (a child
beaten now, wrapped in 天天), self_harm (passwords handed over and a request to look after
his mother), confinement (a bought wife chained, 天天), drugs (parcels of white powder to be
collected), dangerous_traffic (all signals out at a junction, near misses), live_wire (a
bare wire sparking in the rain, 老是).
False alarms (12): old accidents and injuries in compensation or benefit matters 5 (失火 a
few years ago, 车祸 years ago, a delivery rider's 车祸 and the platform, a car hit with
repairs unpaid, an old person's 摔伤 and the property company), a worry with no present
danger 1 (no extinguisher in a crowded rental), news or rumour 1 (人贩子抢孩子 谣言), a
procedure question 1 (孩子丢了身份证), settled or ordinary matters 4 (left a fraud group
without paying, a tyre punctured by a pothole, a donation for a drowned child's family,
slander in a WeChat post). Wrong first number (15, none a miss): mostly the order of
110/120/122 around an injured person, an escaped animal given 119 or 122.
No line was found in the training data. ``triage_heldout3`` adds 5 emergency false alarms
among its 第十三条 lines (see that test).

Eighth round (2026-12-02 04:00 UTC, branch emerg8): this file became a DEVELOPMENT set (the
lead's brief): its misses and alarms were read and tuned on as kinds (flood with people cut
off, beating now wrapped in 天天, chest pain with a numb arm, a parcel of drugs, signals dark
at a junction, missing told by consequences, snakes, indirect farewells; old accidents,
rumours, lost documents, tyres). Measured after: recall 201/201, no false alarm among 150
(precision 1.000), the expected number among those told for 200 of 201 (0.995). Its floors
follow (rounded down); they show the kinds are mended, not generalisation (see blind6).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_floors, assert_not_in_training, assert_well_formed, measure

DATA = Path(__file__).parent / "data"
BLIND5: dict[str, Any] = yaml.safe_load((DATA / "emergency_blind5.yml").read_text(encoding="utf-8"))

#: 201 of 201 positives found after the eighth round (tuned on), rounded down to 0.01.
BLIND5_RECALL_FLOOR = 1.00
#: 201 found, no false alarm among 150 negatives (1.000, eighth round, tuned on).
BLIND5_PRECISION_FLOOR = 1.00
#: The expected number among those told for 200 of 201 found (0.995, eighth round), rounded down.
BLIND5_SERVICE_FLOOR = 0.99


def test_blind5_file_is_large_and_covers_every_kind() -> None:
    kinds = {p["situation"] for p in BLIND5["positives"]}
    assert {"fire", "gas", "trapped", "drowning", "collapse", "medical", "violence"} <= kinds
    assert {"theft", "robbery", "fraud", "missing", "self_harm", "confinement"} <= kinds
    assert {"drugs", "traffic", "dangerous_traffic", "live_wire", "chemical", "animal"} <= kinds
    assert "flood" in kinds
    assert_well_formed(BLIND5["positives"], BLIND5["negatives"])
    assert len(BLIND5["positives"]) >= 190
    assert len(BLIND5["negatives"]) >= 140


def test_blind5_lines_are_not_in_the_training_data() -> None:
    assert_not_in_training({p["text"] for p in BLIND5["positives"]} | set(BLIND5["negatives"]))


def test_blind5_emergency_recall_precision_and_number(engine: EmbeddedEngine) -> None:
    m = measure(engine, BLIND5["positives"], BLIND5["negatives"])
    assert_floors(
        m,
        BLIND5["positives"],
        recall=BLIND5_RECALL_FLOOR,
        precision=BLIND5_PRECISION_FLOOR,
        service=BLIND5_SERVICE_FLOOR,
    )
