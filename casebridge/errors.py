"""The case store's error tree; routers map each class to one HTTP status."""

from __future__ import annotations

from casebridge.intake import CaseError

__all__ = [
    "CaseError",
    "ConfigurationError",
    "Forbidden",
    "IdempotencyConflict",
    "IllegalTransition",
    "InvalidInput",
    "NotFound",
    "TooManyRequests",
    "Unauthorized",
    "VersionConflict",
]


class NotFound(CaseError):
    """An order, unit, category or endpoint that does not exist (HTTP 404)."""


class Forbidden(CaseError):
    """The actor may not do this to this order, whatever its state (HTTP 403)."""


class IllegalTransition(CaseError):
    """The order's state does not allow the action (HTTP 409); nothing was changed."""

    def __init__(self, message: str, *, action: str = "", state: str = "") -> None:
        super().__init__(message)
        self.action = action
        self.state = state


class VersionConflict(CaseError):
    """The order changed since the caller read it (HTTP 409); re-read and retry."""


class IdempotencyConflict(CaseError):
    """An idempotency key already used for a different request (HTTP 409): the first
    request stands, the second is refused rather than silently answered with the first."""


class InvalidInput(CaseError):
    """Malformed or missing input, e.g. a return without materials (HTTP 422)."""


class ConfigurationError(CaseError):
    """The units or catalogue files under config/data are inconsistent."""


class Unauthorized(CaseError):
    """No credentials, or credentials that name no active unit or centre key (HTTP 401)."""


class TooManyRequests(CaseError):
    """Too many failed look-ups from one client or for one order (HTTP 429)."""
