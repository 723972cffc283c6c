"""The Rasa backend against /model/parse bodies recorded from a real Rasa 3.6 server
(``rasa/record.py``), replayed through httpx.MockTransport (no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from nlu.engine import EmbeddedEngine
from nlu.errors import RasaError
from nlu.rasa import RasaEngine, map_rasa_response
from nlu.types import TriageOutcome

BODIES: dict[str, Any] = json.loads(
    (Path(__file__).parent / "fixtures" / "rasa_parse.json").read_text(encoding="utf-8")
)["responses"]


def _engine(fallback: EmbeddedEngine, handler: Any) -> RasaEngine:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return RasaEngine("http://rasa.test:5005/", fallback=fallback, client=client)


def _recorded(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/model/parse"
    text = json.loads(request.content)["text"]
    return httpx.Response(200, json=BODIES.get(text, BODIES["nlu_fallback"]))


def test_category_intents_map_to_appeal_with_category(engine: EmbeddedEngine) -> None:
    result = _engine(engine, _recorded).parse("小区停水两天了")
    assert result.intent.name == "appeal"
    assert result.category is not None
    assert (result.category.level1, result.category.level2) == ("城乡建设", "城市建设和市政管理")
    assert result.category.unit_type == "utility:water"
    expected = BODIES["小区停水两天了"]["intent"]["confidence"]
    assert result.category.confidence == pytest.approx(expected, abs=1e-4)


def test_dialogue_intents_and_unknown_names(engine: EmbeddedEngine) -> None:
    rasa = _engine(engine, _recorded)
    assert rasa.parse("你好").intent.name == "greet"
    assert rasa.parse("公积金怎么提取").intent.name == "ask_info"
    assert rasa.parse("asdf").intent.name == "out_of_scope"  # nlu_fallback


def test_local_triage_survives_a_wrong_rasa_intent(engine: EmbeddedEngine) -> None:
    result = _engine(engine, _recorded).parse("家里着火了")
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.EMERGENCY


@pytest.mark.parametrize(
    "handler",
    [
        lambda r: httpx.Response(500, text="boom"),
        lambda r: httpx.Response(200, text="not json"),
        lambda r: httpx.Response(200, json=[1, 2]),
        lambda r: httpx.Response(200, json={"intent": None}),
    ],
)
def test_rasa_failures_fall_back_to_embedded(engine: EmbeddedEngine, handler: Any) -> None:
    result = _engine(engine, handler).parse("小区停水两天了")
    assert result == engine.parse("小区停水两天了")


def test_unreachable_rasa_falls_back(engine: EmbeddedEngine) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    assert _engine(engine, refuse).parse("你好").intent.name == "greet"


def test_map_rejects_malformed_bodies() -> None:
    with pytest.raises(RasaError):
        map_rasa_response({"nothing": 1})
