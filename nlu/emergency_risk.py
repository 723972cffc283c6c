"""Eleventh emergency round (第十三条(一), trial8 F02 F09): what the detector's words miss
or mistake, read by the shape of the sentence rather than by its danger words.

* :func:`unreal` blanks a danger told as a hypothetical or a worry about the future
  ("早晚得着火", "迟早出人命", "万一着了火可不得了", "要是塌了就完了", "存在火灾隐患"): a hazard to
  report, nothing happening now; the rest of the message is still read ("孩子抽过去了
  万一出事咋办" keeps "孩子抽过去了");
* :func:`despair` hears a wish to die said in everyday words (活着真没意思, 不想再撑了,
  一了百了, 想解脱, 活够了, 下辈子再见, 把存折都交代好了): ``emergency`` when life itself or a
  farewell is named, ``borderline`` (the safety line, the conversation goes on) when only
  exhaustion is ("太累了 撑不下去了"); never of a job, a business or a dispute
  ("这工作真没意思", "店撑不下去了", "一次性赔了一了百了");
* :func:`quiet` names ordinary appeals that sound like an emergency: a plan to protest at a
  government gate (第十三条(五), the triage's), night construction noise, sand or soil dug
  illegally, a refund for a child's game top-up, a public fixture fallen with nobody hurt;
* :func:`child_taken` finds a child carried off by someone (她把俺闺女抱走了), by a parent
  only when the child has been unreachable or gone for days (a custody quarrel is not 110);
* :func:`nlu.emergency_home.beaten_today` finds the citizen beaten by kin today, whatever
  habit is told around it (trial10 N06);
* :func:`adjust` applies these to the detector's finding (engine and LOSO detector alike).

Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.emergency import BORDERLINE, EMERGENCY, EmergencyCorpus, concepts, has_danger
from nlu.emergency_home import beaten_today
from nlu.types import Emergency

_CLAUSE = r"[^\s，,。！!？?；;]"
#: Danger words a worry speaks of.
_DANGER = (
    r"(?:着火|着了火|起火|失火|火灾|烧起来|烧着|爆炸|炸了|炸开|出人命|出事|出大事|死人|伤人|砸到人|砸着人"
    r"|砸死|电死|触电|淹死|塌|倒下来|掉下来)"
)
#: A danger in the future or imagined: 早晚, 迟早, 总有一天, 万一, 要是, 一旦 ... and what a
#: worry ends with (可不得了, 就完了, 谁负责, 可咋整); a hazard named (隐患).
UNREAL = re.compile(
    rf"(?:早晚|迟早|早早晚晚|总有一天|说不定哪天|保不齐哪天|哪天|将来|以后)(?:会|得|要|准|肯定|非)?{_CLAUSE}{{0,6}}{_DANGER}{_CLAUSE}{{0,6}}"
    rf"|(?:万一|要是|如果|假如|一旦|真要|真)(?:哪天)?{_CLAUSE}{{0,8}}{_DANGER}{_CLAUSE}{{0,8}}"
    rf"(?:可不得了|不得了|就完了|就麻烦了|咋办|怎么办|谁负责|谁管|后果不堪设想)"
    rf"|{_DANGER}了?(?:可|那可|就)?(?:不得了|就完了|后果不堪设想)"
    # "掉下去可咋整": a fall or a blow imagined, then what (no 了: "掉下去了 咋办" happened)
    r"|(?:掉下去|掉进去|掉下来|摔下去|摔下来|栽下去|栽进去|砸着人|砸到人|砸着孩子|砸到孩子)"
    r"(?:可|那可|那)(?:咋整|咋办|怎么办)"
    rf"|(?:存在|有|造成|留下|安全|消防|火灾){_CLAUSE}{{0,4}}隐患"
)
#: Words of a present danger that keep a worry's sentence an emergency ("已经着火了 早晚得…").
_PRESENT = re.compile(r"正在|已经(?:着|烧|炸|塌)|冒烟|冒火|着起来了|救命|快来")


def unreal(text: str) -> str:
    """``text`` with a danger told as a hypothetical or a future worry blanked (each
    character a space), unless that very clause tells a present danger."""
    return UNREAL.sub(
        lambda m: m.group(0) if _PRESENT.search(m.group(0)) else " " * len(m.group(0)), text
    )


# -- a wish to die ---------------------------------------------------------------------
#: Life itself or a farewell named: a wish to die.
_WISH = re.compile(
    r"活着(?:真|都|也|还|实在)?(?:没|没有|没啥|没什么)(?:意思|盼头|意义|劲)"
    r"|活着(?:还)?有(?:啥|什么)(?:意思|盼头|意义)"
    r"|(?:不想|不愿|不打算|没法|没脸)(?:再)?活|活不(?:下去|成了|了了)|活(?:够|腻)了|不活了"
    r"|一了百了|一死了之|死了(?:算了|干净|拉倒|就好了)|(?:想|早点|就能|就|好)解脱"
    r"|(?<![得的])(?:真|就|都|俺|我|是)想(?:去)?死(?![你您他她人])"
    r"|想(?:早点)?走了?(?:算了|拉倒)|(?:去|想去)(?:找|陪)(?:俺|我)(?:娘|妈|爹|爸|老伴)"
    r"|下辈子(?:再见|再报答|再做|见)|永别|(?:交代|安排)(?:好)?后事|最后(?:一次|再)(?:看|见|给)"
    r"|(?:存折|银行卡|卡|钱|东西|首饰)[^\s，,。！!？?]{0,6}(?:都)?(?:留给|分给|送给|送人|交代)"
    r"|替(?:俺|我)(?:照顾|养)|照顾好(?:俺|我)?(?:爹|娘|妈|爸|孩子|闺女|儿子)"
)
#: Only exhaustion or giving up: the safety line, the conversation goes on.
_TIRED = re.compile(
    r"(?:撑|熬|扛|挺|坚持)不(?:下去|住)了?|不想(?:再)?(?:撑|熬|扛|坚持)了?|太累了|累死了算"
)
#: What a wish is about when it is no wish to die: a job, a business, a dispute, a game.
_NOT_LIFE = re.compile(
    r"工作|上班|单位|生意|买卖|店|厂|公司|门市|饭馆|超市|项目|工程|学校|课|电视|节目|游戏|电影"
    r"|赔|官司|协议|合同|拆迁|补偿|一次性|手续|材料|解决|处理|政策|物业|贷款|房贷"
)
#: Words that make even a job's or a debt's despair a wish to die.
_DEATH = re.compile(
    r"死|活着|活不|命|自杀|跳|喝药|安眠药|农药|绳|遗书|解脱|这辈子|下辈子|天台|楼顶|桥|河边|割|刀"
)


def despair(text: str) -> str | None:
    """``emergency`` for a wish to die, ``borderline`` for exhaustion alone, else None."""
    wish = _WISH.search(text)
    if wish is not None:
        about = _NOT_LIFE.search(text)
        if about is None or _DEATH.search(text):
            return EMERGENCY
        return None
    tired = _TIRED.search(text)
    if tired is not None and _NOT_LIFE.search(text) is None:
        return BORDERLINE
    return None


# -- ordinary appeals that sound like an emergency --------------------------------------
#: A person hurt, a fight, a cry for help: no quiet frame holds.
_HURT = re.compile(
    r"受伤|伤着|血|砸到|砸着|压到|打人|打起来|动手|砸伤|砸着人|砸到人|压住|压着人|压在|埋|昏|晕|不省人事|救命|快来"
    r"|砍|刀|起火|着火|冒烟|倒地|躺|掉进|掉下去|淹|被困|困住|送医院|120|受伤的"
)
_QUIET = (
    # a plan or threat to gather at, or block, a gate or road (第十三条(五) is the triage's)
    re.compile(
        r"(?:去|要|准备|打算|就|到|上)(?:堵|围|闹|静坐|拉横幅|上访)"
        r"[^\s，,。！!？?]{0,8}(?:政府|大门|门口|信访|路口|马路|公路|大楼)?"
    ),
    # construction or machines at night: a noise complaint
    re.compile(
        r"(?:半夜|夜里|晚上|凌晨|深夜|夜间|一宿)[^\s。！!？?]{0,12}(?:打桩|施工|干活|机器|搅拌|挖掘机|钻)"
        r"|(?:打桩|施工)[^\s。！!？?]{0,12}(?:半夜|夜里|晚上|凌晨|深夜|夜间|睡不着|吵)"
    ),
    # sand, soil or ore dug illegally: a report to 水利 / 自然资源
    re.compile(r"(?:偷|盗|私|乱|非法)(?:挖|采|抽|拉)(?:沙|砂|土|石|矿)|(?:采|挖|抽)(?:沙|砂)船?"),
    # a top-up or purchase by a child to refund: a consumer matter
    re.compile(
        r"(?:游戏|直播|打赏|充值|充了|氪)[^。！!？?]{0,16}(?:退|要回|返还)"
        r"|(?:退|要回)[^。！!？?]{0,8}(?:充值|游戏)"
    ),
    # a public fixture fallen, nobody named hurt: a repair
    re.compile(
        r"(?:站牌|站台|广告牌|路牌|指示牌|标志牌|招牌|灯杆|路灯|护栏|围挡|隔离墩|垃圾桶|红绿灯杆)"
        r"[^\s，,。！!？?]{0,3}(?:倒了|歪了|塌了|掉了|断了|刮倒了|被撞倒了)"
    ),
)
#: Concepts of people (nlu.emergency_concepts): a fallen fixture with them is no repair.
_SOMEONE = ("person", "vulnerable", "first", "harm", "beneath", "immobile")
#: A scam rather than a refund ("客服让俺转账", "刷单").
_SCAM = re.compile(r"骗|客服让|刷单|陌生|验证码|转账给|正在转")


def quiet(text: str) -> bool:
    """True when ``text`` is one of the ordinary appeals above and tells nobody hurt (a
    fixture fallen: nobody named at all, "护栏被挤倒了 好多人" is a crowd)."""
    if _HURT.search(text) or _SCAM.search(text):
        return False
    *kinds, fixture = _QUIET
    if any(p.search(text) for p in kinds):
        return True
    return fixture.search(text) is not None and concepts(text).isdisjoint(_SOMEONE)


# -- a child carried off -----------------------------------------------------------------
_CHILD = r"(?:闺女|女儿|儿子|孩子|小孩|娃|孙子|孙女|外孙|外孙女|宝宝|小闺女|小儿子)"
_TAKEN = re.compile(
    rf"(?:把|将)(?:俺|我|俺们|我们|俺家|我家)?(?:的|家)?{_CHILD}(?:给)?(?:抱走|抢走|拐走|偷走|带走|领走|弄走)"
    rf"|{_CHILD}(?:被|让|叫)[^\s，,。！!？?]{{0,6}}(?:抱走|抢走|拐走|偷走|带走|领走)"
)
#: A parent or grandparent taking the child: a custody matter unless the child is gone.
_KIN = re.compile(
    r"前夫|前妻|孩子他爸|孩子他妈|孩子爸|孩子妈|他爸|他妈|他爹|他娘"
    r"|爷爷|奶奶|姥姥|姥爷|外婆|外公|公公|婆婆|老公|老婆|对象"
)
_GONE = re.compile(
    r"联系不上|找不着|找不到|不知道(?:去|在|带)?哪|失联|关机|不接|好几天|几天了|一直没回|没回来|不见了"
)


def child_taken(text: str) -> bool:
    """True when a child is carried off by someone, by kin only if gone for days or
    unreachable."""
    if _TAKEN.search(text) is None:
        return False
    return not (_KIN.search(text) and _GONE.search(text) is None)


#: Someone said to be in the water (or going in).
_IN_WATER = re.compile(
    r"溺|落水|掉|淹|水里|扑腾|沉|冲(?:到|进|下)|露头|冒头|漂|下水|跳|救|捞|翻|栽|滑"
)
#: By the water: a bridge, a river bank, a reservoir.
_BY_WATER = re.compile(r"河|桥|水库|湖|坝|江|塘|渠")
#: Someone lingering by the water, watching it (蹲了一下午 一直往河里看).
_LINGER = re.compile(
    r"(?:蹲|站|坐|徘徊|转悠|转来转去|走来走去)[^，,。！!？?]{0,6}"
    r"(?:半天|一下午|一上午|一晚上|好久|好几个小时|老半天|一直|好长时间)"
    r"|(?:一直|老是|光)(?:往|朝|盯着)[^，,。！!？?]{0,4}(?:河|水|桥下|下面)"
)


def _at_risk(corpus: EmergencyCorpus, text: str, found: Emergency) -> Emergency:
    """A "drowning" with nobody said to be in the water but someone by it (staring at the
    river all afternoon): a person who may harm themself, 110 (trial8 F21)."""
    harm = corpus.situations.get("self_harm")
    if (
        harm is None
        or found.situation != "drowning"
        or _IN_WATER.search(text)
        or not _BY_WATER.search(text)
        or not _LINGER.search(text)
    ):
        return found
    return replace(
        found,
        services=(harm.service, *harm.also),
        situation=harm.name,
        reason=harm.reason,
    )


def adjust(corpus: EmergencyCorpus, text: str, found: Emergency | None) -> Emergency | None:
    """The detector's ``found`` for ``text`` after this round's readings."""
    if found is not None and found.level == EMERGENCY:
        found = _at_risk(corpus, text, found)
    if found is not None and found.level == EMERGENCY and quiet(text):
        return None
    wish = despair(text)
    if (
        found is not None
        and found.situation == "self_harm"
        and wish is None
        and _TIRED.search(text)
        and _NOT_LIFE.search(text)
        and _DEATH.search(text) is None
    ):
        return None  # "小饭馆撑不下去了": a business's despair, no wish to die
    harm = corpus.situations.get("self_harm")
    if wish == EMERGENCY and harm is not None and (found is None or found.level != EMERGENCY):
        return Emergency(
            level=EMERGENCY,
            services=(harm.service, *harm.also),
            situation=harm.name,
            reason=harm.reason,
            score=0.99,
            source="rule",
        )
    if (
        wish == BORDERLINE
        and harm is not None
        and (found is None or (found.source == "model" and not has_danger(text)))
    ):
        # exhaustion alone ("俺实在撑不住了"): heard, the safety line, the talk goes on
        return Emergency(
            level=BORDERLINE,
            services=(harm.service,),
            situation=harm.name,
            reason=corpus.borderline_reason,
            score=0.5,
            source="rule",
        )
    missing = corpus.situations.get("missing")
    if missing is not None and child_taken(text) and (found is None or found.level != EMERGENCY):
        return Emergency(
            level=EMERGENCY,
            services=(missing.service, *missing.also),
            situation=missing.name,
            reason=missing.reason,
            score=0.99,
            source="rule",
        )
    home = corpus.situations.get("domestic_violence")
    if home is not None and beaten_today(text) and (found is None or found.level != EMERGENCY):
        # "天天喝酒 喝多了就打俺 今儿又打了": the habit told around today's beating (trial10 N06)
        return Emergency(
            level=EMERGENCY,
            services=(home.service, *home.also),
            situation=home.name,
            reason=home.reason,
            score=0.99,
            source="rule",
        )
    return found
