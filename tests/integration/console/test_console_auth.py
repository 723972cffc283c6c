"""Password hashes and signed session cookies of the console."""

from __future__ import annotations

from gateway.console.auth import (
    hash_password,
    new_session_cookie,
    session_id_from_cookie,
    verify_password,
)


def test_password_hash_round_trip_and_salting() -> None:
    first, second = hash_password("s3cret-pass"), hash_password("s3cret-pass")
    assert first != second  # salted
    assert first.startswith("scrypt$")
    assert verify_password("s3cret-pass", first)
    assert not verify_password("s3cret-pasS", first)
    assert not verify_password("s3cret-pass", "plain$text")
    assert not verify_password("s3cret-pass", "scrypt$x$y$z$$")


def test_cookie_signature() -> None:
    sid, cookie = new_session_cookie(b"key-1")
    assert session_id_from_cookie(b"key-1", cookie) == sid
    assert session_id_from_cookie(b"key-2", cookie) is None  # another secret
    assert session_id_from_cookie(b"key-1", sid + ".forged") is None
    assert session_id_from_cookie(b"key-1", None) is None
    assert session_id_from_cookie(b"key-1", "no-dot") is None
