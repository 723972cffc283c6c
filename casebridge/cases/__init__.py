"""The case store's service: work orders from intake to closing (see :mod:`.service`)."""

from casebridge.cases.service import CaseService
from casebridge.cases.types import (
    CONTACT_METHODS,
    SATISFACTION,
    SUPERVISION_GROUNDS,
    SUPERVISION_METHODS,
    TERMINATION_GROUNDS,
    Actor,
    PublicRequest,
    UnitIdentity,
)

__all__ = [
    "CONTACT_METHODS",
    "SATISFACTION",
    "SUPERVISION_GROUNDS",
    "SUPERVISION_METHODS",
    "TERMINATION_GROUNDS",
    "Actor",
    "CaseService",
    "PublicRequest",
    "UnitIdentity",
]
