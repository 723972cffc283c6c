"""The character prefilter of the rule patterns (nlu.regate): what it requires, and that
every gated pattern of the NLU and the dialogues answers exactly as the plain pattern."""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from nlu.regate import Gated, gated, required_chars

CONFIG = Path(__file__).resolve().parents[3] / "config" / "nlu"
MODULES = (
    "nlu.questions",
    "nlu.entities",
    "nlu.acts",
    "nlu.triage",
    "nlu.triage_legal",
    "nlu.pii",
    "nlu.pii_numbers",
    "nlu.pii_names",
    "dialogs.facts",
    "dialogs.whose",
    "dialogs.reading",
    "dialogs.asides",
    "dialogs.services",
    "dialogs.assent",
    "dialogs.offices",
    "dialogs.earlier",
    "dialogs.openers",
    "dialogs.spoken",
    "gateway.pipeline.identity",
)


def _chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    return required_chars(re.compile(pattern, flags))


def test_a_match_must_hold_one_character_of_each_alternative() -> None:
    assert _chars(r"着火|失火|(?:屋|家)(?:冒|起)") == frozenset("着失屋家")
    # the smallest required part of a sequence: one character rather than a class
    assert _chars(r"着火|失火|(?:屋|家)里冒烟") == frozenset("着失里")
    assert _chars(r"[屋家楼房]里?冒") == frozenset("冒")


def test_optional_and_zero_width_parts_require_nothing() -> None:
    assert _chars(r"(?<!打不)着火") == frozenset("着")  # the lookbehind is not in the match
    assert _chars(r"(?:已经)?坏了") == frozenset("坏")
    assert _chars(r"[0-9]{0,3}号") == frozenset("号")
    assert _chars(r"(?:已经)?") is None  # may match the empty string
    assert _chars(r".{1,3}") is None
    assert _chars(r"[^\s不没]{1,8}") is None
    assert _chars(r"(?P<a>[能可])不(?P=a)") == frozenset("不")


def test_case_folding_patterns_with_letters_are_not_gated() -> None:
    # under IGNORECASE "k" also matches the Kelvin sign: no character set is safe
    assert _chars(r"sb|傻", re.IGNORECASE) is None
    assert _chars(r"着火|傻", re.IGNORECASE) == frozenset("着傻")


def test_wide_classes_give_no_requirement() -> None:
    assert _chars(r"[\u4e00-\u9fff]+") is None
    assert _chars(r"\d+") is None


def test_a_pattern_with_its_own_prefix_scan_is_left_as_compiled() -> None:
    assert isinstance(gated(r"(?:屋|家)里冒烟|起火"), Gated)
    plain = gated(r"路灯|暖气")  # re itself skips to 路 or 暖
    assert isinstance(plain, re.Pattern)


def test_every_method_answers_as_the_plain_pattern() -> None:
    source = r"(?<!不)(?:着|失)(火)|(?:冒)(烟)"
    g = gated(source)
    p = re.compile(source)
    assert isinstance(g, Gated)
    texts = ["", "楼下着火了", "不着火", "没事", "冒烟了，失火了", "失火", "着火着火"]
    for t in texts:
        for pos, end in ((0, len(t)), (1, len(t)), (0, 2), (2, 1)):
            assert _span(g.search(t, pos, end)) == _span(p.search(t, pos, end))
            assert _span(g.match(t, pos, end)) == _span(p.match(t, pos, end))
            assert _span(g.fullmatch(t, pos, end)) == _span(p.fullmatch(t, pos, end))
            assert [m.span() for m in g.finditer(t, pos, end)] == [
                m.span() for m in p.finditer(t, pos, end)
            ]
            assert g.findall(t, pos, end) == p.findall(t, pos, end)
        assert g.sub("*", t) == p.sub("*", t)
        assert g.sub(lambda m: m.group(0) * 2, t, 1) == p.sub(lambda m: m.group(0) * 2, t, 1)
        assert g.subn("", t) == p.subn("", t)
        assert g.split(t) == p.split(t)


def _span(m: re.Match[str] | None) -> tuple[tuple[int, int], tuple[str | None, ...]] | None:
    return None if m is None else (m.span(), m.groups())


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _corpus() -> list[str]:
    """The project's own wordings (training examples, rule words, gazetteer), whole and
    cut into windows, plus joined pairs so that words meet across boundaries."""
    texts: set[str] = set()
    for path in sorted(CONFIG.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for s in _strings(doc):
            texts.update(line.strip("- ").strip() for line in s.splitlines())
    texts.discard("")
    ordered = sorted(texts)
    rng = random.Random(16)
    sample = rng.sample(ordered, min(2500, len(ordered)))
    pairs = [a + "，" + b for a, b in zip(sample[::2], sample[1::2], strict=False)]
    windows = [t[i : i + 12] for t in sample[:300] for i in range(0, max(1, len(t) - 6), 5)]
    return sample + pairs + windows


def _gated_patterns() -> list[tuple[str, Gated]]:
    found: list[tuple[str, Gated]] = []
    for name in MODULES:
        module = importlib.import_module(name)
        for key, value in vars(module).items():
            if isinstance(value, Gated):
                found.append((f"{name}.{key}", value))
    triage = importlib.import_module("nlu.triage")
    for i, rule in enumerate((*triage.EMERGENCY_RULES, *triage.OTHER_RULES)):
        if isinstance(rule.pattern, Gated):
            found.append((f"rule {i}", rule.pattern))
    for key, value in triage._lexicon().classes.items():
        if isinstance(value, Gated):
            found.append((f"concept {key}", value))
    return found


def test_the_rules_are_gated() -> None:
    names = {name for name, _ in _gated_patterns()}
    assert len(names) >= 60
    assert "nlu.questions._COMPETENCE" in names
    assert "concept confine" in names


@pytest.mark.parametrize("module", MODULES)
def test_gated_patterns_find_what_the_plain_patterns_find(module: str) -> None:
    texts = _corpus()
    checked = 0
    for name, g in _gated_patterns():
        if not name.startswith(module + ".") and not (
            module == "nlu.triage" and name.startswith(("rule ", "concept "))
        ):
            continue
        plain = re.compile(g.pattern, g.flags)
        for t in texts:
            assert _span(g.search(t)) == _span(plain.search(t)), (name, t)
            assert [m.span() for m in g.finditer(t)] == [m.span() for m in plain.finditer(t)]
        checked += 1
    if module in ("nlu.questions", "nlu.entities", "nlu.triage", "dialogs.facts"):
        assert checked > 0
