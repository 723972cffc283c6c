"""An appeal and a question in one message (trial10 N08).

「小区门口的井盖没了 还有 俺想问问医保咋报销」: the missing cover is taken down (the intake
starts with it, the question is no part of 诉求内容) and the question is answered from the
knowledge base at once, or said not found there with where to ask (第十二条: questions are
answered online); then the intake goes on with its open question. Nothing told is lost.

The question is the clause after a joining word (还有, 另外, 顺便, 对了 ...) that asks
(想问问, 咋, 多少, 吗 ..., read as a question by :func:`nlu.suggestions.question_or_matter`),
the matter the clause before it, a description of its own. A second matter after 还有 (「还有 路灯也
坏了」) is no question: the message stays one appeal. The question may come first
(「办居住证要啥材料 另外俺小区门口路灯坏了」, trial17): the same, the other way round.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dialogs.common import Actions
from dialogs.context import DialogContext
from dialogs.intake import intake_turn, start_intake
from dialogs.lookups import start_knowledge
from dialogs.model import DialogState, Reply, UserMessage
from dialogs.reading import Reading
from dialogs.spoken import PROBLEM, content_len
from dialogs.state import IntakeFlow
from nlu.normalize import normalize
from nlu.questions import parts
from nlu.suggestions import question_or_matter

__all__ = ["question_beside", "with_question"]

# the words that join a second thing to the first ("还有", "另外", "顺便问一下", "对了")
_JOIN = re.compile(
    r"[\s\u3000，,。；;！!]+(?:还有|另外|顺便|再一个|再就是|对了|还想|再问)"
    r"(?:个事儿?|件事|一个事|一件事|就是|啊|呢)?[\s\u3000，,。；;：:]*"
)
#: A message longer than this is an account told at length, never split (characters).
_MAX_CHARS = 160
#: A question beside a matter is one short sentence (characters of content).
_MAX_QUESTION = 40
# a clause that asks (a question word, a wish to ask, a question's end)
_ASKS = re.compile(
    r"问问|问一下|问下|问个|咨询|打听|请教|想知道|咋|怎么|怎样|如何|多少|多久|多长|哪|"
    r"什么|啥|几[天个月年]|能不能|可不可以|是不是|有没有|吗|[？?]"
)


def question_beside(matter: str, appeal: bool = False) -> tuple[str, str] | None:
    """(the matter, the question) when ``matter`` tells a matter and then, joined by
    还有/另外/顺便/对了, asks a question; None otherwise (one matter, or a question alone).
    ``appeal``: the NLU read the message as an appeal (its first part is the matter)."""
    if len(matter) > _MAX_CHARS:
        return None  # a long account: its "另外" goes on telling it, all of it is the matter
    m = _JOIN.search(matter)
    if m is None:
        return None
    head, tail = matter[: m.start()].strip(), matter[m.end() :].strip()
    if not 4 <= content_len(tail) <= _MAX_QUESTION or content_len(head) < 4:
        return None
    hp = parts(normalize(head))
    if hp.asking:
        return _question_first(head, tail)
    if _ASKS.search(tail) is None:
        return None
    matter_told = hp.trouble or hp.grievance or PROBLEM.search(head) or _GONE.search(head)
    if not (matter_told or appeal):
        return None  # the first part tells no matter to file
    if question_or_matter(normalize(tail)) != "question":
        return None  # the second part is a matter to file
    return head, tail


def _question_first(head: str, tail: str) -> tuple[str, str] | None:
    """(the matter, the question) when ``head`` asks a policy question and ``tail`` tells
    a matter of its own (「办居住证要啥材料 另外俺小区门口路灯坏了」, trial17): both kept."""
    if content_len(head) > _MAX_QUESTION or question_or_matter(normalize(head)) != "question":
        return None
    tp = parts(normalize(tail))
    told = tp.trouble or tp.grievance or PROBLEM.search(tail) or _GONE.search(tail)
    if not told or question_or_matter(normalize(tail)) == "question":
        return None  # the second part asks too, or tells nothing to file
    return tail, head


# a public thing gone or broken, or a nuisance, in words the matter words may not list
# (井盖没了, 栏杆被偷了, 油烟太大)
_GONE = re.compile(
    r"没了|丢了|被偷|不见了|塌了|坏了|堵了|不亮|吵得|臭得|漏水|停水|停电|太大|太吵|太臭|太响|"
    r"油烟|噪音|污水|乱扔|乱倒|乱停|扰民|没人管|没人修"
)


def with_question(
    s: DialogState,
    ev: UserMessage,
    r: Reading,
    ctx: DialogContext,
    flow: IntakeFlow | None = None,
) -> Actions | None:
    """The intake of the matter of ``r`` (a new one, or ``flow`` when its matter was asked
    for) with the question beside it answered first; None when ``r`` asks none."""
    split = question_beside(r.matter, r.intent in ("appeal", "complain_staff") and r.confident)
    if split is None:
        return None
    head, question = split
    told = replace(r, matter=head)
    acts = start_intake(s, ev, told, ctx) if flow is None else intake_turn(s, flow, ev, told, ctx)
    now = s.flow
    if not isinstance(now, IntakeFlow) or now.step == "submitting" or not acts:
        return acts
    if not isinstance(acts[-1], Reply):
        return acts
    # the intake's open question is asked again after the answer (``resume``), not twice
    lead = Reply(text=ctx.say("question_beside"))
    return [*acts[:-1], lead, *start_knowledge(s, question, ctx, facts=now.slots, resume=now.step)]
