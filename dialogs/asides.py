"""Messages about the conversation or the hotline itself, not a matter to file (issue 12).

Pure readings of one message; the engine decides what to do with them:

- an opinion of the hotline's own service or staff (``about_hotline``: 你们这个热线有啥用,
  投诉12345的接线员态度太差): the duty staff hear it, never "where did it happen?";
- "file it again" after the receipt (``resubmit``: 刚才那个事 再提交一次, 把刚才的诉求重新
  提交一下): the appeal is already in, no second intake;
- "go on with what we were saying" (``go_on``: 刚才那个摆摊的事接着说, 咱接着登记吧): talk
  about the conversation, never added to the matter;
- "which office handles this?" during an intake (``which_unit``: 电梯归哪个部门管): the
  unit is decided when the appeal is dispatched; the intake goes on;
- a progress query (查询HZ…) or a policy question during an intake (``intake_aside``):
  answered, and the intake goes on at the same step.
"""

from __future__ import annotations

import re

from dialogs.common import Actions, handoff
from dialogs.context import DialogContext
from dialogs.intake import reask
from dialogs.lookups import WHICH_UNIT, start_knowledge
from dialogs.model import Reply, UserMessage
from dialogs.progress import start_progress
from dialogs.reading import Reading, content_len
from dialogs.state import DialogState, IntakeFlow
from dialogs.why_asked import why_reply
from nlu.regate import gated
from nlu.types import NluResult, TriageOutcome

# the steps at which the appeal's matter is known and a question is open
_ASIDE_STEPS = ("where", "since", "contact", "confirm", "amend")

# the hotline itself, or the people who answer it (not another body's "客服")
_ABOUT_HOTLINE = gated(
    r"(?:热线|12345|客服|机器人)|"
    r"(?:你们|恁们|恁|热线|12345)(?:的|这个|那个|这些)?(?:客服|接线员|话务员|接电话的|工作人员|人员|坐席)|"
    r"接线员|话务员|接线的|接电话的(?:人|那个)"
)
_POOR_SERVICE = gated(
    r"有啥用|有什么用|没啥用|没用|不管用|效率|太慢|磨蹭|敷衍|踢皮球|推诿|不管事|垃圾|"
    r"态度|打不通|没人接|骗人|形式主义|糊弄|太冲|不耐烦|挂(?:我|俺)?(?:的)?电话|爱答不理|"
    r"电话挂了|挂断|不理人|凶|吼|不专业|答非所问"
)

# "the matter of before" as a reference, with nothing new in it
_BACK = (
    r"(?:把|将)?(?:我的|俺的|我|俺)?(?:刚才|刚刚|刚|前面|上面|之前|方才)?(?:说的|讲的|反映的|提的|登记的|的)?"
    r"(?:那个|这个|那|这)?(?:诉求|事情|事儿|事|问题|情况|工单|单子|投诉)?"
)
_RESUBMIT = gated(
    r"^(?:我|俺)?(?:能不能|可以|麻烦|请|帮(?:我|俺)?|给(?:我|俺)?)?(?:你们|恁们|恁|你|您)?"
    + _BACK
    + r"(?:再|重新|又)(?:帮|给)?(?:我|俺)?(?:提交|报|上报|登记|反映|发|交|提)"
    r"(?:上去|一下|一次|一遍|一回|下)?" + _BACK + r"(?:吧|吗|呗|啊|呀|行不|行吗|可以吗)?$"
)
_GO_ON = gated(
    r"^" + _BACK + r"(?:咱们?|我们?|俺们?)?(?:接着|继续|接茬)(?:说|讲|登记|办|来|聊)?"
    r"(?:吧|啊|呀|呗)?$"
)
# another body's customer service ("燃气公司的客服"): a matter for that body's unit
_OTHER_SERVICE = gated(
    r"(?:公司|物业|银行|平台|商家|店|厂家|移动|联通|电信|广电|医院|快递|网点|营业厅)的?客服"
)


