"""Personal data in free text: find and mask phones, ID card numbers and names.

:func:`mask_text` is the one masking function of the project (logs, public answers,
unit views, dialogue summaries); it must be fast and never raise.
"""

from __future__ import annotations

import functools
import re
import unicodedata

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


# -- THE masking of free text ----------------------------------------------------------
# Logs (gateway.logging), public answers (Open311, knowledge search, progress), unit views
# (casebridge, through casebridge.privacy.install_masker) and dialogue summaries
# (dialogs.common.mask) all call mask_text: NFKC first (full-width digits and letters
# become ASCII), separators accepted between digits (138 0013 8000, 138.0013.8000,
# 138-0013-8000, spaced ID numbers), names found by the NLU's name rules masked to the
# surname (我叫王小明 -> 我叫王**).

_SEP = r"[ \t.\-_·/\u00a0]{0,2}"
_ID_ANY_RE = re.compile(
    r"(?<![0-9A-Za-z])([1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx]"
    r"|[1-9](?:" + _SEP + r"[0-9]){14})(?![0-9A-Za-z])"
)
_MOBILE_ANY_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:\+?86" + _SEP + r")?(1" + _SEP + r"[3-9](?:" + _SEP + r"[0-9]){9})"
    r"(?![0-9])"
)
_LANDLINE_ANY_RE = re.compile(
    r"(?<![0-9A-Za-z])(\(?0[1-9][0-9]{1,2}\)?" + _SEP + r"[2-9](?:" + _SEP + r"[0-9]){6,7})"
    r"(?![0-9])"
)
_HAN = r"[\u4e00-\u9fff]"
#: A name after a lead word: the surname is kept, the given name masked.
_LEAD_NAME_RE = re.compile(
    r"(我叫|我的名字是|我的名字叫|名字叫|名字是|姓名|联系人|本人|我是|叫我|报案人|反映人)"
    r"([:：]?\s?)(" + _HAN + r")(" + _HAN + r"{1,2})"
)
#: A full name with a courtesy title (王小明女士, 李四先生).
_TITLED_NAME_RE = re.compile(
    r"(?<!" + _HAN + r")(" + _HAN + r")(" + _HAN + r"{1,2})(?=女士|先生|同志|阿姨|大爷)"
)
#: A bare name beside a (masked or clear) mobile number: 王小明 138****8000.
_BESIDE_PHONE_RE = re.compile(
    r"(?:(?<=^)|(?<=[\s,，:：;；、。]))(" + _HAN + r")(" + _HAN + r"{1,2})"
    r"(?=[\s,，:：、]*(?:\+?86)?1[3-9][0-9][0-9*]{4}[0-9]{4}(?![0-9]))"
)
_AFTER_PHONE_RE = re.compile(
    r"(1[3-9][0-9][0-9*]{4}[0-9]{4}[\s,，:：、]*)(" + _HAN + r")(" + _HAN + r"{1,2})"
    r"(?=$|[\s,，。;；!！])"
)


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value)


def _mask_number(m: re.Match[str]) -> str:
    digits = _digits(m.group(1))
    if len(digits) >= 15:  # an ID number: region and last four kept
        return mask_id(digits)
    return mask_phone(digits)


@functools.cache
def _not_names() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    from nlu import entities  # the NLU's name rules (entities imports this module)

    return entities._NOT_NAME, entities._NAME_STOP, entities.SURNAMES


def _is_name(surname: str, given: str, *, need_surname: bool) -> bool:
    not_name, stop, surnames = _not_names()
    name = surname + given
    if name.startswith(not_name) or any(name.startswith(w[:2]) for w in not_name):
        return False
    if any(w in name for w in stop) or surname in "就也还都不没在是从":
        return False
    return not need_surname or surname in surnames


def _names(text: str) -> str:
    def lead(m: re.Match[str]) -> str:
        if not _is_name(m.group(3), m.group(4), need_surname=m.group(1) in ("我是", "本人")):
            return m.group(0)
        return m.group(1) + m.group(2) + m.group(3) + "*" * len(m.group(4))

    def titled(m: re.Match[str]) -> str:
        if not _is_name(m.group(1), m.group(2), need_surname=True):
            return m.group(0)
        return m.group(1) + "*" * len(m.group(2))

    def after(m: re.Match[str]) -> str:
        if not _is_name(m.group(2), m.group(3), need_surname=True):
            return m.group(0)
        return m.group(1) + m.group(2) + "*" * len(m.group(3))

    text = _LEAD_NAME_RE.sub(lead, text)
    text = _TITLED_NAME_RE.sub(titled, text)
    text = _BESIDE_PHONE_RE.sub(titled, text)
    return _AFTER_PHONE_RE.sub(after, text)


@functools.cache
def _fold_table() -> dict[int, str]:
    """Characters whose NFKC form is an ASCII letter, digit, space or number separator
    (full-width ``１３８``, ``Ｘ``, ``－``, ``．``, the ideographic space ...)."""
    table: dict[int, str] = {}
    blocks = (range(0x80, 0x100), range(0x2000, 0x2100), range(0x2460, 0x2500),
              range(0x3000, 0x3001), range(0xFE50, 0xFE70), range(0xFF00, 0xFFF0),
              range(0x1D7CE, 0x1D800))  # fmt: skip
    for code in (c for block in blocks for c in block):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded.isascii() and (folded.isalnum() or folded in " .-+()"):
            table[code] = folded
    return table


def fold(text: str) -> str:
    """NFKC applied to what can hide a number (full-width digits and letters, separators);
    Chinese punctuation stays as written."""
    return text.translate(_fold_table())


def mask_numbers(text: str) -> str:
    """Mask ID card, mobile and landline numbers in any form (NFKC-folded; separators)."""
    if not text:
        return text
    text = fold(text)
    text = _ID_ANY_RE.sub(_mask_number, text)
    text = _MOBILE_ANY_RE.sub(_mask_number, text)
    return _LANDLINE_ANY_RE.sub(_mask_number, text)


def mask_text(text: str) -> str:
    """THE masking of personal data in free text: numbers in every form and names.

    Full-width digits and letters are NFKC-folded first (:func:`fold`), so the result
    may differ from ``text`` in width. Never raises.
    """
    if not text:
        return text
    try:
        return _names(mask_numbers(text))
    except Exception:  # never let masking break a log line or an answer
        return re.sub(r"[0-9０-９]", "*", text)
