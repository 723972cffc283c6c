"""Checks of the tables of places in messages (test_address, test_address_kinds14,
kinds15, places, matter_nouns, table8): a row is (message, county, township, detail), read by
:func:`nlu.address.find_address` and, where the span matters, by
:func:`nlu.address.address_span`."""

from __future__ import annotations

from nlu.address import address_span, find_address
from nlu.types import Address

#: The parameter names of a table of (message, county, township, detail).
PLACE = ("text", "county", "township", "detail")


def levels(found: Address) -> tuple[str | None, str | None, str | None]:
    """(county, township, detail) of an address."""
    return found.county, found.township, found.detail


def four_levels(found: Address) -> tuple[str | None, str | None, str | None, str | None]:
    """(county, township, village, detail) of an address."""
    return found.county, found.township, found.village, found.detail


def words_below(found: Address) -> str | None:
    """The words below the township: village and detail together (``None`` without)."""
    return "".join(p for p in (found.village, found.detail) if p) or None


def spanned(text: str) -> str | None:
    """The words of the address span of ``text`` as written, ``None`` without one."""
    span = address_span(text)
    return None if span is None else text[span[0] : span[1]]


def assert_found(text: str, county: str, township: str | None, detail: str | None) -> None:
    """The place found in the message ``text`` has these county, township and detail."""
    assert levels(find_address(text)) == (county, township, detail)


def assert_found_and_spanned(text: str, county: str, township: str | None, detail: str) -> None:
    """:func:`assert_found`, and the span (spaces left out) ends with the detail."""
    assert_found(text, county, township, detail)
    words = spanned(text)
    assert words is not None
    assert "".join(words.split()).endswith(detail)


def assert_found_below(text: str, county: str, township: str | None, words: str | None) -> None:
    """The place found in ``text`` has this county and township, and these words below
    the township (:func:`words_below`)."""
    found = find_address(text)
    assert (found.county, found.township, words_below(found)) == (county, township, words)
