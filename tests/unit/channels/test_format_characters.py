"""trial8 F17: the right-to-left override (U+202E) and the other invisible format
characters (bidi controls, zero-width spaces, word joiners, BOM, soft hyphen) are
dropped where text comes in, on every channel and on Open311, and a public answer never
echoes one (an order stored before is shown without them)."""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, datetime

import pytest

from casebridge.inputs import without_format as casebridge_without_format
from casebridge.open311.validate import pairs_from_body, parse_request
from channels.messages import InboundMessage, MessageKind, without_format
from channels.web.adapter import WebChatAdapter
from nlu.pii import mask_text

#: Bidi embeddings, overrides and isolates, marks, zero-width and other invisible
#: format characters (category Cf).
FORMAT = [
    "\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u2061", "\U000e0041",
]  # fmt: skip
TEXT = "牡丹区 西城街道 阳光小区 路灯坏了"


def _wrapped(ch: str) -> str:
    return f"{ch}牡丹区 西城{ch}街道 阳光小区 路灯坏了{ch}"


@pytest.mark.parametrize("ch", FORMAT)
def test_the_shared_rule_drops_every_format_character(ch: str) -> None:
    assert without_format(_wrapped(ch)) == TEXT
    assert casebridge_without_format(_wrapped(ch)) == TEXT


def test_an_emoji_sequence_keeps_its_joiner() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert without_format(f"{family}路灯坏了") == f"{family}路灯坏了"
    assert without_format("张\u200d秀兰") == "张秀兰"  # a joiner between Han splits a name


@pytest.mark.parametrize("ch", FORMAT)
@pytest.mark.parametrize("channel", ["wechat", "sms", "telegram", "weibo", "voice"])
def test_every_channels_message_is_stored_without_them(ch: str, channel: str) -> None:
    msg = InboundMessage(
        channel=channel,
        external_id="m1",
        sender="u1",
        kind=MessageKind.TEXT,
        text=_wrapped(ch),
        received_at=datetime.now(UTC),
    )
    assert msg.text == TEXT


def test_the_web_chat_frame_of_the_trial() -> None:
    web = WebChatAdapter(secret=b"s" * 32)
    frame = {"type": "message", "id": "m1", "text": f"\u202e{TEXT}\u202e"}
    msg, _ = web.parse_frame("v1", frame, max_upload_bytes=1000)
    assert msg.text == TEXT


@pytest.mark.parametrize("ch", FORMAT)
def test_an_open311_request_reaches_the_order_without_them(ch: str) -> None:
    body = (
        "service_code=CXJS-02&address_string=%E7%89%A1%E4%B8%B9%E5%8C%BA"
        "&description=" + "".join(f"%{b:02X}" for b in f"{ch}路灯坏了\u200b".encode())
    ).encode()
    req = parse_request(pairs_from_body(body, "application/x-www-form-urlencoded"))
    assert req.description == "路灯坏了"


@pytest.mark.parametrize("ch", FORMAT)
def test_a_public_answer_never_echoes_them(ch: str) -> None:
    # an order stored before the inbound rule: the public text drops them on the way out
    assert ch not in mask_text(_wrapped(ch), public=True)
    assert ch not in mask_text(f"{ch}路灯坏了\u200b", public=True)


@pytest.mark.parametrize(
    "phone", ["１３８５３００１２３４", "１３８－５３００－１２３４", "138\u22125300\u22121234"]
)
def test_an_open311_phone_in_full_width_is_folded(phone: str) -> None:
    # trial8 F23: 400 「phone must be digits」 for the full-width form the chat accepts
    body = "service_code=CXJS-02&address_string=x&description=%E8%B7%AF%E7%81%AF%E5%9D%8F%E4%BA%86"
    pairs = [*pairs_from_body(body.encode(), "application/x-www-form-urlencoded")]
    req = parse_request([*pairs, ("phone", phone)])
    assert (req.phone or "").replace("-", "") == "13853001234"


def _by_character(text: str) -> str:
    """The rule character by character (the reference of the fast path)."""
    out: list[str] = []
    for ch in text:
        joins = (
            ch == "\u200d"
            and bool(out)
            and (ord(out[-1]) >= 0x1F000 or unicodedata.category(out[-1]) in ("So", "Sk", "Mn"))
        )
        stray = unicodedata.category(ch) in ("Mn", "Me") and (
            not out
            or unicodedata.name(out[-1], "").startswith("CJK")
            or unicodedata.category(out[-1])[0] in "ZC"
            or "\u3000" <= out[-1] <= "\u303f"  # CJK punctuation
            or "\uff00" <= out[-1] <= "\uff65"  # full-width forms
        )
        if (unicodedata.category(ch) != "Cf" or joins) and not stray:
            out.append(ch)
    return "".join(out)