# the hotline called names in everyday words ("你们这些骗子", "一帮吃干饭的"), and a wish
# to insult ("我想骂人", "真想骂街"); 垃圾 and 骗子 alone are words of appeals
# (垃圾没人清, 被电信骗子骗了), and insults the NLU knows are its own (NluResult.abusive)
_INSULT = gated(
    r"(?:你们|恁们|你们这|你这)(?:都|就|全|全都|这些|这帮|这群|这伙|一帮|一群|一伙|那帮|那些)*"
    r"(?:是|就是|纯属)?(?:一帮|一群|一伙)?"
    r"(?:垃圾|骗子|饭桶|废物|混蛋|王八蛋|白痴|蠢货|窝囊废|吃干饭的|吃闲饭的|人渣|败类|骗人的)|"
    r"(?:^|我|俺)(?:真|都|就)?(?:想|要|恨不得|忍不住)(?:要)?(?:骂人|骂街|骂娘|骂你们|骂恁|爆粗口)"
)
# what calls the hotline names, and nothing else: an appeal inside abusive text keeps its
# own words ("你们这帮废物！巨野县我家门口的下水道堵了"), an insult alone is no appeal
_INSULTS = gated(
    _INSULT.pattern + r"|我?(?:想|要)?骂人|你们(?:都|就|全|全都)?(?:是|这帮|这群|一帮|一群|那帮)*"
    r"(?:垃圾|骗子|饭桶|废物|混蛋|王八蛋|白痴|蠢货)?|"
    r"一(?:帮|群)(?:垃圾|骗子|饭桶|废物)|废物|饭桶|混蛋|王八蛋|傻[逼比b]|白痴|蠢货|狗官|滚蛋"
)


def insulting(text: str) -> bool:
    """The hotline called names in everyday words, or a wish to insult."""
    return _INSULT.search(text) is not None


def without_insults(text: str) -> str:
    """The text without what calls the hotline names (what is left may be an appeal)."""
    return _INSULTS.sub("", text)


def about_hotline(r: Reading) -> bool:
    """An opinion of the hotline's own service or staff, at no place and no order."""
    return (
        _ABOUT_HOTLINE.search(_OTHER_SERVICE.sub("", r.plain)) is not None
        and _POOR_SERVICE.search(r.plain) is not None
        and r.place is None
        and r.order_number is None
    )


def resubmit(r: Reading) -> bool:
    """ "再提交一次" about the appeal just filed: nothing new in it."""
    return r.order_number is None and r.place is None and _RESUBMIT.match(r.plain) is not None


def go_on(r: Reading) -> bool:
    """ "刚才那个…的事接着说": a word about the conversation, no part of the matter."""
    return not r.has_facts and r.order_number is None and _GO_ON.match(_loose(r.plain)) is not None


def which_unit(r: Reading) -> bool:
    """ "这事归哪个部门管": asked while the appeal is taken down."""
    return not r.has_facts and WHICH_UNIT.search(r.plain) is not None


def _loose(plain: str) -> str:
    """The reference to the matter of before, whatever it is called ("摆摊的事")."""
    return re.sub(
        r"^(?:刚才|刚刚|前面|上面|之前|方才)(?:说的|讲的)?(?:那个|这个)?.{1,12}?的?"
        r"(?:事情|事儿|事|问题|情况)",
        "",
        plain,
    )


def intake_aside(
    s: DialogState, flow: IntakeFlow, ev: UserMessage, r: Reading, ctx: DialogContext
) -> Actions | None:
    """A message in the middle of an intake that answers nothing it asked and is no part
    of the matter: answered, then the intake goes on at the same step, nothing lost.
    ``None`` when the message is for the intake itself."""
    if not flow.slots.matter and flow.step == "what" and urging(r) and not ev.files:
        return [Reply(text=ctx.say("urging_what"))]  # no matter yet: what is it about?
    if not flow.slots.matter or flow.step not in _ASIDE_STEPS or ev.files:
        return None
    earlier = r.progress and s.memory.last_order is not None  # "我上午反映的那个修了没"
    if (r.order_number is not None or earlier) and not r.has_facts:
        # "查询HZ…": the progress of another order, the appeal kept
        return start_progress(s, ev, r, ctx, facts=flow.slots, resume=flow.step)
    if urging(r):
        # "你们到底管不管！！！": the feeling acknowledged, nothing added to the matter
        return [Reply(text=ctx.say("urging_ack")), *reask(s, flow, ctx)]
    if go_on(r):
        # "刚才那个摆摊的事接着说": about the conversation, not more of the matter
        return [Reply(text=ctx.say("resume_intake")), *reask(s, flow, ctx)]
    if side_question(flow, ev, r):
        # "对了 身份证丢了咋补办": answered from the knowledge base, then the intake goes on
        # (a "which office?" the knowledge base cannot answer: decided at dispatch)
        if flow.slots.question_missed:
            # asked again after the knowledge base found nothing: an agent, not a loop
            return handoff(s, "knowledge_unfound", ctx, lead="knowledge_unfound_handoff")
        matter = flow.slots.matter
        # "不是要投诉 就想问问咋换个新的": a question about the matter told, with it
        query = f"{matter} {r.core}" if r.consult else r.core
        return start_knowledge(s, query, ctx, facts=flow.slots, resume=flow.step)
    if which_unit(r) and not (r.cancel or r.fix or r.human):
        # "这事归哪个部门管" not read as a policy question: decided when it is dispatched
        return [Reply(text=ctx.say("which_unit_intake")), *reask(s, flow, ctx)]
    return None


