from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from nlu.engine import LOW_CONFIDENCE, EmbeddedEngine, load_engine
from nlu.errors import ModelError, TrainingDataError
from nlu.resources import CONFIG_DIR
from nlu.types import TriageOutcome

BAD_INPUTS = [
    "",
    "   ",
    "\n\n\t",
    "😀😀😀🙏",
    "！！！？？？",
    "\x00\x01\x02\x03",
    "\ud800\udfff",
    "停水" * 10000,
    "我們小區停電了，請幫忙",
    "电话１３８１２３４５６７８",
    "a" * 20000,
    bytes(range(256)).decode("latin-1"),
    "\ufffd" * 500,
    "<script>alert(1)</script>",
    "0" * 5000,
    "𠀀𠀁𠀂",
    "　" * 100,
]

#: These tests train a whole engine (seconds on a quiet machine, minutes on a shared one):
#: a timing never gates a test, so they get room beyond the default timeout.
TRAINS = pytest.mark.timeout(900)


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_parse_never_raises(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.intent.name
    assert 0.0 <= result.intent.confidence <= 1.0
    assert len(result.text) <= 4000


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "！？"])
def test_empty_like_inputs_are_out_of_scope(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.intent.name == "out_of_scope"
    assert result.intent.confidence == 0.0
    assert result.category is None
    assert result.triage is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("您好", "greet"),
        ("谢谢你们", "thank"),
        ("是的", "affirm"),
        ("不用了", "deny"),
        ("转人工服务", "ask_human"),
        ("我反映的问题处理到哪一步了", "ask_progress"),
        ("查一下工单HZ20250101-000123的进度", "ask_progress"),
        ("非常满意", "rate"),
        ("给我讲个笑话吧", "out_of_scope"),
        ("公积金提取需要什么材料", "ask_info"),
        ("我要投诉承办单位工作人员态度恶劣", "complain_staff"),
        ("我们村的路灯坏了一个月了没人修，晚上太黑了", "appeal"),
    ],
)
def test_intents(engine: EmbeddedEngine, text: str, intent: str) -> None:
    assert engine.parse(text).intent.name == intent


@pytest.mark.parametrize(
    ("text", "level1", "unit"),
    [
        ("小区停水两天了也没人通知", "城乡建设", "utility:water"),
        ("暖气一点都不热，屋里冻死了", "城乡建设", "utility:heat"),
        ("老板拖欠我们三个月工资", "劳动和社会保障", "department:人社"),
        ("孩子上小学划片不合理，离家太远", "教育文体", "department:教育"),
        ("饭店卖的东西过期了，商家还不给退", "商贸旅游", "department:市场监管"),
        ("医院乱收费，做了好多没必要的检查", "卫生计生", "department:卫健"),
        ("工厂半夜偷偷排废气，呛得人睡不着", "环境保护", "department:生态环境"),
        ("出租车司机不打表，随便要价", "交通运输", "department:交通"),
    ],
)
def test_categories_and_unit_types(
    engine: EmbeddedEngine, text: str, level1: str, unit: str
) -> None:
    result = engine.parse(text)
    assert result.category is not None
    assert result.category.level1 == level1
    assert result.category.unit_type == unit
    assert result.candidates[0] == result.category


def test_low_confidence_is_reported_for_vague_text(engine: EmbeddedEngine) -> None:
    vague = engine.classify("我想反映个事情,这个问题很久了,一直没人管,希望你们重视")[0]
    clear = engine.classify("小区停水两天了,自来水一直不来")[0]
    assert vague.confidence < LOW_CONFIDENCE < clear.confidence


def test_emergency_is_triaged_with_category_and_territory(engine: EmbeddedEngine) -> None:
    result = engine.parse("牡丹区西城街道康庄社区5号楼着火了，快来人")
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.EMERGENCY
    assert result.triage.service == "119"
    assert result.territory is not None
    assert result.territory.county == "牡丹区"
    assert result.territory.village == "康庄社区"


def test_out_of_territory(engine: EmbeddedEngine) -> None:
    result = engine.parse("济南市历下区我们小区停水了")
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.UNACCEPTABLE
    # a Heze place keeps the matter here
    assert engine.parse("我在菏泽曹县，济南市的亲戚家停水了").triage is None


def test_abusive_flag_and_entities(engine: EmbeddedEngine) -> None:
    result = engine.parse("你们这帮废物，我叫刘强，电话13912345678，单县园艺街道停电")
    assert result.abusive
    phone = result.first("phone")
    assert phone is not None
    assert phone.masked == "139****5678"
    assert result.first("name") is not None
    assert result.territory is not None
    assert result.territory.county == "单县"


@TRAINS
def test_saved_model_is_reused_and_retrained_when_data_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CONFIG_DIR, data)
    model = tmp_path / "model"
    first = load_engine(model, data_dir=data)
    assert isinstance(first, EmbeddedEngine)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["data_hash"] == first.info.data_hash
    assert meta["version"]
    again = EmbeddedEngine.load(model, data)
    assert again.info.trained_at == first.info.trained_at
    with (data / "nlu.yml").open("a", encoding="utf-8") as fh:
        fh.write("- intent: greet\n  examples: |\n    - 你好呀菏泽\n")
    with pytest.raises(ModelError):
        EmbeddedEngine.load(model, data)
    retrained = load_engine(model, data_dir=data)
    assert isinstance(retrained, EmbeddedEngine)
    assert retrained.info.data_hash != first.info.data_hash


