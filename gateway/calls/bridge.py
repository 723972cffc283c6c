"""Moving a queued call to an agent: ``Calls(sid).update(twiml=...)`` through Twilio's REST API."""

from __future__ import annotations

import asyncio
from typing import Protocol

import requests
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from channels.sms.twilio import TwilioSettings


class BridgeError(Exception):
    """The provider refused or could not be reached: the call stays in the queue."""


class Bridge(Protocol):
    """Replaces a live call's TwiML."""

    async def redirect(self, call_sid: str, twiml: str) -> None: ...


class TwilioBridge:
    """The official ``twilio`` REST client, pointed at ``HOTLINE_TWILIO_API_BASE_URL``.

    The library's blocking client runs in a worker thread (its aiohttp client uses an
    API aiohttp deprecates); one call update per accepted call.
    """

    def __init__(self, settings: TwilioSettings) -> None:
        self.settings = settings
        token = settings.auth_token.get_secret_value() if settings.auth_token else ""
        http = TwilioHttpClient(timeout=settings.http_timeout_seconds)
        self.client = Client(settings.account_sid or "", token, http_client=http)
        self.client.api.base_url = settings.api_base_url.rstrip("/")

    async def redirect(self, call_sid: str, twiml: str) -> None:
        try:
            await asyncio.to_thread(self._update, call_sid, twiml)
        except (TwilioException, requests.RequestException, OSError) as exc:
            raise BridgeError(f"call update failed: {exc}") from exc

    def _update(self, call_sid: str, twiml: str) -> None:
        self.client.calls(call_sid).update(twiml=twiml)
