"""Present danger (第十三条(一)): the states a citizen sees, and when they hold.

A state is a consequence told whatever the danger's name (a person lying still, in the
water, under what fell; money leaving in a scam; a child gone). :func:`present_danger`
says when the concepts of a text (:func:`nlu.emergency.concepts`) carry present-danger
evidence that no frame of an ordinary appeal may silence; :mod:`nlu.emergency` (the
model's bar), :mod:`nlu.emergency_states` (the state floor) and :mod:`nlu.triage` (the
rules' context) read it. Pure data and functions over concept names: no I/O.
"""

from __future__ import annotations

#: States: consequences a citizen sees, whatever the danger's name (a person lying still,
#: bleeding, in the water; a car stopped on the motorway; money leaving in a scam ...).
_STATES = (
    "immobile",
    "bodily",
    "in_water",
    "stopped",
    "reckless",
    "not_back",
    "money_out",
    "intrusion",
    "gone",
    "smoke_filled",
    "menace",
    "buried",
    "theft_now",
    "abducted",
    "farewell",
    "alight",
    "shocked",
    "leaking",
    "hissing",
    "drank_poison",
    "loose_animal",
    "confused",
    "wild_loose",
    "animal_attack",
    "home_unreachable",
    "held",
    "smoke_now",
    "flood_stranded",
    "heart_signs",
    "drug_parcel",
    "signals_dark",
    "snake_in",
    "beating",
    # fourteenth round (blind8 kinds)
    "on_ledge",
    "crowd_crush",
    "fire_spreading",
    "breach",
    "lift_stuck",
    "child_left",
    "armed",
    # issue 11: a battery swelling or smoking
    "battery_hot",
)

#: States that count only beside another concept: a thing "找不着" (not found) is no one
#: missing; a car that "打不着火" is a stopped car on the motorway only.
_STATE_NEEDS: dict[str, tuple[str, ...]] = {
    "not_back": ("person", "first", "vulnerable"),
    "stopped": ("motorway",),
    # 抓着, 水管爆了, 暖气呲呲响 are ordinary: only beside a wire, a gas or a chemical
    "shocked": ("live_wire",),
    "leaking": ("gas_name", "gas_source", "chemical"),
    "hissing": ("gas_name", "gas_source", "chemical"),
}


def _has_state(found: frozenset[str]) -> bool:
    """True when ``found`` holds a state, the states of :data:`_STATE_NEEDS` only with
    what they need."""
    return any(
        not found.isdisjoint(_STATE_NEEDS[s]) if s in _STATE_NEEDS else True
        for s in found.intersection(_STATES)
    )


#: Frames that a present danger never overrides: told or imagined, over or negated, a
#: drill, a law suggestion.
NEGATING = ("quoted", "resolved", "drill", "policy")
#: Frames of an ordinary appeal that a state alone overrides (nobody deals with it, a
#: repair asked, a nuisance, a complaint about a service): "120半天不来 俺爹躺地上一动不动"
#: is a call for help whatever else it complains about.
OVERRIDDEN_BY_STATE = ("neglect", "fix", "nuisance", "service_complaint", "over", "outage")
#: Frames that a state overrides only with a word of the present ("正在", "刚", "救命",
#: "刚发现"): past, procedural, a money dispute, a worry or a habit, away working ("去年
#: 掉河里" is past, "刚掉河里" is now; "在外地打工 过年没回家" is no one missing).
OVERRIDDEN_BY_PRESENT = (
    "past",
    "admin",
    "process",
    "dispute",
    "hypo",
    "worry",
    "chronic",
    "away",
    "lost_item",
)
#: Words of the present moment ("今天" against a habit word: "天天打孩子 今天还在打").
PRESENT_MARKS = ("now", "help", "just", "today")
#: States that need a person named beside them (a car "一动不动" is no one lying still).
_STATE_NEEDS_SOMEONE = (
    "immobile",
    "in_water",
    "bodily",
    "home_unreachable",
    "held",
    "flood_stranded",
    "beating",
    "on_ledge",
    "lift_stuck",
    "armed",
)
_SOMEONE = ("person", "first", "vulnerable")


def present_danger(found: frozenset[str]) -> bool:
    """True when the concepts ``found`` carry present-danger evidence that no frame of an
    ordinary appeal may silence: a state holds (:func:`_has_state`; a person lying still,
    in the water or bleeding only with a person named) and nothing negates it (told,
    imagined, over, a drill, a law suggestion); the frames of
    :data:`OVERRIDDEN_BY_PRESENT` give way only beside a word of the present."""
    if not found.isdisjoint(NEGATING):
        return False
    states = [
        s
        for s in found.intersection(_STATES)
        if (s not in _STATE_NEEDS or not found.isdisjoint(_STATE_NEEDS[s]))
        and (s not in _STATE_NEEDS_SOMEONE or not found.isdisjoint(_SOMEONE))
        and (s not in _STATE_PAIRS or not found.isdisjoint(_STATE_PAIRS[s]))
    ]
    if "caved" in found and not found.isdisjoint(("beneath", "inside")):
        # a collapse with someone beneath or inside (the state floor's own conjunction)
        states.append("caved")
    marked = not found.isdisjoint(PRESENT_MARKS)
    if not marked:
        states = [s for s in states if s not in _MARKED_STATES]
    if not states:
        return False
    blocking = set(found.intersection(OVERRIDDEN_BY_PRESENT))
    if not {"held", "money_out", "on_ledge"}.isdisjoint(states):
        # held over a debt or unpaid wages, a scam asking money for wages or a refund, a
        # worker on a crane over his wages: the dispute is the pretext, not a frame
        blocking.discard("dispute")
    if not _HABIT_PROOF.isdisjoint(states):
        # someone chained or locked up "天天" is held now: a habit word is no frame for it
        blocking -= {"hypo", "worry", "chronic"}
    if not _SINCE_PROOF.isdisjoint(states):
        # someone gone is told with the time they left ("前天下午出去 电话关机")
        blocking.discard("past")
        if "expected" in found:
            # due back by now ("放假该回来了"): no longer away
            blocking.discard("away")
    return marked or not blocking


#: States a habit word does not end (see :func:`present_danger`).
_HABIT_PROOF = frozenset({"held"})
#: States told with the past time they began (see :func:`present_danger`).
_SINCE_PROOF = frozenset({"home_unreachable", "gone", "not_back"})


#: States that are present-danger evidence only beside a word of the present (pain, a
#: door found open, someone not back yet, racing at night, a dog that jumped at a child are
#: also an ordinary appeal's words: "夜里有人飙车 吵得睡不着" is a noise complaint; a knife
#: in hand is today's only with a word of the present: "今天他拿着斧头了").
_MARKED_STATES = (
    "bodily",
    "intrusion",
    "not_back",
    "reckless",
    "animal_attack",
    "armed",
    # a swollen battery in a warranty complaint ("电瓶鼓包了 售后不给换") is an appeal
    "battery_hot",
)


#: States that are a present danger only with their partner (a farewell and no answer, a
#: scam and money leaving, a child and gone, a loose animal and someone hurt ...).
_STATE_PAIRS: dict[str, tuple[str, ...]] = {
    "farewell": ("unreachable", "now", "help"),
    "money_out": ("scam",),
    "gone": ("vulnerable",),
    "loose_animal": ("harm",),
    "menace": ("imminent",),
    "alight": ("fuel", "vehicle", "indoor", "live_wire"),
    "reckless": ("vehicle", "person"),
    "intrusion": ("now", "just", "first"),
    "confused": ("person", "first", "vulnerable"),
}
