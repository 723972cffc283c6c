"""Write rasa/domain.yml listing every intent of the training data (stdlib + PyYAML)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(data_dir: str, out: str) -> None:
    """Collect ``- intent:`` names from the NLU files of ``data_dir``."""
    intents: list[str] = []
    for path in sorted(Path(data_dir).glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or ():
            name = block.get("intent")
            if name and name not in intents:
                intents.append(name)
    Path(out).write_text(
        yaml.safe_dump({"version": "3.1", "intents": intents}, allow_unicode=True),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
