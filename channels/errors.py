"""The error tree of the channels package."""

from __future__ import annotations


class ChannelError(Exception):
    """Base of every channel error."""


class ChannelDisabled(ChannelError):
    """The channel's secrets are not set; it must answer 404."""


class VerificationError(ChannelError):
    """Signature, secret, app id or timestamp check failed: answer 403, store nothing."""


class PayloadError(ChannelError):
    """The body is malformed or unsupported: answer 4xx, store nothing."""

    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.status_code = status_code


class SendError(ChannelError):
    """Delivering an outbound message failed."""

    def __init__(self, message: str, *, retryable: bool, status_code: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status_code = status_code


class MediaRefused(SendError):
    """A media URL the gateway will not fetch: not under the provider's API base URL nor
    on its media hosts, refused by the outbound URL policy (an inside address such as
    ``169.254.169.254``, ``file:``), or redirected too often. Nothing was fetched and
    nothing is kept; the citizen is told the attachment was not received (trial5 F25)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False)
