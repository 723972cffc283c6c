"""Personal names told with no cue word, read from the words around them (trial10 N04):
隔壁王建国家天天唱歌, 张秀兰家的狗, 路灯坏了 张秀兰反映的, 俺家那口子李大柱天天喝酒,
跟物业的孙德福说了, 王建国、李秀英两家天天吵架, 楼上赵春生装修, 俺是村东头的马桂英.

A common surname and one or two given characters count as a name only between a person
context before (隔壁, 楼上, 俺家那口子, 跟…的, 俺是…的) and an end, or after a clear
start (the text's start, a space or punctuation, a list's 、/和) and before a person
context after (家, 反映, 说, 装修, 两家, 的狗, 天天, 在外打工). Place names (张庄, 王楼村,
黄河路), and words that open with a surname character (周一, 高温, 马路, 李子, 白天) are no
name. Part of :mod:`nlu.pii` (public answers: :func:`nlu.pii.mask_text` with
``public=True``).
"""

from __future__ import annotations

import functools
import re

from nlu.pii_names import COMPOUND_SURNAMES, PLACE_ENDS, ROLE_WORDS, TITLES, is_name
from nlu.pii_words import heze_place, ordinary_word, place_at, public_figure
from nlu.regate import gated

_HAN = r"[\u4e00-\u9fff]"
_HAN_RE = re.compile(_HAN)  # compiled once: read at every character of a text
_HAN_RUN_RE = re.compile(_HAN + "+")
#: Person contexts before a name: where the person lives (隔壁, 楼上, 对门, 俺们村, 同村的,
#: 村西头的, 隔壁单元的), the citizen's spouse, whose staff the person is (物业的, 村委会的),
#: and whom the citizen told (跟物业的孙德福) or who the citizen is (俺是村东头的马桂英).
#: The loose ones (跟…的, 俺是…的: 跟工作无关的任务) are read strictly (:func:`_ends_at`).
_HOME_PLACE = "(?:村|庄|组|屯|队|胡同|院|楼|单元|小区)"
_BEFORE_RE = gated(
    r"(?:(?:隔壁|楼上|楼下|对门|对过|后院|前院)(?:单元|楼|院|家)?的?|那口子|当家的|"
    r"(?:俺们|我们|咱们|俺|我|咱|本|同|邻)" + _HOME_PLACE + r"(?:上|里)?的?|"
    r"(?:村|庄|组)(?:里|上|[东西南北](?:头|边))的?|"
    r"(?:物业|村委会?|居委会?|社区|村两委|单位|厂里|公司)的|"
    r"(?P<loose>(?:跟|找|告诉)" + _HAN + r"{1,3}?的|(?:俺|我)是" + _HAN + r"{1,6}?的))$"
)
#: Person contexts after a name: their home (家, 两家, 一家), what they said or did
#: (反映, 说, 装修, 喝酒), their things (的狗), how often (天天, 整天, 老是).
#: 家 not opening another word (家族, 家长, 家园) nor a place (肖家村, 宋家桥).
_HOME = "家(?![族世园长庭具电乡政居务常私用村组屯店桥湾寨庄镇集营街喻]|门(?!口))"
_AFTER = (
    "[两三几]家", "一家", "两口子", "好几[回次遍趟]", "多次", _HOME, "反映", "说", "讲", "装修",
    "的狗", "的猫", "天天", "整天", "成天", "在外打工", "喝酒", "打俺", "打我", "欠",
)  # fmt: skip
_AFTER_RE = gated(r"(?:" + "|".join(_AFTER) + r")")
#: What may end a name after a person context before it (楼上赵春生装修, 马桂英 儿子):
#: no Han character, a person context after, or a character that begins a deed.
_ENDS = frozenset("说讲让把被给对跟和与在是的了又还就也都不没却打骂吼已到称曾再及并、")
#: ... and 家 or 两 (商家, 王建国两家): the home, not the name.
_PLACE_ENDS = PLACE_ENDS | frozenset("家两酒饭菜庙摊馆铺树草")
#: Words opening with a surname character that name no one, read wherever a person
#: context is near (高温天天, 白天天天, 方便说, 李子家).
_WORDS = frozenset((
    "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天", "周末", "周边", "周围",
    "黄河", "高温", "高空", "高层", "高楼", "高速", "高架", "马路", "马上", "李子", "白天",
    "白日", "方便", "方面", "王八", "刘海", "全家", "全天", "全部", "常年", "常常", "时常",
    "时候", "时间", "万一", "于是", "安全", "安装", "安排", "文明", "文化", "管理", "车辆",
    "车子", "石头", "田里", "田地", "林子", "江边", "钱款", "金额", "严重", "成天", "经常",
    "尤其", "毕竟", "曾经", "余下", "夏天", "秋天", "春天", "温度", "水电", "路面", "路上",
    "路灯", "房子", "房屋", "房间", "门口", "楼道", "楼上", "楼下", "商家", "管家", "单位",
    "单元", "关于", "连续", "连着", "连天", "齐全", "应该", "何时", "包括", "上面", "左边",
    "右边", "宁可", "尚未", "计划", "施工", "程序", "党员", "党委", "卫生", "米面", "解决",
    "苏醒", "牛奶", "牛肉", "龙头", "毛病", "甘心", "申请", "简直", "席子", "冷水", "冷天",
    "温水", "热水", "司机", "宫里", "卢沟", "能说", "孔洞", "祝贺", "任何", "任由", "朱红",
    "华为", "鲁西", "童车", "娄子", "任务", "路边", "许多", "常有", "许久", "时有", "熊孩",
))  # fmt: skip


