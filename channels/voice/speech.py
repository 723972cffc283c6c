"""Spoken Mandarin for ``<Say>``: the wording table's short (SMS) style said aloud.

The dialogue speaks to SMS and the phone in one short style, written to be read ("回1",
"1满意 2基本满意", "138****1234", "回复序号"). Said by a speech synthesiser that is wrong on the
phone. :func:`spoken` turns one such text into what a caller should hear:

* keys: "回1" / "回复1" becomes "请按1"; a keyed list "1满意 2基本满意 3不满意" becomes
  "满意请按1，基本满意请按2，不满意请按3"; "回复序号" becomes "按键";
* words: "回“匿名”" / "回复“取消”" become "请说“匿名”"; "请回复" / "请发送" become "请说出";
  a bare "回复" at a clause's end ("请再核对后回复。") becomes "告诉我" (trial5 F11);
* numbers of three digits or more (order numbers, phone numbers, the hotline 12345) are read
  digit by digit in Chinese, 1 as 幺 as on the telephone (years as 一: 二零二六年); times
  ``10:30`` become 10点30分; a masked number ``138****1234`` becomes 尾号幺二三四;
* symbols are never read: ``* # / \\ | _ ~ < > [ ] { } @ & ^ = +`` and links are dropped.
* what only a text channel does is not offered (trial11 N10): 「请发“查询”加工单号」 becomes
  「请按2，或说出工单号」 (:data:`PROGRESS_KEY`; the adapter then takes key 2 as progress),
  「如有照片可一并发送」 and 「或发文字」 are left out, 「再发一次」 is 「再说一遍」.

:func:`asks_number` says whether a reply asks the caller for a number (then the phone
offers keypad entry, and only then). Pure functions; the source of the rule is issue 17
(a fresh user's report: the bot's phone wording was the SMS wording).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

PHONE_DIGITS = "零幺二三四五六七八九"  # digit by digit on the telephone
PLAIN_DIGITS = "零一二三四五六七八九"  # years: 二零二六年

_URL = re.compile(r"https?://\S+|www\.\S+")
_MASKED = re.compile(r"\+?\d*[*＊]{2,}(\d{2,})")
_ITEM = r"[1-9]\s*[^\d\s、，,。；;！？!?或\n]{1,12}"
_KEYED_LIST = re.compile(rf"(?:请?回复?\s*)?({_ITEM}(?:\s*(?:[、，,]|或|\s)\s*{_ITEM})+)")
_KEYED_ITEM = re.compile(r"([1-9])\s*([^\d\s、，,。；;！？!?或\n]{1,12})")
_KEY = re.compile(r"(请)?(?:回复|回)\s*([0-9])(?![0-9])")
# the SMS way to progress (「请发“查询”加工单号」, 「可发送“查询+工单号”」): on the phone key 2
# or the number said (trial11 N10); the adapter then takes key 2 as progress at that turn
_PROGRESS_SMS = re.compile(
    r"(请)?(?:发送|发|回复|回)\s*[“\"「]?查询\s*(?:[”\"」]\s*(?:加|和)?|[+＋加])\s*"
    r"[“\"「]?工单(?:编)?号[”\"」]?"
)
PROGRESS_KEY = "按2，或说出工单号"
# other SMS-only words: what cannot be done on a call is not offered, what is typed is said
_PHOTO = re.compile(r"[，,]?\s*如有(?:照片|图片)[^。；;！!？?]*?(?:发送|发来)([。；;]?)")
_SMS_ONLY = (
    (re.compile(r"[，,]?\s*或(?:发|发送)文字"), ""),
    (re.compile(r"[，,]?\s*请勿重复发送"), ""),
    (re.compile(r"(?:再发|重发)一(?:次|遍)"), "再说一遍"),
    (re.compile(r"请?用文字描述"), "请直接说出"),
    (re.compile(r"重新发送?一条(?:新)?消息"), "再说一遍"),
)
_SAY_WORD = re.compile(r"(请)?(?:回复|回|发送)\s*(?=[“\"「])")
_ASK = re.compile(r"请(?:回复|发送)")
# the SMS word said bare at a clause's end (「请再核对后回复。」): on the phone one tells
_BARE_REPLY = re.compile(r"(?<!自动)(?:回复|回)(?=[。！？!?；;，,]|$)")
_CLAUSE_END = "，。；;,！？!?：:\n"
_SLASH = re.compile(r"(?<=\d)\s*[/／]\s*(?=\d)")
# a range "3-5天", "9点-17点": the far end is short (a phone's "0530-1234567" is not)
_RANGE = re.compile(r"(?<=[\d点分日号时])\s*[-~—–～]\s*(?=\d{1,3}(?!\d))")
_TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?=年)")
# a date and a clock time said as words (trial14 T17: 「十二月五日一时十五分」, never
# 「二零二六年12月5日1时15分」); the current year is not said
_FULL_DATE = re.compile(r"(?<!\d)(\d{4})年(?=\d{1,2}月\d{1,2}[日号])")
_MONTH = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])月(?:(3[01]|[12]\d|0?[1-9])([日号]))?")
_CLOCK = re.compile(r"(?<![\d.])(2[0-4]|[01]?\d)([时点])(?:([0-5]?\d)分)?")
SHANGHAI = ZoneInfo("Asia/Shanghai")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
# a phone-like run: digits with single spaces or hyphens inside, three digits or more
_RUN = re.compile(r"\+?\d(?:\d|[- ](?=\d{4}))*\d\d")
_SYMBOLS = re.compile(r"[*＊#＃/\\|_~<>\[\]{}@&^=+`]+")
_SPACES = re.compile(r"[ \t]+")
_SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]?")
_NUMBER_NOUN = re.compile(r"号码|编号|手机号|电话|后四位|尾号|工单号")
# a yes-or-no about a number the line already has (「办理结果打您这个来电号码可以吗？」,
# trial14 T17): no number is asked for, so no keypad hint
_KNOWN_NUMBER = re.compile(r"(?:这个|这|此|本机|来电|该)(?:号码|号|电话|手机号?)")
_YES_NO = re.compile(r"(?:可以|行|好|方便|对|是|中|联系得上)吗|行不行|可不可以|中不中")


# what callers say for a digit (幺 for 1, 两 only inside a run), and an order number heard
_SAID_DIGITS = (
    {c: str(i) for i, c in enumerate(PHONE_DIGITS)}
    | {c: str(i) for i, c in enumerate(PLAIN_DIGITS)}
    | {"〇": "0", "洞": "0", "两": "2"}
    | {chr(0xFF10 + i): str(i) for i in range(10)}
)
_SAID_RUN = re.compile(
    r"[0-9０-９零〇洞幺一二两三四五六七八九](?:[\s,，、-]*[0-9０-９零〇洞幺一二两三四五六七八九]){3,}"
)
_HEARD_ORDER = re.compile(r"(?<![A-Za-z0-9])(?:[Hh]\s*[Zz]\s*)?(20\d{6})-?(\d{6})(?!\d)")


def heard(text: str) -> str:
    """What a caller said, with numbers as the dialogue reads them: a run of four digits
    or more said in Chinese (幺三八…, 二零二六…, with spaces or pauses) becomes Arabic
    digits, and an order number said or keyed without its letters or hyphen
    (``20261201000001``, 「HZ二零二六幺二零幺零零零零零幺」) becomes ``HZ20261201-000001``.
    Shorter runs stay words (一个多月, 三天)."""

    def run(m: re.Match[str]) -> str:
        return "".join(
            _SAID_DIGITS.get(c, c) for c in m.group(0) if c in _SAID_DIGITS or c.isdigit()
        )

    t = _SAID_RUN.sub(run, text)
    return _HEARD_ORDER.sub(lambda m: f"HZ{m.group(1)}-{m.group(2)}", t)


ORDER = re.compile(r"HZ\d{8}-\d{6}", re.IGNORECASE)
# the receipt of a new order (wording ``receipt``: 已受理，工单号… / 已受理，工单编号：…), not a
# progress answer (工单HZ…：已派单…)
FILED = re.compile(r"受理[，,。]?\s*工单(?:号|编号)[:：]?\s*(HZ\d{8}-\d{6})", re.IGNORECASE)
_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
# a count or an amount, not a number to note down: 120位, 150元, 300米
_COUNT = re.compile(
    r"(?<![\d.])([1-9]\d{2,7})(?=\s*(?:位|个|人|名|元|块|天|次|件|户|家|辆|条|米|公里|小时|分钟|年(?!\d)|岁|平方米|亩|吨))"
)
_ELLIPSIS_CUT = re.compile(r"[，,、][^，,、。；;！？!?：:\n]*(?:…+|\.{3,})")
_ASKS = re.compile(r"请|吗|呢|？|\?|是否|能否")
_UNITS = ("", "十", "百", "千")


def count_words(n: int) -> str:
    """A count read as words: 120 -> 一百二十, 1005 -> 一千零五, 20000 -> 两万 (below 10^8)."""

    def small(k: int) -> str:
        out, zero = "", False
        for power in (3, 2, 1, 0):
            d = k // 10**power % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += PLAIN_DIGITS[d] + _UNITS[power]
        return out

    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    text = (small(high) + "万") if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + small(low)
    if text.startswith("一十"):
        text = text[1:]
    return text.replace("二百", "两百").replace("二千", "两千").replace("二万", "两万")


def slow_order(number: str) -> str:
    """An order number said slowly, in groups: ``HZ20261201-000003`` ->
    ``H Z，二零二六，幺二零幺，零零零，零零三``."""
    d = "".join(c for c in number if c.isdigit())
    groups = (d[:4], d[4:8], d[8:11], d[11:])
    return "H Z，" + "，".join(digits(g) for g in groups if g)


def is_mobile(number: str) -> bool:
    """Whether a caller's number is a mainland mobile (an SMS can reach it)."""
    return bool(_MOBILE.fullmatch(number.strip()))


