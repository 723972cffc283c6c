"""The taxonomy words' prior of the first-level family (nlu/taxonomy_prior.py,
config/nlu/taxonomy_words.yml).

The words come from the taxonomy's second- and third-level names; a word listed by two
families splits its vote; the prior mixes into the family score with the engine's
``PRIOR_WEIGHT`` (shipped 0: measured on the dev file's looked-at rows, every weight tried
lowered them, bench/nlu.md), so with the weight at 0 the scores are the model's alone.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import yaml

import nlu.engine as engine_module
from nlu.engine import EmbeddedEngine
from nlu.errors import TrainingDataError
from nlu.resources import CATALOGUE_PATH, CONFIG_DIR, shared_dir
from nlu.taxonomy_prior import PRIOR_CHARS, TaxonomyPrior

PRIOR = TaxonomyPrior.load(CONFIG_DIR)


def test_every_family_of_the_word_file_is_a_catalogue_family() -> None:
    doc = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    catalogue = {str(c["level1"]) for c in doc["categories"]}
    words = yaml.safe_load((CONFIG_DIR / "taxonomy_words.yml").read_text(encoding="utf-8"))
    assert set(words["families"]) <= catalogue
    assert len(words["families"]) >= 14


def test_every_word_is_in_a_name_of_its_family() -> None:
    path = Path(shared_dir()) / "data" / "category-taxonomy.csv"
    if not path.exists():
        pytest.skip("the shared taxonomy is not here")
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.setdefault(row["level1"], []).extend((row["level2"], row["level3"]))
    for word, families in PRIOR.families.items():
        for family in families:
            assert any(word in n for n in names[family]), (word, family)


def test_words_that_name_no_matter_are_left_out() -> None:
    for word in ("其他", "管理", "政策", "服务", "问题"):
        assert word not in PRIOR.families


def test_a_word_votes_for_its_family() -> None:
    votes = PRIOR.votes("小区的冬季采暖不达标")
    assert max(votes, key=lambda f: votes[f]) == "城乡建设"
    votes = PRIOR.votes("医患纠纷没人调解")
    assert max(votes, key=lambda f: votes[f]) == "卫生计生"


def test_a_word_of_two_families_splits_its_vote() -> None:
    assert set(PRIOR.families["住房公积金"]) == {"城乡建设", "劳动和社会保障"}
    votes = PRIOR.votes("住房公积金")
    assert votes["城乡建设"] == pytest.approx(votes["劳动和社会保障"])


def test_no_word_no_prior_and_only_the_start_is_read() -> None:
    names = ("城乡建设", "卫生计生", "教育文体")
    assert PRIOR.vector("你好 在吗", names) is None
    assert PRIOR.vector("嗯" * PRIOR_CHARS + "冬季采暖", names) is None
    vec = PRIOR.vector("冬季采暖 医患纠纷", names)
    assert vec is not None
    assert vec.sum() == pytest.approx(1.0)
    assert vec[0] > 0
    assert vec[1] > 0


def test_a_bad_word_file_is_a_training_data_error(tmp_path: Path) -> None:
    (tmp_path / "taxonomy_words.yml").write_text("families: {城乡建设: [1, 2]}", encoding="utf-8")
    with pytest.raises(TrainingDataError):
        TaxonomyPrior.load(tmp_path)
    assert TaxonomyPrior.load(tmp_path / "none").vector("冬季采暖", ("城乡建设",)) is None


def test_the_prior_moves_the_family_score_by_its_weight(
    engine: EmbeddedEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "医患纠纷 没人调解"  # no keyword override
    assert engine.routing.override(text) is None
    monkeypatch.setattr(engine_module, "PRIOR_WEIGHT", 0.0)
    base = engine.level1_scores(text)
    monkeypatch.setattr(engine_module, "PRIOR_WEIGHT", 1.0)
    only_prior = engine.level1_scores(text)
    prior = PRIOR.vector(text, engine._families.names)
    assert prior is not None
    assert np.allclose([only_prior[n] for n in engine._families.names], prior)
    monkeypatch.setattr(engine_module, "PRIOR_WEIGHT", 0.5)
    half = engine.level1_scores(text)
    for n in engine._families.names:
        assert half[n] == pytest.approx(0.5 * base[n] + 0.5 * only_prior[n], abs=1e-6)


def test_the_shipped_weight_leaves_the_models_scores(engine: EmbeddedEngine) -> None:
    assert engine_module.PRIOR_WEIGHT == 0.0
    assert engine.prior.families  # loaded, so a centre can turn it on
