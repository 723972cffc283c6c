"""Scoring of the dialogue-act tables (acts_dev11.yml, acts_heldout11.yml): a row is right
when the engine reads what it must (what is refused, the act, or an act it must not be)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from nlu.types import NluResult

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Row:
    """One table row: the text, its group, and what the engine must read."""

    group: str
    text: str
    declined: tuple[str, ...] | None = None
    act: str | None = None
    not_act: str | None = None


def load_rows(name: str) -> list[Row]:
    """The rows of ``data/<name>.yml``, every group in order."""
    data: dict[str, list[dict[str, object]]] = yaml.safe_load(
        (DATA / f"{name}.yml").read_text(encoding="utf-8")
    )
    rows: list[Row] = []
    for group, items in data.items():
        for item in items:
            dec = item.get("declined")
            rows.append(
                Row(
                    group=group,
                    text=str(item["text"]),
                    declined=None if dec is None else tuple(sorted(map(str, dec))),  # type: ignore[call-overload]
                    act=None if item.get("act") is None else str(item["act"]),
                    not_act=None if item.get("not_act") is None else str(item["not_act"]),
                )
            )
    return rows


def problems(row: Row, result: NluResult) -> list[str]:
    """What the engine got wrong on ``row`` (empty when right)."""
    out: list[str] = []
    if row.declined is not None and tuple(sorted(result.declined)) != row.declined:
        out.append(f"declined {result.declined} != {row.declined}")
    if row.act is not None and result.act != row.act:
        out.append(f"act {result.act} != {row.act}")
    if row.not_act is not None and result.act == row.not_act:
        out.append(f"act is {row.not_act}")
    return out