@functools.cache
def surnames() -> frozenset[str]:
    """The NLU's common surnames (:data:`nlu.entities.SURNAMES`) and
    :data:`_MORE_SURNAMES`."""
    from nlu import entities  # the NLU's common surnames (entities imports nlu.pii)

    return entities.SURNAMES | _MORE_SURNAMES


@functools.cache
def name_starts() -> frozenset[str]:
    """The characters a name's surname may open with: :func:`surnames` and the first of
    each compound surname (欧阳). A text holding none of them names no one, and no name
    starts anywhere else (the early exits of :func:`context_names` and
    :func:`nlu.pii_bare.bare_names`)."""
    return surnames() | frozenset(c[0] for c in COMPOUND_SURNAMES)


#: Common surnames the NLU's table lacks (傅小军, 洪德明, 阎春花), none of them the first
#: character of many words (强, 乐, 原, 商, 计 are left out: 强烈, 乐意, 原来, 商家, 计划).
_MORE_SURNAMES = frozenset(
    "傅洪赖萧甄隋柏桂闵瞿丘晋苑臧苟廉奚燕郎邸冀姬屠郜郁迟敖鄢巩仲虞卞竺佟栗匡蔺阎丛"
)


_ROLE_RE = gated(r"(?:" + ROLE_WORDS + r")")
_NAME_CANDIDATE_RE = gated(
    r"(" + "|".join(COMPOUND_SURNAMES) + r"|" + _HAN + r")(" + _HAN + r"{1,2})"
)


#: Titles and offices after a surname (毛市长, 李总理, 胡科长): the person is named by
#: the title, no given name follows.
_TITLE_RE = gated(
    r"(?:[市县区省乡镇厅局处科部院校村]长|总理|总|书记|主任|领导|[叔婶哥姐爷奶嫂]|"
    + "|".join(TITLES)
    + "|"
    + ROLE_WORDS
    + r")"
)


#: Characters no given name holds: function words, pronouns, numbers (but a nickname's:
#: 王老五, 孙二柱, :data:`_NICKNAME_RE`).
_NOT_GIVEN = frozenset("的了是在不没也都就还又说有人您你我他她它们某部几给把被让将从往到过着")
_NUMERALS = frozenset("一二三四五六七八九十")
#: A nickname for a given name: an older one's rank (老五, 老大) or a rank and a
#: character (二柱, 三妮).
_NICKNAME_RE = re.compile(
    r"老[一二三四五六七八九十大幺]|[二三四五六七八九][^天年月日号个次层楼岁点]"
)
#: The ends of a place (:data:`_PLACE_ENDS`) that end many two-character given names
#: too (柳青山, 刘宝山): a place only after a surname alone (梁山).
_NAME_ENDS = frozenset("山")


def _word(surname: str, given: str, *, framed: bool = False) -> bool:
    """``surname + given`` is a word, a place, a title or a public figure, no name: a
    common word of the dictionary opens it (黄瓜, 房价, 高压线) wherever it stands, or a
    Heze village or township is called so (裕洲, 徐海: :func:`nlu.pii_words.heze_place`).
    ``framed``: person contexts on both sides (隔壁杨树林家): the words read after a role
    word (杨树, :func:`nlu.pii_names.is_name`) do not undo the name."""
    name = surname + given
    nickname = _NICKNAME_RE.fullmatch(given) is not None
    return (
        name[:2] in _WORDS
        or given in "老小"
        or (given[-1] in _PLACE_ENDS and not (len(given) == 2 and given[-1] in _NAME_ENDS))
        or any(c in _NOT_GIVEN or (c in _NUMERALS and not nickname) for c in given)
        or _ROLE_RE.match(name) is not None
        or _TITLE_RE.match(given) is not None
        or (surname not in COMPOUND_SURNAMES and surname not in surnames())
        or not is_name(surname, given, ordinary=not framed, need_surname=False)
        or public_figure(name)
        or ordinary_word(name[:2])
        or heze_place(name)
    )


