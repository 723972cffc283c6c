"""The 12345 phone line via Twilio voice (``/webhooks/voice`` and its callbacks)."""

from channels.voice.adapter import VoiceAdapter, VoiceSettings

ADAPTER = VoiceAdapter

__all__ = ["ADAPTER", "VoiceAdapter", "VoiceSettings"]
