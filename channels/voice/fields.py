"""The one rule for the fields of a caller's turn (trial14 T18), on every voice route:
the bot's turns (:class:`channels.voice.adapter.VoiceAdapter`) and the call queue's
callbacks (``gateway.routers.calls``) alike."""

from __future__ import annotations

import re

from channels import guard
from channels.errors import PayloadError
from channels.sms.twilio import MultiParams

__all__ = ["check_fields"]

# what no recogniser writes and no keypad sends: C0/C1 controls (NUL), DEL, and the
# invisible direction marks and overrides (U+202E ...)
_UNSPOKEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# keys; 「hangup」 is what Twilio sends a <Record> action when the caller hung up
_KEYS = re.compile(r"[0-9*#]{0,64}|hangup")


def check_fields(form: MultiParams) -> None:
    """The one rule for the fields a caller's turn carries, on every voice route (trial14
    T18): ``Confidence`` (when given) a number from 0 to 1, ``SpeechResult`` without
    control characters, ``Digits`` keys only (0-9, * and #, at most 64, or ``hangup``); else
    :class:`PayloadError` (400) before anything is taken, as for ``From`` and ``CallSid``."""
    confidence = form.first("Confidence")
    if confidence.strip():
        guard.finite_float(confidence, "Confidence", lo=0.0, hi=1.0)
    if _UNSPOKEN.search(form.first("SpeechResult")):
        raise PayloadError("SpeechResult contains control characters")
    if not _KEYS.fullmatch(form.first("Digits").strip()):
        raise PayloadError("Digits: keys 0-9, * and # only, at most 64")
