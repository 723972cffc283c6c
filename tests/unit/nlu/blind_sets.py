"""What the later blind emergency sets (test_blind7, test_blind8) share: their 26
situations and the check of a set's file; scoring is tests/unit/nlu/told.py's."""

from __future__ import annotations

from tests.unit.nlu.told import assert_well_formed

#: The situations every line of blind7 and blind8 is one of, each at least once.
SITUATIONS = frozenset({
    "fire", "gas", "trapped", "drowning", "collapse", "medical", "violence",
    "domestic_violence", "child_abuse", "theft", "robbery", "fraud", "missing", "self_harm",
    "confinement", "drugs", "traffic", "dangerous_traffic", "live_wire", "chemical",
    "animal", "flood", "explosion", "poisoning", "crowd_crush", "rooftop",
})  # fmt: skip


def assert_covers_every_situation(
    positives: list[dict[str, str]], negatives: list[str], *, least: int, least_negatives: int
) -> None:
    """The set names every situation of :data:`SITUATIONS` and no other, each positive
    only a situation, a number and a text, is well formed (told.assert_well_formed) and
    has at least ``least`` positives and ``least_negatives`` negatives."""
    assert {p["situation"] for p in positives} == SITUATIONS
    assert all(set(p) == {"situation", "service", "text"} for p in positives)
    assert_well_formed(positives, negatives)
    assert len(positives) >= least
    assert len(negatives) >= least_negatives
