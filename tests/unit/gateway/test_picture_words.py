"""Trial4 F47: the words in a picture (OCR) are not the citizen's own words for triage.

A screenshot whose text mentions 「急救…120」 raised an emergency. The pipeline now reads a
picture's words only when the citizen wrote and said nothing, and then for the category
and the matter alone: never an emergency, a 第十三条 finding or a contact.
"""

from __future__ import annotations

from typing import Any

from channels.messages import Attachment, AttachmentKind, InboundMessage, MessageKind
from config.settings import DATA_DIR
from dialogs.engine import context_for_channel, step
from dialogs.wording import load_wording
from gateway.kv.store import MemoryStore
from gateway.pipeline import Pipeline
from gateway.pipeline.handler import PipelineConfig
from nlu.types import Category, Emergency, Entity, Intent, NluResult, Triage, TriageOutcome

WORDING = load_wording(DATA_DIR)
SCREENSHOT = "菏泽12345政务服务便民热线 如遇急救请拨打120 咨询电话13953001234 张三"
ROAD = Category(level1="城乡建设", level2="市政设施", confidence=0.9)


class AlarmedNlu:
    """An NLU that finds an emergency wherever 急救/晕倒 is written, and a category."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def parse(self, text: str) -> NluResult:
        self.read.append(text)
        alarm = "急救" in text or "晕倒" in text
        found = Emergency("emergency", ("120",), "unconscious", "medical", 0.99, "急救", "rule")
        phone = Entity("phone", "13953001234", "139****1234", 0, 11)
        return NluResult(
            text=text,
            intent=Intent("appeal", 0.9),
            category=ROAD,
            triage=Triage(TriageOutcome.EMERGENCY, "medical", service="120") if alarm else None,
            emergency=found if alarm else None,
            entities=(phone,) if "139" in text else (),
            act="appeal",
            has_matter=True,
        )


class NoCases:
    async def open_work_order(self, draft: Any) -> Any:
        raise AssertionError("no order from a picture")

    async def progress(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def record_evaluation(self, *args: Any) -> bool:
        return True

    async def record_urging(self, *args: Any) -> bool:
        return True


def pipeline(nlu: Any) -> Pipeline:
    return Pipeline(
        store=MemoryStore(),
        nlu=nlu,
        knowledge=None,
        cases=NoCases(),
        console=None,
        media=None,
        adapters={},
        step=step,
        context_for=lambda channel: context_for_channel(WORDING, channel),
        config=PipelineConfig(rate_limit_per_minute=1000),
    )


def picture(text: str = "", ocr: str = SCREENSHOT, ext: str = "p1") -> InboundMessage:
    return InboundMessage(
        channel="web",
        account="web",
        sender="u1",
        external_id=ext,
        kind=MessageKind.IMAGE,
        text=text,
        attachments=(
            Attachment(kind=AttachmentKind.IMAGE, mime="image/png", blob_key="b1", ocr_text=ocr),
        ),
    )


def _emergency(replies: list[Any]) -> bool:
    said = " ".join(r.text or "" for r in replies)
    return any(r.transfer_to for r in replies) or "紧急" in said or "拨打120" in said


async def test_a_screenshot_mentioning_first_aid_raises_no_emergency() -> None:
    nlu = AlarmedNlu()
    replies = await pipeline(nlu).handle(picture())
    assert replies
    assert not _emergency(replies), [r.text for r in replies]
    assert nlu.read == [SCREENSHOT]  # the picture's words still inform the category


async def test_without_an_nlu_the_dialogues_emergency_words_do_not_read_the_picture() -> None:
    class Broken:
        def parse(self, text: str) -> NluResult:
            raise RuntimeError("nlu down")

    replies = await pipeline(Broken()).handle(picture())
    assert not _emergency(replies), [r.text for r in replies]


async def test_the_citizens_own_words_still_raise_the_emergency() -> None:
    replies = await pipeline(AlarmedNlu()).handle(picture(text="我家老人晕倒了", ocr="无关的文字"))
    assert _emergency(replies), [r.text for r in replies]