def test_the_fast_path_agrees_with_the_rule_character_by_character() -> None:
    """Printable texts are returned as they are, any other goes through the rule (both
    rooms' copies): the same result for texts with every format character of the
    Unicode database, newlines, tabs, controls, spaces of other widths, emoji, joiners."""
    rng = random.Random(17)
    formats = [chr(c) for c in range(0x30000) if unicodedata.category(chr(c)) == "Cf"]
    formats += ["\U000e0001", "\U000e0041", "\U000e007f"]
    others = ["\n", "\t", "\r", "\x00", "\u3000", "\u00a0", "\u2028", "\U0001f468", "\u200d"]
    plain = [*"路灯坏了小区门口的下水道堵 abc123，。！？", "😀", "①", "ｑ", "é", "\ufe0f"]
    marks = ["\u0301", "\u0308", "\u20e3", "\u0489", "\u3099", "\u302a"]
    texts = ["", "路灯坏了", "路灯坏了\n三天了", "\u200d", "😀\u200d😀"]
    for _ in range(3000):
        mixed = plain + others + formats + marks
        pool = rng.choice([plain, plain + others, plain + formats, mixed, plain + marks])
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 30))))
    texts += [f"路灯{ch}坏了" for ch in formats]
    for text in texts:
        assert without_format(text) == _by_character(text), repr(text)
        assert casebridge_without_format(text) == _by_character(text), repr(text)


# trial10 N14: combining marks with no base letter that takes them


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("\u0301\u0301\u0301俺们\u0308小区\u0301停水了", "俺们小区停水了"),
        ("\u0308路灯\u0489坏了\u20e3", "路灯坏了"),  # enclosing marks (Me) alike
        ("小区门口\u0300\u0301\u0302\u0303 下水道\u0336堵了", "小区门口 下水道堵了"),
        ("垃圾，\u0301没人清 \u0308三天了", "垃圾，没人清 三天了"),  # after punctuation, a space
        ("\u202e\u0301路灯坏了", "路灯坏了"),  # after a dropped control: still no base
        ("电话\n\u0301138", "电话\n138"),
    ],
)
def test_stray_combining_marks_are_dropped(text: str, clean: str) -> None:
    assert without_format(text) == clean
    assert casebridge_without_format(text) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Cafe\u0301 门口的垃圾",  # é as e + U+0301
        "Zoe\u0308 Lo\u0301pez 反映",  # ë, ó
        "Vie\u0323\u0302t 小区",  # two marks stacked on one letter (ệ)
        "1\ufe0f\u20e3号楼",  # keycap: a digit, a variation selector, an enclosing mark
        "\u2764\ufe0f 谢谢",  # an emoji's variation selector (Mn)
        "\u0915\u093f 路灯",  # a Devanagari vowel sign after its consonant
    ],
)
def test_marks_on_a_letter_stay(text: str) -> None:
    assert without_format(text) == text
    assert casebridge_without_format(text) == text


def test_the_trial_web_chat_frame_with_stray_marks() -> None:
    web = WebChatAdapter(secret=b"s" * 32)
    frame = {"type": "message", "id": "m1", "text": "\u0301\u0301\u0301俺们\u0308小区\u0301停水了"}
    msg, _ = web.parse_frame("v1", frame, max_upload_bytes=1000)
    assert msg.text == "俺们小区停水了"


def test_an_open311_description_loses_stray_marks() -> None:
    text = "\u0301路灯\u0308坏了 Cafe\u0301"
    body = (
        "service_code=CXJS-02&address_string=%E7%89%A1%E4%B8%B9%E5%8C%BA&description="
        + "".join(f"%{b:02X}" for b in text.encode())
    ).encode()
    req = parse_request(pairs_from_body(body, "application/x-www-form-urlencoded"))
    assert req.description == "路灯坏了 Cafe\u0301"


def test_a_public_answer_drops_stray_marks_of_an_order_stored_before() -> None:
    stored = "\u0301\u0301\u0301俺们\u0308小区\u0301停水了 Cafe\u0301"
    assert mask_text(stored, public=True) == "俺们小区停水了 Cafe\u0301"
