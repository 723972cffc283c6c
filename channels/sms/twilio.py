"""What Twilio SMS and Twilio voice share: settings, signature check, REST messages, media.

``X-Twilio-Signature`` is checked with twilio's own ``RequestValidator`` over the PUBLIC
URL the provider called (the gateway passes ``HOTLINE_PUBLIC_BASE_URL`` + path + query,
so it holds behind a TLS-terminating proxy) and every POST parameter.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from twilio.request_validator import (
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

from channels import fetch, guard, outbound
from channels.base import ChannelAdapter, ChannelSettings, RawRequest, SendResult
from channels.errors import SendError, VerificationError

SIGNATURE_HEADER = "x-twilio-signature"
MEDIA_HOSTS = frozenset({"api.twilio.com"})  # MediaUrlN, RecordingUrl


class TwilioSettings(ChannelSettings):
    """``HOTLINE_TWILIO_*``: account SID and auth token enable SMS and voice."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_TWILIO_", env_file=".env", extra="ignore")

    account_sid: str | None = None
    auth_token: SecretStr | None = None
    api_base_url: str = "https://api.twilio.com/"
    from_number: str | None = None  # our number, when a reply has no account of its own
    messaging_service_sid: str | None = None
    http_timeout_seconds: float = Field(default=10.0, gt=0)
    max_media_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # one SMS per reply: a longer reply is shortened to this many segments (67 Chinese
    # characters each once concatenated; Twilio's own ceiling is 1,600 characters)
    sms_max_segments: int = Field(default=10, ge=1, le=24)
    # where the rest of a shortened reply can be read (e.g. the web chat); else a note
    sms_more_url: str | None = None

    def is_enabled(self) -> bool:
        return bool(self.account_sid and self.auth_token)


class MultiParams:
    """Form pairs with repeated keys, shaped like the MultiDict ``RequestValidator`` reads.

    Indexed once by name: every lookup is a dict access, so a form with many fields
    costs linear time (the scan per key made a 16,000-field form take seconds).
    """

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._index = guard.flat_fields(pairs)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def getall(self, name: str) -> list[str]:
        return list(self._index.get(name, ()))

    def first(self, name: str, default: str = "") -> str:
        values = self._index.get(name)
        return values[0] if values else default


TWILIO_LIMITS = guard.InputLimits(max_body_bytes=64 * 1024, max_form_fields=200)


def form_params(request: RawRequest) -> MultiParams:
    """The POST form of a Twilio webhook (bounded by :data:`TWILIO_LIMITS`)."""
    return MultiParams(request.form(TWILIO_LIMITS))


class TwilioAccount:
    """Signature checks and REST calls for one Twilio account."""

    def __init__(self, settings: TwilioSettings, client: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self.sid = settings.account_sid or ""
        token = settings.auth_token.get_secret_value() if settings.auth_token else ""
        self._auth = (self.sid, token)
        self._validator = RequestValidator(token)
        self.client = client or outbound.make_client(
            settings.api_base_url, settings.http_timeout_seconds
        )

    def verify(self, request: RawRequest) -> None:
        """Raise ``VerificationError`` unless Twilio signed exactly this URL and body."""
        signature = request.header(SIGNATURE_HEADER)
        if not signature:
            raise VerificationError("X-Twilio-Signature missing")
        algorithm = get_signature_algorithm(request.header(SIGNATURE_SETTINGS_HEADER) or "")
        params: Any
        if "bodySHA256" in request.query:
            # JSON webhooks sign the URL (which carries the body hash), not parameters
            params = request.body.decode("utf-8", errors="replace")
        else:
            # a form that cannot be read (not UTF-8, a %-escape that is not, too many
            # fields) is a PayloadError (400/413): malformed, whoever signed it
            params = form_params(request)
        if not self._validator.validate(request.url, params, signature, algorithm):
            raise VerificationError("X-Twilio-Signature mismatch")

    async def send_sms(
        self,
        to: str,
        from_: str,
        body: str,
        limiter: outbound.RateLimiter,
        media_urls: Sequence[str] = (),
    ) -> str:
        """One message through the REST API (``MediaUrl`` makes it an MMS); its SID."""
        data: list[tuple[str, str]] = [("To", to), ("Body", body)]
        data += [("MediaUrl", url) for url in media_urls]
        if from_:
            data.append(("From", from_))
        elif self.settings.messaging_service_sid:
            data.append(("MessagingServiceSid", self.settings.messaging_service_sid))
        else:
            raise SendError("no sender: set HOTLINE_TWILIO_FROM_NUMBER", retryable=False)
        await limiter.acquire()
        resp = await outbound.request(
            self.client,
            "POST",
            f"2010-04-01/Accounts/{self.sid}/Messages.json",
            "twilio message",
            content=urlencode(data).encode("ascii"),
            headers={"content-type": "application/x-www-form-urlencoded"},
            auth=self._auth,
        )
        sid = outbound.json_body(resp, "twilio message").get("sid")
        return str(sid) if sid else ""

    async def fetch(self, url: str, gate: fetch.UrlGate | None) -> bytes:
        """Media behind ``MediaUrlN``/``RecordingUrl``: on Twilio's API host (or the
        configured base URL) only, HTTP basic auth, then a redirect to the media CDN
        through the URL policy; the credentials never leave the first origin."""
        data, _ = await fetch.fetch_url(
            self.client,
            url,
            "twilio media",
            self.settings.max_media_bytes,
            base=self.settings.api_base_url,
            hosts=MEDIA_HOSTS,
            gate=gate,
            auth=self._auth,
        )
        return data

    async def aclose(self) -> None:
        await outbound.close_quietly(self.client.aclose)


def results(sids: list[str]) -> SendResult:
    """The last provider id of a split message."""
    return SendResult(provider_message_id=sids[-1] if sids else None)


class TwilioChannel(ChannelAdapter, abc.ABC):
    """What the SMS and voice adapters share: the account, the signature check, sending
    SMS segments through the Messages API, and media fetched with the account's keys."""

    settings: TwilioSettings
    media_label = "media"  # for the error when a callback carries no URL
    limits: ClassVar[guard.InputLimits] = TWILIO_LIMITS
    form_body: ClassVar[bool] = True
    media_hosts: ClassVar[frozenset[str]] = MEDIA_HOSTS

    def __init__(
        self,
        settings: TwilioSettings,
        *,
        client: httpx.AsyncClient | None = None,
        clock: outbound.Clock = time.time,
    ) -> None:
        self.settings = settings
        self.account = TwilioAccount(settings, client)
        self._limiter = outbound.RateLimiter(
            self.capabilities.sends_per_second, shared=lambda: self.state
        )
        self._clock = clock

    def verify(self, request: RawRequest) -> None:
        self.account.verify(request)

    async def _send_segments(self, to: str, sender: str, chunks: Iterable[str]) -> SendResult:
        """Each segment as its own SMS, in order, within the channel's rate."""
        sids = [await self.account.send_sms(to, sender, chunk, self._limiter) for chunk in chunks]
        return results(sids)

    async def fetch_media(self, source_id: str | None, source_url: str | None) -> bytes:
        if not source_url:
            raise SendError(f"{self.media_label} without URL", retryable=False)
        return await self.account.fetch(source_url, self.url_gate)

    async def aclose(self) -> None:
        await self.account.aclose()
