"""Personal data in free text, the names: a citizen's own (我叫王小明), a family member's
(我儿子张小军), a person named by role (工作人员李秀英), with a title (王小明女士) or
beside a phone. Part of :mod:`nlu.pii` (THE masking function :func:`nlu.pii.mask_text`).
"""

from __future__ import annotations

import functools
import re

from nlu.regate import Matcher, gated

_HAN = r"[\u4e00-\u9fff]"
#: Two-character surnames (复姓): 欧阳娜娜 is 欧阳 + 娜娜, masked to 欧阳**.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
    "宇文", "夏侯", "轩辕", "西门", "独孤", "南宫", "端木", "澹台", "司徒", "司空", "万俟",
    "闻人", "呼延", "钟离", "申屠", "太史", "公冶", "濮阳", "淳于", "单于", "赫连", "第五",
)  # fmt: skip
_COMPOUND_SET = frozenset(COMPOUND_SURNAMES)
_SURNAME = r"(" + "|".join(COMPOUND_SURNAMES) + r"|" + _HAN + r")"
#: What people put between a name's characters (王.秀.英, 赵 建 国, 张·秀·兰): it hides
#: nothing (trial8 F03).
_NAME_SEP = r"[ \u3000.·•・_\-]"
#: The given name after a surname: one or two characters, written together (小明) or
#: each after a separator (王.秀.英, 赵 建 国; one spaced character ends there: 王 强),
#: or after one space (王 小明).
#: What may follow a spaced name directly: what the person did (张 秀 兰已确认).
_DEED_CHARS = (
    "说讲让把被给对跟和与在是的了态又还就也都不没却打骂踢推抢偷扣拖欠骗吼已处到称于曾再及并"
)
_SEPARATED = r"(?:" + _NAME_SEP + _HAN + r"){2}(?=[^\u4e00-\u9fff]|$|[" + _DEED_CHARS + r"])"
_GIVEN = r"(" + _SEPARATED + r"|" + _NAME_SEP + _HAN + r"(?!" + _HAN + r")|\s?" + _HAN + r"{1,2})"
#: Between a kinship, role or people word and the name: a colon, a space, 叫 (户主叫张秀兰,
#: 俺闺女叫李小花, 物业经理叫孙大海: trial8 F03).
_CALLED = r"((?:叫做|名叫|叫)?[:：]?\s?)"
#: ... and after a role word also 是 (物业公司经理是孙大海: trial9 F03); after a kinship
#: word 是 says what the person is far more often than who (孩子是符合…).
_ROLE_CALLED = r"((?:叫做|名叫|叫|是)?[:：]?\s?)"
#: A family member named after the kinship word (我儿子张小军, 俺老伴刘桂兰, 俺闺女叫李小花):
#: masked like a citizen's own name, surname kept.
_KIN_NAME_RE = gated(
    r"(儿子|女儿|闺女|孙子|孙女|外孙|外孙女|老伴|爱人|丈夫|妻子|老公|老婆|媳妇|儿媳妇|儿媳|"
    r"女婿|父亲|母亲|爸爸|妈妈|俺爹|俺娘|俺爸|俺妈|哥哥|姐姐|弟弟|妹妹|孩子|侄子|侄女|"
    r"外甥|外甥女|公公|婆婆|岳父|岳母|姥姥|姥爷|爷爷|奶奶|嫂子|姐夫|妹夫|对象|(?:小孩|家属|孩儿)(?=叫|名叫))"
    + _CALLED
    + _SURNAME
    + _GIVEN
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
#: The role is read whole, role words in a row (保安队长 = 保安 + 队长: trial9 F03).
#: (``(?:A)(?:A)*``, not ``(?:A)+``: ``re`` then scans for the role words' first characters)
_ROLE_NAME_RE = gated(
    r"((?:" + ROLE_WORDS + r")(?:" + ROLE_WORDS + r")*)" + _ROLE_CALLED + _SURNAME + _GIVEN
)
#: A role word, up to four characters saying whose, then 叫 and the name (隔壁邻居家老二叫
#: 赵小军, 邻居家的儿子叫韩磊: trial9 F03); read after :data:`_ROLE_NAME_RE`, so a name right
#: after the role word (户主刘初志是…) is masked by that one first and never taken for "whose".
_ROLE_WHOSE_NAME_RE = gated(
    r"((?:"
    + ROLE_WORDS
    + r")(?:"
    + ROLE_WORDS
    + r")*"
    + _HAN
    + r"{1,4}?)((?:名叫|叫)[:：]?\s?)"
    + _SURNAME
    + _GIVEN
)
#: How a form's name field is said to be filled (联系人写王建设, 联系人填李秀英, 联系人是张秀兰,
#: 姓名写成马桂英): after 联系人, 报案人, 反映人 or 姓名 only (trial11 N16). Atomic: once the
#: word is read it is never taken back for a surname (写成马** is no 成马).
_FILLED_WORDS = r"(?:(?:就|可以|也)?(?:写的是|写成|写|填的是|填写|填成|填|是|为))"
_FILLED = r"(?>(?:(?:(?<=联系人|报案人|反映人)|(?<=姓名))" + _FILLED_WORDS + r"[:：]?\s?)?)"
_FILLED_RE = re.compile(_FILLED_WORDS)
#: A name after a lead word, perhaps after the person's role (联系人：执法队员刘强,
#: 联系人民警赵刚: the role word, with up to four characters of its office before it, is
#: kept and the name after it masked, never the role taken for the name).
_LEAD_NAME_RE = gated(
    r"(我叫|俺叫|我名叫|俺名叫|(?:我|俺)的名字(?:是|叫)|名字叫|名字是|名叫|姓名|联系人|本人叫|"
    r"本人|我是|俺是|叫我|报案人|反映人)"
    r"("
    + _FILLED
    + r"[:：]?\s?(?:"
    + _HAN
    + r"{0,4}?(?:"
    + ROLE_WORDS
    + r")[:：]?\s?)?)"
    + _SURNAME
    + _GIVEN
)
#: A name after 我 or 俺 and a space or comma, the whole message (「我 王强」, 「俺，李秀英」:
#: the answer to "your name?" typed with a pronoun; trial9).
_SELF_ALONE_RE = gated(
    r"^(\s*[我俺](?:[\s,，:：]|\u3000)+)" + _SURNAME + _GIVEN + r"(?=[\s。.!！]*$)"
)
#: A role word (with its office) where a name would be: 联系人：工作人员 names nobody.
_ROLE_AT_RE = gated(_HAN + r"{0,4}?(" + ROLE_WORDS + r")")
#: Courtesy titles after a full name (王小明女士 -> 王**女士; 王女士 alone is kept).
TITLES = (
    "女士", "先生", "小姐", "同志", "老师", "师傅", "大爷", "大娘", "大妈", "阿姨", "大姐",
    "大哥", "奶奶", "爷爷", "老人", "经理", "主任", "医生", "律师",
)  # fmt: skip
_TITLE_RE = gated("|".join(TITLES))
_HAN_CHAR = gated(_HAN)
#: A bare name beside a (masked or clear) mobile number: 王小明 138****8000.
_BESIDE_PHONE_RE = gated(
    r"(?:(?<=^)|(?<=[\s,，:：;；、。]))"
    + _SURNAME
    + _GIVEN
    + r"(?=[\s,，:：、]*(?:\+?86)?1[3-9][0-9][0-9*]{4}[0-9]{4}(?![0-9]))"
)
_AFTER_PHONE_RE = gated(
    r"(1[3-9][0-9][0-9*]{4}[0-9]{4}[\s,，:：、]*)" + _SURNAME + _GIVEN + r"(?=$|[\s,，。;；!！])"
)


@functools.cache
def _not_names() -> tuple[frozenset[str], Matcher, frozenset[str]]:
    """The NLU's name rules, prepared once: the two-character openings of words that are
    not names, the stop words as one pattern, the common surnames."""
    from nlu import entities  # the NLU's name rules (entities imports this module)

    openings = frozenset(w[:2] for w in entities._NOT_NAME)
    stop = gated("|".join(map(re.escape, entities._NAME_STOP)))
    return openings, stop, entities.SURNAMES


#: Words that open with a surname yet are no name: what a person after a role or people
#: word did or what is theirs (住户张贴, 住户安装, 商户周边, 居民高层: trial7 F06), and
#: courtesies after a phone number (谢谢, 辛苦: trial8 F22).
_ORDINARY = frozenset((
    "张贴", "张罗", "安装", "安排", "安全", "施工", "文化", "文明", "管理", "周边", "周围",
    "周末", "方面", "钱款", "费用", "高空", "高层", "杨树", "林地", "金额", "车辆", "于是",
    "田地", "万元", "路面", "路灯", "石头", "包括", "江边", "楼道", "门口", "毛坯", "房屋",
    "房子", "常年", "常常", "时常", "余下", "白天", "黄昏", "尤其", "严重", "谢谢", "马上",
    "多谢", "辛苦", "方便", "万一", "高兴", "安心", "尽快", "及时", "江湖", "程序", "时间",
    "时候", "房产", "房间", "房租", "车位", "车库", "齐全", "应该", "全部", "全家", "何时",
    "何去", "成绩", "成长", "管理", "文化", "曾多", "曾经", "曾在", "曾是", "曾任", "曾于",
    "曾向", "曾被", "曾要", "曾给", "符合", "关于", "经过", "高于", "周一", "周二", "周三",
    "周四", "周五", "周六", "周日", "周天",
))  # fmt: skip


def _is_name(surname: str, given: str, *, need_surname: bool, ordinary: bool = True) -> bool:
    openings, stop, surnames = _not_names()
    name = surname + given
    if name[:2] in openings or name[:1] in openings or (ordinary and name[:2] in _ORDINARY):
        return False
    # words that follow a lead word but begin no name (姓名以房产证为准, 姓名须与身份证一致)
    # nor a measure word or an aspect (俺叫个救护车, 我叫了车: trial12 P05)
    if stop.search(name) or surname in "就也还都不没在是从以为需须请按及或等填写必均可个了着过":
        return False
    return not need_surname or surname in surnames or surname in COMPOUND_SURNAMES


#: Characters that end a name rather than belong to it (李秀英态度…: 态 is not a name).
_AFTER_NAME = frozenset(_DEED_CHARS[:34])
#: ... and, after a given name's first character, words that begin what the person did
#: (网格员张伟已上门, 执法队员刘强处理: the name is 张伟, 刘强).
_AFTER_GIVEN = frozenset(_DEED_CHARS)


def is_name(surname: str, given: str, *, ordinary: bool = True, need_surname: bool = True) -> bool:
    """``surname + given`` may be a name: no word the NLU knows opens it, a common surname
    (``need_surname=False``: the caller checked the surname against its own table).
    ``ordinary=False``: the words read after a role word (杨树, 张贴) do not undo it (a
    person context on both sides: 隔壁杨树林家, trial10 N04)."""
    return _is_name(surname, given, need_surname=need_surname, ordinary=ordinary)


def _given_name(given: str) -> str:
    """The given name in the one or two characters read after a surname."""
    return given[0] if len(given) == 2 and given[1] in _AFTER_GIVEN else given


_NAME_SEP_RE = gated(_NAME_SEP + r"|\s")


def _plain(raw: str) -> str:
    """The given name's characters without what separates them (``.秀.英`` -> ``秀英``)."""
    return _NAME_SEP_RE.sub("", raw)


def _hide(raw: str, count: int) -> str:
    """``raw`` with its first ``count`` Han characters masked, separators kept."""
    out = []
    for ch in raw:
        if count and _HAN_CHAR.match(ch):
            ch, count = "*", count - 1
        out.append(ch)
    return "".join(out)


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


def _role_name(m: re.Match[str]) -> str | None:
    """The match with the name after the role or kinship word masked; ``None`` when what
    follows the word is no name."""
    raw = m.group(4)
    given = _plain(raw)
    if m.string.startswith("*", m.end(4)):  # masked already (欧阳**): not 欧 + 阳
        return None
    if given[0] in _AFTER_NAME:  # 民警张说 …: a surname alone is kept
        return None
    if given == raw:  # 张三态度差: the name is 张三 (a spaced name says where it ends)
        given = _given_name(given)
        if len(given) == 2 and _ROLE_START_RE.match(m.string, m.start(4) + 1):
            given = given[:1]  # 是熊洪书记: 熊洪, whose role follows
    if not _is_name(m.group(3), given, need_surname=True):  # 住户张贴: a deed, no name
        return None
    return m.group(1) + m.group(2) + m.group(3) + _hide(raw, len(given))


#: A role word starting here (the role after a name: 熊洪书记).
_ROLE_START_RE = gated(r"(?:" + ROLE_WORDS + r")")


def _sub_names(pattern: Matcher, text: str) -> str:
    """``text`` with each name :func:`_role_name` finds after ``pattern``'s word masked. A
    match that holds no name takes nothing away: the search goes on from the character
    after its start, so a word read wrongly (保安 + 队长叫钱) never hides the name behind it
    (trial9 F03: 小区保安队长叫钱大勇)."""
    out: list[str] = []
    done = pos = 0
    while (m := pattern.search(text, pos)) is not None:
        new = _role_name(m)
        if new is None:
            pos = m.start() + 1
            continue
        out.append(text[done : m.start()] + new)
        done = pos = max(m.end(), m.start() + 1)
    return "".join(out) + text[done:] if out else text


def staff_names(text: str) -> str:
    """Names after a role word (工作人员李秀英 -> 工作人员李**): public answers only, since
    the unit handling a complaint about its staff has to know whom it concerns."""
    return _sub_names(_ROLE_WHOSE_NAME_RE, _sub_names(_ROLE_NAME_RE, text))


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
        run = text[begin:start]
        modified = run.endswith(_TITLE_MODIFIERS) or any(c in "的是有了" for c in run[-2:])
        split = _titled_split(run) if start - begin >= 2 and not modified else None
        if split is not None:
            head, surname, given = split
            parts.append(text[done:begin] + head + surname + "*" * len(given))
            done = start
    return "".join(parts) + text[done:] if parts else text


#: Surnames as written in pinyin (Wang Xiuying, ZHANG San, Ouyang Nana: trial8 F03).
_PINYIN_SURNAMES = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song",
    "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Yuan", "Pan",
    "Yu", "Jiang", "Cai", "Du", "Ye", "Cheng", "Su", "Wei", "Lv", "Lu", "Ding", "Ren", "Shen",
    "Yao", "Cui", "Zhong", "Tan", "Jin", "Shi", "Liao", "Jia", "Xia", "Fang", "Bai", "Zou",
    "Meng", "Xiong", "Qin", "Qiu", "Yin", "Xue", "Yan", "Duan", "Lei", "Hou", "Long", "Tao",
    "Gu", "Mao", "Hao", "Gong", "Shao", "Wan", "Qian", "Dai", "Mo", "Kong", "Xiang", "Chang",
    "Wen", "Kang", "Niu", "Ge", "Xing", "An", "Qi", "Qiao", "Pang", "Ni", "Zhuang", "Nie",
    "Yue", "Zhai", "Geng", "Guan", "Jiao", "Zuo", "Ning", "Bao", "Fu", "Shu", "Ji", "Mei",
    "Tong", "Ling", "Bi", "Dan", "Pei", "Tu", "Miao", "Ou", "Ouyang", "Sima", "Zhuge",
    "Shangguan", "Dongfang", "Situ",
)  # fmt: skip
#: One pinyin syllable (initial and final), for the given name after a pinyin surname.
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|ia|"
    r"ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)"
)
_GIVEN_PINYIN_RE = gated(r"(?:" + _SYLLABLE + r"){1,3}", re.IGNORECASE)
_PINYIN_NAME_RE = gated(
    r"(?<![A-Za-z])("
    + "|".join(_PINYIN_SURNAMES)
    + r"|"
    + "|".join(s.upper() for s in _PINYIN_SURNAMES)
    + r")([ .·_\-]{1,2})"
    r"([A-Z][a-z]{1,11}|[A-Z]{2,12})(?:([ \-])([A-Za-z][a-z]{1,5}))?(?![A-Za-z])"
)


