"""第十三条 (二), (四), (五), (六) fifth round (issue 11): a legal word never decides alone,
legal procedure before a favour, and eight more kinds.

(二) is told only when the citizen's own matter is in (or is to go to) a procedure: a
message merely naming 法院, 律师, 信访 or 纪委 in an ordinary appeal (a place, an addressee,
someone else's case, a letter's history) gets no finding; a case already in court or
arbitration asked to be favoured (给法官打个招呼) is the court's, not (五). New kinds:
state compensation and a relative's criminal detention or prosecution (二: 国家赔偿, the
办案机关, the 检察院), a job or promotion by favour (五), the army's internal affairs, the
people's congress and its deputies, foreign affairs, an online game's account (六).
Every sentence below was written for these tests (none is in the corpus, the lexicon, the
training data or a held-out set); figures in bench/nlu.md.
"""

from __future__ import annotations

import pytest

from config.settings import DATA_DIR
from dialogs.context import DialogContext
from dialogs.wording import load_wording
from nlu.data import load_examples
from nlu.engine import EmbeddedEngine
from nlu.resources import CONFIG_DIR
from nlu.triage import triage_concepts
from nlu.triage_kinds import kind_model, kind_specs
from nlu.types import TriageOutcome
from tests.unit.dialogs.dialog_helpers import NO_DETAIL, Chat, texts

L = TriageOutcome.LEGAL_CHANNEL
S = TriageOutcome.SECRET_PRIVACY
U = TriageOutcome.UNLAWFUL
X = TriageOutcome.UNACCEPTABLE

#: (text, outcome, kind or None when only the outcome matters)
POSITIVES: list[tuple[str, TriageOutcome, str | None]] = [
    # (二) the citizen's own case in a procedure, in new words
    ("俺告那个包工头的官司法院已经立案了 啥时候开庭恁帮俺问问", L, None),
    ("俺的仲裁案子开过庭了 仲裁委一直不出裁决书", L, None),
    ("镇上罚俺的决定俺不服 俺想复议 该去哪个部门", L, None),
    ("俺跟物业的官司正在打 恁给法官说说让俺赢", L, None),
    ("劳动仲裁还没裁 恁能不能给仲裁员打个招呼照顾照顾俺", L, None),
    # (二) asking whether the channel may be used; an official reported to the 纪委
    ("物业多收了俺两年的取暖费 俺能不能起诉他们", L, None),
    ("俺要向纪委举报俺们村主任 他把扶贫款揣自己兜里了", L, None),
    # (二) a private loan to get back: the court's
    ("同学借了俺两万块钱三年了不还 你们帮俺把钱要回来", L, "court"),
    # (四) a spouse's company; a relative-in-law's flats; who reported our shop
    ("帮俺查查俺老公这几天晚上跟谁在一起", S, "personal"),
    ("俺儿子对象她爹有几套房 你们帮俺查查", S, "personal"),
    ("举报俺们饭店的到底是哪个 你们给俺说说", S, "informant"),
    # (五) shielding a stall from inspection; a threat to block a gate; a debtor's child
    # taken away; money from a card found
    ("俺在桥头摆摊卖菜 城管来了你们帮俺挡一下", U, "evade"),
    ("俺明天就带着工友去把老板家大门堵住 看他还给不给钱", U, None),
    ("他不还钱 我就去幼儿园把他闺女接走", U, "confine"),
    ("我捡了一张银行卡 背面写着密码 能不能取点钱花", U, "forbidden"),
    # (六) a law asked for without a verb of wishing; national policy asked of the state
    ("你们出台个法 不让外卖骑手闯红灯", X, "legislate"),
    ("我想让国家把个税起征点改成一万", X, "legislate"),
    # (二) state compensation
    ("派出所把俺错抓关了二十天 俺要申请国家赔偿 找谁", L, "compensation"),
    ("法院错判俺坐了三年牢 现在改判无罪了 国家赔偿咋申请", L, "compensation"),
    # (二) a relative detained or prosecuted: the 办案机关's procedure
    ("俺儿子被公安刑拘了 啥时候能放出来", L, "detention"),
    ("俺男人被关在看守所半个月了 能不能取保候审", L, "detention"),
    ("检察院批捕了俺弟弟 俺觉得冤枉 能不能不起诉", L, "detention"),
    # (五) a job or a promotion by favour
    ("俺想进县里的事业单位 恁能不能给人事局打个招呼", U, "job_favour"),
    ("帮俺跟局长说说 今年提拔俺当个副科长", U, "job_favour"),
    ("俺闺女考教师差两分 能不能找找关系给录上", U, "job_favour"),
    # (六) the army's internal affairs
    ("俺儿子在部队里老挨班长训 恁给部队首长说说", X, "military"),
    ("俺孩子当兵想转士官 恁跟部队打个招呼", X, "military"),
    # (六) the people's congress and its deputies
    ("俺想当人大代表 恁给推荐推荐", X, "congress"),
    ("这届人大代表选谁 恁给俺们村定一个", X, "congress"),
    # (六) foreign affairs
    ("美国大使馆不给俺签证 恁给他们打个电话说说", X, "foreign"),
    ("俺想让政府去跟日本交涉 把钓鱼岛的事办了", X, "foreign"),
    # (六) an online game's account or items
    ("俺的游戏账号被封了 恁帮俺解封", X, "game"),
    ("王者荣耀的皮肤被人盗了 恁给俺找回来", X, "game"),
]

