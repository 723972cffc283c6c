"""Emergency detection (第十三条(一): the one thing the bot must never miss).

Two layers:

* **rules** (:func:`nlu.triage.emergency_matches`): a floor of regular expressions for the
  plainest wordings, kept from before, and the **state floor**
  (:data:`nlu.emergency_states.STATE_RULES`): conjunctions of concepts that are
  emergencies whatever the wording (a person lying still, in the water or under what
  fell, a vehicle stopped on the motorway, money leaving in a scam, a child or confused
  elder gone, a theft before one's eyes, smoke filling a place ...), silent inside
  a frame (told, past, over, procedural, chronic, neglected, a worry, a nuisance ...);
* a **learned detector** over the developer-written corpus ``config/nlu/emergency.yml``
  (situations in colloquial Mandarin and Heze dialect, borderline cases, and ordinary
  appeals that merely mention emergency words). Its features add *concept tokens*
  (``config/nlu/emergency_concepts.yml``: "now", "harm", "water", "money" ...) to the
  character and word n-grams, so a wording or a whole situation never seen in training
  shares features with those that were; states and frames also set the model's bar per
  message (:func:`model_threshold`). Two heads: the level (``emergency`` /
  ``borderline`` / ``none``) and the situation (fire, gas, violence ...), whose service
  (110/119/120/122) is told first.

The corpus is read in :mod:`nlu.emergency_corpus`, the concept lexicon and the states
derived from it (``DERIVED``, ``IMPLIES``) in :mod:`nlu.emergency_concepts`. Words that only
sound like an emergency (similes, hyperbole, a kitchen's fumes, a public
loss, a correction, a letter) are read in :mod:`nlu.emergency_figures`.

Generalisation is measured by leave-situation-out cross-validation
(``bench/nlu_emergency.py``, figures in ``bench/nlu.md``).
"""

from __future__ import annotations

import re

from nlu.danger import (
    _STATE_NEEDS,
    _STATES,
    _has_state,
    present_danger,
)
from nlu.emergency_concepts import concepts as concepts
from nlu.emergency_corpus import BORDERLINE as BORDERLINE
from nlu.emergency_corpus import EMERGENCY as EMERGENCY
from nlu.emergency_corpus import NONE as NONE
from nlu.emergency_corpus import SERVICES as SERVICES
from nlu.emergency_corpus import EmergencyCorpus as EmergencyCorpus
from nlu.emergency_figures import HELPERS
from nlu.types import Emergency, Triage

#: Probability of ``emergency`` from which the model alone transfers the citizen.
EMERGENCY_THRESHOLD = 0.25
#: The same when the text names no danger concept (see :func:`has_danger`).
NO_DANGER_THRESHOLD = 0.9
#: Frames (see :func:`model_threshold`): told, imagined or over ...
FRAMED_THRESHOLD = 0.7
#: ... past, procedural or a worry without an urgency word ...
WEAK_FRAME_THRESHOLD = 0.45
#: ... and a danger with an urgency word ("正在", "刚", "救命") and no frame.
URGENT_THRESHOLD = 0.15
#: Shorter texts are never alarms by the model alone (rules still apply).
MIN_CHARS = 4
#: Texts naming no danger with fewer word characters than this are never alarms by the
#: model alone ("俺闺女姓韩", "俺电话断了": issue 11 kind 8); the shortest dev-set emergency
#: told without a danger concept has 15 ("小孩的手伸进绞肉机里拿不出来了").
SHORT_CHARS = 12
#: A bar no probability reaches (too few word characters to judge).
NEVER = 1.01
#: Probability of ``emergency`` + ``borderline`` from which the safety line is given.
BORDERLINE_THRESHOLD = 0.5
#: Class weights of the level head (emergencies and borderline cases are few).
LEVEL_CLASS_WEIGHT: dict[str, float] = {EMERGENCY: 2.0, BORDERLINE: 1.0, NONE: 1.0}
#: A second situation this probable adds its number (a fight with the injured: 110, 120).
SECOND_SERVICE = 0.25
#: A situation this probable leads the numbers when the rules matched only a cry for help.
LEAD_SITUATION = 0.5
#: A rule's match that is only a cry for help, naming no service (see :func:`decide`).
_CRY = re.compile(r"^(?:救命|救救(?:我|他|她|孩子|俺)|快来人[啊呀救]?)$")


