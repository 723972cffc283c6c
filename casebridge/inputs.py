"""The one input validator of the APIs: typed annotations for ids, cursors, numbers and
text that every request model and parameter uses (pydantic; no web types).

- :data:`SafeStr`: text without NUL or other C0 control characters except tab and line
  breaks (PostgreSQL refuses NUL in ``text``; nothing a person types contains it);
- :data:`DbInt` / :data:`DbId`: integers that fit PostgreSQL's ``bigint`` (ids: >= 1);
- :data:`Cursor`: a keyset cursor, the decimal digits of a ``bigint``;
- :func:`clean_text`: the same check for values read outside pydantic (form fields,
  headers), raising :class:`ValueError`.

Each annotation carries its constraint into the OpenAPI document (``pattern``,
``maximum``), so clients and fuzzers see what is refused (422) before it is sent.
Numbers in JSON bodies are checked once more at the edge (``gateway.guard``: no NaN,
Infinity or integer beyond ``bigint`` in any body).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

BIGINT_MAX = 2**63 - 1
BIGINT_MIN = -(2**63)
#: C0 controls but tab, LF and CR; and NUL in particular.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The same as a JSON-schema pattern (documented on every SafeStr).
SAFE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"


def has_control(text: str) -> bool:
    """True when ``text`` holds NUL or another C0 control character (tab and line
    breaks excepted)."""
    return _CONTROL_RE.search(text) is not None


def clean_text(text: str) -> str:
    """``text`` unchanged; :class:`ValueError` when it holds a control character."""
    if has_control(text):
        raise ValueError("text must not contain NUL or control characters")
    return text


SafeStr = Annotated[str, AfterValidator(clean_text), Field(pattern=SAFE_PATTERN)]
DbInt = Annotated[int, Field(ge=BIGINT_MIN, le=BIGINT_MAX)]
DbId = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
DbCount = Annotated[int, Field(ge=0, le=BIGINT_MAX)]
Cursor = Annotated[str, Field(pattern=r"^[0-9]{1,18}$")]


def cursor_value(cursor: str) -> int | None:
    """The integer of a cursor; None when it is not one or exceeds ``bigint``."""
    if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 19:
        return None
    value = int(cursor)
    return value if value <= BIGINT_MAX else None