def side_question(flow: IntakeFlow, ev: UserMessage, r: Reading) -> bool:
    """A policy question asked in the middle of an intake, answering nothing it asked."""
    return (
        bool(flow.slots.matter)
        and flow.step in _ASIDE_STEPS
        and r.intent == "ask_info"
        and r.confident
        and content_len(r.core) >= 4
        and r.place is None
        and r.phone is None
        and r.name is None
        # "一直都没有" to "since when?": the time asked for, in a question's words
        and not (flow.step == "since" and r.since is not None)
        # "能不能改一下地点": a correction at the read-back, not a question
        and not (r.cancel or r.progress or r.human or r.anonymous or r.fix)
        and not ev.files
        # "你们要电话干啥", "不想说在哪": about the question asked, answered by the intake
        and why_reply(r.plain, flow.step) is None
    )


def repeat_found(nlu: NluResult | None) -> bool:
    """第十三条(三) decided with the case store: an order of the citizen's is named."""
    return (
        nlu is not None
        and nlu.triage is not None
        and nlu.triage.outcome == TriageOutcome.REPEAT
        and nlu.triage.matched is not None
    )


# a person asked for in so many words, with more said after it ("我想找人工问一下多久能修好",
# "帮我转人工 问问啥时候来修"): not 人工湖, 人工费 or 人工降雨
_PERSON = gated(
    r"(?:找|转|要|接|叫|联系|请)(?:一?个|一下)?(?:人工|真人|活人|接线员|话务员|工作人员)"
    r"(?!湖|河|费|降雨|智能|草坪|林|造)|人工(?:服务|客服|坐席|接听)"
)

# "不用找人工了", "别转人工": no request for a person
_NO_PERSON = gated(
    r"(?:不用|不要|别|不想|不需要|甭|无需|没必要|用不着)(?:再|给我|给俺)?(?:去)?(?:找|转|要|接|叫|联系|请)"
)


# the hotline's own people asked for ("俺要找人工", "转真人"): a chat with a person, honoured
# whatever else the message holds (trial8 F19); 工作人员 may be staff sent to the spot
# ("请工作人员来看看 …牡丹区"), a matter, so that word needs a message with no place or phone
_CHAT_PERSON = gated(r"人工|真人|接线员|话务员")


# a person to talk to asked for in everyday words, as a clause of its own ("俺要跟人说话",
# "恁这不管用 俺要跟人说话", "让个真人跟俺说", "找个人跟俺聊聊"): like 转人工 (trial12 P13)
_TALK_TO_PERSON = gated(
    r"(?:要|想|得|让|找|叫|来)(?:一?个)?(?:跟|和|同)?(?:一?个)?(?:人|真人|活人|人工)(?:来)?"
    r"(?:跟|和|同)?(?:我|俺|咱)?(?:说话|说说|说|聊聊|聊|讲讲|讲|谈谈|对话|唠唠|唠)"
    r"(?:吧|啊|呀|呗|行不|行吗|中不|中不中|可以吗)?(?=$|[\s，,。！!？?；;~～])"
)
_NEGATED = re.compile(r"(?:不|别|甭|没|不用|不需要)$")


def talks_to_person(text: str) -> bool:
    """ "俺要跟人说话": a person to talk to asked for, not negated ("不想跟人说话")."""
    found = _TALK_TO_PERSON.search(text)
    return found is not None and _NEGATED.search(text[: found.start()]) is None