def _pinyin_names(text: str) -> str:
    """A name written in pinyin (Wang Xiuying -> Wang *******): the surname kept."""
    if text.isascii() is False and not re.search(r"[A-Za-z]{2}", text):
        return text

    def hide(m: re.Match[str]) -> str:
        given = m.group(3) + (m.group(5) or "")
        if not _GIVEN_PINYIN_RE.fullmatch(given):
            return m.group(0)
        tail = (m.group(4) + "*" * len(m.group(5))) if m.group(5) else ""
        return m.group(1) + m.group(2) + "*" * len(m.group(3)) + tail

    return _PINYIN_NAME_RE.sub(hide, text)


#: A given name's last character that makes the word a place, a road or an office
#: (张庄, 王楼村, 李村镇, 黄河路, 周口, 刘集): after a loose lead (俺是张庄的) no person.
PLACE_ENDS = frozenset(
    "庄村镇乡区县市路街道巷楼河湖桥店集营屯寨港园场站局所院厂队山坡沟口湾岗台城堂寺门"
    "坊圩埠洼里屋社苑府"
)
#: Lead words that also open sentences with no name (我是业主, 本人曾在, 名叫小天才).
_LOOSE_LEADS = frozenset(("我是", "俺是", "本人", "叫我", "名叫"))
#: What may follow a name after such a lead word (本人张三，男; 我是王小明今年…).
_ENDS_NAME = frozenset(_DEED_CHARS + "男女今现家住年岁从因举反向投")


