"""Thirteenth emergency round (第十三条(一), trial9 N01 N10 N11 F09): an ordinary appeal
told in words that sound like an emergency, read by the frame the words stand in.

* :func:`figurative` blanks despair said as a figure over a concrete grievance ("热得俺都不想
  活了" beside an outage, "愁死俺了" over a water bill, "渴得要命" after three days without
  water): a feeling told, never a wish to die; a word of a real plan (河边, 跳, 药, 楼顶,
  后事 ...) keeps it;
* :func:`settle` applies the frames to the detector's finding: a meter or a bill running
  fast (燃气表走得飞快, 电费四百多) with no leak told is a billing appeal (no finding); an
  injury told as past ("昨天晚上有个骑电动车的掉进去了") beside a thing to repair (a manhole,
  a rail, a street lamp), nobody still in danger, is the appeal's reason (the safety line,
  the dialogue goes on); a gas matter is never told 122 (traffic) without a vehicle, and
  is told 120 after its own number when someone in it is already unwell (trial12 P06);
* :func:`hazard_report` says a danger told only as a worry about a thing left somewhere
  ("煤气罐就摆在人行道上 说不定哪天就炸了") is a report to file, not a question for the
  knowledge base; an idiom of how bad a matter is ("早晚得出人命") is no such danger;
* :func:`beside` is the ordinary matter a message holds beside its emergency ("小区停电一下
  午了" in "小区停电一下午了 俺爹被困在电梯里了"), so that the dialogue keeps it.

Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.danger import present_danger
from nlu.emergency import (
    BORDERLINE,
    EMERGENCY,
    EmergencyCorpus,
    concepts,
    content_chars,
    has_danger,
)
from nlu.emergency_risk import UNREAL, despair
from nlu.triage import emergency_matches
from nlu.types import Emergency

__all__ = ["beside", "figurative", "hazard_report", "settle"]

_CLAUSE = r"[^\s，,。！!？?；;]"
#: A feeling told by despair's words: "热得俺都不想活了", "愁死俺了", "吵得要命", "收得真要命".
_FIGURE = re.compile(
    rf"(?:热|冷|冻|晒|闷|吵|烦|愁|气|急|臭|熏|渴|饿|贵|憋屈|折腾|闹|收|涨|坑)(?:得|的){_CLAUSE}{{0,4}}?"
    r"(?:都|真|快|简直|实在)?(?:不想活了?|想死了?|没法活了?|活不(?:下去|成)了?|要命了?|要死了?)"
    r"|(?:愁|急|气|烦|吵|热|冻|渴|饿|臭|熏)死(?:俺|我|人|俺们|我们)?了?"
)
#: A concrete grievance the feeling is about (weather, an outage, a fee, noise ...).
_GRIEVANCE = re.compile(
    r"停电|断电|没电|停水|断水|没水|没有水|这天|天热|天冷|天气|热天|高温|暖气|空调|供暖|不热"
    r"|费|收费|涨价|多少钱|[一二三四五六七八九十百千两几多\d]+块|噪音|装修|施工|吵|垃圾|臭|物业|漏水"
    r"|下水道|堵|路灯|电梯|房租|房东|拖欠|欠薪|工资"
)
#: Words of a real plan or a farewell: a figure beside them is no figure.
_REAL = re.compile(
    r"河边|跳|喝药|农药|安眠药|药都|买好了|绳|遗书|割腕|刀|楼顶|天台|后事|再见|永别|一了百了"
    r"|谁也别找|别找俺|别找我|最后一|解脱|自杀|轻生"
)


def figurative(text: str) -> str:
    """``text`` with despair told as a figure over a concrete grievance blanked (each
    character a space); unchanged when no grievance is named or a real plan is."""
    if _FIGURE.search(text) is None or _REAL.search(text) is not None:
        return text
    rest = _FIGURE.sub(lambda m: " " * len(m.group(0)), text)
    if _GRIEVANCE.search(rest) is None:
        return text
    return rest


#: A meter or a bill running fast or high: a billing matter (燃气公司, 供电, 市场监管).
_BILL = re.compile(
    rf"(?:燃气|煤气|天然气|气|电|水)表{_CLAUSE}{{0,4}}(?:走|跑|转|跳|蹦)得?{_CLAUSE}{{0,3}}"
    r"(?:飞快|快|贼快|老快|特别快|太快|吓人)"
    rf"|(?:燃气|煤气|天然气|气|电|水)费{_CLAUSE}{{0,10}}(?:块|元|贵|高|多|涨|翻)"
    rf"|用了{_CLAUSE}{{0,5}}(?:块|元|方|度|立方)"
)
#: What a leak, a fire or a shock tells: no billing frame holds beside it.
_LEAK = re.compile(
    r"泄漏|泄露|漏气|跑气|味|呛|头晕|头疼|恶心|着火|冒烟|火|爆|炸|嘶嘶|呲呲|电着|触电|打人"
)
#: An injury told as past, and what keeps it present.
_PAST = re.compile(
    r"夜来|夜儿个|昨天|昨晚|昨儿|前天|大前天|前几天|前两天|前些天|头几天|上周|上礼拜|上个?月|上回|那天|去年|前年"
)
_STILL = re.compile(
    r"(?:现在|到现在|至今)?[^\s，,。！!？?]{0,4}?(?:还|也|都)?没(?:人)?(?:盖|修|补|管|换|填|处理|来修)"
    r"|(现在|正在|还在|还没|刚|快来|快点|救命|到现在|至今|找不|联系不上|在下面|在里面|在水里|爬不上来|出不来"
    r"|一动不动|昏迷|不省人事)"
)
#: Concepts of a thing to repair beside which a past injury is the appeal's reason ...
_THING = ("infra", "thing")
#: ... and the words of one the concepts do not name (a pit, a step, a ditch left open).
_REPAIR = re.compile(
    r"井盖|窨井|坑|沟|台阶|护栏|栏杆|围挡|路灯|红绿灯|下水道|路面|马路|桥|没人(?:填|修|管)|不修|不管"
    r"|(?:声控|楼道|感应)灯|灯.{0,2}(?:坏|不亮|灭)"
    r"|结冰|结了冰|上冻|冻上|冻住了|冰溜|路滑|地滑|滑得很|撒盐|撒点盐|铲冰|除冰|扫雪"
)
#: A broken fixture told with a fall it caused, in the perfective and with no state
#: ("声控灯全坏了 老人上下楼摔了一跤"): the fall is the repair's reason, nobody lies there now.
_FELL_ONCE = re.compile(
    r"摔了(?:一|个|好几|几)|摔过|绊倒过|绊了一跤|摔倒过|崴了脚|磕破了?(?:头|腿)"
    r"|(?:好几|几|不少|好多|好些)个?人?都?(?:摔|绊倒)"
)
#: Concepts of a crime or an assault: a past injury from one keeps 110.
_CRIME = ("violence", "beating", "crime", "menace")
#: Words that tell a vehicle on the road (a gas tanker overturned is 122's too).
_TRAFFIC = re.compile(r"车祸|撞|追尾|翻车|侧翻|高速|罐车|槽车|货车|大车|卡车|路上")


def _billing(text: str) -> bool:
    return _BILL.search(text) is not None and _LEAK.search(text) is None


def _past_injury(text: str) -> bool:
    found = concepts(text)
    # "到现在还没盖上" is the fixture still unrepaired, not the person still in danger
    if any(m.group(1) for m in _STILL.finditer(text)):
        return False
    if found.isdisjoint(_THING) and _REPAIR.search(text) is None:
        return False
    if _PAST.search(text) is not None:
        return True
    return _FELL_ONCE.search(text) is not None and not present_danger(found)


def settle(corpus: EmergencyCorpus, text: str, found: Emergency | None) -> Emergency | None:
    """The detector's ``found`` for ``text`` after this round's frames."""
    if found is None or found.level != EMERGENCY:
        return found
    if _billing(text):
        return None
    if _past_injury(text):
        services = tuple(s for s in found.services if s != "122") or found.services
        if _FELL_ONCE.search(text) and concepts(text).isdisjoint(_CRIME):
            # past falls on ice or a broken step (trial14 T14): an injured person is 120's,
            # nobody's crime is 110's
            services = tuple(s for s in services if s in ("119", "120")) or ("120",)
        return replace(found, level=BORDERLINE, services=services, reason=corpus.borderline_reason)
    seen = concepts(text)
    gas = found.situation == "gas" or "gas" in seen
    if gas and "122" in found.services and _TRAFFIC.search(text) is None:
        kept = tuple(s for s in found.services if s != "122") or ("119",)
        found = replace(found, services=kept)
    if (gas or "chemical" in seen) and not seen.isdisjoint(_UNWELL):
        # someone already dizzy, vomiting or collapsed in the gas (trial12 P06: "俺婆婆头晕得
        # 站都站不住了"): the ambulance too, after the gas's number; the reason says so, for
        # the emergency record (trial13 Q06)
        services = found.services if "120" in found.services else (*found.services, "120")
        reason = found.reason if _UNWELL_TOLD in found.reason else found.reason + _UNWELL_TOLD
        found = replace(found, services=services, reason=reason)
    return found


#: What the reason adds when someone is unwell in a gas or a chemical (trial13 Q06).
_UNWELL_TOLD = "；现场有人已身体不适，同时告知120医疗急救"


#: Concepts of someone unwell now (see :func:`settle`).
_UNWELL = ("symptom", "immobile", "bodily")


#: A question asked of the knowledge base (how to handle, whom to call ...).
_ASKS = re.compile(r"吗|么|怎么|咋|如何|哪里|哪儿|谁|能不能|可不可以|是不是|多少|\?|？")


#: A worry told only by what might come of it ("早晚得出人命", "迟早要出事"): an idiom of
#: how bad the matter is, naming no danger of a thing (fire, a blast, a fall).
_IDIOM_ONLY = re.compile(r"出人命|出(?:大)?事|死人|伤人")


def hazard_report(text: str) -> bool:
    """True when ``text`` tells a danger only as a worry about a thing left somewhere
    ("说不定哪天就炸了", "早晚得着火") and asks nothing: a hazard to report and file. A
    worry told only by what might come of it ("路灯坏了 早晚得出人命", trial12 P17) is how
    bad a matter is, no hazard to keep away from."""
    m = UNREAL.search(text)
    if m is None or _only_idiom(m.group(0)):
        return False
    rest = text[: m.start()] + text[m.end() :]
    return _ASKS.search(rest) is None and content_chars(rest) >= 4


def _only_idiom(worry: str) -> bool:
    """True when the ``worry`` names no danger but what might come of it (出人命, 出事)."""
    return _IDIOM_ONLY.search(worry) is not None and re.search(_WORRY_DANGER, worry) is None


#: The danger words of a worry other than its idioms (a fire, a blast, a fall, a blow).
_WORRY_DANGER = r"着火|着了火|起火|失火|火灾|烧|爆炸|炸|电死|触电|淹|塌|倒|掉|砸"


#: Clauses of a message (a space or a punctuation mark between them).
_CLAUSES = re.compile(r"[^\s，,。！!？?；;]+")
#: Fewest word characters of an ordinary matter told beside an emergency.
BESIDE_MIN_CHARS = 5


def beside(text: str, alarm: str | None = None) -> str | None:
    """The ordinary matter ``text`` holds beside its emergency: its clauses that tell no
    emergency (no rule's words, ``alarm``'s included, no present danger, no wish to die, no
    danger word without something broken or lasting) when they name a matter (broken,
    missing, charged, lasting ...); None when every clause is part of the emergency."""
    clauses = [m.group(0) for m in _CLAUSES.finditer(text)]
    if len(clauses) < 2:
        return None
    calm: list[str] = []
    for clause in clauses:
        hit = bool(alarm) and any(part and part in clause for part in (alarm or "").split("+"))
        if hit or emergency_matches(clause) or despair(clause):
            continue
        if present_danger(concepts(clause)) or (has_danger(clause) and not _MATTER.search(clause)):
            continue  # a danger now, or a danger word with nothing broken or lasting
        calm.append(clause)
    rest = " ".join(calm)
    if len(calm) == len(clauses) or content_chars(rest) < BESIDE_MIN_CHARS:
        return None
    return rest if _MATTER.search(rest) else None


#: Words of an ordinary matter (something broken, missing, lasting, charged, noisy ...).
_MATTER = re.compile(
    r"停电|断电|停水|断水|坏了|不亮|不热|没人管|没人修|漏|堵|臭|吵|噪音|收费|乱收|欠|拖|占|堆"
    r"|坑|塌|没了|丢了|好几天|一下午|一上午|半天|三天|几天|一个月|好久|天天|一直|老是|总是"
    r"|礼拜了|星期了|个月了|没人来"
)
