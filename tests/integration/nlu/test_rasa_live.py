"""Optional: the Rasa backend against a live server (``rasa/setup.sh serve``).

Set HOTLINE_TEST_RASA_URL (e.g. http://127.0.0.1:5005) to run; skipped otherwise, since
Rasa is an optional backend that needs its own Python 3.10 environment.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nlu.engine import EmbeddedEngine
from nlu.rasa import RasaEngine

URL = os.environ.get("HOTLINE_TEST_RASA_URL")
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not URL, reason="HOTLINE_TEST_RASA_URL not set"),
]


def test_live_rasa_parses_and_maps(tmp_path: Path) -> None:
    assert URL is not None
    rasa = RasaEngine(URL, fallback=EmbeddedEngine.train())
    body = rasa.call("小区停水两天了")
    assert "intent" in body
    result = rasa.parse("小区停水两天了")
    assert result.intent.name in ("appeal", "ask_info")
    assert result.category is not None
