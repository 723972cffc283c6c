"""Assessment, hotspots, long-running issues and early warning over the case record.

Pure computation over plain snapshots (:mod:`casebridge.analytics.facts`): no database, no
web. :mod:`casebridge.analytics.load` reads the snapshots from the case store
(the orders the 督办 rules look at: :mod:`casebridge.analytics.snapshots`).
"""

from casebridge.analytics.errors import AnalyticsError, PeriodError
from casebridge.analytics.periods import Period, parse_period
from casebridge.sla import SHANGHAI

__all__ = ["SHANGHAI", "AnalyticsError", "Period", "PeriodError", "parse_period"]
