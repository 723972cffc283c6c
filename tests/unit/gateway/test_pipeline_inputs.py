"""Bad and heavy input at the pipeline (issue 12): long texts are parsed off the event
loop when the NLU says so (``is_heavy``), an empty message in the middle of an appeal
asks the open question again and changes nothing, a message while an agent holds the
chat is kept for the agent, and a 20,000-character appeal reaches the order whole."""

from __future__ import annotations

import threading

from dialogs import model as dm
from gateway.kv import KEYS
from nlu.types import Intent, NluResult, Territory
from tests.unit.gateway.pipeline_fakes import FakeCases, FakeConsole, make_real, msg


class HeavyNlu:
    """An NLU that calls texts with 重 heavy, and records the thread each parse ran on."""

    def __init__(self) -> None:
        self.threads: dict[str, bool] = {}

    def is_heavy(self, text: str) -> bool:
        return "重" in text

    def parse(self, text: str) -> NluResult:
        self.threads[text] = threading.current_thread() is threading.main_thread()
        return NluResult(text=text, intent=Intent("appeal", 0.9))


async def test_the_nlu_decides_what_is_parsed_off_the_event_loop() -> None:
    p = make_real(FakeCases(), FakeConsole())
    nlu = HeavyNlu()
    p.nlu = nlu
    long_light = "小区门口的路灯坏了，" * 40  # 400 characters, cached/light for this NLU
    await p.handle(msg(long_light, ext="a"))
    await p.handle(msg("重：短，但这个 NLU 说它重", ext="b"))
    assert nlu.threads[long_light] is True  # on the loop: the NLU said it is light
    assert nlu.threads["重：短，但这个 NLU 说它重"] is False  # in a worker thread


async def test_an_nlu_without_is_heavy_parses_long_texts_in_a_thread() -> None:
    class Plain:
        def __init__(self) -> None:
            self.on_main: list[bool] = []

        def parse(self, text: str) -> NluResult:
            self.on_main.append(threading.current_thread() is threading.main_thread())
            return NluResult(text=text, intent=Intent("appeal", 0.9))

    p = make_real(FakeCases(), FakeConsole())
    plain = Plain()
    p.nlu = plain
    await p.handle(msg("路灯坏了", ext="s"))
    await p.handle(msg("小区门口的路灯坏了，" * 200, ext="l"))
    assert plain.on_main == [True, False]


async def _state(p: object, key: str = "web:web:u1") -> dm.DialogState:
    from gateway.pipeline import Pipeline

    assert isinstance(p, Pipeline)
    raw = await p.store.get(KEYS.session(key))
    assert raw is not None
    return dm.DialogState.model_validate_json(raw)


async def test_an_empty_text_in_an_appeal_asks_again_and_changes_nothing() -> None:
    p = make_real(FakeCases(), FakeConsole())
    first = await p.handle(msg("小区门口的路灯坏了，晚上很黑", ext="1"))
    before = await _state(p)
    again = await p.handle(msg("", ext="2"))
    after = await _state(p)
    assert again  # a defined reply, never silence that leaves the citizen waiting
    assert again[-1].text == first[-1].text  # the open question, asked again
    assert after.flow == before.flow


async def test_a_message_during_a_takeover_is_kept_for_the_agent_and_the_bot_resumes() -> None:
    console = FakeConsole()
    cases = FakeCases()
    p = make_real(cases, console)
    await p.handle(msg("小区门口的路灯坏了，晚上很黑", ext="1"))
    before = await _state(p)
    console.held["web:web:u1"] = "agent-7"
    assert await p.handle(msg("在牡丹区西城街道", ext="2")) == []  # the agent answers
    await p.delivery.drain()
    assert console.notified == ["在牡丹区西城街道"]
    assert ("web:web:u1", "in", "在牡丹区西城街道") in console.turns  # nothing lost
    assert cases.orders == {}
    assert (await _state(p)).flow == before.flow  # the bot did not take it as an answer
    del console.held["web:web:u1"]
    await p.release("web:web:u1", "agent-7")
    await p.delivery.drain()
    resumed = await p.handle(msg("在牡丹区西城街道", ext="3"))
    assert resumed  # the bot talks again once the agent hands back


class PlaceNlu:
    """Finds the county 牡丹区 when named (the place of the long appeal)."""

    def parse(self, text: str) -> NluResult:
        where = Territory(county="牡丹区") if "牡丹区" in text else None
        return NluResult(text=text, intent=Intent("appeal", 0.9), territory=where)


async def test_twenty_thousand_characters_reach_the_order_whole() -> None:
    cases = FakeCases()
    p = make_real(cases, FakeConsole())
    p.nlu = PlaceNlu()
    text = ("牡丹区西城街道桂陵社区门口的路灯坏了一个多月了，晚上出行很不方便。" * 700)[:20_000]
    replies = await p.handle(msg(text, ext="long"))
    assert replies
    said = []
    for i, answer in enumerate(["匿名", "确认"]):
        said += [r.text for r in await p.handle(msg(answer, ext=f"r{i}"))]
    assert len(cases.orders) == 1, [r.text for r in replies] + said
    (draft,) = cases.orders.values()
    assert len(draft.text) == len(text.strip())


async def test_texts_of_digits_are_texts_never_an_error() -> None:
    # trial5 F01: 4,640 digits (over int()'s 4,300-digit limit) or one character that
    # str.isdigit() calls a digit but int() refuses (፩, ²) was read as a menu key: 500
    p = make_real(FakeCases(), FakeConsole())
    texts = ["3717021985031543 " * 290, "1" * 4999, "１" * 4999, "١" * 4999, "፩", "²", "፩²"]
    for i, text in enumerate(texts):
        replies = await p.handle(msg(text, ext=f"digits{i}", sender=f"d{i}"))
        assert replies, text[:20]
