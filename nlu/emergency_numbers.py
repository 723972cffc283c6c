"""Which emergency numbers to tell, and in which order (第十三条(一)).

One principle: **the service that saves life first comes first**. A danger still going on is
stopped first by the service that stops it (a fire, a gas leak, someone trapped or in the
water: 119; an attacker, a crush, an animal loose, a scam under way: 110; a car driven
dangerously now: 122); when the danger is over and someone is hurt, the ambulance (120)
comes first; the services the scene also needs follow.

:func:`signs` reads the evidence of a message (the concept classes of
``config/nlu/emergency_concepts.yml`` and the words below); :func:`arrange`, a pure
function of the signs and of the numbers the detector proposed, decides the numbers;
:func:`renumbered` applies it to a finding at the end of the triage
(:func:`nlu.engine_triage.emergency_triage`), the reason told again when the first number
changed. Rules per kind (the issue 11 brief):

* fire, smoke, gas, an explosion, a chemical leak, someone trapped (a lift, a collapse, a
  broken lock, deep water) → 119 first; +120 when someone is hurt;
* someone hurt, unconscious, poisoned, a medical crisis → 120 first; +110 after violence
  that is over; struck by what fell and lying there → 120, 119; a live wire: 120 for the
  shocked, 119 first while someone is still held by it;
* a crash: someone hurt → 120, 122 (+119 trapped); burning or in the water → 119 first;
  nobody hurt → 122 (+119 when someone is stuck); a fight after a crash → 110, 122;
  driving dangerously now → 122, 110 (110 first off the public road: a compound, a school);
* a crime going on, a fight broken out, a threat, a break-in just now, money being sent to a
  scammer, someone held, a child or an elder missing, a crowd crushing → 110 first (+120
  when hurt); someone threatening to jump or to harm themselves → 110, 120, 119 (120
  first once harm is done);
* a utility or a thing in trouble with nobody in danger (a main burst, a wire down) → no 110;
* a dangerous animal loose → 110 (+119 to catch a snake or a wild animal; a snake in a
  home → 119 first; an animal on the road → 122 first); wasps → 119 (120 first once
  the stung are away from the swarm).

Where the brief's kinds overlap, the principle decides: a burning wreck is 119's first
(the fire kills first), a fight still going on is 110's first (the attacker stopped first).
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.emergency_concepts import concepts
from nlu.types import Emergency

#: The numbers, and what each is for in a reason told again (:func:`renumbered`).
LEAD_REASONS = {
    "110": "涉及人身或财产安全的警情，已为您转接110报警",
    "119": "有人员被困或遇险，属于119消防救援事项，已为您转接119",
    "120": "有人员伤病，需要紧急医疗救护，已为您转接120",
    "122": "发生交通事故或道路上有正在发生的危险，已为您转接122",
}
FIRE_REASON = "涉及火情，属于119消防救援事项，已为您转接119"
GAS_REASON = "疑似燃气泄漏或爆炸，请立即关闭气阀、开窗通风、不要开关电器，已为您转接119"

_FIRE = re.compile(
    r"(?<![打点])着火|起火|失火|火灾|火苗|明火|火势|烧起来|着起来|着了火|冒火(?!花)|大火|"
    r"火光|浓烟|黑烟|(?<!没)冒(?:大|黑|浓)?烟|全是烟|都是烟|一屋子烟|满屋子?(?:都是)?烟|烟(?:老|很|特别|太|好)大|"
    r"烧着了|点着了|引着了|烧了起来|火呼呼|蹿火|窜火|往外冒火|仓库着了|房子着了|屋里着了"
)
_GAS = re.compile(
    r"煤气|燃气|天然气|液化气|沼气|气罐|气瓶|管道气|臭鸡蛋味|漏气|没气味|(?:一|满)屋子?(?:都是)?(?:气)?味"
)
_EXPLOSION = re.compile(
    r"爆炸|(?<![胎管泡要])(?:炸了|爆了)|炸飞|炸开|炸塌|炸药|炸早了|一声巨响|响了一声"
)
_CHEMICAL = re.compile(
    r"刺鼻|化学|危化|毒气|氨气|氯气|硫化氢|硫酸|罐车|试剂|消毒水味|黄烟|白雾|白烟|药水|农药厂|化工|"
    r"呛得|冒着泡|几桶|那个桶"
)
_TRAPPED = re.compile(
    r"被困|困(?:在|住|里)|卡(?:住|在|进)(?!哪|嗓|喉|俺|我|手)|夹(?:在|住)|"
    r"压(?:住|在|底下|着)|埋(?:住|着|在|了|到)|砸(?:住|在|底下)|扣在车|"
    r"出不来|出不去|拉不出来|抽不出来|拽不出来|拽不动|拔不出|下不来|上不来(?!气)|开不开|打不开|"
    r"推不开|掉(?:进|到)(?:窖|井|坑|洞|沟|涵洞|红薯窖|菜窖)|下菜窖|钻到.{0,4}里|"
    r"(?:关|锁)(?:在)?(?:电梯|冷库|冰柜|窖)里|电梯.{0,6}(?:困|关|卡|停|不动|坏)|"
    r"底下有人|下面有人|里头有人|里面有人|人(?:还)?在车(?:里|底下|下面)|车顶上|在车底下|车里有人|"
    r"电梯里.{0,12}(?:不动|停|掉)"
)
#: A thing fallen or caved in (a wall, a roof, scaffolding, a sign, a trench ...).
_COLLAPSE = re.compile(
    r"(?:墙|房|屋|顶|楼板|架子|脚手架|棚|牌|吊顶|阳台|土|预制板|粮食|管沟|沟|窑|水箱|塔吊|树|雨棚|板)"
    r"[^，。 ]{0,4}(?:塌|(?<![摔栽晕昏跌滑])倒(?!地)|掉下来|往下掉|刮下来|砸|垮|掉了)|塌方|坍塌"
)
#: Someone under or inside what fell.
_UNDER = re.compile(r"砸(?:住|在)|压|埋|底下|里头|里面|下头|下边|在屋里|还在|有人在喊|车里有人")
#: Someone struck by what fell, and not under it.
_STRUCK = re.compile(r"砸(?:着|倒|到|伤)")
_CHOKING = re.compile(r"(?:吃|吞|喝|噎).{0,8}卡(?:住|在)|卡(?:嗓子|喉咙)")
_ACCIDENT = re.compile(r"坏了|坏着|打不开|开不开|卡住|门把手|门锁")
#: Locked in by a broken door or lock, not by a person.
_LOCKED_IN = re.compile(r"(?:锁|关)在.{0,6}(?:里|屋|卫生间|厕所|房间)")
_HELD_BY_PERSON = re.compile(
    r"(?:叫|被|让)(?:人|他|她|老板|后妈|他爹|他妈)(?:给)?(?:锁|关|拴|扣)|"
    r"把(?:他|她|人|小孩|孩子|儿子|闺女|媳妇|他那个)[^，。 ]{0,6}(?:锁|关|拴)|锁着一个人|"
    r"拴着|链子|笼子|救救我|有人看着|不让走|不让出门|不放人|被(?:人)?(?:关|锁|扣)着|传销|被骗(?:去|到)"
)
_IN_WATER = re.compile(
    r"溺水|落水|掉(?:进|到)?(?:河|水|塘|湖|渠|冰窟窿|水库|鱼塘)|滑(?:到|进)?(?:河|水|塘|鱼塘)|"
    r"沉(?:下去|底|了)|在水里|水里|漂着|扑腾|(?:叫|被|让)水冲走|冲走了|跳(?:河|水|湖)|"
    r"(?:从桥|桥上)(?:上)?跳下去|没(?:露头|上来)|木上来|冰窟窿|下河|野泳|游泳.{0,8}不见|水没过|"
    r"翻进.{0,3}(?:河|渠|沟|塘|水)|(?:衣裳|衣服|鞋)在岸|洗澡.{0,12}(?:找不着|不见|没回)|游到一半|"
    r"(?:河|塘|水库|水坑)(?:里|边).{0,12}(?:不见|找不着|少了一个|喊不应)"
)
#: Cut off by a flood or deep water (a car drowned in an underpass, people on its roof).
_FLOOD = re.compile(r"积水|淹|洪水|涨水|大水|水漫")
_STRANDED = re.compile(r"车顶|房顶|屋顶|树上|困|出不来|上不来|站着人|熄火")
_OUT_OF_WATER = re.compile(r"(?:捞|救|拉|抱|拖)(?:上来|出来)了?")
_HURT = re.compile(
    r"受伤|伤了|伤得|伤人|撞伤|撞倒|刮倒|碰倒|带倒|撞飞|流血|出血|是血|冒血|淌血|血水|头破|骨折|"
    r"晕|昏|不醒|不应|没(?:了)?(?:呼吸|意识|心跳|气了)|不动|动不了|起不来|站不住|不说话|不吭声|"
    r"抽搐|抽抽|口吐白沫|冒沫|吐血|喘不(?:上|过|动)|上不来气|中毒|农药|安眠药|吃了.{0,4}药|"
    r"烫(?:着|伤|得)|烧伤|燎着|电(?:倒|住|打着|到)|让电打|叫电|被电|触电|处电|打倒了|"
    r"疼|难受|恶心|想吐|在吐|直吐|脸发紫|憋得|嘴唇发|"
    r"趴(?:地|着|在)|躺(?:地|在|着|那)|飞出去|不行了|吞了|蛰|蜇|咬伤|咬着|顶伤|顶倒|拱倒|顶出血|"
    r"踩|倒地|一下子倒|就倒|倒在|倒了俩|噎|起泡|满身是泡|溅上|人在车底下|车底下|"
    r"(?:楼|梯子|房顶|屋顶|架子|树|墙)上?.{0,4}(?:掉|摔|栽|坠)下来|没(?:有)?呼息|砸倒|咬了|血窟窿|"
    r"(?:人|突然|一下子|就|又|他|她|大爷|老人|老头|老太太)倒了"
)
_VIOLENCE = re.compile(
    r"打架|打完架|打了一架|打人|打起来|斗殴|群殴|互殴|砍|捅|刀|棍|枪|(?<![电拨])打(?:我|俺|他|她|孩子|学生|小孩|一个)|"
    r"追着.{0,4}(?:打|撞)|围着打|堵.{0,8}打|打得|家暴|抢(?!购|救|鸡蛋|着)|劫|绑|拐(?!弯|角|杖|过|到)|非礼|强奸|猥亵|"
    r"投毒|蒙着脸|拽走|抢走|(?:拆|剪|割|拽|偷).{0,6}(?:电缆|变压器|电线|铜线)|砸(?:俺|我|他|人家)?的?(?:柜台|店|车|门|窗|东西)|拿(?:着)?砖头|砖头砸|摔东西|动手|铁锨|酒瓶子|干起来|锄头|镰刀|斧头|还在屋里砸"
)
_POLICE = re.compile(
    r"偷|盗|贼|撬|抢(?!购|救|鸡蛋|着)|劫|毒品|吸毒|吸(?:东西|那个)|扎完针|贩毒|大烟|罂粟|交易|跟踪|"
    r"投毒|放东西|(?:拆|剪|割).{0,6}(?:电缆|变压器|电线)|电缆.{0,4}(?:剪|拆|割)|拉车门|刷了|"
    r"人贩子|发(?:糖|那种)|卖一种|熬东西|变压器.{0,6}拆"
)
_ONGOING = re.compile(
    r"正在|还在|又在|这会儿?|在打|追着|围着|按着|摁着|堵着|堵在|乱跑|乱顶|乱冲|乱窜|乱撞|到处跑|"
    r"满村跑|见人就|要扑|扑人|没停手|正拿|掏出|对砍|砍起来|咬着.{0,4}不松|"
    r"打起来了?|干起来了?|打成一团|抡|动起手|要打"
)
_CRASH = re.compile(
    r"车祸|追尾|连环撞|两(?:辆|个)车顶上|交通事故|肇事|逃逸|相撞|顶牛|撞车|翻车|侧翻|出(?:了)?事故|撞了人|撞人|"
    r"(?:车|摩托|电动车|三轮|拖拉机|货车|轿车|公交|司机|开车的|骑车)[^，。]{0,12}"
    r"(?:撞|翻|刮|碾|挂上|碰倒|带倒|摔倒)|"
    r"(?:叫|被|让)[^，。]{0,8}车[^，。]{0,4}(?:撞|刮|碰|碾|轧|带)|撞了(?:个|人|一个)|撞(?:烂|瘪|飞)|车门撞"
)
_RECKLESS = re.compile(
    r"醉驾|酒驾|喝(?:醉|多)了?(?:酒)?.{0,6}开|喝得东倒西歪|像是喝醉|逆行|飙|"
    r"刹车(?:好像)?(?:失灵|坏了)|横冲直撞|左右乱晃|走S形|蛇形|画龙|醉汉躺在(?:马)?路|"
    r"(?:掉|滑|往下掉)[^，。]{0,6}(?:钢管|货|东西)|钢管[^，。]{0,8}(?:掉|滑|滚|横)|窜到(?:国道|高速|马路)"
)
_OFF_ROAD = re.compile(r"小区|院里|院子|校园|学校里|操场|广场")
#: Money asked or leaving (a scam's mark: a call alone, "学校打电话说孩子昏倒了", is none).
_FRAUD = re.compile(
    r"冒充|安全账户|要钱|汇钱|打钱|转钱|转账|汇款|转了|刚转|转完|打五万|往.{0,4}卡上|刷卡|验证码|"
    r"手术费|押金|解冻|汇五万|交.{0,4}费"
)
_CROWD = re.compile(
    r"挤(?:倒|翻|成|得|不动|动不了|的动不了)|踩踏|人挤人|人太多|往外挤|往里冲|抢购|抢鸡蛋|挤哭"
)
#: Harm denied ("没人受伤", "人都没事", "没伤着人").
_NO_HURT = re.compile(
    r"(?:没|没有|木有?|无)(?:人)?(?:受伤|伤着|伤到|伤人|出事)(?:人)?|人(?:都|也)?没(?:事|受伤|伤着)"
)
#: An animal the victim ("有条狗碰一下就倒了"): no person hurt; and
#: A thing the victim ("把电线杆撞倒了", "电梯停在半空不动了"): no person hurt.
_THING = r"(?:电线杆|线杆|杆子|树|墙|护栏|栏杆|红绿灯|信号灯|牌子|电梯)"
_ANIMAL_VICTIM = re.compile(
    r"(?:狗|猫|牛|羊|鸡|鸭|鱼)[^，。 ]{0,8}(?:倒了|电死了?|不动了?|翻白了?)|"
    rf"{_THING}[^，。 ]{{0,8}}(?:撞倒|刮倒|倒了|不动了?)|撞倒了?{_THING}"
)
_WASPS = re.compile(r"马蜂|蜂窝|黄蜂|蜂群|胡蜂")
_ANIMAL = re.compile(
    r"疯狗|狼狗|狗|牛惊|牛跑|牛挣|大牛|野猪|狼|熊|豹|(?<!长)蛇(?!形)|长虫|蟒|鳄鱼|老虎|狮子|猴子"
)
_CATCH = re.compile(r"(?<!长)蛇(?!形)|长虫|蟒|鳄鱼|老虎|狮子|豹|熊|野猪")
_LEDGE = re.compile(
    r"要跳|想跳|往下跳|跳楼|(?:要|想|去|就|说)(?:去)?跳(?:河|湖|水|楼)|"
    r"(?:站|坐)在.{0,6}(?:楼顶|窗台|天台|边上|桥)|(?:楼顶|天台|窗台|桥)(?:上|边上)?(?:站|坐)着"
)
_HIGH = re.compile(r"楼顶|天台|窗台|桥上|楼上|塔吊")
_ROAD = re.compile(r"国道|省道|高速|马路|路中间|车道|公路|路上")
_HOME = re.compile(r"屋|院|床|柜|厨房|家里|卧室")
_SELF_HARM = re.compile(
    r"不想活|活着(?:没意思|太累)|过不下去|轻生|自杀|寻死|割腕|划手腕|烧炭|遗书|跳河|跳楼|"
    r"对不起(?:她|他|你们|俺|我)|下辈子|永别|别找我|就想跟.{0,3}说一声|东西都送人|"
    r"(?:从|打)(?:桥|楼)上跳下(?:去|来)"
)
_SELF_HARM_DONE = re.compile(
    r"喝了农药|喝农药|喝了药|吃了.{0,6}药|药都?吃了|割腕了|划手腕|淌血|血水|流了好多血|上吊|吊着"
)
_MISSING = re.compile(r"走丢|走失|不见了|找不(?:到|着)|没回(?:家|来)|少了一个|没影|丢了|不见人影")
_WIRE = re.compile(r"电线|高压线|电缆|变压器|电闸|配电箱|电箱|漏电|带电|路灯杆|电线杆|插座")
_HELD_BY = re.compile(r"挂在|粘在|抓着|不撒手|撒不开|在上头|电线杆上|变压器上")
_UTILITY = re.compile(r"水管|自来水|主管道|井盖|电线|高压线|电线杆|路灯|燃气管")
_CHILD = re.compile(r"孩子|小孩|小子|闺女|儿子|学生|老人|老头|老太|娃|俺儿")


def signs(text: str, proposed: tuple[str, ...] = ()) -> frozenset[str]:
    """The evidence of ``text`` for :func:`arrange` (``fire``, ``gas``, ``explosion``,
    ``chemical``, ``trapped``, ``confined``, ``water``, ``hurt``, ``violence``,
    ``ongoing``, ``police``, ``fraud``, ``missing``, ``child``, ``ledge``, ``self_harm``,
    ``harm_done``, ``crash``, ``reckless``, ``road``, ``off_road``, ``crowd``, ``animal``,
    ``catch``, ``wasps``, ``wire``, ``held``, ``utility``), from the words and concept
    classes of the message; ``proposed``: the numbers the detector proposed (a road hazard
    it gave 122 stays one)."""
    c = concepts(text)
    found: set[str] = set()

    def sign(name: str, present: object) -> None:
        if present:
            found.add(name)

    sign("fire", _FIRE.search(text) or {"smoke_filled", "fire_spreading"} & c)
    sign("gas", _GAS.search(text) and "no_gas" not in c)
    sign("explosion", _EXPLOSION.search(text))
    sign("chemical", _CHEMICAL.search(text) or "chem_strong" in c)
    choking = _CHOKING.search(text)
    collapse = _COLLAPSE.search(text) and _UNDER.search(text)
    flood = "flood" in c and "stranded" in c
    buried = "buried" in c and not _STRUCK.search(text)
    lift = {"lift", "lift_fault"} <= c
    locked = _LOCKED_IN.search(text) and _ACCIDENT.search(text)
    stuck = _TRAPPED.search(text) or buried or flood or lift or locked
    sign("struck", _COLLAPSE.search(text) and _STRUCK.search(text) and not collapse)
    # someone fallen down a well, pit or cesspit: 119 gets them out, 120 for the fall
    fell_in = "fell_in" in c
    sign("trapped", not choking and (stuck or collapse or fell_in))
    held = _HELD_BY_PERSON.search(text) or {"held", "held_passive"} & c
    sign("confined", held and not _ACCIDENT.search(text) and not re.search(r"自个|自己", text))
    flooded = _FLOOD.search(text) and _STRANDED.search(text)
    wet = _IN_WATER.search(text) or ("in_water" in c and not re.search(r"嘴|口", text)) or flooded
    intent = _LEDGE.search(text) and not re.search(r"跳(?:河|湖|水)了|跳下去了|在水里|扑腾", text)
    sign("water", wet and not _OUT_OF_WATER.search(text) and not intent)
    person_hurt = _HURT.search(_NO_HURT.sub("", _ANIMAL_VICTIM.sub("", text)))
    sign("hurt", person_hurt or fell_in or {"immobile", "bodily", "drank_poison", "chest"} & c)
    sign("violence", _VIOLENCE.search(text) or {"beating", "armed"} & c)
    sign("ongoing", _ONGOING.search(text) or {"now", "help", "beating", "ongoing"} & c)
    police = {"theft_now", "stolen", "intrusion", "abducted", "drug_stuff", "menace"}
    sign("police", _POLICE.search(text) or police & c)
    sign("fraud", _FRAUD.search(text) and ({"scam", "money", "money_out"} & c or "冒充" in text))
    sign("missing", _MISSING.search(text) or {"gone", "not_back", "confused"} & c)
    sign("child", _CHILD.search(text) or "vulnerable" in c)
    sign("self_harm", _SELF_HARM.search(text) or "farewell" in c)
    high = "self_harm" in found and _HIGH.search(text)
    sign("ledge", _LEDGE.search(text) or "on_ledge" in c or high)
    sign("on_road", _ROAD.search(text))
    sign("home", _HOME.search(text))
    sign("harm_done", _SELF_HARM_DONE.search(text))
    sign("crash", _CRASH.search(text))
    sign("reckless", _RECKLESS.search(text) or "reckless" in c)
    sign("road", "122" in proposed and {"motorway", "signals_out", "chaos"} & c)
    sign("off_road", _OFF_ROAD.search(text))
    sign("crowd", _CROWD.search(text) or {"crowd", "crush"} & c)
    sign("wasps", _WASPS.search(text))
    sign("swarming", re.search(r"追着|还在|一群|飞进|跑不掉", text))
    sign("animal", _ANIMAL.search(text) and not {"animal", "snake", "wild_animal"}.isdisjoint(c))
    sign("catch", _CATCH.search(text))
    sign("loose", "escaped" in c or re.search(r"在.{0,6}(?:蹦|跑|窜|转)", text))
    sign("wire", _WIRE.search(text) or "live_wire" in c)
    sign("held", _HELD_BY.search(text))
    sign("utility", _UTILITY.search(text))
    return frozenset(found)


def arrange(found: frozenset[str], proposed: tuple[str, ...]) -> tuple[str, ...]:
    """The numbers to tell, in order, for the signs ``found`` (:func:`signs`) of an
    emergency the detector found with the numbers ``proposed`` (told as they are when no
    sign speaks). Pure: the same signs and numbers, the same answer."""
    s = found
    hurt = "hurt" in s
    hazard = not {"fire", "gas", "explosion", "chemical"}.isdisjoint(s)
    # a scam tells its own story of a crash or an injury: the money leaving is the danger
    if "fraud" in s and "violence" not in s:
        return ("110",)
    # a crash: the injured first once it is over; rescue where someone is stuck or it burns
    if "crash" in s and "violence" in s:
        # a fight after a crash, a car used as a weapon: the attacker stopped first
        return _ordered("110", "120" if hurt else None, "122")
    if "crash" in s and not {"police", "animal"}.isdisjoint(s):
        s = s - {"crash"}  # a theft from cars, an animal running into people
    if "crash" in s and "water" in s:
        return ("119", "120", "122")
    if "crash" in s:
        rescue = "119" if not {"trapped", "water", "wire"}.isdisjoint(s) or hazard else None
        if hurt and not hazard:
            return _ordered("120", "122", rescue)
        if hazard or "water" in s:
            return _ordered("119", "120" if hurt else None, "122")
        # nobody hurt, nothing burning: the crash is the traffic police's, 119 frees the stuck
        return _ordered("122", rescue)
    if hazard:
        police = "110" if "violence" in s or "self_harm" in s else None
        return _ordered("119", "120" if hurt else None, police)
    if "water" in s:
        police = "110" if "self_harm" in s or ("missing" in s and "child" in s) else None
        return _ordered("119", "120", police)
    if "crowd" in s:
        return _ordered("110", "120" if hurt else None)
    if "confined" in s and "wire" not in s:
        return _ordered("110", "120" if hurt else None)
    if "ledge" in s:
        return ("110", "120", "119")
    if "self_harm" in s:
        return ("120", "110") if "harm_done" in s else ("110", "120")
    if "trapped" in s and "violence" not in s and "wire" not in s:
        return _ordered("119", "120" if hurt else None)
    if "struck" in s:
        # struck by what fell and lying there: the ambulance first, 119 to make it safe
        return _ordered("120" if hurt else None, "119")
    if "wasps" in s:
        # the swarm still at people: 119 takes the nest first; stung and over: 120 first
        if hurt and "swarming" not in s:
            return ("120", "119")
        return _ordered("119", "120" if hurt else None)
    if "violence" in s or "police" in s:
        # an attacker still at it is stopped first; the wounded first once it is over
        if hurt and "ongoing" not in s:
            return ("120", "110")
        return _ordered("110", "120" if hurt else None)
    if "wire" in s:
        # a live wire: someone shocked is the ambulance's first, held by the wire 119's too
        if "held" in s:
            return ("119", "120")  # still held by the current: cut it first
        return ("120",) if hurt else ("119",)
    if "animal" in s and "on_road" in s and not hurt:
        return ("122", "110")  # an animal on the road: a danger to traffic
    if "animal" in s and "catch" in s and "home" in s and not hurt:
        return ("119", "110")  # a snake in a home: 119 catches it
    if "animal" in s:
        catch = "119" if "catch" in s else None
        if hurt and "ongoing" not in s and "loose" not in s:
            return _ordered("120", "110", catch)
        return _ordered("110", "120" if hurt else None, catch)
    if hurt:
        return ("120",)
    if "reckless" in s or "road" in s:
        return ("110", "122") if "off_road" in s else ("122", "110")
    if "missing" in s:
        return ("110",)
    if "utility" in s:
        kept = tuple(p for p in proposed if p != "110")
        return kept or ("119",)
    return proposed


def _ordered(*numbers: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in numbers if n))


def renumbered(text: str, found: Emergency) -> Emergency:
    """``found`` with the numbers :func:`arrange` decides for ``text``; when the first
    number changed, the reason is told again for the new first number (a fire or gas named
    as such: :data:`FIRE_REASON`, :data:`GAS_REASON`); when 119 is told for a fire or gas
    the reason does not name, it names it (the reply and the desk call 119 「火警」 only
    then: ``casebridge.emergency.naming``)."""
    proposed = found.services
    evidence = signs(text, proposed)
    services = arrange(evidence, proposed) or proposed
    reason = found.reason
    if services[:1] != proposed[:1]:
        lead = services[0]
        reason = LEAD_REASONS[lead]
        if lead == "119" and not {"gas", "explosion"}.isdisjoint(evidence):
            reason = GAS_REASON
        if lead == "119" and "fire" in evidence:
            reason = FIRE_REASON
    if "119" in services and not _FIRE_NAMED.search(reason):
        if "fire" in evidence:
            reason += "；现场有火情，请同时拨打119火警"
        elif not {"gas", "explosion"}.isdisjoint(evidence):
            reason += "；疑似燃气泄漏或爆炸，请同时拨打119火警"
    if services == proposed and reason == found.reason:
        return found
    return replace(found, services=services, reason=reason)


#: A reason that names a fire or gas (the words of ``casebridge.emergency.naming``).
_FIRE_NAMED = re.compile(r"火|燃气|煤气|天然气|液化气|沼气|爆炸|浓烟|冒烟")
