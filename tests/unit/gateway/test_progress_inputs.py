"""trial5 F23: ``POST /api/progress`` reads the order number and the phone's last four
digits as the phone line and the chat do: ``20261201000001`` was a 404 (the phone reads it
as HZ20261201-000001) and full-width digits ``１２３４`` a 422."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from gateway.routers.centre import ProgressQuery, order_number

NUMBER = "HZ20261201-000001"


@pytest.mark.parametrize(
    "written",
    [
        "HZ20261201-000001",
        "20261201000001",  # the digits, as keyed on the phone
        "20261201-000001",
        "hz20261201-000001",
        "HZ20261201000001",
        "ＨＺ２０２６１２０１－０００００１",  # full width throughout
        "２０２６１２０１０００００１",
        " HZ 20261201 - 000001 ",
    ],
)
def test_an_order_number_in_any_written_form_reads_the_same(written: str) -> None:
    assert order_number(written) == NUMBER
    assert ProgressQuery(number=written, phone_last4="1234").number == NUMBER


@pytest.mark.parametrize(
    ("written", "read"),
    [("１２３４", "1234"), ("1234", "1234"), ("１2３4", "1234"), (" 1234 ", "1234")],
)
def test_full_width_last_digits_are_folded(written: str, read: str) -> None:
    assert ProgressQuery(number=NUMBER, phone_last4=written).phone_last4 == read


@pytest.mark.parametrize("last4", ["12a4", "123", "12345", "一二三四", ""])
def test_what_is_no_four_digits_is_still_refused(last4: str) -> None:
    with pytest.raises(ValidationError):
        ProgressQuery(number=NUMBER, phone_last4=last4)


@pytest.mark.parametrize("other", ["2026120100000", "HZ2026-1201", "12345678901234"])
def test_other_numbers_are_not_turned_into_orders(other: str) -> None:
    assert re.fullmatch(r"HZ[0-9]{8}-[0-9]{6}", order_number(other)) is None
