"""The citizen withdrawing a matter, read by its parts (issue 12).

A short message withdraws the matter when one of its clauses says, in the citizen's own
voice, that it is no longer wanted:

- the handling refused: a negation and an act of the hotline or of the citizen's telling
  (``不用派人了``, ``你们别管了``, ``先不登记了``, ``不报了``, ``就不投诉了``, ``用不着了``,
  ``没必要处理了``), at the end of its clause;
- giving up (``算了``, ``没事了``, ``不需要了``, ``不用了``), not a sum (``我算了一下``);
- cancelling the matter itself (``撤销吧``, ``这单作废``, ``帮我把这个撤了``): said of the
  matter (nothing or a pointer before it), not of something done to the citizen
  (``村里把俺的补贴取消了``) nor asked (``我的工单撤销了吗``).

The problem having gone away (``来水了``, ``已经修好了``) is what usually comes with it
(``来水了 不用了``); alone it is no withdrawal (``修好了第二天又坏了`` is a matter).
Somebody else's words told in the matter (``物业说算了不给修``, ``他们说不用管``) are not
the citizen's cancelling.
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"[\s,，.。!！?？;；、~～…]+")
_END = r"(?:了|啦|吧|呀|哈|啊|哦|呢|哩|嘞)*$"
#: Asking that something be not done (不用派人了, 你们别管了, 先不登记了).
_NOT = r"(?:先不|暂时不|就不|还是不|还是别|不打算|不准备|不必|不需要|不要|不用|不想|甭|别)"
#: What the hotline (or the citizen's telling) would do.
_DO = (
    r"(?:提交|登记|反映|投诉|举报|告|报|办|弄|整|提|管|处理|派人|来人|来|过来|麻烦|跑|修|"
    r"记|查|找|受理|上报|立案|跟进)"
)
_HANDLING_REFUSED = re.compile(
    rf"{_NOT}(?:再)?(?:给我|帮我|麻烦)?(?:你们|恁|您|人)?(?:再)?{_DO}"
    r"(?:来|过来|去|一趟|这趟|一下|一回|你们|您|恁|你|人)*" + _END
)
#: The citizen's own telling stopped (不报了, 不反映了, 不投诉了).
_TELLING_STOPPED = re.compile(
    r"不(?:再)?(?:提交|登记|反映|投诉|举报|告|报|办|弄|整|提|查)(?:了|啦)+$"
)
_GIVEN_UP = re.compile(
    r"(?:(?<![计结核估打])算了(?!一下|下|算|账|一遍|好几遍|半天)|没事儿?(?:了|啦)|不需要了|不用了|"
    r"用不着了?|没必要(?:了|再\S*|\S{0,4}了)|不必了|罢了)" + _END
)
_CANCEL_MATTER = re.compile(
    r"(?:把这个|把那个|把工单|把诉求|把它)?(?:取消|撤销|撤回|作废|撤(?:了|掉))(?:掉|提交|工单|诉求)?"
    + _END
)
#: What may come before a withdrawal in its clause: a pointer to the matter, the citizen,
#: the hotline, after what happened ("…修好了就不用报了").
_LEAD = re.compile(
    r"(?:.*了)?(?:那|那就|就|还是|这个|这事儿?|那个|那事|这单|那单|刚才的事|刚才那个|刚才的|"
    r"这个事儿?|那个事儿?|这件事|那件事|刚才|刚刚|"
    r"工单|诉求|我的诉求|帮我|给我|请|麻烦|我|俺|咱|你们|恁|暂时|先|已经|现在|那我|好|行|哎|唉|"
    r"等等|嗯|哦|申请)*"
)
#: An answer whose meaning is the question's (不用了, 不必了).
_ANSWER_ONLY = re.compile(r"(?:不用|不必|不要)(?:了|啦|吧)*")
_QUESTION = re.compile(r"(?:吗|么|嘛|没有?)$")
#: Another's words told in the matter (物业说算了, 他们说不用管).
_REPORTED = re.compile(r"说|讲|让|叫|告诉")
_THANKS = re.compile(r"(?:谢谢|谢了|多谢|辛苦了?)(?:你|您|恁|你们)?(?:了|啦)*$")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c]


def _withdraws(clause: str) -> bool:
    """True when ``clause`` alone says the matter is no longer wanted."""
    if _QUESTION.search(clause):
        return False
    for rx in (_HANDLING_REFUSED, _TELLING_STOPPED, _GIVEN_UP, _CANCEL_MATTER):
        for m in rx.finditer(clause):
            before = clause[: m.start()]
            if _LEAD.fullmatch(before) and not _REPORTED.search(before):
                return True
    return False


def withdrawn(text: str) -> bool:
    """True when a clause of ``text`` withdraws the matter (the caller keeps it short).

    A bare ``不用了`` is left to the dialogue: it answers what was asked (to "leave a
    phone?" it refuses the phone)."""
    clauses = _clauses(text)
    if _ANSWER_ONLY.fullmatch("".join(clauses)):
        return False
    for clause in clauses:
        # "不用了谢谢": the thanks after a cancel
        core = _THANKS.sub("", clause) or clause
        if _withdraws(core):
            return True
    return False
