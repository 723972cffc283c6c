"""The phone's own spoken style: what a caller hears is not the SMS text read aloud."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter
from typing import Any

import defusedxml.ElementTree as ET
import pytest

from channels.messages import OutboundMessage, QuickReply
from channels.voice import VoiceAdapter
from channels.voice.speech import asks_number, spoken, spoken_options
from channels.voice.wording import CONTINUE, KEYPAD
from dialogs.wording import load_wording
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import voice_build, voice_signed
from tests.contract.replies import voice_reply

CONFIG = Path(__file__).resolve().parents[2] / "config" / "data"
# what a synthesiser must never read: SMS keys, list numbering, masks, raw symbols
SMS_ONLY = re.compile(r"回复?\s*\d|回复?“|回复序号|\d\.\s|[*＊#＃/\\|_~<>\[\]{}@&^=+]")
LONG_DIGITS = re.compile(r"\d{3,}")
PARAMS = dict(
    number="HZ20260302000123",
    deadline="2026-03-09",
    contact="张先生 138****1234",
    count="2",
    position="3",
    services="110/119/120",
    service="120",
    kept="300",
)


adapter = adapter_fixture(VoiceAdapter, voice_build)


def _short_texts() -> dict[str, str]:
    """Every sentence of the centre's table in the short style, filled with samples."""
    wording = load_wording(CONFIG)
    out = {}
    for key, variants in wording.texts.items():
        template = variants.get("short") or variants["rich"]
        fields = {name for _, name, _, _ in Formatter().parse(template) if name}
        out[key] = wording.say(key, "short", **{f: PARAMS.get(f, "示例") for f in fields})
    return out


@pytest.mark.parametrize(
    ("sms", "said"),
    [
        ("无误回1，修改回2。", "无误请按1，修改请按2。"),
        (
            "请评价办理情况：1满意 2基本满意 3不满意",
            "请评价办理情况：满意请按1，基本满意请按2，不满意请按3",
        ),
        ("请回1满意、2基本满意或3不满意。", "满意请按1，基本满意请按2，不满意请按3。"),
        ("不便提供请回“匿名”。", "不便提供请说“匿名”。"),
        ("请稍后回“确认”重试或回“人工”。", "请稍后说“确认”重试或说“人工”。"),
        ("请回复登记电话后四位", "请说出登记电话后四位"),
        ("联系：138****1234。", "联系：尾号幺二三四。"),
        ("工单号HZ2026030201", "工单号HZ二零二六零三零二零幺"),
        ("菏泽12345热线", "菏泽幺二三四五热线"),
        ("2026年3月", "二零二六年三月"),
        ("电话0530-1234567", "电话零五三零幺二三四五六七"),
        ("请立即拨打110/119", "请立即拨打幺幺零、幺幺九"),
        ("9:00-17:30办公", "九点至十七点三十分办公"),
        ("3-5个工作日", "3至5个工作日"),
        ("详见 https://hotline.example/a?b=1 。", "详见 。"),
    ],
)
def test_sms_wording_is_said_the_phone_way(sms: str, said: str) -> None:
    assert spoken(sms) == said


def test_every_short_text_of_the_wording_table_is_speakable() -> None:
    for key, text in _short_texts().items():
        out = spoken(text)
        assert not SMS_ONLY.search(out), (key, out)
        assert not LONG_DIGITS.search(out), (key, out)


def test_keypad_entry_is_offered_only_where_a_number_is_asked() -> None:
    texts = _short_texts()
    asking = {"ask_contact", "ask_contact_phone", "ask_order_number", "ask_phone_last4"}
    for key in asking:
        assert asks_number(texts[key]), key
    telling = {"welcome", "ask_what", "ask_where", "ask_since", "receipt", "progress"}
    telling |= {"confirm_summary", "ask_rating", "safety_line", "emergency", "order_not_found"}
    for key in telling & set(texts):
        assert not asks_number(texts[key]), key


def test_options_are_keys_and_past_nine_words() -> None:
    assert spoken_options(["满意", "不满意"]) == "满意请按1，不满意请按2。"
    many = [f"选项{i}" for i in range(10)]
    assert "请按" not in spoken_options(many)


def _answer(adapter: VoiceAdapter, reply: OutboundMessage) -> Any:
    request = voice_signed("gather", 1, SpeechResult="路灯坏了", Confidence="0.9")
    adapter.verify(request)
    messages = adapter.parse(request)
    root = ET.fromstring(adapter.acknowledge(request, messages, [reply]).body)
    assert root.tag == "Response"
    return root


def test_a_reply_with_options_is_said_as_keys(adapter: VoiceAdapter) -> None:
    menu = (
        QuickReply(title="反映问题", payload="a"),
        QuickReply(title="查询工单进度", payload="b"),
    )
    root = _answer(
        adapter, voice_reply("请直接描述您的问题，或回复序号选择服务。", quick_replies=menu)
    )
    said = "".join(s.text or "" for s in root.iter("Say"))
    assert "反映问题请按1" in said
    assert "查询工单进度请按2" in said
    assert not SMS_ONLY.search(said)


def test_the_keypad_prompt_follows_a_number_question_only(adapter: VoiceAdapter) -> None:
    phone = _answer(adapter, voice_reply("请留联系电话；不便提供请回“匿名”。"))
    gather = phone.find("Gather")
    assert gather is not None
    assert [s.text for s in gather.iter("Say")][-1] == KEYPAD
    assert gather.get("finishOnKey") == "#"
    where = _answer(adapter, voice_reply("请说明发生地点：县区、乡镇（街道）及具体位置。"))
    said = [s.text or "" for s in where.iter("Say")]
    # a question stands on its own (issue 17 V1): no keypad, no invitation to hang up
    assert CONTINUE not in said
    assert not any("按键" in s or "挂机" in s for s in said)
