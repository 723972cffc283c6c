"""The parse edge of casebridge's YAML files: a parsed document is ``object`` until one of
these readers has narrowed it. Each raises ``TypeError`` or ``ValueError`` naming ``what``;
the caller turns that into its own configuration error with the place in the file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

Doc = Mapping[str, object]


def mapping(value: object, what: str) -> Doc:
    """``value`` as a mapping with text keys; an empty or missing value is ``{}``."""
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping")
    return {str(k): v for k, v in value.items()}


def sequence(value: object, what: str) -> list[object]:
    """``value`` as a list; an empty or missing value is ``[]``."""
    if not value:
        return []
    if not isinstance(value, list | tuple):
        raise TypeError(f"{what} must be a list")
    return list(value)


def number(value: object, what: str) -> float:
    """A number, written as a number or as its digits (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"{what} must be a number")
    return float(value)


def integer(value: object, what: str) -> int:
    """A whole number, written as a number or as its digits (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"{what} must be a whole number")
    return int(value)


def load(path: Path, error: type[Exception]) -> Doc | None:
    """The YAML document at ``path`` as a mapping (``None`` when the file is absent); a
    file that is not YAML or not a mapping at the top level raises ``error``."""
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise error(f"{path}: invalid YAML: {exc}") from exc
    try:
        return mapping(data, "the document")
    except TypeError:
        raise error(f"{path}: expected a mapping at the top level") from None
