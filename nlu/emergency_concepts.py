"""Concept classes of a text (``config/nlu/emergency_concepts.yml``: "now", "harm",
"water", "money" ...), the states derived from conjunctions of them (:data:`DERIVED`,
:data:`DERIVED_UNLESS`) and the broader concepts a state implies (:data:`IMPLIES`).

The emergency detector (:mod:`nlu.emergency`) reads them as feature tokens and to set the
model's bar per message; the state floor (:mod:`nlu.emergency_states`), the vetoes
(:mod:`nlu.emergency_veto`) and the triage read them too.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from nlu.emergency_figures import reframe
from nlu.errors import TrainingDataError
from nlu.resources import CONFIG_DIR


@lru_cache(maxsize=1)
def _concepts() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[str, ...]]]:
    """The lexicon: for each first character the lengths of the words it starts (longest
    first), and the classes of each word together with those of its shorter prefixes
    ("刚转" is both "money_out" and, through "刚", "now"); an ``idiom`` word keeps only
    ``idiom``, an ``exact`` word only its own classes. A dictionary scan, not one regular
    expression of ~1,700 alternatives: at each place only the words starting with that
    character are tried."""
    path = CONFIG_DIR / "emergency_concepts.yml"
    try:
        doc: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrainingDataError(f"bad concept lexicon {path}: {exc}") from exc
    index: dict[str, list[str]] = {}
    for concept, words in doc.items():
        for w in words:
            if str(w) and concept != "exact":
                index.setdefault(str(w), []).append(concept)
    # words that keep only their own classes ("一直没人接" is no past matter, although
    # "一直没" is)
    exact = {str(w) for w in doc.get("exact") or ()}
    full: dict[str, tuple[str, ...]] = {}
    for w, classes in index.items():
        if "idiom" in classes:
            full[w] = ("idiom",)
            continue
        union = dict.fromkeys(classes)
        for k in range(1 if w not in exact else len(w), len(w)):
            for c in index.get(w[:k], ()):
                if c != "idiom":
                    union.setdefault(c)
        full[w] = tuple(union)
    firsts: dict[str, set[int]] = {}
    for w in full:
        firsts.setdefault(w[0], set()).add(len(w))
    return {c: tuple(sorted(n, reverse=True)) for c, n in firsts.items()}, full


def _found_words(text: str) -> list[str]:
    """The lexicon's words in ``text``, longest first at each place and none inside
    another ("黑灯瞎火" names no fire, "熄火了" is a stopped car)."""
    firsts, full = _concepts()
    out: list[str] = []
    covered_to = -1
    for i, char in enumerate(text):
        if i < covered_to:
            continue
        for n in firsts.get(char, ()):
            word = text[i : i + n]
            if word in full:
                covered_to = i + n
                out.append(word)
                break
    return out


@lru_cache(maxsize=256)
def concepts(text: str) -> frozenset[str]:
    """The concept classes whose words occur in ``text`` (cached: features and the
    danger gate ask for the same text)."""
    index = _concepts()[1]
    found: set[str] = set()
    for word in _found_words(text):
        found.update(index[word])
    for state in found.intersection(IMPLIES):
        found.update(IMPLIES[state])
    for derived, groups in DERIVED.items():
        if all(not found.isdisjoint(group) for group in groups) and found.isdisjoint(
            DERIVED_UNLESS.get(derived, ())
        ):
            found.add(derived)
    reframe(found)  # a kitchen's fumes, public property found stolen (nlu.emergency_figures)
    return frozenset(found)


#: States that are conjunctions of concepts of their own (each group needs one concept):
#: a dangerous animal out of its cage or chain (a bear "跑出来了"), an animal going for
#: people now, someone not home when expected whose phone is off or unanswered, smoke
#: coming from a room or what burns this moment ("这会儿楼道里冒黑烟").
DERIVED: dict[str, tuple[tuple[str, ...], ...]] = {
    "wild_loose": (("wild_animal",), ("escaped", "attacking")),
    "animal_attack": (("animal", "wild_animal"), ("attacking",)),
    "home_unreachable": (("not_home",), ("unreachable",)),
    "smoke_now": (("smoke",), ("indoor", "fuel"), ("now", "just")),
    # eighth round: people cut off by a flood, chest pain with a numb arm or cold sweat, a
    # parcel of drugs, the signals dark at a junction in disorder, a snake in a home
    "flood_stranded": (("flood",), ("stranded", "trapped", "beneath", "inside")),
    "heart_signs": (("chest",), ("numb",)),
    "drug_parcel": (("drug_stuff",), ("parcel",)),
    "signals_dark": (("signals_out",), ("chaos",)),
    "snake_in": (("snake",), ("indoor", "home_spot", "inside", "escaped")),
    # ninth round: a child picked up (接走) is taken away only by a stranger, a scam or a
    # crime, or when the child is missing ("他奶奶把孩子接走了" is an ordinary day)
    "taken_away": (("pickup",), ("stranger", "crime", "scam", "missing", "gone", "not_back")),
    # fourteenth round (blind8 kinds): a person on a ledge, a sill or a crane; a crowd
    # crushing; a fire moving toward homes; someone inside a lift that fell or stopped; a
    # child without food and without a grown-up at home
    "on_ledge": (("ledge",), ("perch",)),
    "crowd_crush": (("crowd",), ("crush",)),
    "fire_spreading": (("fire", "blaze", "alight"), ("spreading",)),
    "lift_stuck": (("lift",), ("lift_fault", "trapped"), ("inside", "beneath")),
    "child_left": (("vulnerable",), ("unfed",), ("alone_home",)),
    # issue 11 kind 6: a battery swelling, hot or smoking (a fire about to start)
    "battery_hot": (("battery",), ("overheat", "smoke", "fire")),
}

#: Concepts that keep a derived state from holding: signals flashing yellow (黄闪) are
#: working in their designed fallback, not dark ("红绿灯坏了 一直闪黄灯": an appeal to 交警).
DERIVED_UNLESS: dict[str, tuple[str, ...]] = {"signals_dark": ("signals_flashing",)}


#: A state implies the broader concepts its words hide ("被偷了" is a crime, "压在底下" a
#: person trapped), so the longest-word match loses no feature of the shorter words.
IMPLIES: dict[str, tuple[str, ...]] = {
    "in_water": ("water",),
    "stolen": ("crime",),
    "theft_now": ("crime",),
    "buried": ("trapped", "harm"),
    "buried_someone": ("buried", "trapped", "harm", "person"),
    "abducted": ("crime",),
    "shocked": ("harm",),
    "chem_strong": ("chemical",),
    "farewell": ("selfharm",),
    "caved": ("trapped",),
    "beneath": ("person",),
    "drank_poison": ("harm",),
    "confused": ("vulnerable", "gone"),
    "held": ("trapped", "crime"),
    "flood": ("water",),
    "drug_stuff": ("crime",),
    "beating": ("violence",),
    "chest": ("harm",),
    "blaze": ("fire",),
    # the passive names the one held ("叫老板关在厂里": someone was shut in)
    "held_passive": ("held", "person"),
}
