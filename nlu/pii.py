"""Personal data in free text: find and mask phones and ID card numbers.

Used by the log filter, so it must be fast and never raise.
"""

from __future__ import annotations

import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

ID_CARD_RE = re.compile(
    r"(?<![0-9])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?![0-9])"
)
MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4})(?![0-9])")
LANDLINE_RE = re.compile(r"(?<![0-9])(0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7})(?![0-9])")


def id_checksum_ok(number: str) -> bool:
    """True when an 18-digit resident ID number has a valid check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def mask_phone(phone: str) -> str:
    """``13812345678`` -> ``138****5678``."""
    digits = re.sub(r"[^0-9]", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id(number: str) -> str:
    """``371702199001011234`` -> ``3717**********1234``."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_text(text: str) -> str:
    """Mask every ID card number and phone number in ``text``."""
    if not text:
        return text
    text = ID_CARD_RE.sub(lambda m: mask_id(m.group(1)), text)
    text = MOBILE_RE.sub(lambda m: mask_phone(m.group(1)), text)
    return LANDLINE_RE.sub(lambda m: mask_phone(m.group(1)), text)
