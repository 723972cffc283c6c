"""Personal data in free text, the names: a citizen's own (我叫王小明), a family member's
(我儿子张小军), a person named by role (工作人员李秀英), with a title (王小明女士) or
beside a phone. Part of :mod:`nlu.pii` (THE masking function :func:`nlu.pii.mask_text`).
"""

from __future__ import annotations

import functools
import re

_HAN = r"[\u4e00-\u9fff]"
#: Two-character surnames (复姓): 欧阳娜娜 is 欧阳 + 娜娜, masked to 欧阳**.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
    "宇文", "夏侯", "轩辕", "西门", "独孤", "南宫", "端木", "澹台", "司徒", "司空", "万俟",
    "闻人", "呼延", "钟离", "申屠", "太史", "公冶", "濮阳", "淳于", "单于", "赫连", "第五",
)  # fmt: skip
_COMPOUND_SET = frozenset(COMPOUND_SURNAMES)
_SURNAME = r"(" + "|".join(COMPOUND_SURNAMES) + r"|" + _HAN + r")"
#: A family member named after the kinship word (我儿子张小军, 俺老伴刘桂兰): masked like a
#: citizen's own name, surname kept.
_KIN_NAME_RE = re.compile(
    r"(儿子|女儿|孙子|孙女|外孙|外孙女|老伴|爱人|丈夫|妻子|老公|老婆|媳妇|父亲|母亲|"
    r"爸爸|妈妈|哥哥|姐姐|弟弟|妹妹|孩子)"
    r"([:：]?\s?)" + _SURNAME + r"(" + _HAN + r"{1,2})"
)
#: A name typed with spaces between its characters after a lead word (我叫张 三 -> 我叫张 *).
_SPACED_LEAD_NAME_RE = re.compile(
    r"(我叫|我的名字是|我的名字叫|名字叫|名字是|姓名|联系人)([:：]?\s?)(" + _HAN + r")"
    r"((?:[ \u3000]" + _HAN + r"){1,2})(?=[\s,，。.、0-9*]|$|电话|手机|身份证)"
)
#: The words that name a person by role or title (工作人员, 执法队员 = 执法 + 队员,
#: 社区主任 = 社区 + 主任, 民警, 网格员, 科长 …): a name after one is the person's.
ROLE_WORDS = (
    "工作人员|办事员|窗口人员|民警|警官|辅警|协警|片警|交警|城管队员|执法人员|队员|网格员|"
    "协管员|调解员|专员|干部|社工|值班员|接线员|保安|医生|大夫|护士|老师|校长|园长|司机|"
    "村支书|支书|书记|村长|主任|科长|所长|局长|站长|队长|经理|客服|师傅|负责人|管理员|"
    "物业人员|业主|诉求人|反映人|来电人|当事人|"
    # people a citizen names beside staff: neighbours, landlords, employers, reporters
    "邻居|房东|房主|租客|租户|老板娘|老板|被举报人|举报人|同事|店主|店长|摊主|包工头|"
    "承包人|组长|班长|律师|记者|法官|会计|厂长|院长|镇长|乡长|楼长|老乡|朋友|同学|室友|车主|"
    # the people living or trading where the matter is (楼上住户孙小美: trial7 F06)
    "住户|户主|房客|租房户|承租人|出租人|商户|摊贩|居民|村民|店员|保姆"
)
#: A person named by their role (a complaint names the staff member: 窗口的工作人员李秀英,
#: 民警张伟): the name after the role word is masked like a citizen's, surname kept.
_ROLE_NAME_RE = re.compile(r"(" + ROLE_WORDS + r")([:：]?\s?)" + _SURNAME + r"(" + _HAN + r"{1,2})")
#: A name after a lead word, perhaps after the person's role (联系人：执法队员刘强,
#: 联系人民警赵刚: the role word, with up to four characters of its office before it, is
#: kept and the name after it masked, never the role taken for the name).
_LEAD_NAME_RE = re.compile(
    r"(我叫|我的名字是|我的名字叫|名字叫|名字是|姓名|联系人|本人叫|本人|我是|叫我|报案人|反映人)"
    r"([:：]?\s?(?:"
    + _HAN
    + r"{0,4}?(?:"
    + ROLE_WORDS
    + r")[:：]?\s?)?)"
    + _SURNAME
    + r"(\s?)("
    + _HAN
    + r"{1,2})"
)
#: A role word (with its office) where a name would be: 联系人：工作人员 names nobody.
_ROLE_AT_RE = re.compile(_HAN + r"{0,4}?(" + ROLE_WORDS + r")")
#: Courtesy titles after a full name (王小明女士 -> 王**女士; 王女士 alone is kept).
TITLES = (
    "女士", "先生", "小姐", "同志", "老师", "师傅", "大爷", "大娘", "大妈", "阿姨", "大姐",
    "大哥", "奶奶", "爷爷", "老人", "经理", "主任", "医生", "律师",
)  # fmt: skip
_TITLE_RE = re.compile("|".join(TITLES))
_HAN_CHAR = re.compile(_HAN)
#: A bare name beside a (masked or clear) mobile number: 王小明 138****8000.
_BESIDE_PHONE_RE = re.compile(
    r"(?:(?<=^)|(?<=[\s,，:：;；、。]))" + _SURNAME + r"(" + _HAN + r"{1,2})"
    r"(?=[\s,，:：、]*(?:\+?86)?1[3-9][0-9][0-9*]{4}[0-9]{4}(?![0-9]))"
)
_AFTER_PHONE_RE = re.compile(
    r"(1[3-9][0-9][0-9*]{4}[0-9]{4}[\s,，:：、]*)" + _SURNAME + r"(" + _HAN + r"{1,2})"
    r"(?=$|[\s,，。;；!！])"
)


