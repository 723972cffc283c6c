"""The report's one small-count rule, for every table of the report and the dashboard.

Counts from 1 to ``suppress_below - 1`` are shown as ``<k``; rates, and growth figures,
whose denominator is below ``suppress_below`` as ``—`` (样本不足), so that no figure can
point at a handful of identifiable citizens and no rate rests on one or two orders; and
a score computed from such a count as ``—`` too, since the score would give the count
back (:func:`hides_a_count`). Zero is shown: it identifies nobody. The parts of a
published total are protected together (:func:`protect`: complementary suppression).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from casebridge.analytics.assessment import AssessmentConfig, Deduction, Rate, UnitAssessment
from casebridge.analytics.hotspots import growth

#: How a count is shown when it is hidden only because, with the total and the other
#: parts published, it would give back a count below ``k`` (complementary suppression).
WITHHELD = "×"


@dataclass(frozen=True)
class Cell:
    """A count as published."""

    value: int
    shown: str


def empty_figure(text: str, k: int) -> bool:
    """A published figure that tells nothing: zero, ``—``, ``<k``, ``×`` or blank."""
    return text.strip() in ("", "0", "—", "-", f"<{k}", WITHHELD, "0.0%", "0%")


def informative(rows: Sequence[Sequence[str]], k: int) -> bool:
    """A table's data rows (label column first) carry at least one real figure; a table
    whose figures are all zero, ``—`` or ``<k`` is not printed (a sentence says so)."""
    return any(not empty_figure(str(c), k) for row in rows for c in row[1:])


def pct_change(current: float, reference: float | None, k: int) -> str:
    """Growth as ``+12.5%``; ``—`` when the reference is below ``k`` (a base too small
    to compare with: "+600%" on one appeal says nothing) or the current count is hidden
    (1 to ``k - 1``: the growth and the reference would give it back; trial7 F07)."""
    if reference is None or reference < k or 0 < current < k:
        return "—"  # a base too small, or a hidden count the growth would give back
    value = growth(current, reference)
    if value is None:
        return "—"
    return f"{'+' if value >= 0 else ''}{value * 100:.1f}%"


def suppress(count: int, k: int) -> Cell:
    """A count as it may be published."""
    return Cell(count, f"<{k}" if 0 < count < k else str(count))


def hidden(cell: Cell) -> bool:
    """The cell's count is not published (``<k`` or :data:`WITHHELD`)."""
    return not cell.shown.isdigit()


def pinned(total: int, bounds: Sequence[tuple[int, int]]) -> list[bool]:
    """For parts known only to lie within ``bounds`` (low, high) and to add up to
    ``total``: which of them the sum fixes to one value (their interval is a point).
    Five parts of 1 to 4 adding up to 5 are each 1; two of 1 to 4 adding up to 8, each 4."""
    low_sum = sum(lo for lo, _ in bounds)
    high_sum = sum(hi for _, hi in bounds)
    return [
        max(lo, total - (high_sum - hi)) >= min(hi, total - (low_sum - lo)) for lo, hi in bounds
    ]


def exposed(cells: Sequence[Cell], k: int) -> bool:
    """Whether the hidden cells of a published total can be worked out from it and the
    published parts (they add up to what the total leaves): their sum is itself 1 to
    ``k - 1``, or it fixes a ``<k`` cell to one value (a ``<k`` cell is 1 to ``k - 1``,
    a withheld one ``k`` at least; trial8 F14: five ``<5`` cells adding up to 5)."""
    secret = [c for c in cells if hidden(c) and c.value > 0]
    left = sum(c.value for c in secret)
    if 0 < left < k:
        return True
    bounds = [(k, left) if c.shown == WITHHELD else (1, k - 1) for c in secret]
    return any(
        fixed and c.shown != WITHHELD for c, fixed in zip(secret, pinned(left, bounds), strict=True)
    )


def protect(parts: Sequence[int], total: int, k: int) -> list[Cell]:
    """The parts of a published ``total`` as they may be published (trial7 F07, trial8
    F14): complementary suppression.

    Each part from 1 to ``k - 1`` is ``<k`` (primary suppression); and while the total
    minus the published parts would give a hidden part back (:func:`exposed`: one hidden
    channel of a total of 12; five ``<5`` counties adding up to 5, so each is 1), the
    smallest published part is withheld too (:data:`WITHHELD`). When the total is itself
    hidden (1 to ``k - 1``) nothing is derived from it.
    """
    cells = [suppress(n, k) for n in parts]
    if 0 < total < k:
        return cells
    while exposed(cells, k):
        shown = [i for i, c in enumerate(cells) if not hidden(c) and c.value > 0]
        if not shown:
            break
        i = min(shown, key=lambda j: cells[j].value)
        cells[i] = Cell(cells[i].value, WITHHELD)
    return cells


def shown_rate(rate: Rate, k: int) -> str:
    """A rate as published: ``—`` on fewer than ``k`` cases."""
    if rate.counted < k:
        return "—"
    return rate.percent()


def hides_a_count(row: UnitAssessment, k: int, cfg: AssessmentConfig) -> bool:
    """The score of ``row`` rests on a figure the small-count rule hides: a 扣分项 that
    takes points (退单, 不合理退单, 重办, 督办) counted 1 to ``k - 1``, or a weighted
    rate on fewer than ``k`` cases. The score and the published rates and formula would
    give the hidden count back (one 督办 on 20 orders is 5 points), so the score is not
    published either."""
    t = row.tally
    counts = {
        Deduction.RETURNS: t.returns,
        Deduction.RETURNS_REJECTED: t.returns_rejected,
        Deduction.REOPENS: t.reopens,
        Deduction.SUPERVISIONS: t.supervisions,
    }
    if any(cfg.deductions.get(d, 0.0) > 0 and 0 < n < k for d, n in counts.items()):
        return True
    return any(w > 0 and t.rates[m].counted < k for m, w in cfg.weights.items())


def shown_score(row: UnitAssessment, k: int, cfg: AssessmentConfig) -> str:
    """A score as published: two decimals; ``—`` without a score (样本不足) or when it
    would give back a hidden count (:func:`hides_a_count`)."""
    if row.score is None or hides_a_count(row, k, cfg):
        return "—"
    return f"{row.score:.2f}"
