"""The Rasa backend (``HOTLINE_NLU_BACKEND=rasa``): a Rasa 3.6 server's ``/model/parse``
classifies intents and categories (trained on the same YAML); triage, entities and
territory stay with the local rules so that emergencies never depend on a remote call.
When Rasa is unreachable or answers nonsense, the embedded engine's result stands.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

import httpx
from pydantic import JsonValue

from nlu.data import APPEAL_PREFIX, DIALOGUE_INTENTS
from nlu.engine import EmbeddedEngine
from nlu.errors import RasaError
from nlu.normalize import normalize
from nlu.types import Category, Intent, NluResult

log = logging.getLogger(__name__)


def map_rasa_response(data: Mapping[str, object]) -> tuple[Intent, Category | None]:
    """Our intent (and category for ``appeal__L1__L2``) from a ``/model/parse`` body."""
    raw = data.get("intent")
    if not isinstance(raw, Mapping) or "name" not in raw:
        raise RasaError("unexpected Rasa response: no intent name")
    name, score = str(raw["name"]), raw.get("confidence", 0.0)
    if isinstance(score, bool) or not isinstance(score, int | float | str):
        raise RasaError(f"unexpected Rasa response: confidence {score!r}")
    try:
        conf = float(score)
    except ValueError as exc:
        raise RasaError(f"unexpected Rasa response: {exc}") from exc
    if name.startswith(APPEAL_PREFIX):
        parts = name[len(APPEAL_PREFIX) :].split("__")
        category = Category(
            level1=parts[0], level2=parts[1] if len(parts) > 1 else None, confidence=round(conf, 4)
        )
        return Intent("appeal", round(conf, 4)), category
    if name not in DIALOGUE_INTENTS:
        return Intent("out_of_scope", round(conf, 4)), None
    return Intent(name, round(conf, 4)), None


class RasaEngine:
    """Rasa classifies; the embedded engine triages, extracts and is the fallback."""

    def __init__(
        self,
        url: str,
        fallback: EmbeddedEngine,
        timeout: float = 2.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.url = url.rstrip("/") + "/model/parse"
        self.fallback = fallback
        self._client = client or httpx.Client(timeout=timeout)

    def call(self, text: str) -> dict[str, JsonValue]:
        """POST the text to Rasa; RasaError on any transport or protocol failure."""
        try:
            resp = self._client.post(self.url, json={"text": text})
            resp.raise_for_status()
            body = resp.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaError(f"Rasa at {self.url}: {exc}") from exc
        if not isinstance(body, dict):
            raise RasaError("Rasa answered a non-object")
        return body

    def parse(self, text: str) -> NluResult:
        """Never raises: Rasa failures fall back to the embedded classification."""
        local = self.fallback.parse(text)
        if not local.text or local.intent.confidence == 0.0:
            return local
        try:
            intent, category = map_rasa_response(self.call(normalize(text)))
        except RasaError as exc:
            log.warning("rasa unavailable, embedded result used: %s", exc)
            return local
        if category is not None:
            override = self.fallback.routing.override(local.text)
            if override is not None:  # a utility keyword wins over any classifier
                category = replace(
                    category,
                    level1=override.level1,
                    level2=override.level2,
                    level3=override.level3,
                    source="keyword",
                )
            unit = self.fallback.routing.unit_type(
                category.level1, category.level2, category.level3
            )
            category = replace(category, unit_type=unit)
        elif intent.name in ("ask_info", "complain_staff"):
            category = local.category
        return replace(
            local, intent=intent, category=category, candidates=(category,) if category else ()
        )