def _ends(text: str, at: int) -> bool:
    """A name may end at ``at``: no Han character follows, or one that begins a deed."""
    after = text[at : at + 1]
    return not after or not _HAN_CHAR.match(after) or after in _ENDS_NAME


#: Words before a title that say which one, not who (项目经理, 代课老师, 纪委同志): no name.
_TITLE_MODIFIERS = (
    "项目", "高级", "总", "副", "教导", "代课", "招生", "城市", "区域", "部门", "销售", "大堂",
    "客户", "主治", "值班", "带班", "任课", "班", "委", "专业", "组织", "有个", "的", "是", "有",
    "何去", "实习", "见习", "责任", "老",
)  # fmt: skip


_FILLED_LEADS = frozenset(("联系人", "报案人", "反映人", "姓名"))


def names(text: str) -> str:
    def lead(m: re.Match[str]) -> str:
        # 张 三, or a name after a role word (联系人：民警赵刚): a surname first
        # 联系人写王建设: the field filled, a name with a common surname after it
        filled = m.group(1) in _FILLED_LEADS and _FILLED_RE.match(m.group(2)) is not None
        between = _FILLED_RE.sub("", m.group(2), count=1) if filled else m.group(2)
        role = _HAN_CHAR.search(between) is not None
        at = None if role else _ROLE_AT_RE.match(m.string, m.start(3))
        if at is not None and at.start(1) < m.end(4):  # 联系人：执法队员, no name after it
            return m.group(0)
        raw = m.group(4)
        given = _plain(raw)
        spaced = given != raw
        # 我是 and 本人 open many sentences (我是业主, 本人房屋, 本人曾要求, 姓名公布出来):
        # a common surname first, and the name must end there
        loose = m.group(1) in _LOOSE_LEADS or (m.group(1) == "姓名" and not m.group(2))
        need = loose or spaced or role or filled
        if (role or filled) and not spaced:
            given = _given_name(given)
        if loose and not spaced:  # 本人韩礼与…: the name is 韩礼
            given = next(
                (g for g in (given, given[:1]) if _ends(m.string, m.start(4) + len(g))), ""
            )
            if not given or PLACE_ENDS.intersection(given[:2]):  # 俺是张庄的: a village
                return m.group(0)
        if not _is_name(m.group(3), given, need_surname=need):
            return m.group(0)
        return m.group(1) + m.group(2) + m.group(3) + _hide(raw, len(given))

    def titled(m: re.Match[str]) -> str:
        if not _is_name(m.group(1), _plain(m.group(2)), need_surname=True):
            return m.group(0)
        return m.group(1) + _hide(m.group(2), len(_plain(m.group(2))))

    def after(m: re.Match[str]) -> str:
        if not _is_name(m.group(2), _plain(m.group(3)), need_surname=True):
            return m.group(0)
        return m.group(1) + m.group(2) + _hide(m.group(3), len(_plain(m.group(3))))

    text = _pinyin_names(text)
    if text.isascii():
        return text  # every rule below reads a Han surname (a log's access line)
    text = _SELF_ALONE_RE.sub(after, text)
    text = _LEAD_NAME_RE.sub(lead, text)
    text = _sub_names(_KIN_NAME_RE, text)
    text = _with_titles(text)
    text = _BESIDE_PHONE_RE.sub(titled, text)
    return _AFTER_PHONE_RE.sub(after, text)
