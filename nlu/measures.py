"""A duration that measures what the matter is about, never when it started: 「拖欠三个月
工资」 (three months' wages), 「欠了两年的物业费」, 「干了一年的活」, 「扣了俺三个月的押金」.
The duration is followed (with or without 的) by wages, a fee, money or work; said so, it
tells how much, and the wages may have been owed since any time.

A duration a thing is past its date is its state too: 「灭火器过期了半年」.

A duration said as the time itself stays a "since": 「三个月了」, 「从三个月前」, 「拖欠工资三个月
了」 (the duration after the thing owed), 「三个月没发工资了」 (something between). Read by
:mod:`nlu.entities` (``since``) and the dialogue's own reader of "since when"
(:mod:`dialogs.since_facts`). Patterns only; no state.
"""

from __future__ import annotations

import re

_NUM = r"(?:[0-9]{1,4}|[一二两三四五六七八九十百几半俩仨]{1,4}|好几|十几|二十几|几十)"
_UNIT = r"(?:个来?|来个?)?多?(?:天|日|周|星期|礼拜|个月|月|年|小时|钟头)多?"
#: What a duration measures: wages, fees, money owed or paid, work done.
_MEASURED = (
    r"(?:工资|工钱|薪水|薪资|薪酬|工费|人工费|劳务费|血汗钱|辛苦钱|钱|款|账|物业费|房租|租金|房钱|"
    r"取暖费|暖气费|供暖费|水费|电费|燃气费|气费|网费|话费|社保|医保|养老保险|保险|公积金|学费|"
    r"生活费|抚养费|赡养费|赔偿金?|押金|利息|贷款|补贴|补助|低保|养老金|退休金|工程款|货款|奖金|提成|"
    r"绩效|加班费|分红|活儿?|工(?![地厂程作人区业商])|班(?![车级主])|课)"
)
#: A duration and what it measures (三个月工资, 两年的物业费, 半年工钱).
MEASURED_RE = re.compile(
    rf"{_NUM}{_UNIT}的?{_MEASURED}"
    # how long a thing is past its date (「灭火器过期了半年」, 「驾照逾期三个月」): the
    # thing's state, never since when the matter began (trial16)
    r"|(?:过期|超期|逾期|过保|失效|过了(?:保质期|有效期|检验期|年检期?))(?:了|都|已经|快|有)*"
    rf"{_NUM}{_UNIT}(?:了|左右)?"
    # how long a thing took (「等了一个小时」, 「救护车一个多小时才来」, 「排了半天队」): the
    # matter's own measure, never since when it began (trial17 conversation 24)
    rf"|(?:等|排|用|花|耗|折腾|跑|磨|拖)了?(?:足足|整整|差不多|将近|快)?{_NUM}{_UNIT}(?:的?队)?"
    rf"|{_NUM}{_UNIT}(?:以后|之后|后)?(?:才|都没|还没|也没)"
    r"(?:来|到|赶到|接|派|处理|通|修|回|排上|轮到|办|管|出来|过来)"
)


def measured_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each duration in ``text`` that measures wages, a fee or work."""
    return [m.span() for m in MEASURED_RE.finditer(text)]


def without_measured(text: str) -> str:
    """``text`` with each measuring duration blanked (spaces: positions kept)."""
    return MEASURED_RE.sub(lambda m: " " * len(m.group(0)), text)
