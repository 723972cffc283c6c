"""trial12 P20: ``POST /api/progress`` with 「无」 as the last four digits (an anonymous
order; the chat accepts 「无」) answered an English pydantic 422. It is a 422 in Chinese
that says how an anonymous citizen asks, and it is never counted toward the lockout."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app

NUMBER = "HZ20261203-000001"


def test_no_phone_is_a_chinese_422_saying_how_to_ask(tmp_path: Path) -> None:
    app = create_app(Settings(var_dir=tmp_path, database_url="", rate_limit_per_minute=10_000))
    with TestClient(app) as client:
        for said in ["无", "匿名", "没有", " 无 "] * 3:  # more than the lockout's ten misses
            r = client.post("/api/progress", json={"number": NUMBER, "phone_last4": said})
            assert r.status_code == 422, r.text
            detail = r.json()["detail"]
            assert all(w in detail for w in ("匿名", "12345", "查询")), detail
            assert "String should" not in r.text
        for said in ["12", "123456", "77２2x"]:  # digits, not four of them
            r = client.post("/api/progress", json={"number": NUMBER, "phone_last4": said})
            assert r.status_code == 422, r.text
            assert "后四位数字" in r.json()["detail"], r.text
        # never counted: real attempts afterwards are plain misses (full width folded), not 429
        for said in ("7722", "７７２２"):
            r = client.post("/api/progress", json={"number": NUMBER, "phone_last4": said})
            assert r.status_code == 404, r.text
