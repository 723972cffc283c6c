"""Per-service GeoReport definitions from ``config/data/open311.yaml``.

A catalogue entry (``catalogue.yaml``) is an Open311 service; this file adds its
``type`` (realtime or batch) and the attributes it asks for (GET Service Definition).
A missing file means: no attributes, every service realtime, jurisdiction ``heze.gov.cn``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from casebridge.errors import ConfigurationError
from casebridge.yamlread import Doc, load, mapping, sequence

if TYPE_CHECKING:
    from casebridge.open311.documents import AttributeDocument

Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
ServiceType = Literal["realtime", "batch", "blackbox"]
DATATYPES: tuple[Datatype, ...] = (
    "string",
    "number",
    "datetime",
    "text",
    "singlevaluelist",
    "multivaluelist",
)
FILE_NAME = "open311.yaml"
DEFAULT_JURISDICTION = "heze.gov.cn"


@dataclass(frozen=True)
class Attribute:
    """One extra field of a service (GeoReport ``attribute``)."""

    code: str
    datatype: Datatype
    required: bool
    order: int
    description: str
    values: tuple[tuple[str, str], ...] = ()  # (key, name) of a list datatype
    variable: bool = True
    datatype_description: str | None = None

    def as_document(self) -> AttributeDocument:
        """The attribute as GET Service Definition shows it."""
        return {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": self.order,
            "description": self.description,
            "values": [{"key": k, "name": n} for k, n in self.values],
        }


@dataclass(frozen=True)
class ServiceConfig:
    """What ``open311.yaml`` says about one service code."""

    type: ServiceType = "realtime"
    attributes: tuple[Attribute, ...] = ()


@dataclass(frozen=True)
class Open311Config:
    """The jurisdiction and the per-service definitions."""

    jurisdiction_id: str = DEFAULT_JURISDICTION
    services: Mapping[str, ServiceConfig] = field(default_factory=dict)

    def service(self, code: str) -> ServiceConfig:
        """The definition of ``code`` (defaults when the file says nothing about it)."""
        return self.services.get(code) or ServiceConfig()


def _attribute(raw: object, where: str) -> Attribute:
    if not isinstance(raw, Mapping):
        raise ConfigurationError(f"{where}: an attribute is a mapping")
    code = str(raw.get("code") or "")
    datatype = raw.get("datatype")
    if not code or datatype not in DATATYPES:
        raise ConfigurationError(f"{where}: code and a datatype of {', '.join(DATATYPES)}")
    values = tuple(
        (str(v["key"]), str(v["name"]))
        for v in raw.get("values") or ()
        if isinstance(v, Mapping) and "key" in v and "name" in v
    )
    if datatype in ("singlevaluelist", "multivaluelist") and not values:
        raise ConfigurationError(f"{where}: a {datatype} needs values")
    order = raw.get("order", 1)
    if not isinstance(order, int) or order < 1:
        raise ConfigurationError(f"{where}: order is a positive integer")
    return Attribute(
        code=code,
        datatype=datatype,
        required=bool(raw.get("required", False)),
        order=order,
        description=str(raw.get("description") or code),
        values=values,
        variable=bool(raw.get("variable", True)),
        datatype_description=raw.get("datatype_description"),
    )


def parse_config(data: Doc, known_codes: set[str] | None = None) -> Open311Config:
    """Check and build the configuration; ``known_codes`` are the catalogue's entries."""
    services: dict[str, ServiceConfig] = {}
    try:
        by_code = mapping(data.get("services"), "services")
    except TypeError as exc:
        raise ConfigurationError(f"{FILE_NAME}: {exc}") from exc
    for code, value in by_code.items():
        where = f"{FILE_NAME}: services.{code}"
        if known_codes is not None and code not in known_codes:
            raise ConfigurationError(f"{where}: not a service_code of the catalogue")
        try:
            raw = mapping(value, where)
            listed = sequence(raw.get("attributes"), f"{where}.attributes")
        except TypeError as exc:
            raise ConfigurationError(str(exc)) from exc
        kind = raw.get("type", "realtime")
        if kind != "realtime" and kind != "batch" and kind != "blackbox":
            raise ConfigurationError(f"{where}: type is realtime, batch or blackbox")
        attrs = tuple(_attribute(a, f"{where}.attributes[{i}]") for i, a in enumerate(listed))
        if len({a.code for a in attrs}) != len(attrs) or len({a.order for a in attrs}) != len(
            attrs
        ):
            raise ConfigurationError(f"{where}: attribute codes and orders must be unique")
        services[code] = ServiceConfig(kind, tuple(sorted(attrs, key=lambda a: a.order)))
    jurisdiction = str(data.get("jurisdiction_id") or DEFAULT_JURISDICTION)
    return Open311Config(jurisdiction, services)


@lru_cache(maxsize=8)
def load_config(config_dir: Path, known_codes: frozenset[str] | None = None) -> Open311Config:
    """``<config_dir>/open311.yaml`` (cached per directory)."""
    data = load(Path(config_dir) / FILE_NAME, ConfigurationError)
    if data is None:
        return Open311Config()
    return parse_config(data, set(known_codes) if known_codes is not None else None)
