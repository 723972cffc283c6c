"""Fixtures of the nlu room: one engine trained from config/nlu per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.engine import EmbeddedEngine, load_engine
from nlu.knowledge import KnowledgeBase
from nlu.resources import KNOWLEDGE_DIR


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("nlu-model")


@pytest.fixture(scope="session")
def engine(model_dir: Path) -> EmbeddedEngine:
    eng = load_engine(model_dir)
    assert isinstance(eng, EmbeddedEngine)
    return eng


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(KNOWLEDGE_DIR)
