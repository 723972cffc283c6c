"""The centre's inspection rules and the pure scoring of one conversation against them.

:func:`inspect` takes the agent's and the citizen's turns and what the conversation led
to (the order's recorded place and contact, the knowledge-base answers that matched the
citizen's questions) and returns the score and the findings, each with the turns behind
it. No I/O: the table tests drive it directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from nlu.dedup import shingles
from nlu.normalize import normalize

Kind = Literal[
    "greeting",
    "closing",
    "forbidden",
    "first_answer",
    "place_recorded",
    "contact_recorded",
    "kb_offered",
]
RULES_FILE = "inspection.yml"
_SPACES = re.compile(r"[\s，。、！？,.!?；;：:“”\"'…]+")


class InspectionConfigError(ValueError):
    """``inspection.yml`` is missing or wrong."""


class Rule(BaseModel):
    """One rule of ``inspection.yml``."""

    id: str = Field(pattern=r"^[a-z_]{2,40}$")
    kind: Kind
    label: str = Field(min_length=1, max_length=60)
    deduct: int = Field(ge=0, le=100)
    red_line: bool = False
    phrases: list[str] = Field(default_factory=list)
    max_seconds: float = Field(default=60.0, gt=0)
    min_score: float = Field(default=0.5, ge=0)
    min_overlap: float = Field(default=0.3, gt=0, le=1)


class RuleSet(BaseModel):
    """The whole file."""

    version: int = 1
    pass_score: int = Field(default=80, ge=0, le=100)
    trigger_actions: list[str] = Field(default_factory=lambda: ["release", "call_ended"])
    rules: list[Rule]


def load_rules(config_dir: Path) -> RuleSet:
    """``config_dir/inspection.yml``; :class:`InspectionConfigError` when wrong."""
    path = config_dir / RULES_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = RuleSet.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise InspectionConfigError(f"{path}: {exc}") from exc
    ids = [r.id for r in rules.rules]
    if len(ids) != len(set(ids)):
        raise InspectionConfigError(f"{path}: rule ids must be unique")
    for r in rules.rules:
        if r.kind in ("greeting", "closing", "forbidden") and not r.phrases:
            raise InspectionConfigError(f"{path}: rule {r.id} needs phrases")
    return rules


@dataclass(frozen=True)
class Turn:
    """A turn as inspection reads it (clear text: inspection runs inside the gateway)."""

    id: int
    at: datetime
    direction: str  # in | out | agent | system
    text: str
    author: str | None = None
    # the console's automatic text sent in the agent's name (``handover``, ``joined``,
    # ``order``, ``requeued``): not the agent's wording, never scored as it
    notice: str | None = None


@dataclass(frozen=True)
class OrderFacts:
    """What the registered order recorded."""

    number: str
    has_place: bool
    has_contact: bool
    anonymous: bool


@dataclass(frozen=True)
class KbHit:
    """A knowledge-base answer that matched a citizen's question (turn ``turn_id``)."""

    turn_id: int
    entry_id: str
    answer: str
    score: float


@dataclass(frozen=True)
class Conversation:
    """One finished stretch of human service."""

    turns: Sequence[Turn]
    started_at: datetime | None = None  # the claim (or call answered)
    order: OrderFacts | None = None
    kb_hits: Sequence[KbHit] = ()


@dataclass(frozen=True)
class Finding:
    """A rule the agent did not meet, with the turns behind it."""

    rule: str
    label: str
    deduct: int
    red_line: bool
    turn_ids: tuple[int, ...] = ()
    excerpt: str = ""


Status = Literal["scored", "nothing_to_inspect", "unanswered"]
STATUS_LABELS: dict[str, str] = {
    "scored": "已评分",
    "nothing_to_inspect": "无可质检内容（没有任何对话或转写）",
    "unanswered": "无可质检内容（坐席未发言，群众的话无人答复）",
}


@dataclass(frozen=True)
class Result:
    """The score (0-100) and the findings; no score when the agent said nothing
    (``status`` ``nothing_to_inspect`` or ``unanswered``): silence is not a perfect score."""

    score: int | None
    findings: tuple[Finding, ...] = field(default=())
    agent_turns: int = 0
    status: Status = "scored"

    @property
    def red_line(self) -> bool:
        """Any red-line finding."""
        return any(f.red_line for f in self.findings)


def _plain(text: str) -> str:
    return _SPACES.sub("", normalize(text))


