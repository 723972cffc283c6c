"""The one input validator of the APIs: typed annotations for ids, cursors, numbers and
text that every request model and parameter uses (pydantic; no web types).

- :data:`SafeStr`: text without NUL or other C0 control characters except tab and line
  breaks (PostgreSQL refuses NUL in ``text``; nothing a person types contains it);
- :data:`DbInt` / :data:`DbId`: integers that fit PostgreSQL's ``bigint`` (ids: >= 1);
- :data:`Cursor`: a keyset cursor, the decimal digits of a ``bigint``;
- :func:`clean_text`: the same check for values read outside pydantic (form fields,
  headers), raising :class:`ValueError`;
- :func:`has_words`: whether a text says anything (a letter, Han character or digit
  outside emoticon codes): a reply, reason or report of punctuation, whitespace, emoji
  or ``[微笑]`` alone is refused by the case store;
- :data:`LinkUrl` / :func:`link_url`: THE policy for a link a person will open (Open311's
  ``media_url``, a unit's materials and reply attachments): ``http(s)`` with a host, a
  valid port, no credentials, no spaces or control characters (``file:``,
  ``javascript:``, ``data:`` are refused), and no loopback, private, link-local or
  reserved address (``http://169.254.169.254/…``; judged as the webhook policy judges
  them, :func:`casebridge.webhooks.urlpolicy.is_public`);
- :func:`phone_number`: THE reading of a phone number typed into any surface (Open311's
  ``phone``, an agent's or unit's ``contact_phone``, the order store): full-width digits
  and signs folded as the chat and ``/api/progress`` fold them (trial8 F23);
- :data:`StrictDbCount`: an integer that is an integer in JSON (not ``"1"``, not
  ``true``), for ``expected_version``.

Each annotation carries its constraint into the OpenAPI document (``pattern``,
``maximum``), so clients and fuzzers see what is refused (422) before it is sent.
Numbers in JSON bodies are checked once more at the edge (``gateway.guard``: no NaN,
Infinity or integer beyond ``bigint`` in any body).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, Strict

from casebridge.webhooks.urlpolicy import is_public

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


def without_format(text: str) -> str:
    """``text`` without invisible format characters (Unicode category Cf): the
    right-to-left override and every other bidi control (U+202A-U+202E, U+2066-U+2069,
    U+200E/F, U+061C), zero-width spaces, word joiners, the byte-order mark, soft
    hyphens, tags. They change how a text reads, not what it says, and must never be
    stored or echoed on a public page (trial8 F17). A zero-width joiner inside an emoji
    sequence stays. A stray combining mark (category Mn/Me) with no base letter
    that takes it, at the start or after a Han character, a space or CJK punctuation
    (``\u0301\u0301俺们\u0308小区``), is dropped too (trial10 N14); a mark after a Latin
    letter (``e\u0301``), another mark, a digit or an emoji (a variation selector) stays.
    Private-use characters (category Co: U+E000-U+F8FF and planes 15-16) and a skin-tone
    modifier (U+1F3FB-U+1F3FF) with no emoji before it are dropped as well (trial11 N13:
    ``路灯\ue000坏了\U0001f3fb`` is ``路灯坏了``); ``👍\U0001f3fb`` stays.
    The same rule as ``channels.messages.without_format``, which the
    inbound messages of every channel pass."""
    if text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cf":
            keep = ch == "\u200d" and bool(out) and _joins_emoji(out[-1])
        elif cat in ("Mn", "Me"):
            keep = bool(out) and _takes_marks(out[-1])
        elif cat == "Co":
            keep = False  # private use: no agreed meaning, shown as a box or not at all
        elif _SKIN_TONES[0] <= ord(ch) <= _SKIN_TONES[1]:
            keep = bool(out) and _takes_tone(out[-1])
        else:
            keep = True
        if keep:
            out.append(ch)
    return "".join(out)


#: The emoji skin-tone modifiers (U+1F3FB-U+1F3FF): one belongs to the emoji before it.
_SKIN_TONES = (0x1F3FB, 0x1F3FF)


def _takes_tone(ch: str) -> bool:
    """A skin tone after ``ch`` colours it: an emoji or pictograph, not a letter, a Han
    character, a space or another tone."""
    code = ord(ch)
    if _SKIN_TONES[0] <= code <= _SKIN_TONES[1]:
        return False
    return code >= 0x1F000 or unicodedata.category(ch) == "So"


def _joins_emoji(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or unicodedata.category(ch) in ("So", "Sk", "Mn")


#: Han ideographs (unified, extension A, compatibility, the supplementary planes) and CJK
#: punctuation with full-width forms: no combining mark belongs on one.
_NO_MARK_BASES = (
    (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0xFF00, 0xFF65), (0x20000, 0x3FFFF),
)  # fmt: skip


def _takes_marks(ch: str) -> bool:
    """A combining mark after ``ch`` belongs to it: not after a space, a line break or
    another control, a Han character or CJK punctuation."""
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _NO_MARK_BASES):
        return False
    return unicodedata.category(ch)[0] not in "ZC"


def clean_text(text: str) -> str:
    """``text`` unchanged; :class:`ValueError` when it holds a control character."""
    if has_control(text):
        raise ValueError("text must not contain NUL or control characters")
    return text


#: Emoticon codes as chat apps and Weibo write them (``[微笑]``, ``[doge]``, ``[OK]``,
#: ``:smile:``; up to five characters, no digit): a picture, not words, whatever
#: characters spell its name.
_EMOTICON_CODE_RE = re.compile(r"\[[^\[\]\s0-9]{1,5}\]|:[A-Za-z_+\-]{2,30}:")


def has_words(text: str) -> bool:
    """True when ``text`` holds a word: a letter of any script (Han characters
    included) or a digit, outside emoticon codes. Punctuation (``。。。``, ``……``),
    whitespace, symbols, emoji (``😊👍``) and emoticon codes (``[微笑]``) alone say
    nothing: False."""
    bare = _EMOTICON_CODE_RE.sub("", text) if "[" in text or ":" in text else text
    return any(unicodedata.category(ch)[0] in "LN" for ch in bare)


SafeStr = Annotated[str, AfterValidator(clean_text), Field(pattern=SAFE_PATTERN)]
DbInt = Annotated[int, Field(ge=BIGINT_MIN, le=BIGINT_MAX)]
DbId = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
DbCount = Annotated[int, Field(ge=0, le=BIGINT_MAX)]
Cursor = Annotated[str, Field(pattern=r"^[0-9]{1,18}$")]
StrictDbCount = Annotated[int, Strict(), Field(ge=0, le=BIGINT_MAX)]

_URL_BAD = re.compile(r"[\x00-\x20\x7f]")
MAX_URL = 1000


def link_url(url: str) -> str:
    """``url`` unchanged when a person may be given it to open; :class:`ValueError`
    (saying why, in Chinese for the unit or the client) otherwise."""
    if len(url) > MAX_URL:
        raise ValueError(f"链接过长（最长 {MAX_URL} 字符）")
    if _URL_BAD.search(url):
        raise ValueError("链接不能包含空格或控制字符")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValueError("链接格式无效") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("链接须为 http(s) 地址")
    if port == 0:
        raise ValueError("链接的端口无效")
    if parts.username is not None or parts.password is not None:
        raise ValueError("链接不能包含用户名或密码")
    host = parts.hostname.rstrip(".")
    addr = _literal_address(host)
    if (
        (addr is not None and not is_public(addr))
        or host == "localhost"
        or host.endswith(".localhost")
    ):
        raise ValueError(f"链接不能指向内部或保留地址：{host}")
    return url


def _literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host names literally, in any form a resolver accepts (``127.1``,
    ``0x7f000001``, ``2130706433``, ``[::ffff:127.0.0.1]``); None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


LinkUrl = Annotated[
    str,
    AfterValidator(link_url),
    Field(max_length=MAX_URL, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\x00-\x20\x7f]+$"),
]


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_PHONE_FORM = re.compile(r"\+?\(?[0-9][0-9 ()-]{3,30}")
PHONE_HELP = "digits (with +, spaces, dashes or brackets)"


def phone_number(text: str) -> str:
    """A phone number as the store keeps it: NFKC-folded (full-width ``１３８``, ``＋``,
    ``－``, ``（）`` and the ideographic space to ASCII; other dashes to ``-``), spaces
    collapsed (a line break is refused), trimmed; the separators a person wrote are kept
    (``0530-5551234``).
    :class:`ValueError` when what is left is not digits with an optional leading ``+``
    and spaces, dashes or brackets (4 to 32 characters)."""
    folded = re.sub(" {2,}", " ", unicodedata.normalize("NFKC", text).translate(_DASHES)).strip()
    if not _PHONE_FORM.fullmatch(folded):
        raise ValueError(f"a phone number is {PHONE_HELP}")
    return folded


def cursor_value(cursor: str) -> int | None:
    """The integer of a cursor; None when it is not one or exceeds ``bigint``."""
    if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 19:
        return None
    value = int(cursor)
    return value if value <= BIGINT_MAX else None
