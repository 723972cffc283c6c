"""Where the case service used to live; kept so that ``from casebridge.service import
CaseService`` goes on working. The code is in :mod:`casebridge.cases`."""

from casebridge import cases
from casebridge.cases import *  # noqa: F403

__all__ = cases.__all__
