"""Words about the contact, never part of the matter (trial12 P09).

A citizen giving a name or a phone talks about it: they correct themselves ("电话打错了
不是 算了 电话是…"), refuse the name ("俺不留名", "名字不方便说"), or say how to reach them
("有事打这个"). Those clauses answer the contact question; sent to the handling unit as
「（补充）」 of the appeal they are noise (and in the public Open311 list, a privacy
smell). 第十条: the appeal's content is the citizen's description of the matter.

:func:`without_contact_talk` takes a matter (what :func:`dialogs.facts.matter_of` left
once the phone and name were taken out) and drops such clauses, and the fillers beside
them ("不是", "算了"); a clause with more in it ("电话打不通 物业也不管") is kept whole.
"""

from __future__ import annotations

import re

from dialogs.spoken import content_len
from nlu.regate import gated

__all__ = ["phone_tail", "without_contact_talk", "wrong_length_phone"]

_WHO = r"(?:俺|我|咱)?(?:的)?"
_CN = "零〇一二三四五六七八九幺两"
# the last digits of the phone said ("后四位是6734", "尾号改成六七三四", "最后4位应该是6734")
_TAIL = (
    r"(?:(?:后|最后|末|尾)(?P<count>[1-5一二两三四五])位(?:数|数字|号码?)?|尾号|尾数)"
    r"(?:是|改成|改为|换成|应该是|应是|为|该是)?[:：\s]*(?P<digits>[0-9" + _CN + r"]{1,5})"
)
# one clause that only talks about the contact
_TALK = gated(
    r"^" + _WHO + r"(?:"
    # a slip of the number or the name: 电话打错了, 号码写错了, 名字说错了
    r"(?:电话|手机|号码|手机号|号|名字|姓名|名)(?:号码?)?(?:刚才|刚|前面)?(?:又|给)?"
    r"(?:打|写|说|输|发|留|填|记)?(?:错了|错|不对)(?:了|啦)?|"
    # the name or phone refused: 俺不留名, 不想留名字, 不告诉恁名字
    r"(?:就|也|还是)?(?:不|别|甭|不想|不愿意|不愿)(?:想)?(?:留|写|说|告诉|提供|报)(?:恁|你们?|您)?"
    r"(?:名字?|姓名|真名|大名|电话|号码|手机号?)(?:了|啦|啊)?|"
    # 名字不方便说, 姓名就算了, 名字保密
    r"(?:名字|姓名|真名|大名|名)(?:就|也|还是|我|俺)?(?:不方便|不便|不想|不用|不留|算了|保密|不写)"
    r"(?:说|讲|留|写|告诉|透露|提供)?(?:了|啦|啊|吧)?|"
    # how to be reached: 有事打这个, 有事就打这个号, 打这个就行, 就用这个号
    r"(?:有事(?:情|儿)?)?(?:就|可以|直接)?(?:打|拨|找|联系|用|是)(?:这个|这|俺|我)(?:号码?|电话|手机号?)?"
    r"(?:就行|就中|就可以|就好|吧|呗)?|"
    # the name dropped: 名字也别写了, 名字甭留了, 姓名不要了
    r"(?:名字|姓名|真名|大名|名)(?:就|也|还是)?(?:别|甭|不要|不用)(?:写|留|登记|记|要)?(?:了|啦|吧|啊)?|"
    # the number changed (trial16): 电话换了, 俺换号了, 新号是, 别打这个号, 打俺老婆的
    r"(?:电话|手机|号码|手机号|号)(?:已经|也)?(?:换了|改了|变了|不用了|停了)(?:了|啦)?|"
    r"换(?:了)?(?:个)?(?:新)?(?:号|号码|手机号?|电话)(?:了|啦)?|新(?:号|号码|手机号?|电话)(?:是|为)?|"
    r"(?:别|甭|不要)(?:再)?(?:打|拨|联系)(?:这个|这|原来的?|以前的?|旧的?)(?:号码?|电话|手机号?)?(?:了|啦)?|"
    r"(?:打|拨|找|联系)(?:俺|我)(?:家)?(?:老婆|媳妇|对象|爱人|儿子|闺女|孩子|老伴|男人|家里)(?:的)?"
    r"(?:电话|手机|号码?)?(?:吧|就行|就中)?|"
    # the last digits of the number corrected: 后四位是6734, 尾号改成6734
    r"(?:电话|手机|号码|手机号)?(?:号码?)?(?:的)?" + _TAIL + r")$"
)
# fillers said while correcting oneself ("不是 算了"): nothing without the talk they follow
_FILLER = re.compile(
    r"^(?:不是|不对|算了|对|嗯|哦|噢|啊|是|就这|就这个|没错|就这样|那个|行|中|好)+$"
)
_CLAUSE = re.compile(r"([\s，,。！!？?；;、]+)")


def without_contact_talk(matter: str) -> str:
    """``matter`` without its clauses about the contact; "" when nothing else is left.
    Unchanged when no such clause is in it."""
    parts = _CLAUSE.split(matter.strip())
    seps = [*parts[1::2], ""]
    clauses = list(zip(parts[0::2], seps, strict=True))
    if not any(_TALK.match(c) for c, _ in clauses):
        return matter
    kept = [(c, sep) for c, sep in clauses if not (_TALK.match(c) or _FILLER.match(c))]
    text = "".join(c + sep for c, sep in kept).strip(" ，,。；;、")
    return text if content_len(text) >= 2 else ""


# a number meant as a phone: digits, possibly grouped by spaces, dashes or dots
_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[\s\-.－—]?[0-9]){7,13}(?![0-9A-Za-z])")
_ID_LIKE = re.compile(r"[0-9]{17}[0-9x]|[0-9]{15}")


def wrong_length_phone(folded: str) -> bool:
    """A number typed as a phone with a wrong count of digits ("６１３８５３００８８１１",
    12 digits; "1385300881", 10): told so, never dropped silently (trial12 P14).

    ``folded``: the message folded to half-width (:func:`dialogs.spoken.fold`) and with
    Chinese numerals as digits, where no phone was read. A mobile has 11 digits (1…), a
    landline 7 or 8 with its 0 area code in front (10-12 in all), or alone; 9, 10 or
    12-14 digits are a slip. An ID number (15 or 18) or an order number (HZ…) is no
    phone."""
    for m in _NUMBER.finditer(folded):
        run = re.sub(r"[^0-9]", "", m.group(0))
        if _ID_LIKE.fullmatch(run) or folded[max(m.start() - 2, 0) : m.start()].lower() == "hz":
            continue
        if run.startswith("0") and 10 <= len(run) <= 12:
            continue  # a landline with its area code
        if 9 <= len(run) <= 14 and len(run) != 11:
            return True  # 8 digits may be a landline without its area code
    return False


_TAIL_RE = re.compile(_TAIL + r"(?![0-9" + _CN + r"])")
_TO_DIGITS = str.maketrans(_CN, "0012345678912")
_COUNTS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


def phone_tail(text: str) -> str | None:
    """The last digits of the phone said again as corrected ("后四位是6734", "尾号改成
    六七三四"; trial13 Q05), in digits, when as many digits as said (four for 尾号)."""
    m = _TAIL_RE.search(text)
    if m is None:
        return None
    said = m.group("count")
    count = 4 if said is None else _COUNTS.get(said) or int(said)
    got = m.group("digits").translate(_TO_DIGITS)
    return got if len(got) == count else None