def asks(text: str) -> bool:
    """Whether the reply's last sentence asks the caller something (then no "you may
    hang up" follows it)."""
    sentences = [x for x in _SENTENCE.findall(text) if x.strip()]
    return bool(sentences) and bool(_ASKS.search(sentences[-1]))


def digits(run: str, table: str = PHONE_DIGITS) -> str:
    """``"12345"`` -> ``"幺二三四五"`` (anything but digits dropped)."""
    return "".join(table[int(c)] for c in run if c.isdecimal())


def _keyed_list(m: re.Match[str]) -> str:
    items = [f"{label}请按{key}" for key, label in _KEYED_ITEM.findall(m.group(1))]
    return "，".join(items)


def _asked(m: re.Match[str], verb: str) -> str:
    """``请`` once per clause: "请稍后回“确认”" -> "请稍后说“确认”", "回1" -> "请按1"."""
    if m.group(1):
        return "请" + verb
    before = m.string[: m.start()]
    clause = before[max((before.rfind(c) for c in _CLAUSE_END), default=-1) + 1 :]
    return verb if "请" in clause else "请" + verb


def _time(m: re.Match[str]) -> str:
    minutes = m.group(2)
    return f"{int(m.group(1))}点" + ("" if minutes == "00" else f"{int(minutes)}分")