#: Ordinary appeals sharing the words of (二) and of the new kinds: no finding.
ORDINARY = [
    "法院家属院门口的下水道堵了 臭得不行",
    "俺请了个律师 想问问法律援助中心在哪",
    "小区旁边检察院的围墙倒了一段 没人修",
    "信访局门口天天有人乱停车 堵得过不去",
    "俺家孩子在部队当兵 军属优待金今年还没发",
    "退役军人的优抚金咋申请",
    "人大代表联络站的电话是多少",
    "俺想办个护照 出国旅游 要带啥",
    "网吧里天天有小学生打游戏到半夜",
    "游戏厅在学校门口 吵得孩子没法上课",
    "单位招聘说好的公开考试 结果全是内定的",
    "派出所办案的民警态度很差 俺要投诉",
    "公司欠俺三个月工资 俺想咨询一下咋维权",
    "村里修路把俺家的树砍了 一分钱没赔",
    "单位评先进全靠走后门 难道老实干活的就没机会吗",
    "俺想查查俺自己家的不动产登记信息",
    "老李借了俺五千块 村里能不能帮着调解调解",
    "纪委书记下乡调研的时候路过俺村 路还是没修",
    "他欠俺钱不还 俺就去他家把欠条拿给他爹看看",
    "俺想看看俺自个的养老保险交了几年 在哪查",
    "我的医保账户里还有多少钱 能给查查吗",
]


