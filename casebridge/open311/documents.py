"""The GeoReport v2 documents the façade returns, as typed dictionaries.

Key names and their order are the specification's (http://wiki.open311.org/GeoReport_v2):
:mod:`casebridge.open311.render` writes each one as JSON or XML member by member, so a
field here is a field on the wire. ``None`` is JSON ``null`` and an empty XML element.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from casebridge.open311.config import Datatype, ServiceType


class Service(TypedDict):
    """A member of GET Service List (``services``): one catalogue entry."""

    service_code: str
    service_name: str
    description: str
    metadata: bool  # True when the service has attributes (GET Service Definition)
    type: ServiceType
    keywords: str  # comma separated
    group: str


class AttributeValue(TypedDict):
    """One choice of a list attribute (``singlevaluelist``, ``multivaluelist``)."""

    key: str
    name: str


class AttributeDocument(TypedDict):
    """An ``attribute`` of GET Service Definition."""

    variable: bool
    code: str
    datatype: Datatype
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: list[AttributeValue]


class ServiceDefinition(TypedDict):
    """GET Service Definition: the attributes a service asks for."""

    service_code: str
    attributes: list[AttributeDocument]


class CreatedRequest(TypedDict):
    """A member of POST Service Request's answer: ``token`` for a batch service, else
    ``service_request_id`` (exactly one of the two, first in the document)."""

    token: NotRequired[str]
    service_request_id: NotRequired[str]
    service_notice: str
    account_id: str | None


class ServiceRequest(TypedDict):
    """A member of GET Service Request(s): public data only (texts masked, place rounded)."""

    service_request_id: str
    status: str  # open | closed
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str | None
    requested_datetime: str | None  # W3C, Asia/Shanghai offset
    updated_datetime: str | None
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None  # WGS84, rounded to ~100 m
    long: float | None
    media_url: str | None


class TokenAnswer(TypedDict):
    """A member of GET service_request_id from a token."""

    service_request_id: str
    token: str
