"""Console sign-in: scrypt password hashes and HMAC-signed session cookies.

A cookie carries ``sid.signature``; the session itself (who, role) lives in the store
with a sliding expiry, so signing out or an idle timeout ends it on every process.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024
COOKIE_NAME = "hotline_agent"


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64); blocking, ~50 ms: call it in a thread."""
    if not password:
        raise ValueError("empty password")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded`` (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest + "==")
        got = hashlib.scrypt(
            password.encode(),
            salt=base64.urlsafe_b64decode(salt + "=="),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _sig(secret: bytes, sid: str) -> str:
    return _b64(hmac.new(secret, f"console-session:{sid}".encode(), hashlib.sha256).digest())


def new_session_cookie(secret: bytes) -> tuple[str, str]:
    """A fresh session id and the signed cookie value carrying it."""
    sid = secrets.token_urlsafe(24)
    return sid, f"{sid}.{_sig(secret, sid)}"


def session_id_from_cookie(secret: bytes, cookie: str | None) -> str | None:
    """The session id when the cookie's signature is ours, else ``None``."""
    if not cookie or "." not in cookie:
        return None
    sid, sig = cookie.rsplit(".", 1)
    if not sid or not hmac.compare_digest(sig, _sig(secret, sid)):
        return None
    return sid
