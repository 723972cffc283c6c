"""A question to answer or a matter to file (第十二条: answer online what can be answered).

A citizen asking how, where, when, what is needed, how much or whether one may do
something about a public service (办理、补办、领取、申请、需要什么材料、在哪办、什么时候开始、
多少钱、能不能……) asks a question: it is answered from the knowledge base, or told where
to ask, even when no entry matches. A question that carries a grievance (为什么还不修、
凭什么收费、多次反映没人管), a request for someone to act (能不能派人来修一下), or a problem
of a public thing happening now (路灯坏了、停水了) is a matter to file.

The reading is by the parts of meaning of the message, not by whole phrases:

- ``asking``: an interrogative form (wh-words 怎么/咋/哪/啥/多少/几, A-not-A 能不能, a
  clause ending in 吗/么/不/没, an alternative 是……还是……, a question mark);
- ``grievance``: reproach (为什么/凭什么, 咋还不/怎么还没), waiting counted (申请了仨月了还没),
  contacts repeated (反映了好几回), nobody acting (没人管, 谁管), wrongdoing (乱收费、少发、
  不给办、推诿), harm endured (还让不让人睡觉, 臭得要命);
- ``request``: asking someone to come and act (派人来看看, 能不能管管), or when they will
  (啥时候能修好, 多久能处理);
- ``service``: wanting a service for oneself (我要办居住证, 想补办社保卡): asked how it is
  done even without a question form;
- ``trouble``: a public thing's problem (坏了、不亮、漏水、停电、噪音) when no personal
  document, card or benefit is what is asked about (身份证坏了怎么换 is a question);
- ``competence``: who handles it (找谁、该找谁、归哪个部门管、哪个部门负责、向哪反映): the
  citizen asks where to turn, so a wrongdoing or a trouble named with it (共享单车乱停放找谁)
  is the question's subject, answered from the knowledge base (第十二条; trial5 F29);
  reproach, a counted wait, repeated contacts or nobody acting (多次反映了没人管 到底找谁)
  keep it a matter.

:func:`reading` gives ``"question"``, ``"matter"`` or ``None`` (no question form: the
intent model decides); the citizen's own framing (我不是投诉 就是想问问) makes a question.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from nlu.regate import gated

Kind = Literal["question", "matter"]

_END = r"(?=$|[\s,，.。!！?？;；~～…])"
#: Interrogative forms of spoken Mandarin and the Heze dialect.
_ASKING = gated(
    r"[?？]|怎么|怎样|咋|如何|哪|啥|什么|多少|多大|多久|多长|(?<![好十])几(?!十)[个号月点岁年天时次]|"
    r"何时|是否|能否|可否|有无|谁|"
    r"(?P<ab>[能可要用得会有是算行给让够交办])不(?P=ab)|可不可以|有没有|是不是|"
    r"[吗么嘛]" + _END + r"|(?:[^\s不没]{1,8})(?:不|没|没有|木有|不啦)" + _END + r"|"
    r"是.{1,14}还是|还是(?:在|按|去|到|找|用|交|办|要)"
)
#: A wh-word inside a statement ("不知道哪个厂子往河里排黑水", "也不知道为啥"): not asked.
_EMBEDDED = gated(
    r"(?:不知道|不晓得|不清楚|不知|搞不清|谁知道|没人知道)(?:是)?"
    # a verb may come between ("钱都不知道弄哪去了", "也不知道给了谁")
    r"(?:[^\s,，.。!！?？;；不没]{0,3}?)"
    r"(?:哪|啥|什么|谁|为啥|为什么|怎么|咋|几|多少)[^\s,，.。!！?？;；]{0,10}|"
    # what someone else called it ("说是啥增值业务", "说是什么服务费"): told, not asked
    r"说是(?:啥|什么)(?!时候)[^\s,，.。!！?？;；]{0,10}|"
    # the same after it ("修路的钱花了多少谁也不知道")
    r"(?:哪|啥|什么|为啥|为什么|几|多少)[^\s,，.。!！?？;；]{0,4}?"
    r"(?:谁|俺们|我们|大家|村民|老百姓)?(?:也|都)?(?:不知道|不晓得|不清楚|没人知道)"
)
#: A negation that states, not asks ("一点用没有", "啥也不管", "根本没"): no A-not-A.
_STATED_NEG = gated(
    r"(?:一点|一丁点|半点|一分|一毛|丝毫|啥|什么|根本|压根|从来)[^\s,，.。!！?？;；]{0,3}?"
    r"(?:都|也)?(?:没有|没|不)(?=$|[\s,，.。!！?？;；~～…])"
)
#: However it is tried, nothing works ("咋说都不听", "怎么敲门也不开", "谁劝都没用"): a
#: concession told, not asked, and a grievance (the citizen has tried and failed).
_CONCESSIVE = gated(
    r"(?:咋|怎么|怎样|谁|啥时候|什么时候)[^\s,，.。!！?？;；]{0,4}?(?:都|也)(?:不|没)"
    r"[^\s,，.。!！?？;；]{0,4}?(?=$|[\s,，.。!！?？;；~～…])"
)
#: The citizen says it is reporting (俺想说个事, 我要反映, 想投诉): a matter to file.
_REPORTING = gated(r"说个事|说件事|反映(?:一下|个|下)?|投诉|举报|曝光|告状")
#: The citizen frames the message as a question (not a complaint).
_FRAMED = gated(
    r"不是(?:来|要|想)?(?:投诉|举报|反映|告状)(?!过)|不投诉|(?:就|只|光)是?想?(?:问问|问一下|咨询|了解)|"
    r"想咨询|咨询一下|咨询个|打听一下|了解一下"
)
#: Someone else's work not done (给、来、修、批、到账 ...), after a wait or "still".
_NOT_DONE = (
    r"(?:没|没有|不|木)(?:人)?(?:给|来|修|管|理|批|到|回|见|处理|解决|发|退|供|落实|"
    r"答复|回复|联系|疏通|清理|兑现|到账|下来|见着|公开|公示)"
)
#: The same after a counted wait (跑了三趟还没办成: the citizen's errand too).
_NEG_ACT = r"(?:" + _NOT_DONE + r"|(?:没|没有|不)(?:办|弄|开|通|上))"
#: A grievance inside a question.
_GRIEVANCE = gated(
    # reproach
    r"凭什么|凭啥|为什么|为啥|干啥不|咋(?:还|就|老|总|又|都|也|这样|这么|能这样)|"
    r"怎么(?:还|就|老|总|又|都|也|这样|这么|能这样)|到底(?:有没有|管不管|还|什么时候|啥时候|咋|怎么)|"
    # disbelief and nothing working, asked back ("咋可能用这么多水", "咋着也不中")
    r"(?:咋|怎么|哪)(?:可能|会)(?:用|花|交|收|扣|要|走|跑|有|这么|那么)|"
    r"(?:咋着|咋弄|咋整|怎么弄|怎么整|怎么搞)(?:也|都)(?:不中|不行|不好|没用|不管用)|"
    r"难道|还让不让|还有没有|有没有人管|有人管(?:没|吗|么|不|没有)|谁来管|谁管|管不管|就不管|"
    r"也不管|不管吗|没人管|"
    r"人呢|谁定的|谁批的|谁让|"
    # waiting counted, then still nothing
    r"(?:了|已经|都)(?:好|快|一|两|俩|仨|三|四|五|六|七|八|九|十|半|几|\d)+[个多]?"
    r"(?:天|日|周|礼拜|星期|月|年|趟|回|次|遍|钟头|小时)(?:了)?.{0,8}" + _NEG_ACT + "|"
    r"(?:还|都|也|一直|至今|迟迟|始终|到现在|从来|从没|从)(?:也|都|还)?" + _NOT_DONE + "|"
    # others got it, the citizen did not ("人家都发了 俺家咋木有")
    r"(?:咋|怎么)(?:就|还|都)?(?:没|木)有?(?=$|[\s,，.。!！?？;；~～…])|"
    r"(?:咋|怎么)(?:也|都|就)?" + _NOT_DONE + "|"
    r"等了(?:好|快|一|两|俩|仨|三|四|五|六|七|八|九|十|半|几|\d)+[个多]?"
    r"(?:天|周|礼拜|星期|月|年|钟头|小时)|"
    # contacts repeated
    r"多次|好几次|好几回|好几趟|三番五次|一再|反复反映|反映了|打了.{0,6}(?:电话|12345)|来回跑|"
    # nobody acting, wrongdoing
    r"(?:咋|怎么|为啥|为什么)(?:就|又|还|都)?(?:没人|没有人)|"
    r"(?:咋|怎么|凭啥)(?:就|又|还)?给(?:俺|我|俺们|我们|人家)?[^\s,，.。?？]{1,4}了|"
    r"没人(?:管|修|理|来|回|处理|问|拉|清|收|扫|弄|整|搭理|过问)|无人(?:管|问|处理)|不作为|推诿|踢皮球|刁难|敷衍|"
    r"不给(?:办|上|开|看|批|退|报|发|修|解决|处理)|多收|多扣|少给|少发|少报|少算|克扣|"
    r"乱[收开罚扣搭建停扔倒贴摆排放涨]|乱七八糟|"
    r"(?:这|这样|这么)[^\s,，.。!！?？;；]{0,4}(?:合理|正常|合法|对|公平|应该)(?:吗|么|嘛|不)|"
    r"拖欠|欠薪|不退|强制|强行|没收(?!入)|态度(?:太|很|特别|非常|极其)?(?:差|恶劣|不好|蛮横|生硬)|"
    # harm endured
    r"让不让人|受不了|要命|睡不着|太吵|吵得|臭得|熏得|扰民|贵了一倍|涨了一倍|"
    # a rule broken, asked back ("这季节不是不让烧吗", "不是说禁止放炮吗")
    r"不是(?:说|规定|早就)?(?:不让|不准|不许|不能|禁止|严禁|明令|说好)|"
    # unreason reproached ("恁说这是个啥理", "讲不讲理")
    r"(?:啥|什么)(?:道)?理(?!由|财|发|论|疗)|讲不讲理|不讲理|有没有王法|还有王法|欺负人|"
    # fraud ("人家说是假药", "被骗了")
    r"假(?:药|货|农药|化肥|种子|酒|烟|冒)|卖假|被骗|骗了|骗钱|骗人|坑人|坑钱|黑心|"
    # something done behind the public's back ("把机动地偷偷租出去了", "私自占了")
    r"私自|擅自|偷偷(?:摸摸)?(?:地|的)?(?:把|给|租|卖|占|盖|建|改|拆|挖|倒|排|烧|收|扣|转|分)|"
    # money gone, asked back ("村里收的钱都弄哪去了", "补偿款花哪去了")
    r"(?:弄|花|搞|整|拿|用|挪)(?:到)?(?:哪|哪儿|哪里)去了|"
    # a duration of nothing done ("账好几年不公开了", "仨月没人来")
    r"(?:好|一|两|俩|仨|三|四|五|六|七|八|九|十|半|几|\d)+[个多]?(?:天|日|周|礼拜|星期|月|年)"
    r"(?:了)?(?:都|也|还)?" + _NOT_DONE
)
#: Money paid (交了暖气费, 暖气费都交了, 充了燃气卡, 办了张年卡, 收了定金, 买的药).
_PAID = gated(
    r"(?:交了|缴了|充了|付了|交过|缴过|花了|办了|买了|买的|交的|充的|收了|收俺|收我|扣了|扣俺|扣我)"
    r"[^\s,，.。!！?？;；]{0,8}?(?:费|钱|卡|款|定金|押金|学费|药|车|[块元万])|"
    r"费(?:都|也|早就|早)?(?:交了|缴了|交过|缴过|充了|付了)"
)
#: What was paid for and is not there (不热、冰凉、没气、断网、关门了、跑了、一点用没有).
_NOT_SERVED = gated(
    r"不热|冰凉|冰冷|冻|[一二三四五六七八九十\d]{1,4}度|没(?:水|电|气|暖|网|信号|用|效果)|停(?:水|电|气|暖)|"
    r"断(?:网|水|电|气|了)?|打不着|用不了|不能用|不好使|坏了|关门|跑了|跑路|倒闭|找不着|找不到|"
    r"一点用|不给(?:修|退|办|换|开)|不退|不赔|"
    # charged for what was never ordered ("俺压根没开过", "从来没订过")
    r"(?:没|没有)(?:开|办|订|签|申请|开通)过"
)
#: Asking for one's money back or redress (找谁要钱, 上哪要钱去, 找谁说理).
_REDRESS = gated(r"要钱|退钱|要回|讨(?:个)?说法|说理|索赔|赔偿|维权")
#: Asking someone to come and act: a matter, however it is phrased.
_REQUEST = gated(
    r"(?:能|可以|能不能|可不可以|麻烦|请|帮(?:忙|俺|我|俺们|我们)?|给)[^，。,\s]{0,6}"
    r"(?:派人|来人|过来|来修|修一下|修修|管管|管一下|处理一下|解决一下|清理|拆除|查处|整治|"
    r"协调一下|来看看|看一下现场|装个|安个|建个|修条|修个|换个新的|"
    # the Heze dialect's "fix it" (恁能给俺拾掇拾掇不, 给俺鼓捣好)
    r"拾掇|收拾收拾|鼓捣|整好|弄好|修理修理|"
    # someone else to be hurried ("能不能给催催供热公司", "麻烦督促一下物业")
    r"催催|催一下|催一催|催促|督促)|"
    # when someone will act on it ("啥时候能修好", "多久能处理"): the matter's handling
    r"(?:什么时候|啥时候|多久|几天|多长时间|哪天)(?:能|会|才|可以|给)?"
    r"(?:修|处理|解决|来人|来修|来看|答复|回复|弄好|恢复|来水|来电|来气|通水|通电)"
)
#: A problem of a public thing (a report, not a question about a procedure).
_TROUBLE = gated(
    r"坏了|不亮|灭了|漏水|渗水|堵了|堵塞|冒水|冒臭|塌了|停水|停电|停气|没水|没电|断水|断电|"
    r"不热|不通|积水|噪音|乱扔|乱倒|乱停|占道|破了|歪了|倒了|掉下来|裂了|有味|冒烟|"
    r"排(?:污|黑水|废水|污水|臭水)|黑水|污染|死了一|味(?:老|太|特别|可)?大|呛人|"
    r"堆成山|堆满|成堆|"
    # the water drunk gone off ("自来水黄的 能喝不", "井水发浑有味": trial17): a matter to
    # file (the supplier tests it), never the new-connection article
    r"(?:自来水|井水|水龙头|吃的水|喝的水|吃水|放出来的水|流出来的水)[^\s,，.。!！?？;；]{0,4}?"
    r"(?:黄|浑|混浊|发红|发黑|有味|异味|怪味|发臭|臭|腥|有锈|铁锈|有沙|有泥|有虫|漂油|不干净)|"
    r"黄水|锈水|水质(?:差|不好|有问题|不合格|不达标)|"
    # a state that has lasted ("这都好几天了", "一个多月了")
    r"(?:都|已经|快)(?:好|一|两|俩|仨|三|半|几|\d)+[个多]*(?:天|礼拜|星期|月|年)了"
)
#: What a person applies for, renews or draws (a document, card, benefit or account).
_PERSONAL = gated(
    r"证|卡|户口|户籍|执照|许可|公积金|社保|医保|养老|保险|低保|补贴|补助|津贴|救助|待遇|"
    r"证明|护照|驾照|手续|材料|工资条|档案"
)


#: Wanting a public service done for oneself (我要办居住证, 想补办社保卡, 俺想申请低保):
#: a question of how, answered online, not an event that happened somewhere.
_SERVICE = gated(
    r"(?:我|俺|本人)?(?:要|想|想要|打算|准备|需要)(?:去)?(?:办|办理|补办|换|换领|申请|申领|领|开|开具|"
    r"续|延期|注销|迁|转)(?:一?[个张份本下])?[^，。,\s]{0,6}?(?:" + _PERSONAL.pattern + r")"
)


#: Asking who handles a matter (where to turn), not asking anyone to act.
_COMPETENCE = gated(
    r"(?:该|应该|应当|得|要|去|能|可以)?找(?:谁|哪|什么部门|啥部门|什么单位|啥单位)|"
    r"归(?:谁|哪|什么|啥)(?:个)?(?:部门|单位)?(?:管|负责)|"
    r"(?:哪个|哪|什么|啥)(?:个)?(?:部门|单位|科室|机关|地方)(?:管|负责|处理|受理|主管)|"
    r"(?:由|是)?(?:谁|哪个部门)(?:负责|主管|受理)|"
    r"(?:向|跟|到|去|上)哪(?:个部门|里|儿)?(?:反映|投诉|举报|问)|"
    r"(?:打|拨)(?:哪个|什么|啥)(?:电话|号码)"
)
#: What keeps a competence question a matter: the citizen already turned somewhere and
#: nothing came of it, or reproaches someone (多次反映了没人管 到底找谁).
_PERSISTS = gated(
    r"凭什么|凭啥|为什么|为啥|到底|难道|多次|好几次|好几回|好几趟|三番五次|一再|反映了|"
    r"打了.{0,6}(?:电话|12345)|来回跑|没人|无人|不作为|推诿|踢皮球|等了|一直没|还没|至今|"
    # redress after a wrong ("老板跑了 找谁要钱", "商家不给修 找谁说理")
    r"要钱|退钱|要回|讨(?:个)?说法|说理"
)


#: A hardship of the citizen's own kin told as the reason for asking about a benefit
#: ("低保咋申请 俺家老人没人管", trial17): nobody at home to care for them, no reproach of a
#: public body; blanked before the grievance is read when a benefit or document is named.
_HARDSHIP = gated(
    r"(?:俺|我|咱)?(?:家|们家)?(?:老人|老的|老头|老太太|老婆子|爹|娘|爸|妈|奶奶|爷爷|姥姥|姥爷|"
    r"老伴|孩子|闺女|儿子|孙子|孙女)(?:年纪大了|岁数大了|身体不好|瘫在床上|瘫了)?[^\s,，.。!！?？;；]{0,3}?"
    r"(?:没人管|没人照顾|没人照看|没人养|没人伺候|没人问|无人照料|无人照顾|没人顾)"
)


def _paid_not_served(text: str) -> bool:
    """Paid and not served (交了暖气费 屋里冰凉), or paid and asking for redress (交了学费
    人找不着了 该找谁退钱): a complaint in question form, not a question of procedure."""
    if _PAID.search(text) is None:
        return False
    return _NOT_SERVED.search(text) is not None or _REDRESS.search(text) is not None


@dataclass(frozen=True)
class Parts:
    """The parts of meaning :func:`reading` weighs (for tests and for explaining)."""

    asking: bool
    framed: bool
    grievance: bool
    request: bool
    trouble: bool
    service: bool = False
    competence: bool = False


def parts(text: str) -> Parts:
    """The parts of meaning of ``text`` (see the module's docstring)."""
    personal = _PERSONAL.search(text) is not None
    framed = _FRAMED.search(text) is not None
    told = _HARDSHIP.sub(" ", text) if personal else text
    return Parts(
        asking=_ASKING.search(_STATED_NEG.sub(" ", _CONCESSIVE.sub(" ", _EMBEDDED.sub(" ", text))))
        is not None,
        framed=framed,
        grievance=_GRIEVANCE.search(told) is not None
        or _CONCESSIVE.search(text) is not None
        or (not framed and _REPORTING.search(text) is not None)
        or _paid_not_served(text),
        request=_REQUEST.search(text) is not None,
        trouble=_TROUBLE.search(text) is not None and not personal,
        service=_SERVICE.search(text) is not None,
        competence=_COMPETENCE.search(text) is not None and _PERSISTS.search(text) is None,
    )


#: A second matter joined to the first ("还有", "另外", "顺便问一下"): what comes before it
#: stands on its own.
_MATTER_THEN_QUESTION = gated(r"[\s,，。；;]+(?:还有(?:个事|件事|一个事)?|另外|顺便|再一个|再就是)")
#: A public thing gone or broken in the words trouble does not list (井盖没了, 栏杆被偷了).
_GONE = gated(r"没了|丢了|被偷|不见了|少了|掉了|塌了|坏了")


def without_embedded(text: str) -> str:
    """``text`` with questions told as not knowing ("也不知道是啥") blanked: no question
    is asked by them."""
    return _EMBEDDED.sub(" ", text)


# pure: the engine reads a message's head for its intent and again for ``asks``
@lru_cache(maxsize=1024)
def reading(text: str) -> Kind | None:
    """``"question"`` to answer, ``"matter"`` to file, ``None`` when not asked as a question
    (nor a service wanted: 我要办居住证 is a question).

    The citizen's own framing (不是投诉 只是想问问) and a question of who handles it, without
    reproach or a wait already spent (共享单车乱停放找谁), make a question; otherwise a question
    form carrying a grievance, a request to act or a public thing's trouble is a matter,
    and a question form without them is a question.
    """
    p = parts(text)
    joined = _MATTER_THEN_QUESTION.search(text)
    if joined is not None:
        head = text[: joined.start()]
        hp = parts(head)
        if not hp.asking and not hp.framed and (hp.trouble or hp.grievance or _GONE.search(head)):
            # "井盖没了 还有 俺想问问医保咋报销": the matter is filed, the question asked after
            return "matter"
    if p.framed:
        return "question"
    if p.competence and not p.request:
        return "question"  # "共享单车乱停放找谁": where to turn (trial5 F29)
    if p.grievance or p.request:
        return "matter"
    if not p.asking:
        # "我要办居住证": wanting a service is asking how it is done
        return "question" if p.service and not p.trouble else None
    if p.trouble:
        return "matter"
    return "question"
