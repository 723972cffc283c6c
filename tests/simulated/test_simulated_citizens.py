"""The simulated-citizen suite (issue 12): conversations judged on what the case store holds.

One generic citizen (``citizen.py``) answers by meaning whatever the bot asks; the
scenarios (``scenarios/*.yml``) give only what it opens with and what it knows. The
figures are reported in bench/README.md (``bench/sim_citizens.py``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from config.settings import DATA_DIR
from dialogs.wording import Style, load_wording
from tests.simulated.citizen import Citizen, Facts, asked
from tests.simulated.harness import World, load_scenarios, summarize

# The aim is 0.95. The floors are what this suite reached on 2026-12-01 (dialog + heldout
# 104/110, heldout 52/55), rounded down: every failure left there is the NLU's finding
# (bench/README.md lists each).
# 2026-12-02, branch dialog10: dialog+heldout 111/112, heldout 54/55, fresh 80/80.
FLOOR = 0.99
HELDOUT_FLOOR = 0.98
# fresh.yml was written by a helper who never saw the engine (issue 12); its rate is
# reported separately. It reached 53/80 (66.2 %) when written (2026-11-30), 55/80 on the
# dialogue branch before any change prompted by it, 63/80 (78.8 %) after the general
# fixes its failures prompted, 70/80 (87.5 %) after the second round (2026-12-01,
# bench/README.md); the floor guards that.
# 2026-12-02, branch dialog10: 80/80.
FRESH_FLOOR = 1.0
# fresh2.yml was written by a second helper who never saw the engine nor the other sets
# (2026-12-01), run on its own (``test_fresh2_citizens_...``). It reached 54/93 (58.1 %)
# when written, 2026-12-01, on main 16cebfd (the first 82, written before any run: 46/82,
# 56.1 %), 59/93 on main 47869dd. Since then it is a development set (the dialog12 branch
# fixed the dialogue kinds its failures showed: 69/93, 74.2 %), no longer a held-out
# score; 79/93 on main a38ac15, 80/93 (86.0 %) after the dialog5 branch (2026-12-01). The
# floor guards that development rate, rounded down.
# 2026-12-02, branch dialog10: 81/93 on main 331ca32, 84/93 (90.3 %) after "since when?"
# asked of a quick intake (g004, g005, g009).
# 2026-12-02, main after the day's second round (main 7c865c8): 86/93 (92.5 %).
FRESH2_FLOOR = 0.92
# fresh3.yml was written by a third helper who never saw the engine nor the other sets
# (2026-12-01), run on its own (``test_fresh3_citizens_...``), never tuned on. It reached
# 90/115 (78.3 %, median 4 citizen turns to an order) when written, 2026-12-01, on main
# 47869dd, in its first and only held-out run. Since the dialog5 branch (2026-12-01) it is
# a development set (a new held-out set replaces it): 97/115 on main a38ac15 before, 104/115
# (90.4 %) after the dialogue kinds its failures showed were fixed; the floor guards that
# development rate, rounded down (the 11 left are the NLU's: false alarms, 第十三条(二)(四)(五)).
# 2026-12-02, branch dialog10: 111/115 (96.5 %), as on main 331ca32.
# 2026-12-02, main after the day's second round (main 7c865c8): 113/115 (98.3 %).
FRESH3_FLOOR = 0.98
# fresh4.yml was written by a fourth helper who never saw the engine nor the other sets
# (2026-12-01), in full before any run, never tuned on (``test_fresh4_citizens_...``).
# It reached 98/123 (79.7 %, median 5 citizen turns to an order) in its first and only
# run, 2026-12-01, on main a38ac15; 105/123 on main 8b8fc26. Since the dialog8 branch
# (2026-12-02) it is a development set (its dialogue kinds fixed: a matter in pieces,
# corrections of the name and the matter, progress in words before (二), a KB miss asked
# again, ways out of a progress query): 112/123 (91.1 %); the floor guards that rate,
# rounded down (the 11 left are the NLU's false alarms and categories, and f4-047).
# 2026-12-02, branch dialog10: 112/123 (91.1 %), as on main 331ca32.
# 2026-12-02, main after the day's second round (main 7c865c8): 115/123 (93.5 %).
FRESH4_FLOOR = 0.93
# fresh5.yml was written by a fifth helper who never saw the engine nor the other sets
# (branch fresh5, 2026-12-01), in full and committed (602be7b) before any run, never tuned
# on (``test_fresh5_citizens_...``). It reached 107/146 (73.3 %, median 4 citizen turns to
# an order) in its first and only run, 2026-12-01, on main 8b8fc26; the floor is that rate
# rounded down to 0.01 (bench/README.md gives the failures by kind).
# 2026-12-02, branch dialog10: 111/146 (76.0 %, median 4), aggregate only, as on main
# 331ca32 (never opened, never tuned on).
# 2026-12-02, main after the day's second round (main 7c865c8): 114/146 (78.1 %,
# median 4), aggregate only (never opened, never tuned on).
FRESH5_FLOOR = 0.78
# fresh6.yml was written by a sixth helper who never saw the engine nor the other sets
# (branch fresh6, 2026-12-02), in full and committed (c75ace1) before any run, never tuned
# on (``test_fresh6_citizens_...``). It reached 99/140 (70.7 %, median 4 citizen turns to
# an order) in its first and only run, 2026-12-02, on main 331ca32.
# Since the acts11 branch (2026-12-02) fresh6 is a development set (its failures were read
# and the kinds of the dialogue acts fixed: 104/140); 115/140 (82.1 %, median 4) on main
# 7c865c8. The floor guards that development rate, rounded down.
FRESH6_FLOOR = 0.82
# fresh7.yml was written by a seventh helper who never saw the engine nor the other sets
# (branch fresh7, 2026-12-02), in full and committed (37333c3) before any run, never tuned
# on (``test_fresh7_citizens_...``). It reached 95/135 (70.4 %, median 4 citizen turns to
# an order) in its first and only held-out run, 2026-12-02, on main 98caaf0 (aggregate
# only); the floor is that rate rounded down to 0.01. Since 2026-12-02 15:00 UTC it is a
# development set: its failures were read (false emergency alarms on ordinary hazards,
# details lost from the place, public transport routed as 城乡建设, refusals without
# 匿名 …) and their kinds fixed; the held-out figures are fresh5's and fresh8's.
FRESH7_FLOOR = 0.70
# fresh8.yml was written by an eighth helper who never saw the engine nor the other sets
# (branch fresh8, 2026-12-02), in full and committed (ede4e63) before any run, never tuned
# on (``test_fresh8_citizens_...``). It reached 101/141 (71.6 %, median 4 citizen turns to
# an order) in its first and only scored run, 2026-12-02, on main 40a338c (aggregate only;
# two attempts before crashed in the harness without a figure: phone numbers read by YAML
# as integers, quoted in 8bed2eb, format only); the floor is that rate rounded down to 0.01.
# Since the n12 branch (2026-12-03) fresh8 is a development set: its failures were read
# and the dialogue kinds fixed (appeals whose wh-words ask nothing taken for questions, a
# contact refused after its reason, a soft cancel with the matter resolved, a place pointed
# at first, a surname and phone first, a month before 开学): 103/141 on main 851c1db,
# 112/141 after them (e7e788c), 113/141 (80.1 %, median 4) with a refusal word of the
# matter no refusal of
# the contact and "不用回复" anonymous (fresh6 116 -> 118/140); the floor is that rate less
# one conversation (112/141), rounded down.
FRESH8_FLOOR = 0.79
# fresh9.yml was written by a ninth helper who never saw the engine nor the other sets
# (branch fresh9, 2026-12-02), in full and committed (b6f459b) before any run, never tuned
# on (``test_fresh9_citizens_...``). It reached 115/152 (75.7 %, median 4 citizen turns to
# an order) in its first and only run, 2026-12-02, on base d434535 (aggregate only; the
# failures were not looked at); the floor is that rate rounded down to 0.01, minus 0.01 for
# nondeterminism.
FRESH9_FLOOR = 0.74
# fresh10.yml was written by a tenth helper who never saw the engine nor the other sets
# (beyond fresh8's header and first three scenarios, for the format; branch fresh10,
# 2026-12-03), in full and committed (b266c14) before any run, never tuned on. It reached
# 128/156 (82.1 %, median 4 citizen turns to an order) in its first and only run,
# 2026-12-03 08:34 UTC, on the integration of that day's branches (aggregate only; the
# failures were not looked at); the floor is that rate rounded down to 0.01, minus 0.01.
FRESH10_FLOOR = 0.81
# fresh11.yml was written by an eleventh helper who never saw the engine's code, its
# training data nor the other sets (beyond fresh.yml's header and first 40 scenarios, for
# the format; 2026-12-04), in full and committed (d362b44) before any run, never tuned
# on. It reached 156/190 (82.1 %, median 4 citizen turns to an order) in its first and
# only run, 2026-12-04 15:03 UTC, on main 957ed71 (aggregate only; the failures were not
# looked at; its ids were then renamed g… → f11-…, which fresh2 already used); the floor
# is that rate rounded down to 0.01, minus 0.01.
FRESH11_FLOOR = 0.81
# repeat6.yml: repeats and progress queries (第十三条(三)), a development set written on
# the repeat6 branch before its changes: 12/34 (35.3 %) on main 3230c3b with this harness
# (10/34 for its first version: r6-10, r6-24, r6-30 were then reworded), 31/34 (91.2 %) on
# the branch; the three left are the NLU's false alarms on ordinary
# appeals (屋里冷得跟冰窖似的 → 110, 饭馆烟味往窗户里灌 → 119, 还有个事 井盖被人偷了 → a
# safety line). The floor guards the branch's rate (``test_repeat6_citizens_...``).
# 2026-12-02, branch dialog10: 32/34 (94.1 %), as on main 331ca32.
# 2026-12-02, main after the day's second round (main 7c865c8): 33/34 (97.1 %).
REPEAT6_FLOOR = 0.97
# every file must be one of these
AUTHORS = (
    "dialog",
    "heldout",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "repeat6",
    "trial12",
    "trial14",
)
# sets about one kind of conversation: not required to cover every outcome
FOCUSED = ("repeat6", "trial12", "trial14")
MAIN_SETS = ("dialog", "heldout", "fresh")  # run together by the main test
OUTCOMES_13 = {"emergency", "referred", "duplicate", "explained", "persuaded", "rejected"}


def test_the_suite_covers_every_flow_and_every_outcome_of_article_13() -> None:
    scenarios = load_scenarios()  # every file of scenarios/
    assert {s.author for s in scenarios} == set(AUTHORS)
    assert len(scenarios) >= 150
    by_author = Counter(s.author for s in scenarios)
    assert by_author["dialog"] >= 50
    assert by_author["heldout"] >= 50
    assert by_author["fresh"] >= 50
    assert by_author["fresh2"] >= 50
    assert by_author["fresh3"] >= 80
    assert by_author["fresh4"] >= 110
    assert by_author["fresh5"] >= 120
    assert by_author["fresh6"] >= 120
    assert by_author["fresh7"] >= 130
    assert by_author["fresh8"] >= 130
    assert by_author["fresh9"] >= 140
    assert by_author["fresh10"] >= 150
    assert by_author["fresh11"] >= 190
    assert len({s.id for s in scenarios}) == len(scenarios)
    for author in set(by_author) - set(FOCUSED):
        outcomes = {s.expect.outcome for s in scenarios if s.author == author}
        assert outcomes >= OUTCOMES_13, (author, OUTCOMES_13 - outcomes)
        assert {"order", "withdrawn", "answered_online", "progress"} <= outcomes
    services = {s.expect.service for s in scenarios if s.expect.outcome == "emergency"}
    assert {"110", "119", "120", "122"} <= services
    channels = {s.channel for s in scenarios}
    assert {"web", "wechat", "sms", "telegram", "voice"} <= channels


@pytest.mark.parametrize("style", ["rich", "short"])
def test_the_citizen_recognises_every_question_of_the_wording_table(style: Style) -> None:
    """The citizen hears the bot's questions by meaning, in both wording styles."""
    wording = load_wording(DATA_DIR)
    expected = {
        "ask_where": "place",
        "ask_where_again": "place",
        "ask_since": "since",
        "ask_contact": "contact",
        "ask_contact_phone": "contact",
        "ask_what": "what",
        "ask_order_number": "order_number",
        "ask_phone_last4": "last4",
        "ask_rating": "rating",
        "ask_unsatisfied_reason": "rating_reason",
        "ask_amend": "amend",
    }
    for key, meaning in expected.items():
        assert asked(wording.say(key, style)) == meaning, key
    summary = wording.say(
        "confirm_summary",
        style,
        text="路灯坏了",
        text_short="路灯坏了",
        address="牡丹区",
        since="昨天",
        contact="匿名",
        attachments=0,
    )
    assert asked(summary) == "confirm"


