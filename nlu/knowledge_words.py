"""The words of a knowledge-base question: what is asked about (objects, subject words),
set apart from how it is asked (words of asking, of the spoken language, of when and of a
common act), and the words retrieval indexes (jieba words and character bigrams, with the
colloquial synonyms of ``config/knowledge/synonyms.txt``)."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import yaml

from nlu.normalize import normalize
from nlu.tokenize import tokens

_STOP_WORDS = (
    "的 了 吗 呢 啊 吧 呀 我 你 您 请问 一下 怎么 如何 什么 是 在 有 要 想 问 问问 "
    "能 可以 和 与 及 、 , . ? ! 哪 哪里 多少 需要 咨询"
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP = _wordset(_STOP_WORDS)
#: Words of asking and of the spoken language around a question (俺 恁 咋 啥 去哪 能不能 ...):
#: taken out of the query before it is compared, so a long colloquial question weighs
#: what it is about, not how it is asked. Single characters only where they are never part
#: of a term of the entries (个 of 个体户 and 上 of 上户口 stay).
FILLER = re.compile(
    r"俺们|俺|恁们|恁|咱们|咱|我们|你们|请问|问一下|问问|想问|咨询一下|打听一下|麻烦|"
    r"怎么|怎样|如何|咋|啥|什么|哪里|哪儿|去哪|上哪|在哪|能不能|可不可以|要不要|是不是|"
    r"有没有|一下|[吗呢啊呀吧哈嘛哦]|了(?=\s|$)"
)

#: Words every procedure question may share: never the subject matched on.
GENERIC = _wordset(
    "办理 申请 需要 材料 手续 流程 条件 时间 多少 可以 能否 一下 哪个 部门 地方 现在 今年 "
    "时候 一个 要办 办证 证件 东西 问题 事情 情况 政策 规定 能办 去办"
)

#: Words of when and of a common act (几点 开门, 登记, 预约, 补办, 丢了 ...): a question
#: shares them with many entries, so they never alone make an entry the answer (图书馆几点
#: 开门 is not 公共体育场馆开放 because both say when something opens).
LIGHT = _wordset(
    "几点 开门 关门 开放 营业 上班 下班 办公 几号 哪天 周末 周六 周日 礼拜天 星期天 节假日 "
    "假期 上午 中午 下午 晚上 登记 预约 查询 补办 办理 缴费 交费 报名 领取 咨询 电话 "
    # losing, renewing, changing, cancelling (丢了咋补 is asked of every document: 出生证明丢了
    # is not 身份证丢了)
    "丢了 丢失 遗失 补领 补发 补换 换领 换证 过期 到期 变更 更正 注销 下载 "
    # how long and what becomes of it (多久能处理 is asked of every procedure)
    "多久 多长时间 几天 处理 解决 答复 回复 结果"
)

#: A question about opening or office hours (几点开门, 周末上班吗) ...
WHEN_ASKED = re.compile(
    r"几点|开门|关门|营业时间|办公时间|开放时间|上班时间|周[末六日]|礼拜[天六日]|星期[天六日]|节假日"
)
#: ... is answered only by an entry whose title or questions are about hours too.
WHEN_ANSWERED = re.compile(r"几点|开门|营业时间|办公|开放|时间|周末|节假日|收班")


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def load_objects(path: Path) -> dict[str, tuple[str, ...]]:
    """``object: [aliases]`` of ``objects.yml``; missing file: no object filter."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(k): tuple(str(a) for a in v or ()) for k, v in doc.items()}


def objects_in(text: str, objects: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The objects named in ``text``; longer aliases first and masked (公租房 is not 租房)."""
    found: set[str] = set()
    pairs = sorted(
        ((alias, name) for name, aliases in objects.items() for alias in aliases),
        key=lambda p: -len(p[0]),
    )
    for alias, name in pairs:
        if alias in text:
            found.add(name)
            text = text.replace(alias, "\x00")
    return frozenset(found)


def load_synonyms(path: Path) -> dict[str, str]:
    """``word canonical`` lines (``#`` comments); missing file: no synonyms."""
    out: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2 and parts[0] != parts[1]:
            out[parts[0]] = parts[1]
    return out


def canonical(text: str, synonyms: dict[str, str]) -> str:
    """``text`` with the canonical word of each synonym it holds appended (the original
    words still match)."""
    extra = [canon for word, canon in synonyms.items() if word in text]
    return text + (" " + " ".join(extra) if extra else "")


def core(norm: str) -> str:
    """A normalized text without the words of asking (:data:`FILLER`); itself when
    nothing else is left."""
    return " ".join(FILLER.sub(" ", norm).split()) or norm


def subject(norm: str) -> frozenset[str]:
    """The words of what a question is about: jieba words of two Han characters or more
    (the generic ones out), else adjacent Han character pairs (狗证 split as 狗 + 证)."""
    words = {w for w in tokens(norm) if len(w) >= 2 and all(_han(c) for c in w)}
    if not words:
        han = [c if _han(c) else " " for c in norm]
        words = {a + b for a, b in pairwise(han) if " " not in (a, b)}
    return frozenset(words - GENERIC - STOP)


def answers_subject(asked: frozenset[str], entry_text: str) -> bool:
    """Precision by subject: the entry names what the question is about. With its light
    words (:data:`LIGHT`) set aside, one of the question's subject words is in the entry;
    a question made only of light words needs one of them."""
    heavy = [w for w in asked if w not in LIGHT]
    return any(w in entry_text for w in (heavy or asked))


def analyze(text: str, synonyms: dict[str, str]) -> list[str]:
    """jieba words (stop words dropped) plus character bigrams of Han runs."""
    norm = canonical(core(normalize(text)), synonyms)
    words = [w for w in tokens(norm) if w not in STOP]
    han = [c for c in norm if _han(c)]
    bigrams = ["#" + a + b for a, b in pairwise(han)]
    return words + bigrams
