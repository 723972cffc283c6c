"""The lifecycle actions of the unit and centre APIs, described once, agree with the
state machine, the service methods and the routes built from them."""

from __future__ import annotations

import inspect

from fastapi import FastAPI
from fastapi.routing import APIRoute

from casebridge.cases.actions import ACTIONS, API_ROLES, actions_of
from casebridge.lifecycle import RULES, Role
from gateway.routers import centre, units


def test_every_action_names_real_rules_its_api_may_perform() -> None:
    for a in ACTIONS:
        assert a.rules, a.name
        assert all(r in RULES for r in a.rules), a.name
        assert a.roles, f"{a.api} may not perform {a.name}"
        assert a.roles <= API_ROLES[a.api]
        assert a.from_states


def test_bodies_match_the_service_methods() -> None:
    """Each body field is a keyword of its method; each required keyword is a field."""
    for a in ACTIONS:
        params = inspect.signature(a.call).parameters
        fields = set(a.body.model_fields)
        assert fields <= set(params), (a.name, fields - set(params))
        required = {
            n
            for n, p in params.items()
            if p.kind is p.KEYWORD_ONLY and p.default is inspect.Parameter.empty
        }
        assert required <= fields, (a.name, required - fields)


def test_centre_only_rules_are_not_on_the_unit_api() -> None:
    unit_rules = {r for a in actions_of("units") for r in a.rules}
    for r in unit_rules:
        assert RULES[r].roles & {Role.LEAD, Role.CO}
    assert "approve_return" not in unit_rules
    assert {"sign", "reply", "request_return"} <= unit_rules


def test_routes_are_generated_as_distinct_operations() -> None:
    app = FastAPI()
    app.include_router(units.router)
    app.include_router(centre.router)
    routes = {
        (next(iter(r.methods or ())), r.path): r
        for r in (*units.router.routes, *centre.router.routes)
        if isinstance(r, APIRoute)
    }
    for a in ACTIONS:
        route = routes[("POST", f"/api/{a.api}/orders/{{number}}/{a.path}")]
        assert route.name == a.name
        assert route.description == a.doc
    spec = app.openapi()
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    sign = spec["paths"]["/api/units/orders/{number}/sign"]["post"]
    assert sign["summary"] == "Sign"
    assert sign["operationId"] == "sign_api_units_orders__number__sign_post"
    ret = spec["paths"]["/api/units/orders/{number}/return"]["post"]
    assert ret["operationId"] == "request_return_api_units_orders__number__return_post"
    listing = spec["paths"]["/api/units/orders"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"role", "state", "county", "limit", "cursor"} <= names
    assert "unit_code" not in names
    centre_names = {p["name"] for p in spec["paths"]["/api/centre/orders"]["get"]["parameters"]}
    assert "unit_code" in centre_names
    assert "role" not in centre_names
