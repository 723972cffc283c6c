"""Inspection rules as a table of (agent turns, findings), on the centre's own rules file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config.settings import DATA_DIR
from gateway.inspection.rules import (
    Conversation,
    InspectionConfigError,
    KbHit,
    OrderFacts,
    RuleSet,
    Turn,
    inspect,
    load_rules,
)

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
RULES = load_rules(DATA_DIR)
HELLO = "您好，菏泽12345热线，请讲。"
BYE = "好的，已为您登记，感谢您的来电，再见。"
CITIZEN = "我家小区门口的路灯坏了一个多星期"
KB_ANSWER = "离职后可以凭离职证明到公积金中心办理提取，也可以在手机上办理。"


def convo(
    *agent_lines: str,
    gap: float = 10.0,
    order: OrderFacts | None = None,
    kb: bool = False,
) -> Conversation:
    """Citizen turn 1 at T0, then the agent's lines ``gap`` seconds apart (ids 2, 3 ...)."""
    turns = [Turn(1, T0, "in", "请问离职了公积金怎么提取" if kb else CITIZEN)]
    for i, line in enumerate(agent_lines):
        turns.append(Turn(i + 2, T0 + timedelta(seconds=gap * (i + 1)), "agent", line, "li"))
    hits = [KbHit(1, "kb-1", KB_ANSWER, 0.6)] if kb else []
    return Conversation(turns, T0 - timedelta(seconds=1), order, hits)


PLACE_AND_CONTACT = OrderFacts("HZ1", has_place=True, has_contact=True, anonymous=False)
CASES = [
    ("clean", convo(HELLO, BYE), 100, []),
    ("no greeting", convo("说吧什么事", BYE), 90, [("greeting", (2,))]),
    ("no closing", convo(HELLO, "行了"), 90, [("closing", (3,))]),
    (
        "shifting responsibility is a red line",
        convo(HELLO, "这不归我们管，你去找别人吧", BYE),
        60,
        [("shifting_responsibility", (3,))],
    ),
    ("rudeness", convo(HELLO, "你烦不烦啊", BYE), 60, [("rudeness", (3,))]),
    (
        "spaced and full-width forms are the same words",
        convo(HELLO, "这 不 归 我 们 管！", "ｏｋ你去找别人", BYE),
        20,
        [("shifting_responsibility", (3,)), ("shifting_responsibility", (4,))],
    ),
    ("slow first answer", convo(HELLO, BYE, gap=90), 90, [("first_answer", (2,))]),
    ("order with place and contact", convo(HELLO, BYE, order=PLACE_AND_CONTACT), 100, []),
    (
        "order without place",
        convo(HELLO, BYE, order=OrderFacts("HZ2", False, True, False)),
        85,
        [("place_recorded", ())],
    ),
    (
        "order without contact",
        convo(HELLO, BYE, order=OrderFacts("HZ3", True, False, False)),
        90,
        [("contact_recorded", ())],
    ),
    (
        "anonymous order needs no contact",
        convo(HELLO, BYE, order=OrderFacts("HZ4", True, False, True)),
        100,
        [],
    ),
    (
        "knowledge base had the answer, the agent did not give it",
        convo(HELLO, "这个我不太清楚，感谢您的来电。", kb=True),
        90,
        [("kb_offered", (1,))],
    ),
    (
        "knowledge base answer given",
        convo(HELLO, "离职后可以凭离职证明到公积金中心办理提取。感谢您的来电，再见。", kb=True),
        100,
        [],
    ),
]


