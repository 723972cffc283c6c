"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the case store.

``config`` reads the per-service definitions (``config/data/open311.yaml``), ``validate``
turns a POST (form or JSON) into a checked :class:`~casebridge.open311.validate.NewRequest`
collecting every malformed field, ``render`` writes the specification's XML and JSON
(the Spark convention), and ``service`` is the façade the gateway's router calls.
Errors are :class:`GeoReportError`, rendered as ``[{"code":..,"description":..}]`` or
``<errors><error>..`` with HTTP 400, 403 or 404 as the specification asks.
"""

from casebridge.open311.errors import GeoReportError

__all__ = ["GeoReportError"]