@TRAINS
def test_corrupt_model_file_is_retrained(tmp_path: Path) -> None:
    model = tmp_path / "model"
    engine = load_engine(model)
    assert isinstance(engine, EmbeddedEngine)
    (model / "model.pkl").write_bytes(b"not a pickle")
    with pytest.raises(ModelError):
        EmbeddedEngine.load(model)
    assert load_engine(model).parse("你好").intent.name == "greet"


def test_missing_training_data(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError):
        EmbeddedEngine.train(tmp_path)


def test_unknown_backend(tmp_path: Path, model_dir: Path) -> None:
    with pytest.raises(ModelError):
        load_engine(model_dir, backend="nope")
    with pytest.raises(ModelError):
        load_engine(model_dir, backend="rasa", rasa_url=None)


def _write_csv(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "label", "text"])
        for i, (label, text) in enumerate(rows):
            writer.writerow([i, label, text])


def test_eval_command_prints_the_contract_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.cli import main
    from gateway.cli.nlu import register  # noqa: F401  (the module the CLI loads)

    water = ["停水了", "自来水发黄", "水压太低", "水管爆了没人修", "好几天没来水"] * 3
    school = ["孩子上学难", "学校乱收费", "老师体罚学生", "幼儿园报名难", "作业太多"] * 3
    train = [("水", t + str(i)) for i, t in enumerate(water)] + [
        ("学", t + str(i)) for i, t in enumerate(school)
    ]
    _write_csv(tmp_path / "train.csv", train)
    _write_csv(
        tmp_path / "test.csv", [("水", "我家停水三天"), ("学", "学校收费太乱"), ("水", "水压不够")]
    )
    code = main(
        [
            "nlu",
            "eval",
            "--train",
            str(tmp_path / "train.csv"),
            "--test",
            str(tmp_path / "test.csv"),
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "n",
        "accuracy",
        "macro_f1",
        "per_class",
        "train_seconds",
        "parse_ms_p50",
        "parse_ms_p99",
        "peak_rss_mb",
    }
    assert out["n"] == 3
    assert out["accuracy"] == 1.0
    assert out["macro_f1"] == 1.0
    assert set(out["per_class"]) == {"水", "学"}
    assert set(out["per_class"]["水"]) == {"precision", "recall", "f1"}


def test_eval_command_rejects_bad_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gateway.cli import main

    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code = main(
        [
            "nlu",
            "eval",
            "--train",
            str(tmp_path / "bad.csv"),
            "--test",
            str(tmp_path / "bad.csv"),
            "--json",
        ]
    )
    assert code == 2
    assert "id,label,text" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("喂", "greet"),
        ("不知道", "deny"),
        ("不知道为什么停水了", "appeal"),
        ("喂,我家停水了", "appeal"),
        ("谢谢你们帮我修好了路灯", "thank"),
        ("对,就是这个地址", "affirm"),
    ],
)
def test_small_talk_around_a_matter(engine: EmbeddedEngine, text: str, intent: str) -> None:
    assert engine.parse(text).intent.name == intent


def _history_csv(path: Path, rows: list[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "category", "unit"])
        writer.writerows(rows)


@TRAINS
def test_train_with_history_keeps_the_better_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.cli import main

    good = [(f"楼道的灯坏了第{i}天", "城乡建设/城市建设和市政管理", "township") for i in range(40)]
    good += [(f"遛狗不拴绳第{i}次", "政法/社会治安", "department:公安") for i in range(40)]
    _history_csv(tmp_path / "good.csv", good)
    out = tmp_path / "model"
    assert main(["nlu", "train", "--history", str(tmp_path / "good.csv"), "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kept"] == "new"
    assert report["rows"] == 80
    assert report["holdout_rows"] == 8
    assert report["new_accuracy"] >= report["previous_accuracy"]
    saved = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert saved["history_rows"] == 72
    # the previous model is served again when the new one scores worse
    assert main(["nlu", "train", "--history", str(tmp_path / "good.csv"), "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["kept"] == "new"


class _Perfect(EmbeddedEngine):
    """A serving model that gets every held-out row right (nothing can beat it)."""

    def accuracy(self, texts: Any, labels: Any, units: Any = None) -> tuple[float, float | None]:
        return 1.0, 1.0


def test_a_worse_retrain_keeps_the_previous_model(engine: EmbeddedEngine, tmp_path: Path) -> None:
    from nlu.retrain import retrain
    from nlu.training import HistoryRow

    rng = random.Random(1)
    labels = ["教育文体/文化", "民政/社会救助", "政法/社会治安"]
    rows = [HistoryRow(f"楼道的灯坏了第{i}天", rng.choice(labels)) for i in range(80)]
    current = _Perfect(engine.model, engine.info, engine.data_dir)
    report = retrain(current, rows, tmp_path / "model")
    assert report.kept == "previous"
    assert report.new_accuracy < report.previous_accuracy
    assert not (tmp_path / "model").exists()
    assert current.model is engine.model  # still serving the previous model


def test_train_with_history_rejects_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.cli import main

    (tmp_path / "h.csv").write_text("id,label\n1,2\n", encoding="utf-8")
    code = main(["nlu", "train", "--history", str(tmp_path / "h.csv"), "--out", str(tmp_path)])
    assert code == 2
    assert "text,category" in capsys.readouterr().err
