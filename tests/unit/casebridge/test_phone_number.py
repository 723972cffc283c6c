"""trial8 F23: one reading of a phone number for every surface (Open311, the centre's
and the console's intake, the order store): full-width digits and signs folded, the
separators a person wrote kept, anything else refused."""

from __future__ import annotations

import pytest

from casebridge.inputs import phone_number
from casebridge.privacy import phone_last4


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("13853001234", "13853001234"),
        ("１３８５３００１２３４", "13853001234"),
        (" １３８－５３００－１２３４ ", "138-5300-1234"),
        ("138—5300—1234", "138-5300-1234"),
        ("＋８６　１３８　５３００　１２３４", "+86 138 5300 1234"),
        ("（０５３０）５５５１２３４", "(0530)5551234"),
        ("0530-5551234", "0530-5551234"),
    ],
)
def test_a_phone_is_read_the_same_however_wide(written: str, read: str) -> None:
    assert phone_number(written) == read
    assert phone_last4(written) == read[-4:]


@pytest.mark.parametrize("text", ["", "call me", "138ab1234", "+", "12", "1" * 40, "1385\n3001"])
def test_what_is_no_phone_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="phone"):
        phone_number(text)