@lru_cache(maxsize=4096)
def _plain_phrase(phrase: str) -> str:
    return _plain(phrase)


def _has_any(text: str, phrases: Sequence[str]) -> str | None:
    plain = _plain(text)
    for p in phrases:
        wanted = _plain_phrase(p)
        if wanted and wanted in plain:
            return p
    return None


def _overlap(a: str, b: str) -> float:
    sa, sb = set(shingles(a)), set(shingles(b))
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _finding(rule: Rule, turns: Sequence[Turn] = (), excerpt: str = "") -> Finding:
    return Finding(
        rule.id,
        rule.label,
        rule.deduct,
        rule.red_line,
        tuple(t.id for t in turns),
        excerpt[:200],
    )


def _check(rule: Rule, conv: Conversation, agent: list[Turn]) -> list[Finding]:
    if rule.kind == "greeting":
        if agent and _has_any(agent[0].text, rule.phrases) is None:
            return [_finding(rule, agent[:1], agent[0].text)]
    elif rule.kind == "closing":
        last = agent[-1] if agent else None
        if last and not _handed_over(conv, last) and _has_any(last.text, rule.phrases) is None:
            return [_finding(rule, [last], last.text)]
    elif rule.kind == "forbidden":
        out = []
        for t in agent:
            hit = _has_any(t.text, rule.phrases)
            if hit is not None:
                out.append(_finding(rule, [t], t.text))
        return out
    elif rule.kind == "first_answer":
        return _first_answer(rule, conv, agent)
    elif rule.kind == "place_recorded":
        if conv.order is not None and not conv.order.has_place:
            return [_finding(rule, excerpt=conv.order.number)]
    elif rule.kind == "contact_recorded":
        order = conv.order
        if order is not None and not order.has_contact and not order.anonymous:
            return [_finding(rule, excerpt=order.number)]
    elif rule.kind == "kb_offered":
        return _kb_offered(rule, conv, agent)
    return []


def _handed_over(conv: Conversation, last: Turn) -> bool:
    """Whether the chat was handed to a colleague (转交) after the agent's last words: the
    service went on, so those words were not its closing line."""
    return any(t.notice == "handover" and t.id > last.id for t in conv.turns)


def agent_turns(turns: Sequence[Turn]) -> list[Turn]:
    """The agents' own words: non-empty agent turns, the console's automatic texts left out."""
    return [t for t in turns if t.direction == "agent" and t.text.strip() and t.notice is None]


def _first_answer(rule: Rule, conv: Conversation, agent: list[Turn]) -> list[Finding]:
    asked = next((t for t in conv.turns if t.direction == "in"), None)
    start = conv.started_at
    if asked is not None and (start is None or asked.at > start):
        start = asked.at
    if start is None:
        return []
    first = next((t for t in agent if t.at >= start), None)
    if first is None:
        # the citizen spoke and no agent ever answered
        return [_finding(rule, [asked] if asked else [], "坐席未答复")] if asked else []
    waited = (first.at - start).total_seconds()
    if waited > rule.max_seconds:
        return [_finding(rule, [first], f"首次答复用时{int(waited)}秒")]
    return []


def _kb_offered(rule: Rule, conv: Conversation, agent: list[Turn]) -> list[Finding]:
    out = []
    for hit in conv.kb_hits:
        if hit.score < rule.min_score:
            continue
        later = [t for t in agent if t.id > hit.turn_id]
        if not any(_overlap(hit.answer, t.text) >= rule.min_overlap for t in later):
            out.append(_finding(rule, [t for t in conv.turns if t.id == hit.turn_id], hit.answer))
            break  # one finding per conversation is enough to show it
    return out


def inspect(rules: RuleSet, conv: Conversation) -> Result:
    """Score one conversation: 100 minus the deductions, never below 0.

    Without an agent turn there is nothing to score: ``nothing_to_inspect`` (no turn at
    all: a call without a transcript) or ``unanswered`` (the citizen spoke, no agent
    answered), both without a score.
    """
    agent = agent_turns(conv.turns)
    if not agent:
        spoke = any(t.direction == "in" and t.text.strip() for t in conv.turns)
        return Result(None, (), 0, "unanswered" if spoke else "nothing_to_inspect")
    findings: list[Finding] = []
    for rule in rules.rules:
        findings += _check(rule, conv, agent)
    score = max(0, 100 - sum(f.deduct for f in findings))
    return Result(score, tuple(findings), len(agent))
