"""The centre's history for the NLU retrain (issue 11): finished orders with the category
and unit they finally had (after 改派), and the scheduled retrain end to end."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from casebridge.history import finished_orders
from casebridge.service import Actor
from gateway import nlu_retrain
from nlu import retrain as nlu_retrain_module
from nlu.engine import EmbeddedEngine

from .conftest import Env, draft

CENTRE = Actor.centre("值班员A")
LAMPS = ["楼道灯坏了很久没人修", "单元门口的灯不亮了", "楼梯间的灯坏了半个月"]
DOGS = ["小区里有人遛狗不拴绳，吓到孩子", "大狗在小区乱跑没人管", "邻居的狗不牵绳到处跑"]


async def _finish(env: Env, number: str, unit: str) -> None:
    actor = Actor.unit(unit)
    await env.cases.sign(number, actor)
    await env.cases.log_contact(number, actor, method="phone", note="已电话联系诉求人")
    await env.cases.reply(number, actor, text="已处理完毕，诉求人认可。")
    await env.cases.start_callback(number, CENTRE)
    await env.cases.record_callback(number, CENTRE, satisfaction="satisfied")


async def _history(env: Env, n: int) -> list[str]:
    """``n`` lamp orders done by 住建 and ``n`` dog orders re-dispatched to 城管."""
    numbers = []
    for i in range(n):
        lamp = await env.cases.open_work_order(draft(f"lamp{i}", text=LAMPS[i % 3] + f"（{i}）"))
        await _finish(env, lamp.number, "CX-ZJ")
        dog = await env.cases.open_work_order(draft(f"dog{i}", text=DOGS[i % 3] + f"（{i}）"))
        await env.cases.redispatch(dog.number, CENTRE, unit_code="CX-CG", reason="属城管执法")
        await _finish(env, dog.number, "CX-CG")
        numbers += [lamp.number, dog.number]
    return numbers


async def test_finished_orders_carry_the_final_unit(env: Env) -> None:
    await _history(env, 2)
    still_open = await env.cases.open_work_order(draft("open", text="路灯坏了"))
    rows = await finished_orders(env.sessions)
    assert len(rows) == 4
    assert still_open.number not in {r.number for r in rows}
    dogs = [r for r in rows if "狗" in r.text]
    assert {r.unit_code for r in dogs} == {"CX-CG"}
    assert {r.unit_code for r in rows if "灯" in r.text} == {"CX-ZJ"}
    assert all(r.level1 == "城乡建设" for r in rows)
    assert len(await finished_orders(env.sessions, limit=1)) == 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the query runs on both above
async def test_scheduled_retrain_learns_the_centres_corrections(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nlu_retrain, "MIN_ROWS", 20)
    monkeypatch.setattr(nlu_retrain_module, "MIN_ROWS", 20)
    await _history(env, 15)
    engine = EmbeddedEngine.train()
    services = SimpleNamespace(
        nlu=engine,
        sessions=env.sessions,
        cases=env.cases,
        settings=SimpleNamespace(effective_nlu_model_dir=tmp_path / "nlu"),
    )
    rows = nlu_retrain.history_rows(await finished_orders(env.sessions), env.catalogue)
    assert {r.unit for r in rows if "狗" in r.text} == {"department:城管"}
    report = await nlu_retrain.retrain_from_history(services)
    assert report is not None
    assert report.rows == 30
    assert report.holdout_rows == 3
    assert report.kept == "new"
    assert report.new_unit_accuracy is not None
    assert report.new_unit_accuracy >= (report.previous_unit_accuracy or 0.0)
    assert (tmp_path / "nlu" / "meta.json").exists()
    assert engine.info.history_rows == 27  # the live engine serves the new model
    best = engine.parse("隔壁家的狗天天不拴绳在小区乱跑").category
    assert best is not None
    assert best.unit_type == "department:城管"
    # another process picks the saved model up
    other = SimpleNamespace(
        nlu=EmbeddedEngine.train(), settings=services.settings, sessions=None, cases=None
    )
    assert nlu_retrain.reload_if_newer(other)
    assert other.nlu.info.trained_at == engine.info.trained_at
    assert not nlu_retrain.reload_if_newer(other)