_URGENT = ("now", "help")
#: Frames in which a text naming no danger is never an alarm by the model alone: a
#: correction, a kitchen's fumes, a public loss, a nuisance (a neighbour's poultry crowing
#: at dawn, a factory's emission) and a new matter told ("这回是…").
_NEVER_ALONE = ("correction", "fumes", "public_loss", "nuisance", "topic", "protest")
#: Frames of dangerous driving told as a standing danger, a habit or a request for
#: management ("孩子上学危险", "天天", "想让限个速"; issue 11 kind 3).
_STANDING = ("worry", "hypo", "fix", "neglect", "chronic")
#: Someone still missing: with these, "到现在" is a word of the present.
_STILL_GONE = ("gone", "not_back", "missing", "unreachable")
#: Frames that put a danger word out of the present: quoted, over, or a procedural question;
#: a law or policy suggestion, a drill, a complaint about the emergency services themselves.
_FRAMES = (
    "quoted",
    "resolved",
    "process",
    "policy",
    "drill",
    "service_complaint",
    "over",
    "lost_item",
)
#: Concepts of a person involved or hurt (see :func:`thing_only`).
_SOMEONE_HURT = (
    "person",
    "vulnerable",
    "harm",
    "help",
    "immobile",
    "bodily",
    "in_water",
    "fire",
    "gas",
    "smoke_filled",
    "violence",
    "crime",
    "buried",
    "beneath",
    "chemical",
)
#: Frames that raise the model's bar the most.
#: Signals flashing yellow (黄闪) are their designed fallback: the junction is not dark.
_STRONG_FRAMES = (
    "quoted",
    "resolved",
    "policy",
    "drill",
    "service_complaint",
    "over",
    "lost_item",
    "signals_flashing",
)
#: Concepts beside which a money dispute's words (工钱, 不给钱) are no old dispute: a word
#: of the present, a threat, a scam (a scam speaks of wages and refunds itself), someone on
#: a crane or a roof over unpaid wages (the dispute is why he is up there).
_NOT_A_DISPUTE = ("now", "help", "menace", "scam", "money_out", "on_ledge")
#: Frames of an ordinary appeal: nobody deals with it, or it has lasted for months.
_WEAK_FRAMES = (
    "past",
    "process",
    "admin",
    "worry",
    "neglect",
    "chronic",
    "fix",
    "nuisance",
    "dispute",
    "away",
    "outage",
)
#: Concepts of danger: the model alone raises an alarm only when one of them is present.
_DANGER = (
    "harm",
    "fire",
    "gas",
    "water",
    "trapped",
    "violence",
    "crime",
    "money",
    "missing",
    "selfharm",
    "vehicle",
    "fall",
    "caved",
    "stolen",
    "chemical",
    "flood",
    "drug_stuff",
    "snake",
    "chest",
    "signals_out",
    "taken_away",
    *_STATES,
)


def has_danger(text: str) -> bool:
    """True when ``text`` names some danger (harm, fire, water, violence, crime ...) or
    a state (a person lying still, in the water ...)."""
    found = concepts(text)
    if found.intersection(_DANGER) == {"not_back"}:
        # "到现在还没来" of the electrician or the power is nobody missing
        return not found.isdisjoint(_STATE_NEEDS["not_back"])
    return not found.isdisjoint(_DANGER)


_CONTENT_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


#: The citizen's own name and contact (trial12 P01: "俺叫刘大妮", "名字写王建设 电话…"):
#: words of the intake, never of a danger.
_CONTACT_ONLY = re.compile(
    r"(?:俺|我)(?:叫|姓|是)[\u4e00-\u9fff]{1,3}|(?:名字|姓名|联系人)(?:就)?(?:叫|是|写|填)?"
    r"[\u4e00-\u9fff]{0,3}|(?:电话|手机|号码)(?:号码?|是|就是)?"
)


