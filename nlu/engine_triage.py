"""The engine's emergency triage (第十三条(一)): the rules and the learned detector over a
text read as the citizen meant it, then the appeals that only sound urgent set aside.

Order (each step names its module): the dialect's negation 木 read as 没
(``nlu.emergency_dialect``), similes and hyperbole blanked
(``nlu.emergency_figures``), a danger told as a future worry (``nlu.emergency_risk``:
"早晚得着火"), despair told as a figure over a grievance (``nlu.emergency_appeal``: "热得不想
活了"), a danger the citizen denies (``nlu.emergency_denial``: "没冒火", "没人晕倒啥的");
then :func:`nlu.emergency.decide`, ``adjust``, ``settle``, an object's state with nobody
hurt (``nlu.emergency_things``), property blocked in or taken by a known party
(``nlu.emergency_property``), the veto
(``nlu.emergency_veto``), the denied borderline case and a letter's history.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from nlu.emergency import (
    BORDERLINE,
    EMERGENCY,
    EmergencyCorpus,
    decide,
    has_danger,
    model_threshold,
)
from nlu.emergency_appeal import figurative, settle
from nlu.emergency_denial import borderline as denied_borderline
from nlu.emergency_denial import deny, smell_only
from nlu.emergency_dialect import standard
from nlu.emergency_figures import is_letter, literal, unnamed
from nlu.emergency_numbers import renumbered
from nlu.emergency_property import property_kind
from nlu.emergency_risk import adjust, unreal
from nlu.emergency_things import object_only
from nlu.emergency_veto import vetoed
from nlu.linear import LinearModel
from nlu.triage import emergency_matches
from nlu.types import Emergency, Triage, TriageOutcome


def head_scores(model: LinearModel, margins: np.ndarray, head: str) -> dict[str, float]:
    """Probability of each class of ``head`` from ``margins``."""
    probs = model.probs(margins, head).tolist()
    return dict(zip(model.heads[head].classes, probs, strict=True))


def emergency_triage(
    model: LinearModel, corpus: EmergencyCorpus, analysed: str, text: str, margins: np.ndarray
) -> tuple[Triage | None, Emergency | None, str | None]:
    """(emergency triage or None, the finding of any level or None, a vetoed hazard's kind
    or None) of normalized ``text`` (the rules' head) and ``analysed`` (the model's head,
    whose ``margins`` are given)."""
    # similes and hyperbole blanked (nlu.emergency_figures): read as the citizen meant
    # and a danger told as a future worry (nlu.emergency_risk: "早晚得着火")
    # and despair told as a figure over a grievance (nlu.emergency_appeal: "热得不想活了")
    # and a danger the citizen denies (nlu.emergency_denial: "没冒火", "没人晕倒啥的")
    # the dialect's negation read as the standard one (nlu.emergency_dialect: "人木了")
    # and a name told (nlu.emergency_figures.unnamed: "俺爹叫孙血")
    told = figurative(unreal(literal(unnamed(standard(analysed)))))
    plain = deny(told)
    denied = plain != told and has_danger(told)
    if plain != analysed:
        analysed, text = plain, deny(figurative(unreal(literal(unnamed(standard(text))))))
        margins = model.margins(plain)
    levels = head_scores(model, margins, "level")
    situations = model.rank(margins, "situation", 3)
    found = decide(
        corpus,
        levels,
        situations,
        emergency_matches(text),
        has_danger(analysed),
        len(text),
        model_threshold(analysed),
    )
    # a wish to die in other words, a child carried off, appeals that only sound urgent
    found = adjust(corpus, text, found)
    # a bill, a past injury behind a repair, a gas matter's numbers (nlu.emergency_appeal)
    found = settle(corpus, text, found)
    # an object fallen, leaning or broken with nobody hurt (nlu.emergency_things: "桥边上那个
    # 牌子倒了", "路让大车轧坏了"): a facility to repair, no finding at all; the dialogue
    # gives a safety line only where the object's words call for one
    if found is not None and object_only(analysed):
        # the veto's own kind when it has one (a thing about to fall: "hazard")
        kind = vetoed(analysed, found) if found.level == EMERGENCY else None
        return None, None, kind or "object"
    # property, not a person (nlu.emergency_property: "堵着俺的车出不去", "物业给俺把锁剪了
    # 车也推走了"): a parking appeal or a dispute, no finding at all
    if found is not None and found.level == EMERGENCY:
        kind = property_kind(analysed)
        if kind is not None:
            return None, None, kind
    # nobody in danger now: a smell, a stuck car, a fixture wanted (nlu.emergency_veto);
    # its kind goes to the dialogue (NluResult.hazard: a safety line, no numbers)
    if found is not None and found.level == EMERGENCY:
        kind = vetoed(analysed, found)
        if kind is not None:
            return None, None, kind
    if denied and found is not None and found.level == EMERGENCY and smell_only(text, found):
        found = None  # a smell told with harm denied ("已经开窗了 没人出事")
    if denied and found is None:
        # the danger named only to deny it: a borderline case, the safety line told
        p = levels.get(EMERGENCY, 0.0) + levels.get(BORDERLINE, 0.0)
        found = denied_borderline(corpus, situations, p)
    if found is not None and found.level == EMERGENCY and is_letter(text):
        # a letter to an official: its danger words are a grievance's history
        return None, replace(found, level=BORDERLINE), None
    if found is None or found.level != EMERGENCY:
        return None, found, None
    # which numbers and in which order: the service that saves life first comes first
    # (nlu.emergency_numbers)
    found = renumbered(text, found)
    triage = Triage(
        TriageOutcome.EMERGENCY, found.reason, found.services[0], found.matched, found.services
    )
    return triage, found, None
