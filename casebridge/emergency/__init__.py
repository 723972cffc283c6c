"""Emergency handover to the 110/119/120/122 dispatch desks (第十三条(一))."""

from casebridge.emergency.desk import (
    EVENT_PREFIX,
    SERVICES,
    EmergencyDesk,
    EmergencyReport,
    EmergencyView,
    Receiver,
)

__all__ = [
    "EVENT_PREFIX",
    "SERVICES",
    "EmergencyDesk",
    "EmergencyReport",
    "EmergencyView",
    "Receiver",
]