def test_the_citizen_answers_paraphrased_questions_from_its_facts() -> None:
    facts = Facts(
        matter="路灯坏了",
        place="牡丹区西城街道",
        since="上周",
        contact="王芳 13853001234",
        phone="13853001234",
    )
    citizen = Citizen(facts, [])
    assert citizen.next("麻烦说一下具体在什么位置？") == "牡丹区西城街道"
    assert citizen.next("这种情况持续了多长时间？") == "上周"
    assert citizen.next("方便留个联系方式吗？") == "王芳 13853001234"
    assert citizen.next("为了核实身份，请告诉我们手机尾号。") == "1234"
    assert citizen.next("您遇到了什么情况？") == "路灯坏了"
    assert citizen.next("好的，已经为您办好了。") is None


@pytest.mark.parametrize("style", ["rich", "short"])
def test_a_statement_that_mentions_a_place_is_no_question_about_it(style: Style) -> None:
    """ "Not found: ask at your county's service centre" names 县区 but asks no place."""
    wording = load_wording(DATA_DIR)
    for key in ("knowledge_not_found", "knowledge_not_found_brief"):
        assert asked(wording.say(key, style)) != "place", key
    citizen = Citizen(Facts(matter="路灯坏了", place=None), [])
    said = citizen.next("建议您到所在县区政务服务中心窗口咨询。")
    assert said != "不知道具体地址"
    # the same words inside a question are still one
    assert asked("好的。请问您在哪个县区？") == "place"
    assert asked("您反映的事已受理。请问具体在哪个县区、乡镇？") == "place"


