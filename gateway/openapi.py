"""The error responses of every operation in the OpenAPI document, derived from the routes.

Nothing is written per route by hand here: each operation's statuses come from

- the route's dependencies and endpoint, marked with :func:`gateway.errors.raises`
  (e.g. the unit key check marks 401, the supervisor check 403);
- its parameters: any query, path, header, cookie or body parameter can be refused with
  422 (the one input validator, :mod:`casebridge.inputs`), and a body can be too large
  (413, ``HOTLINE_MAX_BODY_BYTES``).

Each status is documented as ``application/problem+json`` (:class:`gateway.errors.Problem`).
Open311 operations document GeoReport's own error form (JSON array and XML) and their
JSON and XML success bodies; the provider webhooks document their statuses without a body
schema (providers read the status only).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from gateway.errors import GEOREPORT_PREFIX, PROBLEM_JSON, PROVIDER_PREFIX, Problem

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
GEOREPORT_ERRORS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing or invalid credentials",
    403: "Not allowed for this caller",
    404: "No such resource",
    409: "Conflicts with the current state",
    413: "Request body too large",
    422: "Invalid input (NUL or control characters, numbers out of range, NaN ...)",
    429: "Too many requests",
    503: "Not configured or not available",
}


def _marked(dep: Dependant, found: set[int]) -> None:
    found.update(getattr(dep.call, "__problems__", ()))
    for sub in dep.dependencies:
        _marked(sub, found)


def _has_params(dep: Dependant) -> bool:
    if dep.query_params or dep.path_params or dep.header_params or dep.cookie_params:
        return True
    if dep.body_params:
        return True
    return any(_has_params(sub) for sub in dep.dependencies)


def _has_path_params(dep: Dependant) -> bool:
    return bool(dep.path_params) or any(_has_path_params(sub) for sub in dep.dependencies)


def _has_body(dep: Dependant) -> bool:
    return bool(dep.body_params) or any(_has_body(sub) for sub in dep.dependencies)


def statuses(route: APIRoute | RouteContext) -> set[int]:
    """The error statuses ``route`` can answer with."""
    found: set[int] = set()
    dependant: Dependant = route.dependant
    _marked(dependant, found)
    found.update(getattr(route.endpoint, "__problems__", ()))
    if _has_params(dependant):
        found.add(422)
    if _has_path_params(dependant):
        found.add(
            400
        )  # gateway/guard.py: a path value that is not UTF-8 or holds a control/bidi character
    if _has_body(dependant) or (route.methods or set()) & BODY_METHODS:
        found.add(413)
    return found


def api_routes(app: FastAPI) -> list[RouteContext]:
    """Every API route of ``app`` (through included routers) as FastAPI sees it."""
    return [c for c in iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute)]


def _problem(status: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(status, "Error"),
        "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}},
    }


def _georeport(op: dict[str, Any], route: RouteContext) -> None:
    """GeoReport: JSON or XML bodies; errors as GeoReport's list, 400/403/404 (413)."""
    responses: dict[str, Any] = op.setdefault("responses", {})
    for code, resp in list(responses.items()):
        if code.startswith("2"):
            resp["content"] = {
                "application/json": {"schema": {}},
                "text/xml": {"schema": {"type": "string"}},
            }
        else:
            del responses[code]
    errors = {400, 404} | ({403, 413} if (route.methods or set()) & BODY_METHODS else set())
    for status in sorted(errors):
        responses[str(status)] = {
            "description": DESCRIPTIONS[status] + " (GeoReport v2 error list, not problem+json)",
            "content": {
                "application/json": {"schema": GEOREPORT_ERRORS},
                "text/xml": {"schema": {"type": "string"}},
            },
        }


def _provider(op: dict[str, Any]) -> None:
    """Provider webhooks: the status is the answer (bodies follow each provider's protocol)."""
    responses: dict[str, Any] = op.setdefault("responses", {})
    for code in list(responses):
        if not code.startswith("2"):
            del responses[code]
    for code in list(responses):
        responses[code] = {"description": "Acknowledged (body in the provider's own protocol)"}
    for status in (400, 403, 404, 413, 415, 422, 429):
        responses[str(status)] = {"description": DESCRIPTIONS.get(status, "Refused")}


def _document(schema: dict[str, Any], app: FastAPI) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    paths: dict[str, Any] = schema.get("paths", {})
    for route in api_routes(app):
        path = route.path_format or ""
        item = paths.get(path)
        if item is None or not route.include_in_schema:
            continue
        for method in route.methods or ():
            op = item.get(method.lower())
            if op is None:
                continue
            if path.startswith(GEOREPORT_PREFIX):
                _georeport(op, route)
                continue
            if path.startswith(PROVIDER_PREFIX):
                _provider(op)
                continue
            responses: dict[str, Any] = op.setdefault("responses", {})
            for status in sorted(statuses(route)):
                responses[str(status)] = _problem(status)
    # FastAPI's own validation schemas, dropped where nothing refers to them any more; in
    # this order, as HTTPValidationError refers to ValidationError
    for name in ("HTTPValidationError", "ValidationError"):
        text = str(schema.get("paths", {})) + str(schema.get("webhooks", {})) + str(components)
        if f"#/components/schemas/{name}'" not in text:
            components.pop(name, None)


def document_errors(app: FastAPI) -> None:
    """Make ``app.openapi()`` list each operation's error responses (computed once)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        _document(schema, app)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
