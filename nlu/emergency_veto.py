"""Vetoes on an emergency finding (issue 11: emergency precision), read by who is in danger.

The detector's words ("冒", "味", "出不去", "撞倒", "掉进去", "不想活了") also belong to ordinary
appeals. A finding stands only when the text still tells someone in danger now; it is
dropped (the appeal is taken down) when the text tells, by concept:

* **no evidence of its situation**: a substance's smell, colour or overflow read by the model
  as a fire with no fire or smoke named, a gas leak with no gas, a drowning with nobody in
  the water (a septic tank overflowing, bleach in the tap water, dead pigs in a pond);
* **a vehicle that cannot get out** (出不去车, 车进不来), with nobody ill or hurt: a road cut;
* **a missing road-safety fixture** (没有减速带, 该装红绿灯) with nobody hurt: a request;
* **a near miss** (差点翻了, 险些撞上) with nobody hurt and nothing going on;
* **a fixture itself gone** (井盖没了, 护栏让人偷了) with nobody in it and no traffic in
  danger now (a motorway, a driver, chaos): a repair (城管/市政), not 122;
* **damage days old** (好几天没人管) to a thing, nobody hurt: a repair;
* **a hazard with nobody in danger**: a thing fallen on wires, no person, fire or urgency;
  a thing about to fall (眼看要倒) with nobody named under it (fifteenth round);
* **the injured already in care** (人已经送医院了): the cause is what the citizen reports;
* **a question about a condition** (高血压平时吃什么药好), **a custom's smoke** (烧纸),
  **a scam told as a tip-off** (俺觉着是骗子, 没理他 想举报), **a door locked from
  outside** (钥匙锁车里了, 找个开锁的), **a stove's gas run out** (是不是没气了) and
  **a pet up high** (猫在房顶上下不来了), nobody ill, hurt, shut in or in danger now
  (fourteenth round, blind8 kinds);
* **despair as a figure of speech** (热得不想活了) beside a grievance, with no means or
  farewell: a complaint about the heat, not a wish to die (the one reading of
  :func:`nlu.emergency_appeal.figurative`).

Someone ill, bleeding, lying still, in the water, calling for help, a fire or a crime keep
every finding. Words: ``config/nlu/emergency_veto.yml``. Pure functions, no I/O but the
cached lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from nlu.danger import present_danger
from nlu.emergency_appeal import figurative
from nlu.emergency_concepts import _found_words, concepts
from nlu.emergency_corpus import EMERGENCY
from nlu.errors import TrainingDataError
from nlu.resources import CONFIG_DIR
from nlu.types import Emergency

#: Concepts of a person in trouble now, whatever else the text says.
_IN_TROUBLE = frozenset(
    {
        "bodily",
        "immobile",
        "symptom",
        "beneath",
        "buried_someone",
        "in_water",
        "help",
        "shocked",
        "drank_poison",
        "heart_signs",
        "selfharm",
    }
)
#: Concepts of a person (the victim of a harm word).
_PEOPLE = frozenset({"person", "vulnerable", "first"})
#: Concepts of an agent of danger that no veto of a thing's state may silence (a bare "火"
#: is left out: it is in road names, 神火大道).
_ACTIVE = frozenset({"alight", "smoke_now", "smoke_filled", "gas_name", "violence", "crime"})
#: Concepts of someone or something near a fallen hazard, or of its happening now.
_NEAR = frozenset(
    {"person", "vulnerable", "now", "just", "reckless", "vehicle", "fall", "fire", "harm"}
)
#: Concepts of traffic that is dangerous now (a near miss with it is no road defect).
_MOVING = frozenset({"reckless", "motorway", "chaos", "signals_out", "ongoing", "imminent"})
#: Words of a fire burning (a bare "火" is no evidence: it is in names, 神火大道).
_BURNING = frozenset(
    {
        "着火",
        "起火",
        "失火",
        "火灾",
        "火苗",
        "明火",
        "冒火",
        "火光",
        "着了火",
        "烧起来",
        "着起来",
        "火星",
        "冒烟",
        "黑烟",
        "浓烟",
        "烧着了",
        "着了",
        "点着",
        "火花",
    }
)
#: Situations of a danger that spreads by itself: a road cut or a near miss beside it stays.
_AGENT_SITUATIONS = frozenset({"fire", "gas", "chemical_leak", "flood"})
#: Model-only situations and the concepts one of which must be named for them to stand.
_EVIDENCE: dict[str, frozenset[str]] = {
    "fire": frozenset({"fire", "smoke", "smoke_filled", "smoke_now", "blaze", "alight"}),
    "gas": frozenset({"gas", "gas_name", "gas_source", "hissing", "chemical", "chem_strong"}),
    "chemical_leak": frozenset({"chemical", "chem_strong", "gas", "leaking", "sprayed"}),
    "drowning": frozenset(
        {
            "in_water",
            "fall",
            "harm",
            "help",
            "flood",
            "trapped",
            "immobile",
            "vulnerable",
            "missing",
            "gone",
            "selfharm",
            "stranded",
            "now",
            "just",
        }
    ),
}
#: Evidence of any danger a smell or an overflow may tell (the model's situation may be the
#: wrong one of them: a gas leak read as a fire is still a leak).
_ANY_EVIDENCE = frozenset().union(*_EVIDENCE.values(), {"bodily", "crime", "drug_stuff"})
#: Situations where a person cared for leaves a danger behind (the assailant, the thief).
_STILL_DANGEROUS = frozenset(
    {
        "violence",
        "domestic_violence",
        "robbery",
        "threat",
        "burglary_theft",
        "fraud",
        "missing",
        "sexual_assault",
        "confinement",
        "drugs",
        "self_harm",
        "fire",
        "gas",
        "chemical_leak",
        "flood",
    }
)


#: Fourteenth round (blind8 kinds): concepts of someone ill, hurt or in danger now, beside
#: which a question, a custom's smoke, a locked-out door or a pet up high is no appeal.
_NOT_CALM = frozenset(
    {
        "now",
        "just",
        "help",
        "immobile",
        "bodily",
        "symptom",
        "drank_poison",
        "heart_signs",
        "alight",
        "smoke_filled",
        "smoke_now",
        "in_water",
        "buried_someone",
        "beneath",
        "vulnerable",
    }
)
#: Medical situations (a question about a condition is asked of them).
_MEDICAL = frozenset(
    {
        "poisoning",
        "cardiac_stroke",
        "unconscious",
        "breathing",
        "child_fever_seizure",
        "bleeding_injury",
        "burns_shock",
    }
)
#: Money leaving or a scam going on now (a tip-off about a scam has none of them).
_MONEY_NOW = frozenset({"money_out", "now", "just", "help", "menace", "imminent"})
#: What a gas leak or fire tells (a stove whose gas ran out tells none of them).
_LEAKING = frozenset({"hissing", "leaking", "alight", "smoke_now", "smoke_filled", "chemical"})
#: Situations of someone shut in or stuck.
_STUCK = frozenset({"trapped", "confinement", "burglary_theft", "fall", "collapse"})


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    path = CONFIG_DIR / "emergency_veto.yml"
    try:
        doc: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrainingDataError(f"bad veto lexicon {path}: {exc}") from exc
    return {k: tuple(sorted(map(str, v), key=len, reverse=True)) for k, v in doc.items()}


def alternation(name: str) -> str:
    """The words of list ``name`` of ``config/nlu/emergency_veto.yml`` as one regex group,
    longest first (``(?:消防栓|桩子|…)``); KeyError for a list the file lacks,
    TrainingDataError for a file that cannot be read."""
    return "(?:" + "|".join(map(re.escape, _words()[name])) + ")"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    alt = alternation

    stuck = r"(?:出不去|出不来|进不去|进不来|过不去|开不出去|开不进来|开不出来|开不进去)"
    return {
        name: re.compile(alt(name))
        for name in (
            "ill",
            "cared",
            "near_miss",
            "days_old",
            "defect",
            "sense",
            "everyday",
        )
    } | {
        "wanted": re.compile(rf"{alt('lacking')}[^\s，,。！!？?]{{0,4}}{alt('fixture')}"),
        # the fixture itself gone: 井盖没了, 护栏让人偷了 (a repair, nobody in it)
        "fixture_gone": re.compile(
            rf"{alt('fixture')}[^\s，,。！!？?]{{0,3}}(?:没了|丢了|不见了|少了|让人偷|被人偷|被偷)"
        ),
        # the one who cannot get out is a vehicle: 出不去车, 车子进不来
        "vehicle_stuck": re.compile(rf"{stuck}了?车|车(?:子|辆)?(?:都|也|就|根本)?{stuck}"),
        "damage": re.compile(alt("damage")),
        "almost": re.compile(rf"({alt('near_miss')})儿?[^\s，,。！!？?；;]{{0,6}}"),
        "health_question": re.compile(alt("health_question")),
        "ritual": re.compile(alt("ritual")),
        "tip_off": re.compile(alt("tip_off")),
        "locked_out": re.compile(
            rf"{alt('locked_out')}|钥匙[^\s，,。！!？?]{{0,4}}锁(?:在|到)?[^\s，,。！!？?]{{0,3}}(?:里|屋|车)"
        ),
        "pet_stuck": re.compile(
            rf"{alt('pet')}[^\s，,。！!？?]{{0,10}}(?:下不来|上不去|出不来|卡在|困在|爬不上来|掉进|掉到|够不着)"
        ),
    }


def someone_in_trouble(text: str, found: frozenset[str]) -> bool:
    """True when ``text`` tells a person ill, hurt or in trouble now (a harm word counts
    only beside a person and only when it is not a thing's damage: "路挖断了" hurts nobody;
    lying still only of a person)."""
    trouble = found & _IN_TROUBLE
    if trouble == {"immobile"} and "thing" in found and found.isdisjoint(_PEOPLE):
        trouble = frozenset()  # "红绿灯杆…还躺在那": the thing lies there, not a person
    if trouble or _patterns()["ill"].search(text):
        return True
    if "harm" in found and not found.isdisjoint(_PEOPLE):
        bodily = concepts(_patterns()["damage"].sub(" ", text))
        return "harm" in bodily
    return False


def vetoed(text: str, found: Emergency) -> str | None:
    """The kind of ordinary appeal the emergency ``found`` in ``text`` is (see the module),
    or ``None`` when it stands."""
    p = _patterns()
    # what almost happened did not happen: "差点掉进去" puts nobody in the water
    text = p["almost"].sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
    text = p["everyday"].sub(lambda m: " " * len(m.group(0)), text)  # 漂白粉 is no drug
    c = concepts(text)
    if found.situation == "self_harm":
        # one reading of a figure of speech for the engine: nlu.emergency_appeal's
        return "figure" if figurative(text) != text else None
    if present_danger(c) or "help" in c:
        return None
    if found.situation not in _STILL_DANGEROUS and p["cared"].search(text):
        return "cared"  # 人已经送医院了: what is left is the manhole to replace
    calm = c.isdisjoint(_NOT_CALM)
    if calm and found.situation in _MEDICAL and p["health_question"].search(text):
        return "question"  # 高血压平时吃什么药好: a question, nobody ill now
    if calm and p["ritual"].search(text):
        return "nuisance"  # 楼道里有人烧纸 挺呛的: a custom's smoke, nothing else alight
    if someone_in_trouble(text, c):
        return None
    if found.situation == "gas" and "gas_out" in c and c.isdisjoint(_LEAKING):
        return "outage"  # 煤气灶打不着火了 是不是没气了: the gas ran out, nothing leaks
    if found.situation == "fraud" and c.isdisjoint(_MONEY_NOW) and p["tip_off"].search(text):
        return "tip_off"  # 俺觉着是骗子 / 俺没理他 想问问怎么举报: no money moving now
    if (
        found.situation in _STUCK
        and c.isdisjoint(_PEOPLE - {"first"})
        and p["locked_out"].search(text)
    ):
        return "locked_out"  # 钥匙锁车里了 找个开锁的: nobody shut in, a locksmith
    if found.situation in _STUCK and c.isdisjoint(_NOT_CALM) and p["pet_stuck"].search(text):
        return "pet_stuck"  # 猫跑到房顶上下不来了: an animal, nobody in danger
    needed = _EVIDENCE.get(found.situation or "")
    if (
        found.source == "model"
        and needed is not None
        and c.isdisjoint(needed | _ANY_EVIDENCE)
        and p["sense"].search(text)
    ):
        return "no_evidence"  # 化粪池满了往外冒 read as fire: no fire named
    thing = not c.isdisjoint(("thing", "infra"))
    active = c & _ACTIVE
    if thing and c.isdisjoint(_PEOPLE):
        # a thing struck by a thing ("树杈砸在电线上") is no violence
        active = concepts(p["damage"].sub(" ", text)) & _ACTIVE
    if not c.isdisjoint(("fire", "blaze")) and set(_found_words(text)) & _BURNING:
        active |= {"fire"}  # "线着火了": burning now ("神火大道" is a road's name)
    if active or found.situation in _AGENT_SITUATIONS:
        return None
    if p["vehicle_stuck"].search(text):
        return "vehicle_stuck"  # 出不去车: a road cut, whatever situation the model saw
    if p["wanted"].search(text):
        return "wanted"  # 没有减速带: a request
    if found.situation in _STILL_DANGEROUS:
        return None
    moving = not c.isdisjoint(_MOVING | {"now", "just"})  # "刚才好几辆车都差点翻了"
    if p["near_miss"].search(text) and (thing or p["defect"].search(text)) and not moving:
        return "near_miss"  # 有个大坑 差点翻了: nobody hurt, a road to repair
    if "tottering" in c and thing and c.isdisjoint(("person", "vulnerable")):
        return "hazard"  # 路灯杆子让车撞歪了 眼看要倒: nobody under it, a thing to secure
    if p["fixture_gone"].search(text) and not moving and c.isdisjoint(("person", "vulnerable")):
        return "fixture_gone"  # 路上有个井盖没了: nobody in it, no traffic in danger now
    if thing and (p["days_old"].search(text) or not c.isdisjoint(("neglect", "chronic"))):
        return "days_old"  # 护栏撞倒了 好几天没人管: a repair
    # a thing fallen on the wires, nobody there and nothing happening now: a hazard to report
    if "live_wire" in c and thing and c.isdisjoint(_NEAR):
        return "hazard"
    return None


def veto(text: str, found: Emergency | None) -> Emergency | None:
    """``found`` unless it is an emergency that :func:`vetoed` reads as an ordinary appeal."""
    if found is None or found.level != EMERGENCY or vetoed(text, found) is None:
        return found
    return None
