"""The state floor of emergency detection (第十三条(一)): consequences that are
emergencies whatever the wording (a person lying still, in the water or under what fell; a
vehicle stopped on the motorway; money leaving in a scam; a child or a confused elder gone;
a theft before one's eyes or just found; a farewell with no answer; a chemical leaking ...),
as conjunctions of the concept classes of ``config/nlu/emergency_concepts.yml``, silent
inside a frame (told, past, over, procedural, chronic, neglected, a worry, a nuisance),
except that the frames of an ordinary appeal give way to present-danger evidence
(:func:`nlu.danger.present_danger`); told, imagined, over, drills and law suggestions never do.

Used by :func:`nlu.triage.emergency_matches` after the regular expressions; the learned
detector (:mod:`nlu.emergency`) reads the same concepts as features.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlu.danger import OVERRIDDEN_BY_PRESENT, OVERRIDDEN_BY_STATE, present_danger
from nlu.emergency import _FRAMES, MIN_CHARS, content_chars
from nlu.emergency_concepts import DERIVED, _concepts, _found_words, concepts


@dataclass(frozen=True)
class StateRule:
    """A floor over concepts: every group needs one of its concepts, no frame around."""

    name: str
    needs: tuple[tuple[str, ...], ...]
    service: str
    reason: str
    #: frames that do not silence this rule (a scam speaks of 理赔 and 退款 itself)
    ignores: tuple[str, ...] = ()
    #: further concepts that silence this rule without present-danger evidence (a lorry
    #: speeding past a school "孩子上学危险" is a standing hazard told as a worry)
    framed_by: tuple[str, ...] = ()
    #: numbers told after ``service`` (someone down a well: 119, then 120)
    also: tuple[str, ...] = ()


#: The state floor (第十三条(一)): consequences that are emergencies whatever the wording,
#: when nothing frames them as told, past, over, procedural, chronic or neglected.
STATE_RULES: tuple[StateRule, ...] = (
    StateRule(
        "person lying still",
        (("immobile",), ("person", "first", "vulnerable")),
        "120",
        "有人员倒地无反应，需要紧急医疗救护，已为您转接120",
    ),
    StateRule(
        "person in the water",
        (("in_water",), ("person", "first", "vulnerable")),
        "119",
        "有人落水遇险，属于119救援事项，已为您转接119（如有人受伤请同时拨打120）",
    ),
    StateRule(
        "vehicle stopped on the motorway",
        (("motorway",), ("stopped",)),
        "122",
        "高速或快速道路上有车辆停驶或行人，危险正在发生，已为您转接122",
    ),
    StateRule(
        "a person under what fell or caved in",
        (("buried",), ("person", "first", "vulnerable")),
        "119",
        "有人员被压被埋，属于119救援事项，已为您转接119（如有人受伤请同时拨打120）",
    ),
    StateRule(
        "a collapse with people beneath or inside",
        (("caved",), ("beneath", "inside"), ("person", "first", "vulnerable")),
        "119",
        "发生坍塌，有人员被困或遇险，属于119救援事项，已为您转接119",
    ),
    StateRule(
        "something alight",
        (("alight",), ("fuel", "vehicle", "indoor", "live_wire")),
        "119",
        "疑似发生火情，请立即撤离到安全处，已为您转接119",
    ),
    StateRule(
        "smoke filling a place",
        (("smoke_filled", "smoke_now"),),
        "119",
        "疑似发生火情，请立即撤离到安全处，已为您转接119",
    ),
    StateRule(
        "someone driving recklessly now",
        (("reckless",), ("vehicle", "person")),
        "122",
        "道路上有正在发生的交通危险，已为您转接122",
        # issue 11 kind 3: dangerous traffic as a habit ("天天", "孩子上学危险") is an
        # appeal for management, unless a word of the present tells it is going on
        framed_by=("worry",),
    ),
    StateRule(
        "money leaving in a scam",
        (("scam",), ("money_out",)),
        "110",
        "疑似正在发生的诈骗，请立即停止转账、不要透露验证码，已为您转接110报警",
        ignores=("admin",),
    ),
    StateRule(
        "a theft or a break-in before one's eyes",
        (("theft_now",),),
        "110",
        "有正在发生的盗窃或入室警情，请注意自身安全、不要与其正面冲突，已为您转接110报警",
    ),
    StateRule(
        "things taken away by strangers",
        (("taking",), ("stranger",)),
        "110",
        "疑似正在发生的盗窃，请注意自身安全、不要与其正面冲突，已为您转接110报警",
    ),
    StateRule(
        "a theft or a break-in just found",
        (("stolen",), ("just",)),
        "110",
        "刚刚发现被盗或门锁被撬，请保护好现场、不要进屋翻动，已为您转接110报警",
    ),
    StateRule(
        "someone taken away by force and kept",
        (("abducted",),),
        "110",
        "有人员被强行带走或控制，已为您转接110报警",
    ),
    StateRule(
        "a farewell and no answer",
        (("farewell",), ("unreachable",)),
        "110",
        "有人可能有轻生危险，请尽快联系身边的人前往查看，已为您转接110（如已受伤请同时拨打120）",
        ignores=("service_complaint",),
    ),
    StateRule(
        "a person held by a live wire, or a wire sparking",
        (("live_wire",), ("shocked",)),
        "119",
        "有人触电或电线带电打火，请不要用手直接拉人、先设法断电，已为您转接119（同时请拨打120）",
    ),
    StateRule(
        "a chemical leaking",
        (("chem_strong",), ("leaking",)),
        "119",
        "疑似危险化学品泄漏，请往上风方向撤离、捂住口鼻，已为您转接119（有人不适请同时拨打120）",
    ),
    StateRule(
        "gas hissing from an appliance",
        (("gas_source",), ("hissing",)),
        "119",
        "疑似燃气泄漏，请立即关闭气阀、开窗通风、不要开关电器，已为您转接119",
    ),
    StateRule(
        "sick after spraying a pesticide",
        (("sprayed",), ("symptom",)),
        "120",
        "疑似农药中毒，请立即离开现场、脱去污染衣物，已为您转接120",
    ),
    StateRule(
        "public property being taken apart",
        (("infra",), ("taking",)),
        "110",
        "疑似正在发生的盗窃公共设施，请注意自身安全，已为您转接110报警",
    ),
    StateRule(
        "a threat for tonight or at the door",
        (("menace",), ("imminent",)),
        "110",
        "有人扬言伤害您或您的家人，危险可能随时发生，已为您转接110报警",
        ignores=("hypo",),
    ),
    StateRule(
        "someone who swallowed a poison or pills",
        (("drank_poison",), ("person", "first", "vulnerable")),
        "120",
        "有人误服或服下农药、药物，需要紧急医疗救护，已为您转接120（请保留药瓶）",
    ),
    StateRule(
        "a loose animal that has hurt someone",
        (("loose_animal",), ("harm",)),
        "110",
        "有伤人的动物跑出，请远离并看护好老人孩子，已为您转接110（有人受伤请同时拨打120）",
    ),
    StateRule(
        "a snake in a home",
        (("snake_in",),),
        "119",
        "有蛇进入住处，请远离、看护好老人孩子、不要徒手捕捉，已为您转接119",
    ),
    StateRule(
        "a dangerous animal loose or attacking",
        (("wild_loose",),),
        "110",
        "有危险动物跑出或正在伤人，请远离、关好门窗并看护好老人孩子，已为您转接110（有人受伤请同时拨打120）",
    ),
    StateRule(
        "an animal going for people now",
        (("animal_attack",), ("now", "help", "just")),
        "110",
        "有动物正在伤人，请远离并看护好老人孩子，已为您转接110（有人受伤请同时拨打120）",
    ),
    StateRule(
        "someone held against their will",
        (("held",), ("person", "first", "vulnerable")),
        "110",
        "有人员被强行扣留或关押，已为您转接110报警",
        ignores=("dispute",),
    ),
    StateRule(
        "someone not home and unreachable",
        (("home_unreachable",), ("person", "first", "vulnerable")),
        "110",
        "有人员失联未归，请立即报警寻找，已为您转接110",
    ),
    StateRule(
        "people cut off by a flood",
        (("flood_stranded",), ("person", "first", "vulnerable")),
        "119",
        "洪水围困，有人员被困，请尽量往高处转移、不要蹚水，已为您转接119",
    ),
    StateRule(
        "someone being beaten now",
        (("beating",), ("person", "first", "vulnerable")),
        "110",
        "有人正在遭受殴打，请注意自身安全，已为您转接110报警（有人受伤请同时拨打120）",
    ),
    StateRule(
        "chest pain with a numb arm or cold sweat",
        (("heart_signs",),),
        "120",
        "疑似心脏急症，请让患者立即停止活动、保持安静，已为您转接120",
    ),
    StateRule(
        "a parcel of drugs",
        (("drug_parcel",),),
        "110",
        "疑似涉毒物品，请不要拆动、保护好现场，已为您转接110报警",
    ),
    StateRule(
        "traffic signals dark at a junction in disorder",
        (("signals_dark",),),
        "122",
        "路口信号灯失灵、交通秩序混乱，有事故危险，已为您转接122",
    ),
    # fourteenth round (blind8 kinds)
    StateRule(
        "someone on a ledge, a sill or a crane",
        (("on_ledge",), ("person", "first", "vulnerable")),
        "110",
        "有人在高处边缘，随时可能坠落，请不要刺激他、留意他的动向，已为您转接110（同时可拨打119）",
        ignores=("dispute",),
    ),
    StateRule(
        "a crowd crushing",
        (("crowd_crush",),),
        "110",
        "人群拥挤、有踩踏危险，请不要逆行、护住头胸，往人少处疏散，已为您转接110（有人受伤请同时拨打120）",
    ),
    StateRule(
        "a fire moving toward homes",
        (("fire_spreading",),),
        "119",
        "火势正在蔓延，请立即远离火场、往上风方向撤离，不要独自扑救，已为您转接119",
    ),
    StateRule(
        "a levee or a dam broken",
        (("breach",),),
        "119",
        "河堤决口、洪水来袭，请立即往高处转移、不要蹚水，已为您转接119",
    ),
    StateRule(
        "someone inside a lift that fell or stopped",
        (("lift_stuck",), ("person", "first", "vulnerable")),
        "119",
        "有人被困电梯，请不要扒门、按警铃等待救援，已为您转接119",
    ),
    StateRule(
        "a child without food or a grown-up",
        (("child_left",),),
        "110",
        "有儿童无人照看、处境危险，已为您转接110报警",
    ),
    # issue 11 (kinds 6, 7)
    StateRule(
        "a battery swelling, hot or smoking",
        (("battery_hot",),),
        "119",
        "电池鼓包发烫或冒烟，有起火爆炸危险，请立即断电、远离，不要用水浇，已为您转接119",
    ),
    StateRule(
        "someone fallen down a well, a manhole or a pit",
        (("fell_in",), ("person", "vulnerable")),
        "119",
        "有人坠入井内或坑内，请不要贸然下去施救，已为您转接119（同时请拨打120）",
        also=("120",),
    ),
    StateRule(
        "a child or a confused elder gone",
        (("vulnerable",), ("gone",)),
        "110",
        "有儿童或老人走失，请立即报警寻找，已为您转接110",
    ),
)
#: Concepts that keep the state floor silent (the model still decides with its bar).
_FLOOR_FRAMES = (
    *_FRAMES,
    "past",
    "admin",
    "neglect",
    "chronic",
    "hypo",
    "fix",
    "away",
    "nuisance",
    "official",
    "dispute",
    "outage",
)


def state_matches(text: str) -> list[tuple[StateRule, str]]:
    """The state rules ``text`` satisfies outside any frame, with the words that matched
    (joined by "+"), in rule order."""
    found = concepts(text)
    if found.isdisjoint(_NEEDED) or content_chars(text) < MIN_CHARS:
        return []
    framed = found.intersection(_FLOOR_FRAMES)
    present = present_danger(found)
    if framed and present:
        # a present danger: the frames of an ordinary appeal give way (never the
        # negating ones, which present_danger already refuses)
        framed -= {*OVERRIDDEN_BY_STATE, *OVERRIDDEN_BY_PRESENT}
    out = []
    for rule in STATE_RULES:
        if any(found.isdisjoint(group) for group in rule.needs):
            continue
        if framed and not framed <= set(rule.ignores):
            continue
        if not present and not found.isdisjoint(rule.framed_by):
            continue
        index = _concepts()[1]
        needed = {c for group in rule.needs for c in group}
        # a derived state's words are those of its parts ("电瓶" and "鼓包")
        needed |= {c for d in needed & DERIVED.keys() for group in DERIVED[d] for c in group}
        words = [w for w in _found_words(text) if needed & set(index[w])]
        out.append((rule, "+".join(dict.fromkeys(words))))
    return out


#: Concepts of the first group of every rule: a text with none of them meets no rule.
_NEEDED = frozenset(c for rule in STATE_RULES for c in rule.needs[0])
