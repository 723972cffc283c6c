"""Fixtures of the nlu room: one engine trained from config/nlu, saved in the model
directory every test shares (tests/conftest.py: var/test-nlu-model) and trained again only
when the training data or the model version changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nlu.engine import EmbeddedEngine, load_engine
from nlu.knowledge import KnowledgeBase
from nlu.resources import KNOWLEDGE_DIR


@pytest.fixture(scope="session")
def model_dir() -> Path:
    return Path(os.environ["HOTLINE_NLU_MODEL_DIR"])


@pytest.fixture(scope="session")
def engine(model_dir: Path) -> EmbeddedEngine:
    eng = load_engine(model_dir)
    assert isinstance(eng, EmbeddedEngine)
    return eng


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(KNOWLEDGE_DIR)