def _no_photo(m: re.Match[str]) -> str:
    """「如有照片可一并发送」 left out on a call (no photo goes by phone): the sentence's end
    kept unless a sentence ended just before it (「…开始？如有照片可一并发送。」)."""
    return "" if m.string[: m.start()].endswith(("？", "?", "。", "！", "!")) else m.group(1)


def _month(m: re.Match[str]) -> str:
    said = count_words(int(m.group(1))) + "月"
    return said + (count_words(int(m.group(2))) + m.group(3) if m.group(2) else "")


def _clock(m: re.Match[str]) -> str:
    said = count_words(int(m.group(1))) + m.group(2)
    minutes = m.group(3)
    if minutes is None:
        return said
    return (
        said
        + ("零" if len(minutes) == 2 and minutes[0] == "0" else "")
        + (count_words(int(minutes)) + "分")
    )


def spoken(text: str, this_year: int | None = None) -> str:
    """What the caller should hear for ``text`` (see the module docstring); a date of
    ``this_year`` (by default the current year in Heze) is said without its year."""
    year = this_year if this_year is not None else datetime.now(SHANGHAI).year
    t = _URL.sub("", text)
    # a text cut short ("…车辆乱成…") ends at its last whole clause on the phone
    t = _ELLIPSIS_CUT.sub("", t).replace("…", "")
    t = _MASKED.sub(lambda m: "尾号" + digits(m.group(1)), t)
    t = _PROGRESS_SMS.sub(lambda m: ("请" if m.group(1) else "") + PROGRESS_KEY, t)
    t = _PHOTO.sub(_no_photo, t)
    for sms_only, said in _SMS_ONLY:
        t = sms_only.sub(said, t)
    t = t.replace("回复序号", "按键").replace("回序号", "按键")
    t = _KEYED_LIST.sub(_keyed_list, t)
    t = _KEY.sub(lambda m: _asked(m, "按") + m.group(2), t)
    t = _SAY_WORD.sub(lambda m: _asked(m, "说"), t)
    t = _ASK.sub("请说出", t)
    t = _BARE_REPLY.sub("告诉我", t)
    t = _DATE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", t)
    t = _TIME.sub(_time, t)
    t = _FULL_DATE.sub(lambda m: "" if int(m.group(1)) == year else m.group(0), t)
    t = _SLASH.sub("、", t)
    t = _RANGE.sub("至", t)
    t = _MONTH.sub(_month, t)
    t = _CLOCK.sub(_clock, t)
    t = _YEAR.sub(lambda m: digits(m.group(1), PLAIN_DIGITS), t)
    t = _PERCENT.sub(lambda m: f"百分之{m.group(1)}", t)
    t = _COUNT.sub(lambda m: count_words(int(m.group(1))), t)
    t = _RUN.sub(lambda m: digits(m.group(0)), t)
    t = _SYMBOLS.sub("", t)
    return _SPACES.sub(" ", t).strip()


def spoken_options(titles: Sequence[str]) -> str:
    """Quick replies as keys: ``"满意请按1，不满意请按2。"`` (past nine: said as words)."""
    if not titles:
        return ""
    if len(titles) > 9:
        return "您可以说：" + "、".join(titles) + "。"
    return "，".join(f"{title}请按{i}" for i, title in enumerate(titles, start=1)) + "。"


def asks_number(text: str) -> bool:
    """Whether ``text`` asks the caller for a number (a phone, an order number, the last
    four digits): a sentence that asks (请, 吗, ？) and names a number, not one that tells
    them to dial one."""
    for sentence in _SENTENCE.findall(_URL.sub("", text)):
        if not _NUMBER_NOUN.search(sentence) or "拨打" in sentence:
            continue
        if _KNOWN_NUMBER.search(sentence) and _YES_NO.search(sentence):
            continue  # a yes or no about the caller's own number
        if "请" in sentence or "吗" in sentence or sentence.endswith(("？", "?")):
            return True
    return False