def test_the_citizen_chooses_among_its_orders_by_its_own_words() -> None:
    citizen = Citizen(Facts(which="路灯那个"), [])
    listed = "查到您近期反映过以下两件事：\n1. 路灯不亮（工单HZ…）\n2. 停水\n请问要查询哪一件？"
    assert asked(listed) == "choose"
    assert citizen.next(listed) == "路灯那个"
    assert Citizen(Facts(pick="停水"), []).next(listed) == "2"  # by its number in the list


async def test_simulated_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    world = await World.build(tmp_path)
    try:
        results = [await world.run(s) for s in load_scenarios(MAIN_SETS)]
    finally:
        await world.aclose()
    report = []
    for r in results:
        if not r.ok:
            report.append(f"{r.scenario.author}/{r.scenario.id} ({r.scenario.flow}): {r.problems}")
    mine = summarize("dialog", [r for r in results if r.scenario.author == "dialog"])
    held = summarize("heldout", [r for r in results if r.scenario.author == "heldout"])
    fresh = summarize("fresh", [r for r in results if r.scenario.author == "fresh"])
    both = summarize(
        "dialog+heldout", [r for r in results if r.scenario.author in ("dialog", "heldout")]
    )
    everything = summarize("all", results)
    lines = [mine.line(), held.line(), fresh.line(), both.line(), everything.line()]
    message = "\n".join([*lines, *report])
    # The aim of issue 12 is at least 95 % ending correctly and a median of at most 4
    # citizen turns to an order. The turns are asserted at the aim; the rate at the floor
    # reached: the NLU's false alarms and triage misses on these scenarios leave 94.5 %
    # (bench/README.md lists each one), so this guards against regressions of the
    # dialogue without claiming the aim.
    assert both.rate >= FLOOR, message
    assert both.median_turns_to_order is not None, message
    assert both.median_turns_to_order <= 4, message
    assert held.rate >= HELDOUT_FLOOR, message  # never tuned on
    assert fresh.rate >= FRESH_FLOOR, message  # never tuned on, written without the engine


