"""Heze (鲁西南) words read as the standard ones before the emergency triage (issue 11:
emergencies in any wording).

The negation 木 for 没 ("一转身人木了", "到现在还木回来", "咋喊都木反应", "捞上来木气了",
"屋里还有人木出来"): the detector's concepts and the model's words know "没"; the same
message in dialect would pass them by. One character for one, so every offset the rules
give stays the citizen's. Not read: 木 of wood (木头, 木板, 木耳 ...: another character
follows) and of numbness (麻木, 冻木了, 手都僵木了); nor 木来 ("到现在还木来电": read as
"还没来" it would be someone not back, an outage read as a person missing).
"""

from __future__ import annotations

import re

#: 木 as 没: before a verb, a noun of presence or the aspect particle; never after a word
#: of numbness or of wood (麻木, 冻木, 积木, 树木, 草木, 红木).
_MU = re.compile(
    r"(?<![麻冻僵积树草红楠松杉檀桃柳杨榆枣伐苗林土原实乌])木"
    r"(?=有|人|了|回|出|上来|下来|见|给|气|落|点|换|开门|填|发|反应|劲|信|动|醒|声|事|法|接|管|找|影|到)"
)


def standard(text: str) -> str:
    """``text`` with the dialect negation 木 read as 没 (same length)."""
    return _MU.sub("没", text) if "木" in text else text
