"""``POST /api/progress``: a full-width order number reads as its ASCII form, and a number
that cannot be an order number (any written form) is a 422 that is not counted toward
the lockout (trial7 F12)."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app

MALFORMED = ["HZ1", "ＨＺ２０２６", "abc", "HZ20261202-00000２x", "12345678901234"]


def test_malformed_numbers_are_422_and_never_lock_the_number_out(tmp_path: Path) -> None:
    app = create_app(Settings(var_dir=tmp_path, database_url="", rate_limit_per_minute=10_000))
    with TestClient(app) as client:
        for _ in range(8):
            for number in MALFORMED:
                r = client.post("/api/progress", json={"number": number, "phone_last4": "7788"})
                assert r.status_code == 422, (number, r.text)
        # well-formed (full width, the trial's input; and a second wording, lower case):
        # a plain miss, not the lockout
        for number in ("ＨＺ２０２６１２０２－０００００２", "hz20261202-000003"):
            r = client.post("/api/progress", json={"number": number, "phone_last4": "7788"})
            assert r.status_code == 404, (number, r.text)