async def _run_set(tmp_path: Path, name: str, floor: float, at_least: int | None = None) -> None:
    """Run the scenario set ``name`` on its own: its rate must reach ``floor``.

    ``at_least``: how many scenarios the set must hold, where a floor was written for it.
    The message gives the set's line and each failed scenario, named ``<set>/<id>``.
    """
    scenarios = load_scenarios([name])
    if at_least is not None:
        assert len(scenarios) >= at_least
    world = await World.build(tmp_path)
    try:
        results = [await world.run(s) for s in scenarios]
    finally:
        await world.aclose()
    summary = summarize(name, results)
    failed = [r for r in results if not r.ok]
    report = [f"{name}/{r.scenario.id} ({r.scenario.flow}): {r.problems}" for r in failed]
    message = "\n".join([summary.line(), *report])
    assert summary.rate >= floor, message


async def test_fresh2_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh2.yml: written without the engine; a development set since dialog12."""
    await _run_set(tmp_path, "fresh2", FRESH2_FLOOR)


async def test_repeat6_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """repeat6.yml: the same matter again in other words (its progress), another matter at
    the same place (a new order, no safety line), progress asked in words without a
    number (the citizen's own orders; the list; none), the ways out of each prompt, and a
    new matter after the progress is told."""
    await _run_set(tmp_path, "repeat6", REPEAT6_FLOOR)


async def test_trial12_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """trial12.yml: a question about the channel before the matter (answered, never the
    matter; the matter then not glued onto the place), the name told at the place
    question (the contact's, the place asked again). Written with the fixes: all pass."""
    await _run_set(tmp_path, "trial12", 1.0)


async def test_trial14_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """trial14.yml: the citizen goes on after a knowledge answer (没解决 俺要反映, the place,
    a time: the question answered is the matter and decides the unit; another thing is
    another matter), 催办 after a progress answer and with a repeat matter (recorded on
    that order). Written with the fixes: all pass."""
    await _run_set(tmp_path, "trial14", 1.0, at_least=12)


async def test_fresh3_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh3.yml: written without the engine; a development set since dialog5."""
    await _run_set(tmp_path, "fresh3", FRESH3_FLOOR)


async def test_fresh4_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh4.yml: written without the engine; a development set since dialog8.

    First and only run (main a38ac15, 2026-12-01): 98/123 (79.7 %), median 5 citizen
    turns to an order. The 25 failures, by kind:

    - false emergency alarms (5): f4-024 (gas *run out* read as a leak), f4-032 (a tree
      leaning towards wires), f4-057 (a residence-permit question: 119 with drowning
      advice), f4-086 (a burst water pipe, voice), f4-087 (a cracked village road);
    - corrections and split matters (5): the county corrected at the read-back (f4-025)
      and inside the place answer (f4-033), the name at the read-back (f4-029), the
      matter corrected mid-intake (f4-037), a matter over three short messages keeps only
      the first fragment (f4-022);
    - knowledge base misses (3): renting and the housing fund (f4-051), e-bike plates
      (f4-055), a broken social security card where "不是要投诉 就想问问" resumes the
      intake until the 第十一条 warning and a handover (f4-058);
    - repeats (2): a repeat worded differently missed (f4-064); a different matter in the
      same estate taken as a repeat of the street-light order (f4-067);
    - a progress query without a number taken as an appeal (f4-074);
    - 第十三条 triage misses (3): a tender's reserve price (f4-111, explained), a false
      poverty certificate and fireworks in defiance of the ban (f4-113, f4-114, persuaded)
      became orders;
    - category family (4): f4-093 (village PV income), f4-120 (relief after a fire),
      f4-122 (a slow 110 response), f4-123 (an accident report not issued);
    - scenario meets harness (2): f4-073 (the harness ends at the progress told, so the
      new matter is never said), f4-047 (since was never asked, so the cancel put in that
      answer was never said; an order without a start time was made).
    """
    await _run_set(tmp_path, "fresh4", FRESH4_FLOOR, at_least=110)


async def test_fresh5_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh5.yml: written without the engine, committed before any run, never tuned on.

    First and only run (main 8b8fc26, 2026-12-01): 107/146 (73.3 %), median 4 citizen
    turns to an order. The 39 failures, counted by kind only (the set is held out):
    false emergency alarms on ordinary appeals or a repeat, 8; the estate, shop or site
    name cut from the place, 8; category family or handling unit, 8; a matter or a
    question told in short pieces, 3; 第十三条(五) requests not persuaded, 3; knowledge
    questions asked for a place or referred instead of answered, 2; corrections (the
    name at the read-back, the matter corrected mid-intake), 2; a complaint answered with
    a knowledge entry, 1; a cancel at the read-back kept as a supplement, 1; a refusal
    of a contact not heard as one, 1; progress asked in words from a reopened chat, 1;
    "robot or human?" handed to an agent, 1.
    """
    await _run_set(tmp_path, "fresh5", FRESH5_FLOOR, at_least=120)


async def test_fresh6_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh6.yml: written without the engine, committed before any run; a development set
    since the acts11 branch (see FRESH6_FLOOR).

    First and only run (main 331ca32, 2026-12-02): 99/140 (70.7 %), median 4 citizen
    turns to an order. The 41 failures, counted by kind only (the set is held out): false
    emergency alarms on ordinary appeals, a request or a cancel, 11; 第十三条(二)(四)(五)(六)
    requests made into orders or given another disposition, 7; category family or
    handling unit, 5; an appeal answered as a knowledge question (not found, no order),
    4; the estate, shop or road named after a landmark cut from the place, 3; a refusal of
    a contact without the word 匿名 not heard (asked again until the turns ran out), 2;
    the contact never asked (an anonymous order), 2; an emergency (122) made an order, 1;
    a knowledge question given a 第十三条(四) disposition, 1; the matter lost when the
    time came first, 1; a cancel in a second voice message kept as a supplement, 1; the
    scenario's own faults, 3 (a unit word that is no part of the unit's name; a refusal
    and a cancel put in the answer to a contact question that the SMS channel never asks).
    """
    await _run_set(tmp_path, "fresh6", FRESH6_FLOOR, at_least=120)


async def test_fresh7_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh7.yml: written without the engine, committed before any run, never tuned on.

    First and only run (main 98caaf0, 2026-12-02): 95/135 (70.4 %), median 4 citizen
    turns to an order. Aggregate figures only: its failures were not looked at (the set
    is held out).
    """
    await _run_set(tmp_path, "fresh7", FRESH7_FLOOR, at_least=130)


async def test_fresh8_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh8.yml: written without the engine, committed before any run, never tuned on.

    First and only scored run (main 40a338c, 2026-12-02): 101/141 (71.6 %), median 4
    citizen turns to an order. Aggregate figures only: its failures were not looked at (the
    set is held out).
    """
    await _run_set(tmp_path, "fresh8", FRESH8_FLOOR, at_least=130)


async def test_fresh9_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh9.yml: written without the engine, committed before any run, never tuned on.

    First and only run (base d434535, 2026-12-02): 115/152 (75.7 %), median 4 citizen
    turns to an order. Aggregate figures only: its failures were not looked at (the set
    is held out).
    """
    await _run_set(tmp_path, "fresh9", FRESH9_FLOOR, at_least=140)


async def test_fresh10_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh10.yml: written without the engine, committed before any run, never tuned on.

    First and only run (2026-12-03, the day's integration): 128/156 (82.1 %), median 4
    citizen turns to an order. Aggregate figures only: its failures were not looked at (the
    set is held out).
    """
    await _run_set(tmp_path, "fresh10", FRESH10_FLOOR, at_least=150)


async def test_fresh11_citizens_end_the_way_a_call_taker_would(tmp_path: Path) -> None:
    """fresh11.yml: written blind (no engine code, no other set), committed before any
    run, never tuned on.

    First and only run (main 957ed71, 2026-12-04): 156/190 (82.1 %), median 4 citizen
    turns to an order. Aggregate figures only: its failures were not looked at (the set
    is held out).
    """
    await _run_set(tmp_path, "fresh11", FRESH11_FLOOR, at_least=190)
