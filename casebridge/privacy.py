"""Masking of phone and ID numbers in text shown to units and the public (第六条, 第九条).

casebridge imports nothing of ours outside itself, so this is a small local copy of the
patterns in nlu.pii; both must mask at least mobile, landline and ID numbers.
"""

from __future__ import annotations

import re

_ID = re.compile(
    r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx](?![0-9])"
)
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?![0-9])")


def _keep_ends(m: re.Match[str]) -> str:
    digits = re.sub(r"[^0-9Xx]", "", m.group(0))
    return digits[:3] + "*" * max(len(digits) - 7, 1) + digits[-4:]


def mask_numbers(text: str) -> str:
    """Mask ID card, mobile and landline numbers, keeping the first 3 and last 4 digits."""
    if not text:
        return text
    text = _ID.sub(_keep_ends, text)
    text = _MOBILE.sub(_keep_ends, text)
    return _LANDLINE.sub(_keep_ends, text)


def mask_name(name: str | None) -> str | None:
    """``张三丰`` -> ``张**``."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)


def phone_last4(phone: str | None) -> str | None:
    """The last four digits of a phone number, None without one."""
    if not phone:
        return None
    digits = re.sub(r"[^0-9]", "", phone)
    return digits[-4:] if len(digits) >= 4 else None
