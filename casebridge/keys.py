"""API keys of units and centre operators.

Demo keys are derived from ``HOTLINE_SECRET_KEY`` and the unit code, so a ``make run``
user can print them with ``hotline units keys``; only their SHA-256 is stored. A rotated
key is random and shown once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets


def _derive(secret_key: str, label: str) -> str:
    mac = hmac.new(secret_key.encode(), label.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")[:32]


def demo_unit_key(secret_key: str, unit_code: str) -> str:
    """The deterministic demo key of a unit: ``hk_`` + 32 characters."""
    return "hk_" + _derive(secret_key, f"unit:{unit_code}")


def demo_centre_key(secret_key: str, operator: str = "centre") -> str:
    """The deterministic key of a centre operator: ``hc_`` + 32 characters."""
    return "hc_" + _derive(secret_key, f"centre:{operator}")


def random_unit_key() -> str:
    """A fresh random unit key (rotation)."""
    return "hk_" + secrets.token_urlsafe(24)


def hash_key(key: str) -> str:
    """What is stored for a key: its SHA-256 hex digest (keys are high-entropy)."""
    return hashlib.sha256(key.encode()).hexdigest()


def centre_key_ok(
    secret_key: str, key: str, operators: tuple[str, ...] = ("centre",)
) -> str | None:
    """The operator whose key ``key`` is, None if it is nobody's (constant-time compare)."""
    found = None
    for op in operators:
        if hmac.compare_digest(demo_centre_key(secret_key, op).encode(), key.encode()):
            found = op
    return found


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