def contact_only(text: str) -> bool:
    """True when ``text`` names only the citizen's name and contact (fewer than
    ``MIN_CHARS`` word characters besides them): nothing in it tells a danger."""
    return content_chars(_CONTACT_ONLY.sub("", text)) < MIN_CHARS


def content_chars(text: str) -> int:
    """Characters of ``text`` that carry words (Chinese and Latin letters): digits,
    punctuation and spaces do not count ("焦 13853100134", a name and a phone, is 1)."""
    return len(_CONTENT_RE.findall(text))


def model_threshold(text: str) -> float:
    """Probability of ``emergency`` from which the model alone raises an alarm on ``text``.

    The frame decides: fewer than ``MIN_CHARS`` word characters (a name and a phone, a
    menu key), a worry that a thing might fall on someone, or a broken thing people keep
    away from with nobody in it (trial7 F15: "桥塌了一半 人都不敢走了"), never; no danger
    named (nor anyone "到现在还没来" but a repairman or the water), a high bar; a danger
    told, imagined, over, in a law suggestion, a drill or a complaint
    about the emergency services, a thing fallen with nobody hurt (:func:`thing_only`), or
    a worry, habit or nuisance ("怕", "万一", "天天", noise, pollution, straw burning)
    without an urgency word, a high bar; past, procedural,
    neglected ("没人管") or chronic ("好几年了") without an urgency word, a raised bar;
    an old injury in a money or school dispute (工伤, 医药费, 包工头) or someone away
    working (打工, 过年) without a word of the present or a threat, the high bar of no
    danger; no danger named and nothing but the citizen's name and contact
    (:func:`contact_only`: "还有 俺叫王建设") or fewer than ``SHORT_CHARS`` word
    characters ("俺闺女姓韩"), never; a danger with an urgency word or a
    state (a person lying still, in the water, a car stopped on the motorway ...) and no
    frame, a low bar (recall first). Present-danger evidence (:func:`present_danger`) sets
    the low bar whatever habit,
    complaint, neglect, dispute or past frame surrounds it.
    """
    if content_chars(text) < MIN_CHARS:
        return NEVER
    found = concepts(text)
    if not has_danger(text):
        # no danger named, or only "到现在还没来" of a repairman or the water; never by the
        # model alone for a correction ("刚才号码说错了"), a kitchen's fumes, a public loss
        # or the citizen's own name and phone ("还有 俺叫王建设", trial12 P01)
        never = not found.isdisjoint(_NEVER_ALONE) or contact_only(text)
        # a short text naming no danger: some danger evidence is needed (issue 11)
        never = never or content_chars(text) < SHORT_CHARS
        return NEVER if never else NO_DANGER_THRESHOLD
    if present_danger(found):
        # a present danger is never silenced by a habit, complaint or past frame
        return URGENT_THRESHOLD
    if "protest" in found:
        # a protest the citizen plans ("明天去县政府门口拉横幅"): persuasion, not a transfer
        return NEVER
    if "rumour" in found:
        # a rumour or a post about one ("谣言", "删帖"): nothing is happening here
        return NEVER
    # "到现在" is urgent only of someone still not back ("到现在还没见人"), not of an
    # old matter still unpaid ("到现在一分钱没赔")
    urgent = not found.isdisjoint(_URGENT) or (
        "until_now" in found
        and not found.isdisjoint(_STILL_GONE)
        and not found.isdisjoint(("person", "first", "vulnerable"))
    )
    if not found.isdisjoint(("dispute", "away")) and found.isdisjoint(_NOT_A_DISPUTE):
        # an old injury in a wage or medical-cost dispute, a school's conduct, someone away
        # working who does not answer: an appeal (人社, 教育, 民政), never a transfer by the
        # model alone without a word of the present
        return NO_DANGER_THRESHOLD
    # a worry, a habit or a nuisance (noise, pollution, straw burning) without urgency
    worry = not urgent and not found.isdisjoint(("hypo", "nuisance", "away"))
    if not urgent and "reckless" in found and not found.isdisjoint(_STANDING):
        # dangerous driving told as a standing danger ("大货车跑得飞快 孩子上学危险", issue
        # 11 kind 3): an appeal for management (the safety line at most), never a transfer
        return NEVER
    if "avoided" in found and thing_only(found):
        # a broken thing people keep away from, nobody in it or hurt (trial7 F15)
        return NEVER
    if worry and "thing" in found:
        # a thing that might fall and hurt someone ("怕砸到人"): the harm is imagined
        return NEVER
    if not found.isdisjoint(_STRONG_FRAMES) or thing_only(found) or worry:
        return FRAMED_THRESHOLD
    if not found.isdisjoint(_WEAK_FRAMES):
        # a money dispute's "到现在" or "刚" is no urgency (the injury is old)
        urgent = urgent and "dispute" not in found
        return EMERGENCY_THRESHOLD if urgent else WEAK_FRAME_THRESHOLD
    return URGENT_THRESHOLD if urgent or _has_state(found) else EMERGENCY_THRESHOLD


