from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nlu.dedup import NearDupIndex, shingles
from nlu.errors import NluError

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
LAMP = "牡丹区东城街道和平社区路灯坏了一个多月了，晚上很黑，希望尽快维修"
LAMP_PARA = "和平社区的路灯坏了一个多月，晚上黑乎乎的，请尽快修"
LAMP_AGAIN = "东城街道和平社区路灯坏了一个多月了，晚上很黑，请尽快维修"


@pytest.fixture(params=[1, 10_000], ids=["merged", "pending"])
def index(request: pytest.FixtureRequest) -> NearDupIndex:
    # merge_every=1 exercises the sorted arrays, 10_000 the pending buckets
    ix = NearDupIndex(merge_every=request.param)
    ix.add("A1", LAMP, "城乡建设", "牡丹区", "wx:u1", T0)
    ix.add("A2", "曹县庄寨镇丁楼村自来水停了三天", "城乡建设", "曹县", "wx:u2", T0)
    ix.add("A3", LAMP_PARA, "城乡建设", "牡丹区", "sms:u3", T0 + timedelta(days=1))
    ix.add("A4", "公司拖欠工资三个月了，老板不见人", "劳动和社会保障", "单县", "wx:u4", T0)
    return ix


def test_finds_the_same_matter_best_first(index: NearDupIndex) -> None:
    hits = index.similar(LAMP_AGAIN)
    assert [h.order_id for h in hits][:2] == ["A1", "A3"]
    assert hits[0].similarity > hits[1].similarity >= index.threshold
    assert hits[0].county == "牡丹区"
    assert hits[0].sender == "wx:u1"
    assert hits[0].created_at == T0


def test_filters_by_sender_category_county_and_time(index: NearDupIndex) -> None:
    assert [h.order_id for h in index.similar(LAMP_AGAIN, sender="wx:u1")] == ["A1"]
    assert index.similar(LAMP_AGAIN, sender="nobody") == []
    assert index.similar(LAMP_AGAIN, county="曹县") == []
    assert {
        h.order_id for h in index.similar(LAMP_AGAIN, category="城乡建设", county="牡丹区")
    } == {"A1", "A3"}
    assert [h.order_id for h in index.similar(LAMP_AGAIN, since=T0 + timedelta(hours=1))] == ["A3"]


def test_unrelated_text_finds_nothing(index: NearDupIndex) -> None:
    assert index.similar("孩子上学划片不合理") == []
    assert index.similar("") == []
    assert index.similar("😀😀") == []


def test_readd_replaces_and_discard_forgets(index: NearDupIndex) -> None:
    index.add("A1", "完全不同的内容：广场舞噪音扰民", "环境保护", "牡丹区", "wx:u1", T0)
    assert "A1" not in [h.order_id for h in index.similar(LAMP_AGAIN)]
    assert index.discard("A3")
    assert not index.discard("A3")
    assert index.similar(LAMP_AGAIN) == []
    assert len(index) == 3


def test_bulk_add_and_k(index: NearDupIndex) -> None:
    index.add_many(
        [(f"B{i}", LAMP + f"第{i}次反映", "城乡建设", "牡丹区", f"u{i}", T0) for i in range(30)]
    )
    hits = index.similar(LAMP, k=5)
    assert len(hits) == 5
    assert all(h.similarity >= 0.5 for h in hits)


def test_signature_is_deterministic_and_normalized() -> None:
    a, b = NearDupIndex(), NearDupIndex()
    assert (a.signature("路燈壞了") == b.signature("路灯坏了")).all()
    assert shingles("，，") == []
    assert len(shingles("灯")) == 1


def test_bad_configuration() -> None:
    with pytest.raises(NluError):
        NearDupIndex(num_perm=50, bands=24)
