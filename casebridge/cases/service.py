"""The case service: one façade over intake, reading, the lifecycle and webhooks.

Every change runs in one transaction that also appends the order's events and writes
the outbox rows for the units' webhook endpoints (delivered after commit by
:class:`casebridge.webhooks.delivery.DeliveryWorker`). Concurrent changes to one order
are caught by the optimistic ``version`` column and retried from a fresh read (or
refused with :class:`casebridge.errors.VersionConflict` when the caller named the
version it saw). The parts:

- :mod:`casebridge.cases.core`: sessions, unit directory, transactions, events, emits;
- :mod:`casebridge.cases.units`: unit records and API keys;
- :mod:`casebridge.cases.intake`: opening orders, the citizen's progress and evaluation;
- :mod:`casebridge.cases.queries`: detail, history, inboxes, the public view;
- :mod:`casebridge.cases.unit_actions`, :mod:`casebridge.cases.centre_actions`;
- :mod:`casebridge.webhooks.endpoints`: endpoints and the delivery log.
"""

from __future__ import annotations

from casebridge.cases.centre_actions import CentreActions
from casebridge.cases.intake import Intake
from casebridge.cases.queries import Queries
from casebridge.cases.unit_actions import UnitActions
from casebridge.cases.units import Units
from casebridge.webhooks.endpoints import Endpoints


class CaseService(Units, Intake, Queries, UnitActions, CentreActions, Endpoints):
    """Implements :class:`casebridge.intake.IntakePort` and the lifecycle for the APIs.

    ``CaseService(sessions, catalogue, clock=utcnow, *, secret_key=None, max_retries=8,
    url_policy=None)``: ``secret_key`` derives the units' demo keys, ``url_policy``
    decides which webhook URLs units may register (default: public https only).
    """
