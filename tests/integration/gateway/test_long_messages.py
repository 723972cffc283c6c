"""One long citizen message costs at most linear time and never holds the event loop
(trial7 F01: 「1」×19,999 on the web chat held /healthz for 51 s; 「一」, 「不对」 ×4,999
for 2-3 s each: quadratic growth).

Each worst-case kind (a digit run, a CJK run, a repeated word, a punctuation run, a
repeated place, mixed text) goes through the whole pipeline (NLU parse and dialogue step)
at 1,000 and 20,000 characters; the CPU cost of the long one, measured in one run, is
near-linear: below 60× the short one's for 20× the text (a quadratic cost is ~400×).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from channels.outbound import MAX_INBOUND_TEXT
from config.settings import Settings
from gateway.app import create_app
from gateway.services import Services, build_services

KINDS = [
    "1",  # trial7 F01
    "一",
    "不对",
    "7 ",  # digits with spaces: a phone-number reader's worst case
    "。",
    "！？",
    "牡丹区",
    "路灯坏了，",
    "电话１３９ ",
    "身份证3729",
    "对对对没错",  # a second wording: yes-words, as at a read-back
    "，不是",
    "不是A是B",
    "abc ",
    "号楼单元室",
]

_counter = itertools.count()


async def _cost(services: Services, text: str) -> float:
    """CPU seconds of the whole process for one message of a new visitor."""
    visitor, _ = services.web.issue_visitor()
    msg, blob = services.web.parse_frame(
        visitor,
        {"type": "message", "id": f"m{next(_counter)}", "text": "x"},
        max_upload_bytes=1,
    )
    msg = msg.model_copy(update={"text": text})
    start = time.process_time()
    await services.pipeline.handle(msg, upload=blob)
    return time.process_time() - start


@pytest.mark.parametrize("unit", KINDS)
def test_a_long_message_costs_linear_time(tmp_path: Path, unit: str) -> None:
    async def run() -> tuple[float, float]:
        services = await build_services(
            Settings(var_dir=tmp_path, rate_limit_per_minute=100000), start_workers=False
        )
        try:
            await _cost(services, "你好")  # models loaded, patterns compiled
            short = await _cost(services, (unit * 1000)[:1000])
            await _cost(services, (unit * 5000)[:5000])
            long = await _cost(services, (unit * 20000)[:20000])
            return short, long
        finally:
            await services.aclose()

    short, long = asyncio.run(run())
    # a floor of 20 ms keeps the noise of a tiny short cost from deciding the ratio
    assert long < 60 * max(short, 0.02), (unit, short, long)


def test_healthz_answers_while_a_long_chat_message_is_read(tmp_path: Path) -> None:
    app = create_app(Settings(var_dir=tmp_path, database_url="", rate_limit_per_minute=1000))
    with TestClient(app) as client, client.websocket_connect("/chat/ws") as ws:
        ws.receive_json()  # hello
        text = ("1" * MAX_INBOUND_TEXT)[:MAX_INBOUND_TEXT]
        done = threading.Event()

        def chat() -> None:
            ws.send_text(json.dumps({"type": "message", "id": "long1", "text": text}))
            while ws.receive_json()["type"] not in ("done", "error"):
                pass
            done.set()

        worker = threading.Thread(target=chat)
        worker.start()
        start = time.perf_counter()
        assert client.get("/healthz").status_code in (200, 503)
        assert time.perf_counter() - start < 2.0
        worker.join(timeout=30)
        assert done.is_set()