@functools.cache
def _not_names() -> tuple[frozenset[str], re.Pattern[str], frozenset[str]]:
    """The NLU's name rules, prepared once: the two-character openings of words that are
    not names, the stop words as one pattern, the common surnames."""
    from nlu import entities  # the NLU's name rules (entities imports this module)

    openings = frozenset(w[:2] for w in entities._NOT_NAME)
    stop = re.compile("|".join(map(re.escape, entities._NAME_STOP)))
    return openings, stop, entities.SURNAMES


def _is_name(surname: str, given: str, *, need_surname: bool) -> bool:
    openings, stop, surnames = _not_names()
    name = surname + given
    if name[:2] in openings or name[:1] in openings:
        return False
    # words that follow a lead word but begin no name (姓名以房产证为准, 姓名须与身份证一致)
    if stop.search(name) or surname in "就也还都不没在是从以为需须请按及或等填必均可":
        return False
    return not need_surname or surname in surnames or surname in COMPOUND_SURNAMES


#: Characters that end a name rather than belong to it (李秀英态度…: 态 is not a name).
_AFTER_NAME = frozenset("说讲让把被给对跟和与在是的了态又还就也都不没却打骂踢推抢偷扣拖欠骗吼")
#: ... and, after a given name's first character, words that begin what the person did
#: (网格员张伟已上门, 执法队员刘强处理: the name is 张伟, 刘强).
_AFTER_GIVEN = _AFTER_NAME | frozenset("已处到称于曾再及并")


def _given_name(given: str) -> str:
    """The given name in the one or two characters read after a surname."""
    return given[0] if len(given) == 2 and given[1] in _AFTER_GIVEN else given


def _titled_split(run: str) -> tuple[str, str, str] | None:
    """The full name at the end of ``run`` (the text before a title): ``联系王小明`` ->
    (``联系``, ``王``, ``小明``); a compound surname first (``欧阳娜娜``), then a
    three-character name, then two. ``None`` when no common surname starts one."""
    for n in (2, 1):
        compound = run[-n - 2 : -n]
        if len(run) >= 2 + n and compound in _COMPOUND_SET:
            given = run[-n:]
            if _is_name(compound, given, need_surname=False):
                return run[: -n - 2], compound, given
    for n in (2, 1):
        if len(run) >= n + 1:
            surname, given = run[-n - 1], run[-n:]
            if _is_name(surname, given, need_surname=True):
                return run[: -n - 1], surname, given
    return None