def asks_person(r: Reading) -> bool:
    """A request for a person, also with a question after it (the short 转人工 is
    ``Reading.human``); with a place, a phone or a matter beside it too when the person
    is the hotline's (人工, 真人): the facts stay for the agent's prefill. A person to
    talk to asked in everyday words ("俺要跟人说话") counts when no place or phone is
    beside it."""
    if r.place is None and r.phone is None and talks_to_person(r.text):
        return True
    found = _PERSON.search(r.plain)
    if found is None or _NO_PERSON.search(r.plain[: found.end()]) is not None:
        return False
    if _CHAT_PERSON.search(found.group(0)) is not None:
        return True
    return r.place is None and r.phone is None


# "你是机器人还是真人", "这是自动回复吗", "对面是真人吗": who answers, asked; no request
_BOT_OR_HUMAN = gated(
    r"(?:机器人|自动回复|智能客服|人工智能|ai|电脑)(?:还是|吧|吗|么|啊|呀|呢|聊天|回复)|"
    r"(?:真人|人工|活人)(?:还是|吗|么|吧|啊|呀|回复的吗|在回)|"
    r"(?:是不是|是)(?:机器人|真人|人工|自动回复)"
)
# ...unless a person is asked for in the same words ("是机器人吗 我要转人工")
_WANTS_PERSON = gated(
    r"转人工|找人工|要人工|人工服务|人工客服|找真人|要真人|找个人|接线员|有人工|有真人|有没有(?:人工|真人)"
)


def bot_or_human(r: Reading) -> bool:
    """ "你是机器人还是真人啊": the citizen asks who answers (no person asked for, no
    matter told); said what the bot is and how to reach a person."""
    p = r.plain
    return (
        len(p) <= 20
        and _BOT_OR_HUMAN.search(p) is not None
        and _WANTS_PERSON.search(p) is None
        and not r.has_facts
        and r.order_number is None
    )


# urging or venting during an intake ("你们到底管不管！！！", "能不能快点给办", "急死人了"):
# said about the appeal being taken down, no matter of its own
_URGING = gated(
    r"^(?:你们|恁们|恁|你|您|这|那|到底|究竟|还|倒是|真是|可|能不能|赶紧|快点|快)*"
    r"(?:到底|究竟)?(?:管不管|管不管了|有没有人管|有人管没|有人管吗|还管不管|"
    r"能不能快点|能快点吗|快点办|快点处理|赶紧办|赶紧处理|赶紧给办|快点给办|"
    r"急死(?:人|我|俺)?了|气死(?:人|我|俺)?了|太气人了|太过分了|烦死了|"
    r"怎么(?:还|又)?这么慢|咋(?:还|又)?这么慢|磨磨唧唧|别磨蹭了|到底(?:能不能|行不行|办不办))"
    r"(?:啊|呀|吗|呢|啦|了|吧|哇|嘛)*$"
)


def urging(r: Reading) -> bool:
    """Urging or venting, nothing to add to the appeal (no fact, no question of its own)."""
    return not r.has_facts and r.order_number is None and _URGING.match(r.plain) is not None


# names called in any clause (the NLU's abusive words of everyday speech)
_NAMES = gated(r"废物|饭桶|混蛋|王八蛋|傻[逼比b]|白痴|蠢货|狗官|滚蛋|人渣|败类|窝囊废")
_CLAUSE = re.compile(r"((?:[，。！？!?,;；、\s]|（补充）)+)")


def without_insulting_clauses(matter: str) -> str:
    """The matter without its clauses that call the hotline names (what goes to the
    handling unit): "路灯坏了一个多月 你们这帮废物 赶紧给修" → "路灯坏了一个多月 赶紧给修".
    A clause with more in it ("下水道堵了你们这帮废物也不管") loses only the names; the
    matter is never emptied."""
    parts = _CLAUSE.split(matter)
    out: list[str] = []
    for i in range(0, len(parts), 2):
        clause = parts[i]
        sep = parts[i + 1] if i + 1 < len(parts) else ""
        if insulting(clause) or _NAMES.search(clause):
            rest = _NAMES.sub("", _INSULT.sub("", clause))
            if content_len(rest) < 4:
                out.append("\n" if "\n" in sep else "")  # dropped with its separator
                continue
            clause = rest
        out.append(clause + sep)
    cleaned = re.sub(r"(?:\s*（补充）)+\s*$", "", "".join(out)).strip(" ，,、；;")
    return cleaned if content_len(cleaned) >= 2 else matter
