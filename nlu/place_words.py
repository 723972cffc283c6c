"""Kind words of the places a message names, for the category heads (issue 11 routing).

A citizen names the matter and the place: ``和平小区门口``, ``长江东路``, ``曹县第二中学``,
``市立医院``, ``东关村``. The place's own name (和平, 长江东, 东关) says nothing about which
department handles the matter, and a name seen once in training can pull a message
towards that line's category; its kind does say something (an estate: property and
housing; a school: education; a hospital: health; a village: the township and
agriculture). :func:`place_kinds` gives the kinds of the places named, as ``P:<kind>``
tokens (``P:estate``, ``P:road``, ``P:school``, ``P:hospital``, ``P:village``,
``P:township``, ``P:market``, ``P:park``, ``P:site``, ``P:station``, ``P:office``).

They are a block of the feature row of their own, weighted ``PLACE_WEIGHT`` (well under
the character and word blocks' 1.0, so a place never outweighs the matter's words), and
only the category heads learn from them (``nlu.training.train_model`` zeroes the block for
the intent and emergency heads: a place is not an intent nor a danger).

Cost: one pass of one compiled pattern over the analysed text.
"""

from __future__ import annotations

import re

#: Prefix of place-kind features.
PLACE = "P:"
#: Weight of the place block in the feature row (the char and word blocks weigh 1.0);
#: chosen among 0, 0.1, 0.15, 0.2, 0.3, 0.5 on the dev file's looked-at rows (bench/nlu.md,
#: eighth round; 0.3 and more lowered them).
PLACE_WEIGHT = 0.15

# A place is a name (at least one character that is not punctuation or a space) followed
# by its kind's suffix; the suffixes are the ones Heze's addresses use.
_KINDS: tuple[tuple[str, str], ...] = (
    ("school", r"小学|中学|初中|高中|幼儿园|学校|学院|大学|职专|技校|[一二三四五六七八九十]中"),
    ("hospital", r"医院|卫生院|卫生室|诊所|卫生服务中心|中医院|妇幼保健院"),
    ("estate", r"小区|花园|家园|公寓|嘉园|名苑|雅苑|新城|华府|家属院|宿舍楼|号楼|栋楼|单元楼"),
    ("village", r"村(?!委|民|干部|里的?[账帐]|务|集体)|社区(?!医院|卫生)"),
    ("township", r"街道(?:办事处)?|镇(?!上|里|政府)|乡(?!下|村|亲)"),
    ("road", r"大道|大街|路(?!灯|面|口|边|上|段|牙|况|过)|街(?!道|上|边|坊)|胡同|巷"),
    ("market", r"市场|商场|超市|商城|批发部|集市"),
    ("park", r"公园|广场|景区|游园"),
    ("site", r"工地|项目部|工厂|厂区|养殖场|养猪场|厂(?!家|长)"),
    ("station", r"汽车站|火车站|客运站|高铁站|车站|停车场"),
    ("office", r"政府|派出所|管理局|服务中心|大厅"),
)
#: Characters that cannot end a place's name (so the kind's suffix names no place).
_NOT_NAME = frozenset(" \t\n,，.。!！?？;；:：、()（）")
_PATTERN = re.compile("|".join(f"(?P<{kind}>{suffix})" for kind, suffix in _KINDS))
#: Characters a suffix can start with: positions without one are skipped at once.
_FIRST = re.compile(
    "["
    + "".join(sorted({b[0] for _, suffix in _KINDS for b in suffix.split("|") if b[0] != "["}))
    + "一二三四五六七八九十]"
)
#: Places are named in the start of a message (as the overrides' words, nlu.routing).
PLACE_CHARS = 200


def place_kinds(text: str) -> list[str]:
    """``P:<kind>`` tokens of the places named in the first ``PLACE_CHARS`` characters of
    ``text``, in order of first mention, each once (a name must come before the kind's
    suffix: ``小区`` alone at the start of a message is no place named)."""
    out: list[str] = []
    text = text[:PLACE_CHARS]
    for first in _FIRST.finditer(text):
        at = first.start()
        if at == 0 or text[at - 1] in _NOT_NAME:
            continue
        m = _PATTERN.match(text, at)
        if m is not None and (token := PLACE + str(m.lastgroup)) not in out:
            out.append(token)
    return out
