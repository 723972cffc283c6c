"""Masking of personal data in text shown to units and the public (第六条, 第九条).

casebridge imports nothing of ours outside itself, so the masking function is injected:
the gateway installs ``nlu.pii.mask_text`` (THE masking function: NFKC, separators, names)
with :func:`install_masker` when it wires the case store; until then a stricter fallback
hides every long digit run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_ID = re.compile(
    r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx](?![0-9])"
)
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?![0-9])")


def _keep_ends(m: re.Match[str]) -> str:
    digits = re.sub(r"[^0-9Xx]", "", m.group(0))
    return digits[:3] + "*" * max(len(digits) - 7, 1) + digits[-4:]


Masker = Callable[[str], str]


def _fallback(text: str) -> str:
    """Until the gateway installs the NLU's masker: ID, mobile and landline numbers as
    they are usually written (NFKC first)."""
    text = unicodedata.normalize("NFKC", text)
    text = _ID.sub(_keep_ends, text)
    text = _MOBILE.sub(_keep_ends, text)
    return _LANDLINE.sub(_keep_ends, text)


_masker: list[Masker] = [_fallback]


def install_masker(masker: Masker) -> None:
    """Use ``masker`` (the gateway gives ``nlu.pii.mask_text``, THE masking function)
    for every text a unit or the public sees."""
    _masker[0] = masker


def mask_numbers(text: str) -> str:
    """Mask personal data (numbers in every form, names) in text shown to units and the
    public, with the installed masker."""
    if not text:
        return text
    return _masker[0](text)


def mask_name(name: str | None) -> str | None:
    """``张三丰`` -> ``张**``."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)


def phone_last4(phone: str | None) -> str | None:
    """The last four digits of a phone number, None without one."""
    if not phone:
        return None
    digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", phone))
    return digits[-4:] if len(digits) >= 4 else None
