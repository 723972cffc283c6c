"""The wording table: loads, validates, and refuses what the engine cannot use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from config.settings import DATA_DIR
from dialogs.errors import WordingError
from dialogs.wording import REQUIRED_TEXTS, load_wording, parse_wording


def _table() -> dict[str, Any]:
    data = yaml.safe_load((DATA_DIR / "wording.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_bundled_table_has_every_sentence_in_both_styles() -> None:
    w = load_wording(DATA_DIR)
    assert set(w.texts) >= REQUIRED_TEXTS
    assert "12345" in w.say("welcome", "rich")
    assert len(w.say("welcome", "short")) < len(w.say("welcome", "rich"))
    # a text without a short variant falls back to the rich one
    assert w.say("menu_appeal", "short") == w.say("menu_appeal", "rich")
    assert w.say("handoff_queued", "rich", position=2).count("2") == 1


def test_missing_entry_is_named(tmp_path: Path) -> None:
    data = _table()
    del data["texts"]["receipt"]
    (tmp_path / "wording.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(WordingError, match="receipt"):
        load_wording(tmp_path)


def test_unquoted_yes_key_is_refused() -> None:
    doc = "texts: {}\nkeywords:\n  yes: [是]\n"
    with pytest.raises(WordingError, match="quoted"):
        parse_wording(yaml.safe_load(doc), "t.yml")


@pytest.mark.parametrize("bad", ["{0}", "{a.b}", "{oops"])
def test_bad_placeholder_is_refused(bad: str) -> None:
    data = _table()
    data["texts"]["welcome"] = bad
    with pytest.raises(WordingError, match="welcome"):
        parse_wording(data, "t.yml")


def test_missing_parameter_and_key_raise_clearly() -> None:
    w = load_wording(DATA_DIR)
    with pytest.raises(WordingError, match="receipt"):
        w.say("receipt", "rich", number="X")
    with pytest.raises(WordingError, match="nope"):
        w.say("nope")


def test_unreadable_or_invalid_file(tmp_path: Path) -> None:
    with pytest.raises(WordingError, match="cannot read"):
        load_wording(tmp_path)
    (tmp_path / "wording.yml").write_text("texts: [unclosed", "utf-8")
    with pytest.raises(WordingError, match="YAML"):
        load_wording(tmp_path)