#: Words that open with a surname yet say what a person after a role or people word did
#: or what is theirs (住户张贴, 住户安装, 商户周边, 居民高层): no name (trial7 F06).
_ACT_AFTER_ROLE = frozenset((
    "张贴", "张罗", "安装", "安排", "安全", "施工", "文化", "文明", "管理", "周边", "周围",
    "周末", "方面", "钱款", "费用", "高空", "高层", "杨树", "林地", "金额", "车辆", "于是",
    "田地", "万元", "路面", "路灯", "石头", "包括", "江边", "楼道", "门口", "毛坯", "房屋",
    "房子", "常年", "常常", "时常", "余下", "白天", "黄昏", "尤其", "严重", "谢谢", "马上",
))  # fmt: skip


def _role_name(m: re.Match[str]) -> str:
    given = m.group(4)
    if m.string.startswith("*", m.end(4)):  # masked already (欧阳**): not 欧 + 阳
        return m.group(0)
    if (m.group(3) + given)[:2] in _ACT_AFTER_ROLE:  # 住户张贴: a deed, no name
        return m.group(0)
    if given[0] in _AFTER_NAME:  # 民警张说 …: a surname alone is kept
        return m.group(0)
    given = _given_name(given)  # 张三态度差: the name is 张三
    if not _is_name(m.group(3), given, need_surname=True):
        return m.group(0)
    rest = m.group(4)[len(given) :]
    return m.group(1) + m.group(2) + m.group(3) + "*" * len(given) + rest


def staff_names(text: str) -> str:
    """Names after a role word (工作人员李秀英 -> 工作人员李**): public answers only, since
    the unit handling a complaint about its staff has to know whom it concerns."""
    return _ROLE_NAME_RE.sub(_role_name, text)


def _with_titles(text: str) -> str:
    """A full name before a title (联系王小明女士 -> 联系王**女士): each title found, the
    name read from the (at most five) Han characters before it."""
    parts: list[str] = []
    done = 0
    for m in _TITLE_RE.finditer(text):
        start = m.start()
        begin = start
        while begin > done and start - begin < 5 and _HAN_CHAR.match(text, begin - 1):
            begin -= 1
        split = _titled_split(text[begin:start]) if start - begin >= 2 else None
        if split is not None:
            head, surname, given = split
            parts.append(text[done:begin] + head + surname + "*" * len(given))
            done = start
    return "".join(parts) + text[done:] if parts else text


def names(text: str) -> str:
    def lead(m: re.Match[str]) -> str:
        # 张 三, or a name after a role word (联系人：民警赵刚): a surname first
        role = _HAN_CHAR.search(m.group(2)) is not None
        at = None if role else _ROLE_AT_RE.match(m.string, m.start(3))
        if at is not None and at.start(1) < m.end(5):  # 联系人：执法队员, no name after it
            return m.group(0)
        need = m.group(1) in ("我是", "本人") or bool(m.group(4)) or role
        given = _given_name(m.group(5)) if role else m.group(5)
        if not _is_name(m.group(3), given, need_surname=need):
            return m.group(0)
        rest = m.group(5)[len(given) :]
        return m.group(1) + m.group(2) + m.group(3) + m.group(4) + "*" * len(given) + rest

    def titled(m: re.Match[str]) -> str:
        if not _is_name(m.group(1), m.group(2), need_surname=True):
            return m.group(0)
        return m.group(1) + "*" * len(m.group(2))

    def after(m: re.Match[str]) -> str:
        if not _is_name(m.group(2), m.group(3), need_surname=True):
            return m.group(0)
        return m.group(1) + m.group(2) + "*" * len(m.group(3))

    def spaced(m: re.Match[str]) -> str:
        given = m.group(4).replace(" ", "").replace("\u3000", "")
        if not _is_name(m.group(3), given, need_surname=True):
            return m.group(0)
        return m.group(1) + m.group(2) + m.group(3) + _HAN_CHAR.sub("*", m.group(4))

    text = _SPACED_LEAD_NAME_RE.sub(spaced, text)
    text = _LEAD_NAME_RE.sub(lead, text)
    text = _KIN_NAME_RE.sub(_role_name, text)
    text = _with_titles(text)
    text = _BESIDE_PHONE_RE.sub(titled, text)
    return _AFTER_PHONE_RE.sub(after, text)