def thing_only(found: frozenset[str]) -> bool:
    """True when the concepts ``found`` speak of a thing that fell, leans or broke (a tree,
    a sign, a bridge) and of no person, injury, cry for help, fire, gas or crime: an
    appeal to clear or repair it, not a call for rescue."""
    return "thing" in found and found.isdisjoint(_SOMEONE_HURT)


def concept_tokens(text: str) -> list[str]:
    """``C:<concept>`` tokens of ``text`` and conjunctions (feature extras): urgent×danger,
    person×danger, frames×danger, and the states a citizen describes (person×lying still,
    motorway×stopped, vulnerable×not back, scam×money leaving), shared by every situation
    so that one held out still meets them."""
    found = concepts(text) - HELPERS
    if not found:
        return []
    out = ["C:" + c for c in sorted(found)]
    urgent = [c for c in _URGENT if c in found]
    danger = [c for c in _DANGER if c in found]
    out += [f"C:{u}+{d}" for u in urgent for d in danger]
    someone = not found.isdisjoint(("person", "first", "vulnerable"))
    if "person" in found:
        out += [f"C:person+{d}" for d in danger]
    if "past" in found or "admin" in found:
        out += [f"C:followup+{d}" for d in danger]
    # frames: a danger word told, imagined, over or asked about is no call for help;
    # one in the first person with an urgency word is.
    frames = [f for f in _FRAMES if f in found]
    weak = [f for f in ("neglect", "chronic", "fix", "nuisance", "hypo") if f in found]
    if danger:
        out += [f"C:{f}+danger" for f in frames + weak]
        if not frames and not weak and "past" not in found and "admin" not in found:
            out.append("C:bare+danger")
        if "first" in found and urgent:
            out.append("C:first+urgent+danger")
    if danger and thing_only(found):
        out.append("C:thing_only+danger")
    states = [c for c in _STATES if c in found]
    if states:
        out.append("C:state")
        if someone:
            out.append("C:someone+state")
            out += [f"C:someone+{c}" for c in states]
        if not frames and not weak and "past" not in found:
            out.append("C:bare+state")
    for a, b in _PAIRS:
        if a in found and b in found:
            out.append(f"C:{a}+{b}")
    return out


#: Pairs of concepts whose conjunction is a feature of its own (and of every situation).
_PAIRS = (
    ("motorway", "stopped"),
    ("motorway", "reckless"),
    ("vehicle", "reckless"),
    ("vulnerable", "not_back"),
    ("scam", "money_out"),
    ("first", "intrusion"),
    ("now", "intrusion"),
    ("in_water", "person"),
    ("vulnerable", "gone"),
    ("smoke", "indoor"),
    ("now", "money_out"),
    ("caved", "beneath"),
    ("stolen", "just"),
    ("chemical", "harm"),
    ("chemical", "bodily"),
    ("buried", "person"),
    ("taking", "stranger"),
    ("taking", "now"),
    ("live_wire", "shocked"),
    ("chemical", "leaking"),
    ("farewell", "unreachable"),
    ("abducted", "first"),
    ("gas_source", "hissing"),
    ("sprayed", "symptom"),
    ("infra", "taking"),
    ("menace", "imminent"),
    ("caved", "inside"),
    ("alight", "fuel"),
)