@pytest.mark.parametrize(("name", "conv", "score", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules_table(
    name: str, conv: Conversation, score: int, expected: list[tuple[str, tuple[int, ...]]]
) -> None:
    result = inspect(RULES, conv)
    assert [(f.rule, f.turn_ids) for f in result.findings] == expected
    assert result.score == score
    assert result.red_line == any(r in ("shifting_responsibility", "rudeness") for r, _ in expected)


def test_a_citizen_left_unanswered_has_no_score_and_says_so() -> None:
    conv = Conversation([Turn(1, T0, "in", CITIZEN)], T0)
    result = inspect(RULES, conv)
    assert (result.score, result.status, result.findings) == (None, "unanswered", ())
    assert result.agent_turns == 0


@pytest.mark.parametrize(
    "turns",
    [
        [],  # a call without any transcript
        [Turn(1, T0, "system", "工作人员已接入")],  # a chat with no agent turn
        [Turn(1, T0, "agent", "   ")],  # an empty agent turn is no agent turn
    ],
)
def test_nothing_said_is_nothing_to_inspect_not_a_perfect_score(turns: list[Turn]) -> None:
    result = inspect(RULES, Conversation(turns, T0))
    assert result.score is None
    assert result.status == "nothing_to_inspect"
    assert not result.red_line


def test_score_never_goes_below_zero() -> None:
    rude = ["你烦不烦", "神经病", "少废话", "这不归我们管"]
    assert inspect(RULES, convo(*rude)).score == 0


def test_bad_rules_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "inspection.yml").write_text(
        "rules:\n  - {id: a_b, kind: greeting, label: x, deduct: 5, phrases: [您好]}\n"
        "  - {id: a_b, kind: closing, label: y, deduct: 5, phrases: [再见]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InspectionConfigError, match="unique"):
        load_rules(tmp_path)
    (tmp_path / "inspection.yml").write_text(
        "rules:\n  - {id: a_b, kind: forbidden, label: x, deduct: 5}\n", encoding="utf-8"
    )
    with pytest.raises(InspectionConfigError, match="phrases"):
        load_rules(tmp_path)
    (tmp_path / "inspection.yml").write_text("rules: [{id: A, kind: nope}]", encoding="utf-8")
    with pytest.raises(InspectionConfigError):
        load_rules(tmp_path)


def test_the_centre_file_has_the_red_lines() -> None:
    assert isinstance(RULES, RuleSet)
    red = {r.id for r in RULES.rules if r.red_line}
    assert {"shifting_responsibility", "rudeness"} <= red


# trial4 F28: the console's automatic texts (sent in the agent's name) are not the agent's
# wording, and a handover (转交) is not the end of the service
JOINED = "您好，12345热线工作人员已接入，很高兴为您服务，请问有什么可以帮您？"
HANDOVER = "您好，您的会话已转由另一位工作人员继续为您服务，请稍候。"


def _with(*turns: tuple[str, str, str | None]) -> Conversation:
    """Citizen turn 1 at T0, then (direction, text, notice) ten seconds apart."""
    rows = [Turn(1, T0, "in", CITIZEN)]
    for i, (direction, text, notice) in enumerate(turns):
        at = T0 + timedelta(seconds=10 * (i + 1))
        rows.append(Turn(i + 2, at, direction, text, "li", notice))
    return Conversation(rows, T0 - timedelta(seconds=1))


def _rules_hit(conv: Conversation) -> list[tuple[str, tuple[int, ...]]]:
    return [(f.rule, f.turn_ids) for f in inspect(RULES, conv).findings]


def test_the_handover_notice_is_not_scored_as_the_closing_line() -> None:
    conv = _with(
        ("agent", HELLO, None),
        ("agent", "请问具体是哪个小区？", None),
        ("agent", HANDOVER, "handover"),
    )
    assert _rules_hit(conv) == []
    assert inspect(RULES, conv).agent_turns == 2


def test_after_a_handover_the_colleagues_last_words_are_the_closing_line() -> None:
    handed = (("agent", HELLO, None), ("agent", HANDOVER, "handover"))
    assert _rules_hit(_with(*handed, ("agent", "好的，已登记", None))) == [("closing", (4,))]
    assert _rules_hit(_with(*handed, ("agent", BYE, None))) == []


def test_the_automatic_greeting_is_not_the_agents_greeting() -> None:
    conv = _with(("agent", JOINED, "joined"), ("agent", "说吧什么事", None), ("agent", BYE, None))
    assert _rules_hit(conv) == [("greeting", (3,))]


def test_only_automatic_texts_leave_nothing_of_the_agent_to_score() -> None:
    conv = _with(("agent", JOINED, "joined"), ("agent", HANDOVER, "handover"))
    result = inspect(RULES, conv)
    assert (result.score, result.status) == (None, "unanswered")


def test_a_closing_without_a_handover_is_still_checked() -> None:
    assert _rules_hit(_with(("agent", HELLO, None), ("agent", "行了", None))) == [("closing", (3,))]
