"""Scoring of the held-out address tables (table8, blind9; blind2 cleans and shortens
alike): a row is right when county, township and the words below the township all match
(issue 11 "Places")."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from nlu.types import Address

Row = dict[str, str | None]


def load_rows(path: Path) -> list[Row]:
    """The ``rows`` of a table file (input, county, township, detail)."""
    rows: list[Row] = yaml.safe_load(path.read_text(encoding="utf-8"))["rows"]
    return rows


def clean(text: str | None) -> str:
    """NFKC (full-width digits) without spaces."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def short_township(name: str | None) -> str | None:
    """A township without its office suffix (牡丹街道办事处 → 牡丹街道, 砖庙镇人民政府 → 砖庙镇)."""
    if name is None:
        return None
    for suffix in ("办事处", "人民政府"):
        name = name.removesuffix(suffix)
    return name


def row_right(row: Row, found: Address) -> bool:
    """County, township and the words below the township (village + detail) all right.

    The village may have been taken from the middle of the detail: the detail is then
    the expected words with the village cut out once.
    """
    if found.county != row["county"] or short_township(found.township) != row["township"]:
        return False
    want, village, detail = clean(row["detail"]), clean(found.village), clean(found.detail)
    if village + detail == want:
        return True
    return bool(village) and village in want and want.replace(village, "", 1) == detail
