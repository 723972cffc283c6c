"""Bad input (issue 11): nothing in parse raises and every odd input has a defined result."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlu.address import parse_address
from nlu.coordinates import locate
from nlu.engine import EmbeddedEngine
from nlu.types import ACTS


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_parse_never_raises(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert 0.0 <= result.intent.confidence <= 1.0
    assert result.act in ACTS
    assert len(result.text) <= 4000


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_address_parser_never_raises(text: str) -> None:
    found = parse_address(text)
    if found.detail:
        assert found.detail in found.text()


@settings(max_examples=200, deadline=None)
@given(
    st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True)
)
def test_locate_never_raises(lat: float, lon: float) -> None:
    found = locate(lat, lon)
    assert found is None or found.county


def test_twenty_thousand_characters(engine: EmbeddedEngine) -> None:
    text = "小区门口的路灯坏了一个多月，晚上很黑。" * 1100  # about 20,000 characters
    assert engine.is_heavy(text)  # the gateway parses it off the event loop
    result = engine.parse(text)
    assert result.category is not None
    assert result.category.level1 == "城乡建设"
    assert len(result.text) == 4000
    assert not engine.is_heavy(text)  # now cached
    assert not engine.is_heavy("暖气不热")


def test_bracket_emoticons_only(engine: EmbeddedEngine) -> None:
    result = engine.parse("[发怒][发怒]")
    assert (result.text, result.intent.name, result.act) == ("", "out_of_scope", "other")
    assert result.category is None
    assert result.emergency is None
    assert not result.has_matter


def test_emoticons_around_a_matter_are_dropped(engine: EmbeddedEngine) -> None:
    result = engine.parse("[发怒]暖气不热[发怒]")
    assert result.text == "暖气不热"
    assert result.category is not None
    assert result.category.unit_type == "utility:heat"


def test_traditional_and_full_width(engine: EmbeddedEngine) -> None:
    trad = engine.parse("我們社區暖氣不熱，電話１３８１２３４５６７８")
    assert trad.category is not None
    assert trad.category.unit_type == "utility:heat"
    assert trad.first("phone") is not None
    assert trad.first("phone").value == "13812345678"  # type: ignore[union-attr]
    fire = engine.parse("我家著火了！！")
    assert fire.triage is not None
    assert fire.triage.service == "119"


def test_identical_texts_come_from_the_cache(engine: EmbeddedEngine) -> None:
    first = engine.parse("确认")
    assert engine.parse("确认") is first


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "😡",
                "👍",
                "[发怒]",
                "[微笑]",
                "１２３",
                "著火",
                "暖氣",
                "\u3000",
                "\n",
                "救命",
                "。",
                "a",
            ]
        )
        | st.text(max_size=5),
        max_size=40,
    ).map("".join)
)
def test_the_parse_itself_raises_nothing(engine: EmbeddedEngine, text: str) -> None:
    """``parse`` logs and swallows an internal error; its work must have none to swallow."""
    result = engine._parse(text)
    assert result.act in ACTS
    assert result.emergency is None or result.emergency.level in {"emergency", "borderline"}


def test_emoji_only(engine: EmbeddedEngine) -> None:
    result = engine.parse("😡😡😡👍")
    assert (result.intent.name, result.act) == ("out_of_scope", "other")
    assert result.category is None
    assert result.emergency is None
    assert not result.has_matter


def test_full_width_digits_in_a_matter(engine: EmbeddedEngine) -> None:
    result = engine.parse("我家停水了，电话：１５９８７６５４３２１，地址：牡丹区中华路１２号")
    assert result.first("phone") is not None
    assert result.first("phone").value == "15987654321"  # type: ignore[union-attr]
    assert result.category is not None
    assert result.category.unit_type == "utility:water"
