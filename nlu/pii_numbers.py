"""Personal data in free text, the numbers: phones, ID card and bank card numbers,
e-mail addresses and accounts, in every written form (full width, spoken digits,
separators). Part of :mod:`nlu.pii` (THE masking function :func:`nlu.pii.mask_text`).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from nlu.regate import gated

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

ID_CARD_RE = gated(
    r"(?<![0-9])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?![0-9])"
)
#: Every dash, hyphen and minus people type between a number's groups (en and em dashes,
#: figure dash, minus sign, non-breaking and small hyphens, full-width hyphen, two- and
#: three-em dashes, the katakana prolonged mark and box-drawing lines some keyboards give),
#: every space and every middle or full-width dot (trial7 F05).
DASH_CHARS = (
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u02d7\u2e3a\u2e3b"
    "\ufe31\ufe32\ufe58\ufe63\uff0d\u30fc\uff70\u2500\u2501"
)
SPACE_CHARS = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
DOT_CHARS = "\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff0e\uff65"
_SEPARATOR_TABLE = str.maketrans(
    dict.fromkeys(DASH_CHARS, "-") | dict.fromkeys(SPACE_CHARS, " ") | dict.fromkeys(DOT_CHARS, ".")
)
#: Up to three separator characters between two digits (ASCII or full-width).
_SEPARATOR_RUN_RE = gated(
    r"(?<=[0-9\uff10-\uff19])[ .\-" + DASH_CHARS + SPACE_CHARS + DOT_CHARS + r"]{1,3}"
    r"(?=[0-9\uff10-\uff19])"
)


def fold_number_separators(text: str) -> str:
    """THE normaliser of the separators between a number's digits, used by both the
    extraction of phones and ID numbers (:mod:`nlu.entities`) and their masking
    (:func:`mask_numbers`): every dash form between two digits becomes ``-``, every
    space ``" "``, every dot ``.`` (``139–5300–2233`` -> ``139-5300-2233``). One
    character for one, so spans found on the result hold for ``text``; dashes between
    words (``坏了——已经``) are prose and stay as written. Trial7 F05."""
    if text.isascii():
        return text
    return _SEPARATOR_RUN_RE.sub(lambda m: m.group(0).translate(_SEPARATOR_TABLE), text)


#: Between a number's groups once :func:`fold_number_separators` has run: a dash or dot,
#: a space on either side of it (``139 - 5300``), or a space alone.
_GROUP_SEP = r"(?: ?[-.]? ?)"
MOBILE_RE = gated(
    r"(?<![0-9])(?:\+?86"
    + _GROUP_SEP
    + r")?(1[3-9][0-9]"
    + _GROUP_SEP
    + r"[0-9]{4}"
    + _GROUP_SEP
    + r"[0-9]{4})(?![0-9])"
)
LANDLINE_RE = gated(
    r"(?<![0-9])([(（]?0[1-9][0-9]{1,2}[)）]?" + _GROUP_SEP + r"[2-9][0-9]{6,7})(?![0-9])"
)


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

#: Between two digits: spaces, line breaks, dots, dashes of every length, slashes,
#: brackets round a prefix (``(139)5300…``), the punctuation people put between groups
#: (``139，5300，1234``, ``139、5300``, ``139 - 5300``, ``139~5300``, ``139|5300``), and
#: invisible format characters (zero-width space and joiners, word joiner, BOM, soft
#: hyphen) that hide nothing to the eye but split a number for a pattern.
_INVISIBLE = "\u200b-\u200f\u2060\ufeff\u00ad"
_DASHES = DASH_CHARS
_SEP = r"[ \t\r\n.\-_·/\u00a0\u3000,，、;；:：|~～*()（）。" + _DASHES + _INVISIBLE + r"]{0,3}"
_ID_ANY_RE = gated(
    r"(?<![0-9A-Za-z])([1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx]"
    r"|[1-9](?:" + _SEP + r"[0-9]){14})(?![0-9A-Za-z])"
)
#: A mobile number; letters before it do not hide it (an account id: ``wx13953008888``).
#: An opening bracket before the prefix (``(139)53001234``) belongs to the number, so the
#: mask never leaves half a pair (``(139****1234``).
_MOBILE_ANY_RE = gated(
    r"(?<![0-9])(?:\+?86" + _SEP + r")?([(（]?)(1" + _SEP + r"[3-9](?:" + _SEP + r"[0-9]){9})"
    r"(?![0-9])"
)
#: Spoken digits as citizens type them (幺三九五三零零八八八八, 一三九 5300 8888).
_CN_DIGITS = {
    **dict.fromkeys("零〇○洞", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **dict.fromkeys("二两贰", "2"),
    "三": "3", "叁": "3", "四": "4", "肆": "4", "五": "5", "伍": "5",
    "六": "6", "陆": "6", "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}  # fmt: skip
_CN_DIGIT_CLASS = "[0-9" + "".join(_CN_DIGITS) + "]"
#: A run of seven or more digits, Arabic or spoken, with separators between them.
_SPOKEN_RUN_RE = gated(
    r"(?:\+?86" + _SEP + r")?[(（]?" + _CN_DIGIT_CLASS + r"(?:" + _SEP + _CN_DIGIT_CLASS + r"){6,}"
)
_CN_DIGIT_TABLE = str.maketrans(_CN_DIGITS)


def spoken_digits(run: str) -> str:
    """The Arabic digits of a run said in spoken or Arabic digits (一三九 5300 → 1395300)."""
    return re.sub(r"[^0-9]", "", run.translate(_CN_DIGIT_TABLE))


_LANDLINE_ANY_RE = gated(
    r"(?<![0-9A-Za-z])([(（]?0[1-9][0-9]{1,2}[)）]?" + _SEP + r"[2-9](?:" + _SEP + r"[0-9]){6,7})"
    r"(?![0-9])"
)
#: A bank card: 16 to 19 digits (UnionPay 62…, Visa 4…, Mastercard 5…, 3…), separators
#: allowed; the first and last four kept. Before the ID pattern, whose 15-digit form would
#: otherwise take the first groups of a spaced card and leave the rest.
_CARD_RE = gated(
    r"(?<![0-9A-Za-z])([3-6](?:" + _SEP + r"[0-9]){15,18})(?![0-9A-Za-z])"
    # a spaced ID number (3717 0219 8503 1543 2X) is no card followed by a remainder
    r"(?!" + _SEP + r"[0-9Xx])"
)
#: An e-mail address: the first character of the mailbox and the domain kept.
_EMAIL_RE = gated(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*(@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
#: An account named by its word (QQ号, 微信号, 护照号码): the first character kept.
_ACCOUNT_RE = gated(
    r"(?<![A-Za-z0-9/._-])((?:QQ|qq|Qq|微信|护照|通行证)(?:号码|号)?(?:是|为)?[:：]?\s?)"
    r"([A-Za-z0-9])([A-Za-z0-9_.\-]{4,39})(?![A-Za-z0-9_])"
)


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value)


def _mask_number(m: re.Match[str]) -> str:
    digits = _digits(m.group(1))
    if len(digits) >= 15:  # an ID number: region and last four kept
        return mask_id(digits)
    return mask_phone(digits)


def _mask_mobile(m: re.Match[str]) -> str:
    """A mobile in any written form as ``139****1234``; an opening bracket before it is
    kept only when the number holds no closing one (``(13953001234)`` stays a pair)."""
    opened, body = m.group(1), m.group(2)
    closed = ")" in body or "）" in body
    return ("" if closed else opened) + mask_phone(_digits(body))


#: A number written after a phone word, whatever its length (a local number without its
#: area code, ``电话 5551234``; trial5 F08): every digit but the last two masked.
_PHONE_WORD_RE = gated(
    r"((?:联系电话|联系方式|电话号码|电话|座机|固话|手机号码|手机号|手机|号码|Tel|TEL|tel)"
    r"(?:是|为)?[:：\s]{0,3})"
    r"([(（]?[0-9](?:[ \t.\-_·/()（）\u3000" + _DASHES + r"]{0,2}[0-9]){4,11}[)）]?)(?![0-9*])"
)


def _mask_after_phone_word(m: re.Match[str]) -> str:
    digits = _digits(m.group(2))
    return m.group(1) + "*" * (len(digits) - 2) + digits[-2:]


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
        if len(folded) == 1 and folded.isascii() and (folded.isalnum() or folded in " .-+"):
            table[code] = folded
    return table


#: A decimal digit of any script that is not ASCII (Arabic-Indic ٣, Devanagari ३ …).
_OTHER_DIGIT_RE = gated(r"(?![0-9])\d")


def fold(text: str) -> str:
    """NFKC applied to what can hide a number (full-width digits and letters, separators),
    and every decimal digit of another script read as its ASCII digit; Chinese
    punctuation (brackets included) stays as written."""
    text = text.translate(_fold_table())
    if not text.isascii() and _OTHER_DIGIT_RE.search(text):
        text = _OTHER_DIGIT_RE.sub(lambda m: str(unicodedata.decimal(m.group(0))), text)
    return text


def _mask_card(m: re.Match[str]) -> str:
    digits = _digits(m.group(1))
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


#: A run of twelve digits or more with separators between them: perhaps two numbers side
#: by side (``138-5300-1234 13953002222``, ``13853001234、0530-8213456``), each masked on
#: its own (trial8 F04, trial9 F04); an opening bracket before it may open an area code.
_RUN_RE = gated(r"(?<![0-9])[(（]?[0-9](?:" + _SEP + r"[0-9Xx]){11,}(?![0-9])")
#: A landline's digits: area code (0 and two or three digits), number of seven or eight.
_LANDLINE_DIGITS_RE = gated(r"0[1-9][0-9]{1,2}[2-9][0-9]{6,7}")
#: What :func:`_piece` gives for a landline kept readable (a published text's office number).
_AS_WRITTEN = ""


def _piece(digits: str, *, landlines: bool = True) -> str | None:
    """``digits`` masked when they are one mobile, landline, ID or bank card number
    (:data:`_AS_WRITTEN` for a landline with ``landlines=False``)."""
    n = len(digits)
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return mask_phone(digits)
    if 10 <= n <= 12 and _LANDLINE_DIGITS_RE.fullmatch(digits) is not None:
        return mask_phone(digits) if landlines else _AS_WRITTEN
    if n in (15, 18) and ID_CARD_RE.fullmatch(digits) is not None:
        return mask_id(digits)
    if 16 <= n <= 19 and digits[0] in "3456" and digits.isdigit():
        return digits[:4] + "*" * (n - 8) + digits[-4:]
    return None


def _one_number(cuts: list[int], k: int, j: int) -> bool:
    """Digits ``k`` to ``j`` of a run may be one number: a number's length, and its
    groups written alike (138 5300 1234, 1 3 8 5 …; never 12-3-501, rooms in a list)."""
    if j - k not in (10, 11, 12, 15, 16, 17, 18, 19):
        return False
    inner = [c for c in cuts if k <= c <= j]
    sizes = {b - a for a, b in itertools.pairwise(inner)}
    return len(inner) == len(range(k, j + 1)) or sizes == {1} or min(sizes) >= 2


def _split_run(m: re.Match[str], *, landlines: bool = True) -> str:
    """A run that is no one number, read as the numbers it holds side by side: each
    mobile, ID or card masked on its own, whatever separates them (``138-5300-1234
    13953002222`` -> ``138****1234 139****2222``). Numbers start and end where the
    citizen put a separator (anywhere in a run typed without one, which must then be
    numbers end to end); what is no number is left to the patterns that follow."""
    run = m.group(0)
    pos = [i for i, ch in enumerate(run) if ch.isdigit() or ch in "Xx"]
    digits = "".join(run[i] for i in pos)
    n = len(digits)
    if _piece(digits, landlines=landlines) is not None or n > 400:
        return run  # one number (or a table of figures): the patterns below mask it
    glued = pos[-1] - pos[0] + 1 == n
    cuts = [k for k in range(n + 1) if glued or k in (0, n) or pos[k] - pos[k - 1] > 1]
    # fewest digits left uncovered, then fewest pieces: (uncovered, pieces, previous cut)
    best: dict[int, tuple[int, int, int, str | None]] = {0: (0, 0, -1, None)}
    for k in cuts:
        if k not in best:
            continue
        left, count = best[k][0], best[k][1]
        for j in (c for c in cuts if c > k):
            one = _one_number(cuts, k, j)
            masked = _piece(digits[k:j], landlines=landlines) if one else None
            step = (
                (left, count + 1, k, masked)
                if masked is not None
                else (left + j - k, count, k, None)
            )
            if j not in best or step[:2] < best[j][:2]:
                best[j] = step
    if n not in best or best[n][1] < 2 or (glued and best[n][0]):
        return run  # one number with a prefix or a date beside it: the patterns below
    out: list[str] = []
    k, end = n, len(run)
    while k > 0:
        _, _, prev, masked = best[k]
        start, stop = pos[prev], pos[k - 1] + 1
        if masked and digits[prev] == "0" and start and run[start - 1] in "(（":
            start -= 1  # (0530)8213456: the area code's brackets go with its digits
        out.append((masked if masked else run[start:stop]) + run[stop:end])
        k, end = prev, start
    return run[:end] + "".join(reversed(out))


def _mask_ascii(text: str, *, landlines: bool = True) -> str:
    text = _RUN_RE.sub(functools.partial(_split_run, landlines=landlines), text)
    text = _CARD_RE.sub(_mask_card, text)
    text = _ID_ANY_RE.sub(_mask_number, text)
    text = _MOBILE_ANY_RE.sub(_mask_mobile, text)
    if not landlines:
        return text
    text = _LANDLINE_ANY_RE.sub(_mask_number, text)
    return _PHONE_WORD_RE.sub(_mask_after_phone_word, text)


def _spoken(m: re.Match[str], *, landlines: bool = True) -> str:
    """A run holding spoken digits (一三九五三零零八八八八, 幺三九 5300 8888) read as the
    number it says, and masked when it is a phone or ID number; kept as written
    otherwise. Runs of Arabic digits alone are left to the patterns that follow."""
    run = m.group(0)
    if run.isascii():
        return run
    digits = run.translate(_CN_DIGIT_TABLE)
    masked = _mask_ascii(digits, landlines=landlines)
    return masked if masked != digits else run


def mask_numbers(text: str, *, landlines: bool = True) -> str:
    """Mask ID card, mobile and landline numbers in any form (NFKC-folded; separators).

    ``landlines=False`` keeps landlines readable (an office's published number in a text
    the centre or a unit wrote for the public: see :func:`mask_text` ``published``)."""
    if not text:
        return text
    text = fold_number_separators(fold(text))
    if _SPOKEN_RUN_RE.search(text):
        text = _SPOKEN_RUN_RE.sub(functools.partial(_spoken, landlines=landlines), text)
    text = _mask_ascii(text, landlines=landlines)
    if "@" in text:
        text = _EMAIL_RE.sub(lambda m: m.group(1) + "***" + m.group(2), text)
    return _ACCOUNT_RE.sub(lambda m: m.group(1) + m.group(2) + "*" * len(m.group(3)), text)
