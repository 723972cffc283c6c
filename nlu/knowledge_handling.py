"""A question about how long the handling of an appeal takes (trial8/trial9 F20).

「你们多久能给处理啊」, 「这事得几天能办好」, 「大概啥时候有人来修」, 「恁啥时候能给俺答复」
all ask the same thing: when the matter told (or about to be told) will be handled. The
answer is the hotline's own time limit (config/knowledge/rexian.yml, 《菏泽市12345政务服务
便民热线条例》第十五条、第十六条), whatever the wording; never a procedure's entry that
shares a word of when (临时身份证多久能拿).

The reading: a word of when or of how long (多久, 几天, 啥时候, 多少天) and an act of
handling (处理, 解决, 答复, 来修, 办好, 有结果) next to each other, in either order, and
nothing else asked about:

- no thing of a procedure named (an object of ``objects.yml``: 身份证补办几天能办好 is the
  document's own time, answered by its entry or not at all);
- no other subject word, unless the act is one only an appeal has (来修, 处理, 解决, 答复:
  「路灯啥时候能修好」 is the repair of the matter told); a weak act (办好, 有结果, 下来)
  with another subject (低保申请多久有结果, 种粮补贴啥时候发) is that procedure's question.
"""

from __future__ import annotations

from collections.abc import Iterable

from nlu.knowledge_words import core, subject
from nlu.regate import gated

_WHEN = (
    "多久|多长时间|多少天|多少日子|几天|几个工作日|几个月|几个礼拜|啥时候|什么时候|啥时|何时|"
    "哪天|多会儿|多咱"
)
#: Acts only the handling of an appeal has.
_STRONG = "处理|解决|答复|回复|回音|回话|反馈|落实|来修|修好|修一下|来人|有人来|派人|来看"
#: Acts a procedure has too (办好, 有结果, 办下来).
_WEAK = "办好|办完|办结|办妥|弄好|整好|搞定|有结果|出结果|结果|有信儿?|信儿|消息|说法"
_GAP = r"[^\s,，.。!！?？;；]{0,6}?"
_ACT = f"{_STRONG}|{_WEAK}"
#: A word of when next to an act of handling, either way round.
_HANDLING_TIME = gated(f"(?:{_WHEN}){_GAP}(?P<a>{_ACT})|(?P<b>{_ACT}){_GAP}(?:{_WHEN})")
_STRONG_RX = gated(_STRONG)
#: The appeal told to the hotline and the wait after it (「反映了以后」, 「登记完了」, 「报上去」,
#: 「打了电话以后」): the hotline's own handling still, no other thing asked about (trial10 F20).
_AFTER = "以后|之后|过后|然后|反映|反应|提交|上去|报上去|登记|留言|留了言|打电话|电话|等着?"
#: Words that name nothing asked about: the matter pointed at, how sure, who, and the
#: words of when and of handling themselves.
_VAGUE = gated(
    "^(?:这事|这个|这个事|这件事|事儿|事情|俺的事|大概|大约|差不多|一般|到底|究竟|有人|人家|"
    f"下来|这边|那边|单位|部门|承办|热线|工单|诉求|问题|完|{_AFTER}|{_WHEN}|{_ACT})+$"
)


def _others(subject: Iterable[str]) -> list[str]:
    """The subject words that name something asked about (not :data:`_VAGUE`)."""
    return [w for w in subject if _VAGUE.search(w) is None]


def asks_handling_time(text: str, subject: Iterable[str], things: Iterable[str]) -> bool:
    """Whether ``text`` (normalized) asks how long the handling takes; ``subject`` are its
    subject words (:func:`nlu.knowledge_words.subject`), ``things`` the objects it names
    other than the hotline's own."""
    found = _HANDLING_TIME.search(text)
    if found is None or any(True for _ in things):
        return False
    if not _others(subject):
        return True
    act = found.group("a") or found.group("b") or ""
    return _STRONG_RX.search(act) is not None


def only_handling_time(text: str) -> bool:
    """Whether ``text`` (normalized) asks how long the handling takes and tells nothing
    else (「俺这个事多长时间能处理完」, not 「路灯坏了 啥时候能修好」): a question about the
    hotline's own service, never a matter of its own."""
    if _HANDLING_TIME.search(text) is None:
        return False
    return not _others(subject(core(text)))
