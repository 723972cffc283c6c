"""Danger words the citizen denies (issue 11: emergency precision).

"没冒火 也没人碰", "没人晕倒啥的", "没人出事", "现在没人在底下": the citizen names the danger
only to say it did not happen. Such a phrase is blanked before the detector reads the
text (rules, concepts and the model), like a simile (:mod:`nlu.emergency_figures`) or a
worry (:mod:`nlu.emergency_risk`). What the citizen still tells stands: "屋里着火了 没人受伤"
is a fire burning now whatever the denial of injuries, "不知道有没有人在里面" is a question,
not a denial, and the absence of life ("没气了", "没反应", "没呼吸") is no denied word at all.

A smell of gas or of a chemical told beside a denial of harm ("楼道里有股煤气味 俺已经开窗了
没人出事") is borderline too, unless something leaks, hisses or burns now or someone is ill.

A text whose only danger was denied is still a hazard: the engine keeps it as a borderline
case (the safety line, and the intake goes on), never silent (:func:`borderline`).
Pure functions, no I/O.
"""

from __future__ import annotations

import re

from nlu.emergency_concepts import concepts
from nlu.emergency_corpus import BORDERLINE, EmergencyCorpus
from nlu.emergency_veto import someone_in_trouble
from nlu.types import Emergency

__all__ = ["borderline", "deny", "smell_only"]

#: A negation of the citizen's own telling: 没, 没有, 未, 并没, 也没, 都没 (optionally of
#: anyone: 没人, 没有人, 无人). Not after 有 ("有没有人在里面" asks) nor 是否.
_NEGATOR = r"(?<![有否])(?:[并也都还]?(?:没有|没|未)(?:有人|人)?|无人)"
#: Danger words a negation denies (the longest first). Words of a person's absent life
#: ("气", "呼吸", "反应", "醒", "出来") are left out: their negation is the danger.
_DENIABLE = (
    r"(?:冒火花|冒火星|冒火|打火花|打火|火花|着火|着了火|起火|失火|冒烟|起烟|火星|火苗|明火|烧着|烧起来|爆炸|炸|出事|出人命"
    r"|受伤|伤着|伤到|伤人|砸着|砸到|砸伤|碰着|碰到|碰|晕倒|晕|昏倒|昏迷|流血|出血|触电|电着"
    r"|中毒|被困|困住|在底下|在下面|在下边|在下头|在里面|在里头|靠近)"
)
#: The negation and the denied word, at most one word character between ("没见冒烟").
_DENIED = re.compile(rf"{_NEGATOR}[^\s，,。！!？?；;]?{_DENIABLE}")


def deny(text: str) -> str:
    """``text`` with every denied danger phrase blanked (same length: positions kept); a
    phrase the lexicon already reads as a frame ("没伤着", resolved) is kept for it."""

    def blank(m: re.Match[str]) -> str:
        span = m.group(0)
        return span if "resolved" in concepts(span) else " " * len(span)

    return _DENIED.sub(blank, text)


def borderline(
    corpus: EmergencyCorpus, situations: list[tuple[str, float]], score: float
) -> Emergency:
    """The borderline finding of a text whose danger the citizen denied: the safety line
    with the number of the situation the model saw, and the conversation goes on."""
    top = corpus.situations.get(situations[0][0]) if situations else None
    return Emergency(
        level=BORDERLINE,
        services=(top.service,) if top is not None else (),
        situation=top.name if top is not None else None,
        reason=corpus.borderline_reason,
        score=round(score, 4),
        source="model",
    )


#: Smell situations (a gas or chemical smell is what the citizen noticed).
_SMELLS = frozenset({"gas", "chemical_leak"})
#: Concepts of a leak, a fire or a person in trouble now beside a smell.
_NOT_ONLY_SMELL = frozenset(
    {"hissing", "leaking", "alight", "smoke_now", "smoke_filled", "chem_strong", "help"}
)


def smell_only(text: str, found: Emergency) -> bool:
    """True when ``found`` is a gas or chemical smell and ``text`` (its denials blanked)
    tells nothing leaking, hissing or burning and nobody ill: with a denial of harm, a
    borderline case (the safety line, the gas company's repair), not a transfer."""
    if found.situation not in _SMELLS:
        return False
    c = concepts(text)
    return c.isdisjoint(_NOT_ONLY_SMELL) and not someone_in_trouble(text, c)
