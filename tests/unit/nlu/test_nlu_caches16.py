"""The caches of issue 16 change no result and stay bounded: the engine's LRU of parse
results (texts said again and again: 确认, 匿名, menu numbers) and the refusals read three
times for one message (entities, intent, act)."""

from __future__ import annotations

from nlu import engine as engine_module
from nlu import refusals
from nlu.engine import EmbeddedEngine

#: Short texts of the kinds a conversation repeats, in this file's own wordings.
_SAID = [
    "确认",
    "匿名",
    "1",
    "对的 提交吧",
    "名字就别写了 电话也不留",
    "俺不想留名",
    "路口红绿灯坏了三天了 我叫孙德福",
    "物业不给修电梯，俺家住六楼",
]


def test_a_cached_parse_equals_a_fresh_one(engine: EmbeddedEngine) -> None:
    cached = [engine.parse(t) for t in _SAID]
    again = [engine.parse(t) for t in _SAID]
    assert all(a is b for a, b in zip(cached, again, strict=True))  # from the LRU
    fresh = [engine._parse(t) for t in _SAID]  # the work itself, no cache
    assert cached == fresh


def test_the_parse_cache_is_bounded(engine: EmbeddedEngine) -> None:
    size = engine_module._CACHE_SIZE
    first = "第0号 路灯不亮"
    for i in range(size + 5):
        engine.parse(f"第{i}号 路灯不亮")
    assert len(engine._cache) == size
    assert first not in engine._cache  # the oldest went first
    assert f"第{size + 4}号 路灯不亮" in engine._cache


def test_cached_refusals_equal_the_work_and_are_fresh_copies() -> None:
    for text in _SAID:
        assert refusals.refusals(text) == [
            (set(k), span) for k, span in refusals._refusals.__wrapped__(text)
        ]
        assert refusals.declined(text) == refusals.declined.__wrapped__(text)
    found = refusals.refusals("名字就别写了 电话也不留")
    assert found
    found[0][0].clear()  # a caller's change never reaches the cache
    assert refusals.refusals("名字就别写了 电话也不留")[0][0]


def test_the_refusal_caches_are_bounded() -> None:
    for i in range(1100):
        refusals.declined(f"我不留名字{i}")
    for cache in (refusals._refusals, refusals.declined):
        info = cache.cache_info()
        assert info.maxsize == 1024
        assert info.currsize <= 1024
