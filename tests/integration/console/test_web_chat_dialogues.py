"""Whole dialogues through the web chat with the real NLU engine, case store and console."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .harness import Citizen, Live, live_gateway


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    import socket

    tmp = tmp_path_factory.mktemp("dialogues")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with live_gateway(tmp, f"sqlite:///{tmp / 'hotline.db'}", port, real_nlu=True) as gateway:
        yield gateway


def _talk(citizen: Citizen, text: str) -> str:
    return "\n".join(citizen.say(text))


def test_intake_to_order_then_progress(live: Live) -> None:
    citizen = Citizen(live)
    said = _talk(citizen, "牡丹区丹阳街道书香苑小区门口的路灯坏了一个多星期，晚上走路很不安全")
    if "什么时候开始" in said or "何时" in said:
        said = _talk(citizen, "上周一开始的")
    assert "姓名" in said or "联系" in said, said
    said = _talk(citizen, "王芳 13853001234")
    assert "请您核对" in said, said
    assert "138****1234" in said
    said = _talk(citizen, "确认")
    number = re.search(r"HZ[0-9]{8}-[0-9]{6}", said)
    assert number is not None, said
    said = _talk(citizen, f"查询{number.group(0)} 1234")
    assert "当前状态" in said, said
    citizen.close()


def test_emergency_is_transferred_at_once(live: Live) -> None:
    citizen = Citizen(live)
    _talk(citizen, "我要反映小区的问题")
    frames = citizen.frames("楼道里着火了，浓烟很大")
    assert frames[0]["transfer_to"] == "119", frames
    citizen.close()


def test_ask_for_a_person_queues_with_the_place(live: Live) -> None:
    citizen = Citizen(live)
    said = _talk(citizen, "转人工")
    assert "转接人工" in said
    assert re.search(r"第\d+位", said), said
    citizen.close()


def test_knowledge_answer_with_its_source_then_intake_if_unsolved(live: Live) -> None:
    citizen = Citizen(live)
    said = _talk(citizen, "请问租房子能提公积金吗")
    assert "菏泽市住房公积金管理中心" in said, said
    assert "解决" in said
    said = _talk(citizen, "没解决")
    assert "登记" in said, said
    citizen.close()