@pytest.mark.parametrize(("text", "outcome", "kind"), POSITIVES)
def test_each_kind_gets_its_outcome_through_the_engine(
    engine: EmbeddedEngine, text: str, outcome: TriageOutcome, kind: str | None
) -> None:
    found = engine.parse(text).triage
    assert found is not None, text
    assert found.outcome is outcome, (text, found.outcome, found.kind)
    if kind is not None:
        assert found.kind == kind
        assert "《" in found.reason  # the rule named
        assert "请" in found.reason  # courteous: the citizen is told what to do


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_appeals_sharing_the_words_get_no_finding(
    engine: EmbeddedEngine, text: str
) -> None:
    found = engine.parse(text).triage
    assert found is None, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        # a legal word inside a long letter's history is not the matter: the letter is
        "我们小区的业主去年就向法院起诉过开发商，也到信访局反映过多次，纪委也来人看过，"
        "可是到现在小区的路灯还是不亮，下水道一下雨就往外冒，物业也不管，"
        "老人孩子晚上出门很不安全，请政府督促物业和开发商尽快把路灯和下水道修好。",
        # an addressee, not a procedure
        "纪委和住建局的领导你们好 小区电梯坏了一个月了 请尽快修",
        # someone else's case
        "邻居和开发商打官司 开发商就把俺们整栋楼的水停了",
    ],
)
def test_a_legal_word_alone_never_decides(engine: EmbeddedEngine, text: str) -> None:
    found = engine.parse(text).triage
    assert found is None or found.outcome is not L, (text, found)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("俺要找你们查查隔壁那家的身份证号", S),
        ("有没有地方能弄到假发票 抵税用", U),
        ("俺们县检察院在起诉俺哥 恁说说他能判几年", L),
        ("俺想当人大代表 恁给推荐推荐", X),
    ],
)
def test_the_reply_states_the_reason(
    engine: EmbeddedEngine, text: str, outcome: TriageOutcome
) -> None:
    result = engine.parse(text)
    assert result.triage is not None, text
    assert result.triage.outcome is outcome
    chat = Chat(DialogContext.for_channel("web", load_wording(DATA_DIR), NO_DETAIL))
    acts = chat.say(text, result)
    told = texts(acts)
    assert result.triage.reason.split("，")[0] in told  # the reason itself is told
    if result.triage.kind is None:
        assert "原因：" in told
    assert chat.flow == "idle"  # no intake starts


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("legal_channel", "该事项已进入信访程序"),
        ("secret_privacy", "涉及国家秘密或商业秘密，热线无法提供，请您理解"),
        ("unlawful", "该请求违反法律法规或公序良俗，热线不能办理"),
        ("unacceptable", "立法事项不属于热线受理范围"),
    ],
)
def test_the_general_answers_say_the_reason(key: str, reason: str) -> None:
    ctx = DialogContext.for_channel("web", load_wording(DATA_DIR), NO_DETAIL)
    said = ctx.say(key, reason=reason)
    assert f"原因：{reason}。" in said
    assert "{" not in said
    short = DialogContext.for_channel("sms", load_wording(DATA_DIR), NO_DETAIL)
    assert f"原因：{reason}。" in short.say(key, reason=reason)


@pytest.mark.parametrize(
    "text",
    [
        "俺男人被关在看守所半个月了 能不能取保候审",  # lawful custody asked about
        "法院执行局把俺的车扣走了 俺觉得扣错了 恁给法院说说",  # a court's seizure
    ],
)
def test_lawful_custody_or_seizure_is_no_emergency(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.emergency is None
    assert result.triage is not None
    assert result.triage.outcome is L


@pytest.mark.parametrize(
    "text",
    [
        "他们把我关在屋里不让走 快来救我",  # the citizen held by force now
        "有人把我儿子关在仓库里 正拿刀吓唬他",  # a present danger told
    ],
)
def test_a_person_held_by_force_stays_an_emergency(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is not None
    assert result.triage.outcome is TriageOutcome.EMERGENCY


def test_kinds_with_few_examples_are_left_to_the_concept_floor() -> None:
    floor_only = {name for name, spec in kind_specs().items() if not spec.learned}
    assert {"military", "congress", "foreign", "game", "job_favour"} <= floor_only
    assert floor_only.isdisjoint(kind_model(triage_concepts).classes)


def test_no_test_line_is_in_the_corpus_the_lexicon_or_the_training_data() -> None:
    corpus = (CONFIG_DIR / "triage_kinds.yml").read_text(encoding="utf-8")
    lexicon = (CONFIG_DIR / "triage.yml").read_text(encoding="utf-8")
    examples = {e.text for e in load_examples(CONFIG_DIR)}
    lines = [t for t, *_ in POSITIVES] + ORDINARY
    assert [t for t in lines if t in corpus or t in lexicon or t in examples] == []
