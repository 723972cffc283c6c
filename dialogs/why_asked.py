"""A citizen who asks why the contact is wanted, fears retaliation, or will not say where
(trial10 N11, N13): the reason is told, never the same question again word for word.
Used by :func:`dialogs.intake.intake_turn`."""

from __future__ import annotations

import re

__all__ = ["why_reply"]

_CONTACT = r"(?:电话|手机|号码|手机号|联系方式|名字|姓名|个人信息|信息)"
# "你们要电话干啥", "留名字有啥用", "为啥要俺的手机号", "俺怕打击报复", "会不会让他知道是俺"
_CONTACT_WHY = re.compile(
    rf"(?:要|留|问|登记|写){_CONTACT}(?:干啥|干嘛|干什么|做啥|做什么|弄啥|有啥用|有什么用|为啥|为什么)"
    rf"|(?:为啥|为什么|干啥|咋)(?:非得|一定|非要|还得|还要|得|要)(?:留|要|问|登记)?(?:俺|我)?的?{_CONTACT}"
    r"|怕(?:被)?(?:人家|他们?|她们?)?(?:打击)?报复|怕(?:被)?(?:人|他们?|她们?)?知道是(?:俺|我)"
    r"|(?:会不会|能不能|会)(?:泄露|泄漏|说出去|告诉(?:他|她|人家)|让(?:他|她|人家)?知道)"
)
# "不想说在哪", "地址不方便说", "在哪儿就不说了": the place refused
_WHERE_REFUSED = re.compile(
    r"(?:不想|不愿意?|不方便|不能|没法|不好)(?:说|讲|告诉|透露)(?:你们?|恁们?|您)?(?:在哪|在哪儿|在哪里|地址|地点|位置|地方|具体位置)"
    r"|(?:在哪儿?|在哪里|地址|地点|位置)(?:俺|我)?(?:就|也)?(?:不想|不愿意?|不方便|不能|不)(?:说|讲|告诉|透露)"
)


def why_reply(p: str, step: str) -> str | None:
    """The wording key that answers ``p`` (plain text) at the intake ``step``: why the
    contact is asked (``contact_why``) or why the place is needed (``where_why``)."""
    if step == "contact" and _CONTACT_WHY.search(p) is not None:
        return "contact_why"
    if step == "where" and _WHERE_REFUSED.search(p) is not None:
        return "where_why"
    return None