def _starts_clear(text: str, at: int) -> bool:
    """A name may start at ``at`` with no person context before it: the text's start,
    or after a space or punctuation (not after a digit or letter: 90余户人家)."""
    return at == 0 or (_HAN_RE.match(text[at - 1]) is None and not text[at - 1].isalnum())


#: A surname character that far more often opens a phrase (向您反映, 严惩, 简单的说,
#: 任大家): read as a surname only after a person context.
PHRASE_OPENERS = frozenset("向任连单高文简严农项解关温符范安于")


def _after_at(text: str, at: int) -> bool:
    return _AFTER_RE.match(text, at) is not None


def _ends_at(text: str, at: int, *, strict: bool) -> bool:
    """A name may end at ``at``; ``strict`` (after 跟…的, 俺是…的): only before no Han
    character or a person context."""
    after = text[at : at + 1]
    if not after or _HAN_RE.match(after) is None or _after_at(text, at):
        return True
    return not strict and after in _ENDS


def _name_at(text: str, at: int, *, before: bool, strict: bool = False) -> tuple[int, int] | None:
    """The (start, end) of the given name of a name starting at ``at``, or ``None``.
    ``before``: a person context stands before ``at``."""
    m = _NAME_CANDIDATE_RE.match(text, at)
    if m is None:
        return None
    surname = m.group(1)
    if surname not in COMPOUND_SURNAMES and surname not in surnames():
        return None
    if not before and surname in PHRASE_OPENERS:
        return None
    if place_at(text, at):  # 孙老家镇, 何楼街道: a place of the dictionaries
        return None
    start = at + len(surname)
    # a person context after the name first (隔壁许强家的: 许强, not 许强家), then an end
    for fits in (_after_at, lambda t, e: before and _ends_at(t, e, strict=strict)):
        for n in (2, 1):
            given = text[start : start + n]
            han = len(given) == n and _HAN_RUN_RE.fullmatch(given) is not None
            framed = before and fits is _after_at
            if han and fits(text, start + n) and not _word(surname, given, framed=framed):
                return start, start + n
    return None


def _list_start(text: str, at: int) -> bool:
    """``at`` follows 、 or 和 after a name that starts clear (王建国、李秀英两家)."""
    if at == 0 or text[at - 1] not in "、和":
        return False
    for n in (3, 2, 4):
        begin = at - 1 - n
        if begin < 0:
            continue
        if _starts_clear(text, begin) or text[begin - 1 : begin] in "、和":
            m = _NAME_CANDIDATE_RE.fullmatch(text, begin, at - 1)
            if m is not None and m.group(1) in surnames() and not _word(*m.groups()):
                return True
    return False


def _list_names(text: str, first: int) -> list[tuple[int, int]]:
    """The given names of the names listed before ``first`` with 、/和 (王建国、李秀英两家:
    李秀英 read, 王建国 listed before it)."""
    extra: list[tuple[int, int]] = []
    at = first
    while at >= 3 and text[at - 1] in "、和":
        sep = at - 1
        for n in (3, 2):
            begin = sep - n
            m = _NAME_CANDIDATE_RE.fullmatch(text, begin, sep) if begin >= 0 else None
            if m is None or m.group(1) not in surnames() or _word(*m.groups()):
                continue
            if _starts_clear(text, begin) or text[begin - 1] in "、和":
                extra.append((begin + 1, sep))
                at = begin
                break
        else:
            break
    return extra


def context_names(text: str) -> str:
    """``text`` with each name read from its context masked, the surname kept
    (隔壁王建国家 -> 隔壁王**家). Never raises on any text."""
    starts = name_starts()
    if starts.isdisjoint(text):
        return text  # no surname: no name (an ASCII log line, 请尽快处理)
    spans: list[tuple[int, int]] = []
    at = 0
    while at < len(text) - 1:
        if text[at] not in starts:
            at += 1  # no name starts here (_name_at would say None): no context read
            continue
        cue = _BEFORE_RE.search(text, max(0, at - 12), at) if at else None
        before = cue is not None
        strict = cue is not None and cue.group("loose") is not None
        clear = _starts_clear(text, at) or _list_start(text, at)
        span = _name_at(text, at, before=before, strict=strict) if before or clear else None
        if span is None and before and clear:
            span = _name_at(text, at, before=False)
        if span is not None:
            spans += [span, *_list_names(text, at)]
            at = span[1]
        else:
            at += 1
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = "*"
    return "".join(chars)
