"""Record /model/parse bodies from a running Rasa server into the unit-test fixture.

Run (with ``rasa/setup.sh serve`` running):
    .venv/bin/python rasa/record.py http://127.0.0.1:5005
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx

TEXTS = ["小区停水两天了", "你好", "公积金怎么提取", "家里着火了"]
FIXTURE = Path(__file__).resolve().parents[1] / "tests/unit/nlu/fixtures/rasa_parse.json"


def main(url: str) -> None:
    """Parse each text and overwrite the fixture with the real answers."""
    responses = {}
    with httpx.Client(timeout=10) as client:
        for text in TEXTS:
            resp = client.post(url.rstrip("/") + "/model/parse", json={"text": text})
            resp.raise_for_status()
            responses[text] = resp.json()
        resp = client.post(url.rstrip("/") + "/model/parse", json={"text": "asdf"})
        responses["nlu_fallback"] = resp.json()
    FIXTURE.write_text(
        json.dumps(
            {"_comment": f"recorded from {url}", "responses": responses},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5005")
