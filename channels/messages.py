"""The normalized message model every channel produces and consumes.

Adapters turn provider payloads into :class:`InboundMessage` and render
:class:`OutboundMessage` back; nothing past the adapter reads provider formats.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue, field_validator


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
    The same rule as ``casebridge.inputs.without_format`` (the rooms
    import nothing of each other)."""
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


class MessageKind(StrEnum):
    """What the citizen sent."""

    TEXT = "text"
    IMAGE = "image"
    VOICE = "voice"
    VIDEO = "video"
    LOCATION = "location"
    LINK = "link"
    CONTACT = "contact"
    FILE = "file"
    EVENT = "event"


class AttachmentKind(StrEnum):
    """Media kind of an attachment, by content not by claim."""

    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    FILE = "file"


class Attachment(BaseModel):
    """One piece of media. Before it is fetched only the source fields are known."""

    model_config = ConfigDict(frozen=True)

    kind: AttachmentKind
    mime: str | None = None
    size: int | None = Field(default=None, ge=0)
    sha256: str | None = None
    blob_key: str | None = None  # where the bytes are kept once fetched
    source_id: str | None = None  # provider media id (WeChat MediaId, Telegram file_id ...)
    source_url: str | None = None  # provider URL (Twilio MediaUrlN, WeChat PicUrl ...)
    filename: str | None = None
    transcript: str | None = None  # speech recognition result, when known
    transcript_confidence: float | None = None
    ocr_text: str | None = None
    duration_seconds: float | None = None


class Location(BaseModel):
    """A point the citizen shared, or a GPS position from a photo."""

    model_config = ConfigDict(frozen=True)

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    label: str | None = None
    precision_m: float | None = None


class InboundMessage(BaseModel):
    """A message from a citizen, normalized. ``raw`` is kept for audit only."""

    model_config = ConfigDict(frozen=True)

    channel: str
    account: str = ""  # our side: the official account, number or bot that received it
    external_id: str = Field(min_length=1)  # the dedup key within the channel
    sender: str = Field(min_length=1)  # the channel's user id of the citizen
    kind: MessageKind
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    location: Location | None = None
    event: str | None = None  # subscribe, unsubscribe, click:<key>, scan ...
    contact_phone: str | None = None  # a phone the channel itself vouches for (SMS, voice)
    # when ``text`` came from speech recognition: the recognizer's confidence, 0.0-1.0
    # (Twilio ``Confidence`` of a ``<Gather>`` speech result); None when typed or unknown
    # (WeChat's ``Recognition`` carries none). Below a threshold the dialogue confirms it.
    transcript_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    received_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))
    # the provider's payload as received (after the signature check), kept for audit
    raw: JsonValue = Field(default=None, repr=False)

    @field_validator("text")
    @classmethod
    def _visible(cls, value: str) -> str:
        return without_format(value)

    @field_validator("received_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @property
    def dedup_key(self) -> str:
        """Unique across channels, accounts and citizens:
        ``channel:account:sender:external_id``, never the provider's message id alone
        (one citizen reusing another's id must not receive the other's answer). Kept under
        255 characters: a longer key becomes ``channel:#<sha256>``."""
        key = f"{self.channel}:{self.account}:{self.sender}:{self.external_id}"
        if len(key) <= 255:
            return key
        return f"{self.channel}:#{hashlib.sha256(key.encode('utf-8')).hexdigest()}"

    @property
    def conversation_key(self) -> str:
        """The session key of this citizen on this channel."""
        return f"{self.channel}:{self.account}:{self.sender}"


class QuickReply(BaseModel):
    """A suggested answer; channels without buttons show it as a numbered option."""

    model_config = ConfigDict(frozen=True)

    title: str
    payload: str


class OutboundMessage(BaseModel):
    """A message to a citizen."""

    model_config = ConfigDict(frozen=True)

    channel: str
    recipient: str
    account: str = ""
    text: str = ""
    quick_replies: tuple[QuickReply, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    transfer_to: str | None = None  # an emergency number the channel should connect to
    idempotency_key: str | None = None
    # could not be pushed when it was due, so it goes with the citizen's next answer (the
    # phone line never reads such an SMS aloud: it sends it again; trial14 T06)
    kept: bool = False