# -- the decision ------------------------------------------------------------------------
def decide(
    corpus: EmergencyCorpus,
    levels: dict[str, float],
    situations: list[tuple[str, float]],
    rules: list[Triage],
    danger: bool = True,
    length: int = MIN_CHARS,
    threshold: float | None = None,
) -> Emergency | None:
    """Combine rule matches and the two heads' probabilities into one finding.

    ``levels``: probability per level; ``situations``: situations ranked by probability;
    ``rules``: emergency rule matches (outside past contexts), strongest first;
    ``danger``: the text names some danger (:func:`has_danger`); without one the model
    alone needs a much higher probability to raise an alarm; ``length``: characters of the
    text (a word or two, such as a menu keyword, never raises an alarm by the model);
    ``threshold``: the model's bar for this text (:func:`model_threshold`; default: by
    ``danger`` alone).
    """
    p_emergency = levels.get(EMERGENCY, 0.0)
    p_border = levels.get(BORDERLINE, 0.0)
    top = corpus.situations.get(situations[0][0]) if situations else None
    if rules:
        # a bare cry for help ("快来人啊", "救命") names no service: the rules that do come
        # first, and with none the situation the model is sure of leads (trial12 P06: a
        # mother collapsed who does not answer is 120 first, 110 after)
        ordered = [r for r in rules if not _CRY.match(r.matched or "")]
        ordered += [r for r in rules if r not in ordered]
        leads = _CRY.match(ordered[0].matched or "") is not None  # only cries matched
        lead = top if leads and top is not None and situations[0][1] >= LEAD_SITUATION else None
        services: list[str] = [lead.service, *lead.also] if lead is not None else []
        for rule in ordered:
            for s in (rule.service, *rule.services):
                if s and s not in services:
                    services.append(s)
        # the situation the model sees adds its numbers after the rules' (a crash on the
        # motorway with someone hurt: 122, then 120)
        if top is not None and situations[0][1] >= SECOND_SERVICE:
            services += [s for s in (top.service, *top.also) if s not in services]
        reason = ordered[0].reason
        if lead is not None:
            told = f"{lead.reason}，已为您转接{lead.service}"
            reason = lead.reason if "转接" in lead.reason else told
        return Emergency(
            level=EMERGENCY,
            services=tuple(services),
            situation=top.name if top else None,
            reason=reason,
            score=round(max(p_emergency, 0.99), 4),
            matched=ordered[0].matched,
            source="rule",
        )
    if threshold is None:
        threshold = EMERGENCY_THRESHOLD if danger else NO_DANGER_THRESHOLD
    if (
        p_emergency >= threshold
        and p_emergency >= p_border
        and top is not None
        and length >= MIN_CHARS
    ):
        services = [top.service, *top.also]
        for name, p in situations[1:3]:
            second = corpus.situations.get(name)
            if second is not None and p >= SECOND_SERVICE and second.service not in services:
                services.append(second.service)
        return Emergency(
            level=EMERGENCY,
            services=tuple(dict.fromkeys(services)),
            situation=top.name,
            reason=top.reason if "转接" in top.reason else f"{top.reason}，已为您转接{top.service}",
            score=round(p_emergency, 4),
            source="model",
        )
    if danger and length >= MIN_CHARS and p_emergency + p_border >= BORDERLINE_THRESHOLD:
        services = [top.service] if top is not None else []
        return Emergency(
            level=BORDERLINE,
            services=tuple(services),
            situation=top.name if top else None,
            reason=corpus.borderline_reason,
            score=round(p_emergency + p_border, 4),
            source="model",
        )
    return None
