"""Outbound replies to the test citizen of the contract tests, one per channel: on the
phone (``CITIZEN_PHONE``) and on WeChat (``oCitizen1``)."""

from __future__ import annotations

from channels.messages import OutboundMessage
from tests.contract.cases import CITIZEN_PHONE


def voice_reply(text: str, **kw: object) -> OutboundMessage:
    """A reply on the phone; ``kw``: other fields of the message (quick replies ...)."""
    return OutboundMessage.model_validate(
        {"channel": "voice", "recipient": CITIZEN_PHONE, "text": text, **kw}
    )


def wechat_reply(text: str, **kw: object) -> OutboundMessage:
    """A reply on WeChat; ``kw``: other fields of the message."""
    return OutboundMessage.model_validate(
        {"channel": "wechat", "recipient": "oCitizen1", "text": text, **kw}
    )
