"""Where the NLU data files live (``config/nlu``, ``config/knowledge``)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = REPO_ROOT / "config" / "nlu"
KNOWLEDGE_DIR = REPO_ROOT / "config" / "knowledge"


def shared_dir() -> Path:
    """``../shared`` relative to the repository root, or ``HOTLINE_SHARED_DIR``."""
    env = os.environ.get("HOTLINE_SHARED_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def taxonomy_path() -> Path:
    """The category taxonomy CSV (level1, level2, level3)."""
    return shared_dir() / "data" / "category-taxonomy.csv"


#: The dispatch catalogue (read as data for unit types; owned by casebridge's config).
CATALOGUE_PATH = REPO_ROOT / "config" / "data" / "catalogue.yaml"

#: The handling units (read as data: which unit type a knowledge source unit is).
UNITS_PATH = REPO_ROOT / "config" / "data" / "units.yaml"
