"""第十三条 triage: emergencies (110/119/120/122) first, with recall first; then legal
channels (a procedure's word with a frame of the citizen's own case, ``nlu.triage_legal``),
secrets and personal information, unlawful requests, unacceptable matters.

The closed rules (:mod:`nlu.triage_rules`) are a floor; (四), (五), (六) and matters
located outside Heze are also judged by conjunctions of concepts (``config/nlu/triage.yml``,
:func:`concept_triage`, :func:`other_place`) so that wordings never written here are found,
each finding naming its kind and the kind's reason with its law (``nlu.triage_kinds``,
``config/nlu/triage_kinds.yml``), then by a model learned over the kinds' examples
(:func:`similar_triage`); figures in ``bench/nlu.md`` (``bench/nlu_emergency.py --triage``,
``bench/triage_kinds.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from nlu.address import default_gazetteer
from nlu.danger import present_danger
from nlu.emergency import concepts, has_danger
from nlu.emergency_figures import silenced_rule
from nlu.emergency_states import state_matches
from nlu.errors import TrainingDataError
from nlu.regate import Matcher, gated
from nlu.resources import CONFIG_DIR
from nlu.triage_kinds import (
    kind_finding,
    kind_triage,
    learned_kind,
    overrides_emergency,
    warm_model,
)
from nlu.triage_legal import LETTER_CHARS, comes_first, lawful_custody, legal_procedure
from nlu.triage_rules import EMERGENCY_RULES, NEGATED_CONTEXT, OTHER_RULES, PAST_CONTEXT
from nlu.types import Triage, TriageOutcome


# -- 第十三条 (四), (五), (六) and other places by concepts (config/nlu/triage.yml) ----------
@dataclass(frozen=True)
class _Lexicon:
    classes: dict[str, Matcher]
    located: Matcher
    travel: Matcher
    place: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    path = CONFIG_DIR / "triage.yml"
    try:
        doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        places = [str(p) for p in doc["places"]] + list(default_gazetteer().other_cities)
        place = (
            "(?P<place>"
            + "|".join(sorted(set(places), key=len, reverse=True))
            + ")"
            + _NOT_A_PLACE_AFTER
        )
        classes: dict[str, Matcher] = {}
        framed: dict[str, str] = {}
        for name, words in doc["concepts"].items():
            alternation = "|".join(f"(?:{w})" for w in words)
            if "{place}" in alternation:
                framed[name.removesuffix("_re")] = alternation.replace("{place}", place)
            else:
                classes[name.removesuffix("_re")] = gated(alternation)
        # one named group per alternative is not allowed: number the place groups
        located = _number_groups(framed["located"])
        travel = _number_groups(framed["travel"])
        return _Lexicon(classes, gated(located), gated(travel), re.compile(place))
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise TrainingDataError(f"bad triage lexicon {path}: {exc}") from exc


#: A city's name inside a road, an estate or a shop's name (北京路, 上海花园), or naming a
#: vehicle's plate or a speaker's accent (河南牌照的车), is no place.
_NOT_A_PLACE_AFTER = (
    r"(?![东西南北中]?(?:路|街|大道|大街|花园|小区|公寓|商城|大厦|酒店|饭店|宾馆"
    r"|银行|超市|市场|城)|牌照|牌的|牌子|车牌|口音|籍)"
)
#: Sentences are judged one by one (a long letter's words do not make a request together).
_SENTENCE_RE = gated(r"[^。！？!?；;\n]+")
#: Longer sentences are not read for (四)(五)(六) concepts (a letter, not a request).
SENTENCE_CHARS = 80
#: Longer messages are not read by the learned kinds (nlu.triage_kinds).
LEARNED_CHARS = 100
#: Where a citizen says where they are ("俺是河南商丘的 ...": at the start).
PLACE_CHARS = 40
#: The head of a message where another city names the matter's place (a letter's later
#: mentions of 北京, 深圳 ... are its examples, firms or history).
PLACE_HEAD = 60


def _number_groups(pattern: str) -> str:
    count = iter(range(1000))
    return re.sub(r"\(\?P<place>", lambda _: f"(?P<place{next(count)}>", pattern)


@lru_cache(maxsize=1024)
def triage_concepts(text: str) -> frozenset[str]:
    """The concept classes of ``config/nlu/triage.yml`` found in ``text`` (kept for the
    latest sentences: the rules and the learned kinds read each sentence, issue 16)."""
    return frozenset(name for name, p in _lexicon().classes.items() if p.search(text))


def other_place(text: str) -> str | None:
    """The place outside Heze where the matter of ``text`` is (the citizen lives there,
    or the matter is named with it), or None; a place the citizen only goes to or comes
    from (去济南看病, 从商丘搬来) is not where the matter is."""
    lex = _lexicon()
    m = lex.located.search(text[:PLACE_CHARS])
    if m is None or lex.travel.search(text):
        return None
    # the place as the citizen names it, province to district ("河南商丘睢阳")
    names = lex.place.findall(text[m.start() : m.end() + 12])
    return "".join(dict.fromkeys(names))


def concept_triage(text: str) -> Triage | None:
    """第十三条 (四), (五), (六) by conjunctions of concepts within one sentence (the
    kinds, whatever the wording): a request to make a document untrue, to keep the law
    away or to get what the law forbids (五: persuade); a request for someone else's
    personal data or a firm's secrets (四: explain); a law to make or change (六: refuse).
    A report or complaint about such things is an ordinary appeal (no finding)."""
    for m in _SENTENCE_RE.finditer(text):
        sentence = m.group(0)
        if len(sentence) <= SENTENCE_CHARS:
            found = _sentence_triage(sentence)
            if found is not None:
                return found
    return None


def similar_triage(text: str) -> Triage | None:
    """第十三条 (二), (四), (五), (六) of a request sentence by the model learned over the
    examples of each kind (:func:`nlu.triage_kinds.learned_kind`), read when no rule or
    concept found one; a message longer than :data:`LEARNED_CHARS` (a letter) is not read."""
    if len(text) > LEARNED_CHARS:
        return None
    for m in _SENTENCE_RE.finditer(text):
        sentence = m.group(0).strip()
        found = learned_kind(sentence, triage_concepts) if sentence else None
        if found is not None:
            return found
    return None


def _sentence_triage(sentence: str) -> Triage | None:
    found = triage_concepts(sentence)
    if "who_reported" in found and "leak" not in found:
        return kind_finding("informant", "who_reported")
    first = kind_triage(sentence, found, reported=True)  # 纪检监察, 再审, 机主, 国家秘密
    if first is not None:
        return first
    if {"coerce_if", "disorder"} <= found:
        return kind_finding("coercion", "coerce_if+disorder")
    if {"disclose", "gov_doc", "gov_body"} <= found:
        return kind_finding("disclosure", "disclose+gov_doc+gov_body")
    if {"persuade", "family", "family_life"} <= found:
        return kind_finding("family", "persuade+family+family_life")
    if "report" in found:
        return None
    planned = kind_triage(sentence, found, reported=False)  # (五) plans, (六) errands
    if planned is not None:
        return planned
    asks = "ask" in found
    wants = asks or "wish" in found
    unlawful = "+".join(sorted(found & _UNLAWFUL))
    if wants and {"fake", "document"} <= found:
        return kind_finding("fake_doc", unlawful)
    if wants and "evade" in found and "favour_complaint" not in found:
        return kind_finding("evade", unlawful)
    if (wants or "dare" in found) and "forbidden" in found and "consult" not in found:
        return kind_finding("forbidden", unlawful)
    if {"get_info", "other", "private"} <= found:
        kind = "trade" if "trade_secret" in found else "personal"
        return kind_finding(kind, "get_info+other+private")
    if "legislate" in found or "national" in found:
        return kind_finding("legislate", "legislate" if "legislate" in found else "national")
    return None


_UNLAWFUL = frozenset({"ask", "wish", "fake", "document", "evade", "forbidden"})


def triage(text: str, outside_city: Callable[[str], str | None] | None = None) -> Triage | None:
    """The 第十三条 finding for normalized ``text`` by rules alone, or None.

    ``outside_city`` names another city when the matter is outside Heze's territory.
    The engine adds the learned emergency detector (``nlu.emergency``) in front of this.
    """
    if not text:
        return None
    found = emergency(text)
    if found is not None:
        return found
    return other_triage(text, outside_city)


def other_triage(
    text: str, outside_city: Callable[[str], str | None] | None = None
) -> Triage | None:
    """The 第十三条 findings other than emergencies: (二), (四), (五), (六), out of city."""
    if not text:
        return None
    # the conjunctions of concepts first: they are more specific than a rule's word ("不解决
    # 俺就去上访 还要拉横幅" is a demand forced on public order, not only a petition)
    found = concept_triage(text)
    legal = legal_procedure(text)  # (二) by a word and a frame, before a favour (五)
    if legal is not None and comes_first(legal, found):
        return legal
    if found is not None:
        return found
    for rule in OTHER_RULES:
        if rule.outcome is TriageOutcome.LEGAL_CHANNEL and len(text) > LETTER_CHARS:
            continue  # a letter naming 信息公开 or 违纪 in passing: its matter is the appeal
        for m in rule.pattern.finditer(text):
            if not _NOT_MEANT_RE.search(text[max(0, m.start() - 4) : m.end() + 6]):
                return Triage(rule.outcome, rule.reason, rule.service, m.group(0))
    found = similar_triage(text)
    if found is not None:
        return found
    if outside_city is not None:
        city = outside_city(text[:PLACE_HEAD])  # a letter's later names are not its place
        if city:
            return Triage(
                TriageOutcome.UNACCEPTABLE,
                f"该事项发生在{city}市，不属于菏泽市12345热线受理范围，请向{city}市12345热线反映",
                None,
                city,
            )
        place = other_place(text)
        if place:
            return Triage(
                TriageOutcome.UNACCEPTABLE,
                f"该事项发生在{place}，不属于菏泽市12345热线受理范围，请向当地12345热线反映",
                None,
                place,
            )
    return None


#: A rule's word not meant as the channel: refused (不想打官司), a place (法院门口), a
#: neighbourhood named after it (法院宿舍).
_NOT_MEANT_RE = gated(
    r"(?:不想|不愿意?|不用|不打算|没想|没钱|别)(?:去|上|到|找)?(?:打官司|起诉|法院|仲裁|上访|信访)|"
    r"法院(?:门口|旁边|附近|对面|西边|东边|南边|北边|后边|前边|家属院|宿舍|小区|路)"
)


def warm_kinds() -> None:
    """Train the learned reading of the 第十三条 kinds now (once per process, about a
    second; :func:`nlu.triage_kinds.learned_kind`); TrainingDataError if its corpus is bad."""
    warm_model(triage_concepts)


def request_over_emergency(text: str) -> Triage | None:
    """The 第十三条 (四)/(五) finding that replaces an emergency seen in ``text``, or None.

    Only the citizen's own plan (俺想把他关在仓库里, 帮我把狗毒死, 俺就找人收拾他) or a
    request for someone's data about a past event (撞了我车的司机叫什么), found by the
    concept floor, with no present danger told (:func:`nlu.danger.present_danger`) and no
    urgency word (快来, 正在, 已经 ...): recall of emergencies comes first (第十三条(一)).
    """
    found = concept_triage(text)
    if found is None and (legal := legal_procedure(text)) is not None:
        found = lawful_custody(legal, [t.matched or "" for t in emergency_matches(text)], text)
    seen = concepts(text)
    if found is not None and found.kind in ("confine", "detention"):
        # the citizen's own plan to hold someone (我打算…堵在他家里 不让出门): the "held"
        # state is the plan itself, not a person held now (a detention told as done or
        # suffered has no such finding: 被, 已经 keep it an emergency)
        seen = seen - {"held"}
    if present_danger(seen):
        return None
    return found if overrides_emergency(found, text) else None


def emergency(text: str) -> Triage | None:
    """The first emergency rule that matches ``text`` outside a past-matter context."""
    found = emergency_matches(text)
    return found[0] if found else None


def emergency_matches(text: str) -> list[Triage]:
    """Every emergency rule matching ``text`` outside a past-matter context, in rule
    order (so the number told first comes first), then the state floor
    (:data:`nlu.emergency_states.STATE_RULES`: a person lying still or in the water, a vehicle
    stopped on the motorway, money leaving in a scam ...; its frames are concepts) for a
    number not told yet."""
    out = []
    found = concepts(text)
    context = NEGATED_CONTEXT if present_danger(found) else PAST_CONTEXT
    danger = has_danger(text)
    for rule in EMERGENCY_RULES:
        for m in rule.pattern.finditer(text):
            window = text[max(0, m.start() - 30) : m.end() + 30]
            if context.search(window) or silenced_rule(found, m.group(0), danger):
                continue
            services = tuple(dict.fromkeys(s for s in (rule.service, *rule.also) if s))
            out.append(Triage(rule.outcome, rule.reason, rule.service, m.group(0), services))
            break
    told = {t.service for t in out}
    for state, words in state_matches(text):
        services = (state.service, *state.also)
        if not told.issuperset(services):
            told.update(services)
            outcome = TriageOutcome.EMERGENCY
            out.append(Triage(outcome, state.reason, state.service, words, services))
    return out


ABUSE_RE = gated(
    r"傻[逼比b]|煞笔|\bsb\b|妈的|他妈|你妈|滚蛋|滚犊子|去死|废物|饭桶|混蛋|王八蛋|狗东西|狗官|脑"
    r"残|白痴|蠢货"
    r"|畜生|草泥马|cnm|nmsl|尼玛|弄死你|打死你|砍死你|杀了你|等着瞧|找人收拾你|收拾你们|炸了你们"
    # the hotline called names with an everyday word (垃圾, 骗子 alone are appeals' words)
    r"|你们(?:都|就|全|全都)?(?:是|这帮|这群|一帮|一群|那帮)+(?:一帮|一群)?(?:垃圾|骗子|饭桶|废物)",
    re.IGNORECASE,
)


def abusive(text: str) -> bool:
    """Insults or threats (to staff): the dialogue warns politely (第十一条)."""
    return bool(ABUSE_RE.search(text))
