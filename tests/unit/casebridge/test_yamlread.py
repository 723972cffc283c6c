"""The parse edge of casebridge's YAML files: a document of the wrong shape is a
configuration error that names the place, never an AttributeError deep inside."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casebridge.analytics.config import parse_config as parse_analytics
from casebridge.analytics.errors import ConfigurationError as AnalyticsConfigError
from casebridge.errors import ConfigurationError
from casebridge.open311.config import load_config, parse_config
from casebridge.supervision_policy import SupervisionRuleError, parse_policies
from casebridge.yamlread import integer, load, mapping, number, sequence

CENTRES: dict[str, object] = {"centres": {"default": {}}}
Reader = Callable[[object, str], object]


def test_the_readers_narrow_or_refuse() -> None:
    assert mapping(None, "x") == {}
    assert mapping({1: "a"}, "x") == {"1": "a"}
    assert sequence(("a", "b"), "x") == ["a", "b"]
    assert number("2.5", "x") == 2.5
    assert integer(3, "x") == 3
    with pytest.raises(ValueError, match="many"):
        number("many", "x")


@pytest.mark.parametrize(
    ("bad", "read"),
    [([1], mapping), ("ab", sequence), (True, number), ({"a": 1}, integer), (None, number)],
)
def test_a_value_of_the_wrong_kind_is_a_type_error(bad: object, read: Reader) -> None:
    with pytest.raises(TypeError, match="x must be"):
        read(bad, "x")


def test_a_file_that_is_not_a_mapping_is_a_configuration_error(tmp_path: Path) -> None:
    assert load(tmp_path / "absent.yml", ConfigurationError) is None
    (tmp_path / "list.yml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="mapping at the top level"):
        load(tmp_path / "list.yml", ConfigurationError)
    (tmp_path / "bad.yml").write_text("a: [\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="invalid YAML"):
        load(tmp_path / "bad.yml", ConfigurationError)


def test_open311_services_of_the_wrong_shape_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="services"):
        parse_config({"services": ["PW01"]})
    with pytest.raises(ConfigurationError, match=r"services\.PW01"):
        parse_config({"services": {"PW01": "realtime"}})
    with pytest.raises(ConfigurationError, match=r"PW01\.attributes"):
        parse_config({"services": {"PW01": {"attributes": "size"}}})
    with pytest.raises(ConfigurationError, match="realtime, batch or blackbox"):
        parse_config({"services": {"PW01": {"type": "daily"}}})
    ok = parse_config({"services": {"PW01": {"type": "batch"}, "PW02": None}})
    assert ok.service("PW01").type == "batch"
    assert ok.service("PW02").type == "realtime"
    (tmp_path / "open311.yaml").write_text("jurisdiction_id: x.gov.cn\n", encoding="utf-8")
    assert load_config(tmp_path).jurisdiction_id == "x.gov.cn"


def test_supervision_values_of_the_wrong_type_name_their_place() -> None:
    with pytest.raises(SupervisionRuleError, match=r"centres\.default\.repeated"):
        parse_policies({"centres": {"default": {"repeated": {"same_citizen_min": [3]}}}})
    with pytest.raises(SupervisionRuleError, match=r"escalation\[0\]"):
        parse_policies({"centres": {"default": {"escalation": ["urge"]}}})
    with pytest.raises(SupervisionRuleError, match=r"centres\.east"):
        parse_policies({"centres": {"default": {}, "east": ["x"]}})
    east = parse_policies({"centres": {"default": {"limits": {"sign_hours": "4"}}, "east": None}})
    assert east["east"].sign_within.total_seconds() == 4 * 3600


def test_analytics_sections_of_the_wrong_type_are_configuration_errors() -> None:
    with pytest.raises(AnalyticsConfigError, match="must be mappings"):
        parse_analytics({**CENTRES, "early_warning": ["spike"]})
    with pytest.raises(AnalyticsConfigError, match="early_warning"):
        parse_analytics({**CENTRES, "early_warning": {"history": "many"}})
    rules = parse_analytics({**CENTRES, "early_warning": {"keywords": ["燃气"], "history": "8"}})
    assert rules.warnings.keywords == ("燃气",)
    assert rules.warnings.history == 8
