"""Twilio SMS/MMS channel (``/webhooks/sms``)."""

from channels.sms.adapter import SmsAdapter
from channels.sms.twilio import TwilioSettings

ADAPTER = SmsAdapter

__all__ = ["ADAPTER", "SmsAdapter", "TwilioSettings"]
