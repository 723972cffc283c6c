"""Who is calling: a withheld caller ID and the caller as a conversation's sender.

Shared by the voice adapter (:mod:`channels.voice.adapter`), the call queue
(``gateway.calls``) and the console's order form, so a withheld number is never taken
for a contact or a number to call back.
"""

from __future__ import annotations

# what Twilio sends as ``From`` for a withheld caller ID (and the empty value)
WITHHELD = frozenset({"", "anonymous", "+266696687", "266696687", "restricted", "unknown"})


def withheld(caller: str) -> bool:
    """Whether ``From`` is no number at all (a withheld caller ID): never a contact and
    never a number to call back (issue 17 V22)."""
    return caller.strip().lower() in WITHHELD or caller.startswith("anonymous-")


def caller_key(call_sid: str, caller: str) -> str:
    """The caller as the conversation's sender: the number, or for a withheld number
    ``anonymous-<CallSid>`` (one conversation per call, never shared by strangers)."""
    return f"anonymous-{call_sid}" if withheld(caller) else caller
