"""Pictures of knowledge-base entries (issue 14): the ``images`` field, its checks, unit
edits that keep it, and the gateway publishing a configured file once to the media store
with its signed public link."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from channels.messages import Attachment, AttachmentKind, Location
from gateway.kb.media import KnowledgePictures
from gateway.media.outbound import link_ok
from nlu.errors import KnowledgeError
from nlu.knowledge import KnowledgeBase, KnowledgeEntry, entry_from_dict
from nlu.types import KnowledgeAnswer, KnowledgeMedia

KNOWLEDGE = Path(__file__).resolve().parents[3] / "config" / "knowledge"
SECRET = b"s3cret"
BASE = "https://hotline.example.gov.cn"


def _entry(**extra: object) -> dict[str, object]:
    return {
        "id": "t-1",
        "domain": "d",
        "title": "大厅",
        "answer": "见下图",
        "source_unit": "u",
        "effective": "2025-01-01",
        "review": "2027-01-01",
        **extra,
    }


def test_an_entry_names_its_pictures() -> None:
    entry = entry_from_dict(
        _entry(images=[{"file": "media/a.png", "caption": "平面图", "mime": "image/png"}])
    )
    assert entry.media == (KnowledgeMedia(caption="平面图", mime="image/png", file="media/a.png"),)
    one = entry_from_dict(_entry(images={"url": "https://x.example/a.png", "caption": "图"}))
    assert one.media[0].url == "https://x.example/a.png"


@pytest.mark.parametrize(
    "image",
    [
        {"caption": "neither file nor url"},
        {"file": "a.png", "url": "https://x.example/a.png", "caption": "both"},
        {"url": "http://x.example/a.png", "caption": "not https"},
        {"file": "../secrets.png", "caption": "outside"},
        {"file": "/etc/passwd", "caption": "absolute"},
    ],
)
def test_a_bad_picture_is_refused(image: dict[str, str]) -> None:
    with pytest.raises(KnowledgeError):
        entry_from_dict(_entry(images=[image]))


def test_a_units_edit_keeps_the_configured_pictures() -> None:
    kb = KnowledgeBase.load(KNOWLEDGE)
    before = kb.get("qy-021")
    assert before is not None
    assert before.media
    assert before.media[0].file == "media/service-hall-map.png"
    edited = KnowledgeEntry(
        id="qy-021",
        domain=before.domain,
        title=before.title,
        answer="新的答复：从正门进入。",
        source_unit=before.source_unit,
        effective_date=date(2026, 1, 1),
        review_date=date(2027, 1, 1),
    )
    assert kb.upsert(edited).media == before.media
    stored = KnowledgeEntry(**{**edited.__dict__, "version": before.version + 5})
    kb.apply([stored])
    after = kb.get("qy-021")
    assert after is not None
    assert after.media == before.media
    (hit, *_) = kb.search("市民服务中心在哪里")
    assert hit.entry_id == "qy-021"
    assert hit.media == before.media


def test_the_demo_picture_is_a_png_in_the_knowledge_directory() -> None:
    data = (KNOWLEDGE / "media" / "service-hall-map.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) < 100_000


class FakeMedia:
    """The media store as the publisher sees it: content-addressed keys."""

    def __init__(self) -> None:
        self.stored: list[bytes] = []

    async def store_upload(
        self, data: bytes, filename: str | None, claimed_mime: str | None
    ) -> tuple[Attachment, Location | None]:
        self.stored.append(data)
        key = f"ab/{len(data):064d}.png"
        return Attachment(kind=AttachmentKind.IMAGE, mime="image/png", blob_key=key), None

    async def ingest(self, adapter: object, att: Attachment) -> tuple[Attachment, Location | None]:
        raise AssertionError("not used")


def _answer(*media: KnowledgeMedia) -> KnowledgeAnswer:
    return KnowledgeAnswer("e", "t", "a", "u", "2025-01-01", 0.9, media=media)


def _png(tmp: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (1, 2, 3)).save(buf, "PNG")
    (tmp / "media").mkdir()
    (tmp / "media" / "hall.png").write_bytes(buf.getvalue())


async def test_a_file_is_published_once_with_a_signed_link(tmp_path: Path) -> None:
    _png(tmp_path)
    media = FakeMedia()
    pictures = KnowledgePictures(media, tmp_path, public_base_url=BASE + "/", secret=SECRET)
    wanted = KnowledgeMedia(caption="平面图", file="media/hall.png")
    (first,) = await pictures.resolve((_answer(wanted),))
    (again,) = await pictures.resolve((_answer(wanted),))
    assert len(media.stored) == 1  # kept once, then remembered
    (pic,) = first.media
    assert again.media == first.media
    assert pic.blob_key is not None
    assert pic.url is not None
    assert pic.url.startswith(f"{BASE}/media/out/{pic.blob_key}?s=")
    assert link_ok(SECRET, pic.blob_key, pic.url.rsplit("=", 1)[1])
    assert pic.caption == "平面图"


async def test_a_missing_file_is_left_out_and_the_answer_still_goes(tmp_path: Path) -> None:
    pictures = KnowledgePictures(FakeMedia(), tmp_path, public_base_url=BASE, secret=SECRET)
    missing = KnowledgeMedia(caption="x", file="media/none.png")
    linked = KnowledgeMedia(caption="y", url="https://x.example/a.png")
    (answer,) = await pictures.resolve((_answer(missing, linked),))
    assert answer.answer == "a"
    assert answer.media == (linked,)  # a public URL goes as it is


async def test_a_file_outside_the_directory_is_never_read(tmp_path: Path) -> None:
    inside = tmp_path / "kb"
    inside.mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG secret")
    media = FakeMedia()
    pictures = KnowledgePictures(media, inside, public_base_url=BASE, secret=SECRET)
    escape = KnowledgeMedia(caption="x", file="../secret.png")
    (answer,) = await pictures.resolve((_answer(escape),))
    assert answer.media == ()
    assert media.stored == []
