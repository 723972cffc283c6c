"""Typed results of :mod:`nlu`; dialogs and the gateway read only these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TriageOutcome(StrEnum):
    """The special cases of 第十三条 besides a normal work order."""

    EMERGENCY = "emergency"  # (一) 110/119/120/122
    LEGAL_CHANNEL = "legal_channel"  # (二) litigation, arbitration, petition ...
    REPEAT = "repeat"  # (三) the same matter again (decided with the case store)
    SECRET_PRIVACY = "secret_privacy"  # noqa: S105 - (四) state/trade secrets, personal information
    UNLAWFUL = "unlawful"  # (五) against law or public order
    UNACCEPTABLE = "unacceptable"  # (六) otherwise not acceptable by law


@dataclass(frozen=True)
class Triage:
    """A 第十三条 finding with the reason kept for the dialogue and the record."""

    outcome: TriageOutcome
    reason: str
    service: str | None = None  # "110" | "119" | "120" | "122" for emergencies
    matched: str | None = None  # the phrase that triggered it


@dataclass(frozen=True)
class Category:
    """Predicted appeal category (taxonomy level 1 and 2) and handling-unit type."""

    level1: str
    level2: str | None
    confidence: float
    unit_type: str | None = None  # e.g. "department:住建", "utility:water", "township"


@dataclass(frozen=True)
class Entity:
    """A span found in the text. ``masked`` is what logs and consoles may show."""

    type: str  # phone | landline | id_card | name | address | date | time | order_no | plate
    value: str
    masked: str
    start: int
    end: int


@dataclass(frozen=True)
class Territory:
    """An address resolved to the Heze administrative hierarchy (dispatch territory)."""

    county: str | None = None  # 牡丹区, 曹县 ...
    township: str | None = None  # 乡镇 / 街道
    village: str | None = None  # 村 / 社区
    detail: str | None = None  # the rest of the address as given

    @property
    def resolved(self) -> bool:
        """Dispatch needs at least the county or district."""
        return self.county is not None


@dataclass(frozen=True)
class Intent:
    """A dialogue intent with its confidence."""

    name: str  # greet | thank | affirm | deny | ask_progress | ask_human | complain_staff |
    # rate | out_of_scope | appeal | ask_info
    confidence: float


@dataclass(frozen=True)
class NluResult:
    """Everything the bot needs to know about one text."""

    text: str  # normalized text
    intent: Intent
    category: Category | None = None
    triage: Triage | None = None
    entities: tuple[Entity, ...] = ()
    territory: Territory | None = None
    abusive: bool = False  # insults or threats against staff (第十一条)
    candidates: tuple[Category, ...] = field(default=())

    def first(self, entity_type: str) -> Entity | None:
        """The first entity of ``entity_type``."""
        return next((e for e in self.entities if e.type == entity_type), None)


@dataclass(frozen=True)
class KnowledgeAnswer:
    """A knowledge-base entry that answers a question, with its source (第十八条)."""

    entry_id: str
    title: str
    answer: str
    source_unit: str
    updated: str  # ISO date of the entry's current version
    score: float
