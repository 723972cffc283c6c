"""The order routes the unit and centre APIs share, built from casebridge's tables.

Both APIs list orders (one query-parameter model each, :mod:`casebridge.cases.requests`),
show one order and its history, run the lifecycle actions of
:data:`casebridge.cases.actions.ACTIONS` and show the webhook delivery log. What differs
is said once per API in an :class:`Audience`: the prefix, who is authenticated and how
that becomes an :class:`casebridge.cases.Actor`, whose deliveries are shown, and the
docstrings. Each route stays its own OpenAPI operation (name, summary, description).
Case-store errors propagate to :mod:`gateway.errors`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from casebridge.cases import Actor, CaseService
from casebridge.cases.actions import LifecycleAction, actions_of
from casebridge.cases.requests import OrderQuery
from casebridge.errors import Forbidden, IllegalTransition, InvalidInput, NotFound, VersionConflict
from casebridge.inputs import DbId, SafeStr
from casebridge.schemas import DeliveryView, EventView, OrderPage, OrderRecord
from gateway.casebridge_wiring import Cases
from gateway.errors import raises

#: An order number in a path (``HZ20250101-000123``).
Number = Annotated[SafeStr, Path(min_length=1, max_length=32)]
OutboxId = Annotated[DbId, Path()]
#: What a read of one order can answer besides 200: 404 for an unknown order and for
#: another unit's alike (``casebridge.cases.core.order_not_found``).
READ_ERRORS = (NotFound,)
#: What a lifecycle action can answer besides 200 (nothing is changed by any of them).
ACTION_ERRORS = (NotFound, Forbidden, IllegalTransition, VersionConflict, InvalidInput)

W = TypeVar("W")
P = inspect.Parameter


@dataclass(frozen=True)
class Audience(Generic[W]):
    """One API's view of the shared order routes."""

    api: Literal["units", "centre"]
    prefix: str
    who: object  # the authenticating dependency, e.g. Annotated[X, Depends(require_x)]
    actor: Callable[[W], Actor]
    scope: Callable[[W], str | None]  # whose deliveries: a unit's code, None for all
    query: type[OrderQuery]
    docs: dict[str, str]  # list_orders, order_detail, order_events, deliveries, redeliver
    tags: list[str | Enum] | None = None


def _param(name: str, annotation: object, default: object = P.empty) -> inspect.Parameter:
    return P(name, P.KEYWORD_ONLY, annotation=annotation, default=default)


def _add(
    router: APIRouter,
    aud: Audience[Any],
    path: str,
    method: str,
    name: str,
    params: list[inspect.Parameter],
    run: Callable[..., Awaitable[object]],
    response_model: object,
    doc: str,
    errors: tuple[type[Exception], ...] = (),
) -> None:
    """Register ``run(**params)`` as its own operation, named ``name``, that can answer
    ``errors`` (documented by :mod:`gateway.openapi`)."""

    async def endpoint(**kw: Any) -> object:
        return await run(**kw)

    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [_param("who", aud.who), _param("cases", Cases), *params]
    )
    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = doc
    raises(*errors)(endpoint)
    router.add_api_route(
        aud.prefix + path,
        endpoint,
        methods=[method],
        name=name,
        response_model=response_model,
        tags=aud.tags,
    )


def _action(router: APIRouter, aud: Audience[Any], action: LifecycleAction) -> None:
    body: object = Optional[action.body] if action.body_optional else action.body  # noqa: UP045
    default = None if action.body_optional else P.empty

    async def run(who: object, cases: CaseService, number: str, body: BaseModel | None) -> object:
        return await action.run(cases, number, aud.actor(who), body)

    params = [_param("number", Number), _param("body", body, default)]
    path = f"/orders/{{number}}/{action.path}"
    _add(
        router, aud, path, "POST", action.name, params, run, OrderRecord, action.doc, ACTION_ERRORS
    )


def install(router: APIRouter, aud: Audience[Any]) -> None:
    """Add the shared order routes of ``aud`` to ``router``."""

    async def list_orders(who: object, cases: CaseService, q: OrderQuery) -> OrderPage:
        return await cases.list_orders(aud.actor(who), **q.filters())

    async def order_detail(who: object, cases: CaseService, number: str) -> OrderRecord:
        return await cases.get_order(number, aud.actor(who))

    async def order_events(who: object, cases: CaseService, number: str) -> list[EventView]:
        return await cases.events(number, aud.actor(who))

    async def deliveries(
        who: object, cases: CaseService, status: str | None, limit: int, before: int | None
    ) -> list[DeliveryView]:
        scope = aud.scope(who)
        return await cases.list_deliveries(scope, status=status, limit=limit, before=before)

    async def redeliver(who: object, cases: CaseService, outbox_id: int) -> DeliveryView:
        return await cases.redeliver(aud.scope(who), outbox_id)

    number = [_param("number", Number)]
    log_filter = [
        _param("status", Optional[Literal["pending", "delivered", "dead"]], None),  # noqa: UP045
        _param("limit", Annotated[int, Query(ge=1, le=200)], 50),
        _param("before", Annotated[Optional[DbId], Query()], None),  # noqa: UP045
    ]
    Reads = tuple[
        tuple[
            str,
            str,
            list[inspect.Parameter],
            Callable[..., Any],
            object,
            tuple[type[Exception], ...],
        ],
        ...,
    ]
    reads: Reads = (
        ("/orders", "GET", [_param("q", Annotated[aud.query, Query()])], list_orders, OrderPage,
         (InvalidInput, NotFound)),
        ("/orders/{number}", "GET", number, order_detail, OrderRecord, READ_ERRORS),
        ("/orders/{number}/events", "GET", number, order_events, list[EventView], READ_ERRORS),
        ("/deliveries", "GET", log_filter, deliveries, list[DeliveryView], ()),
        ("/deliveries/{outbox_id}/redeliver", "POST", [_param("outbox_id", OutboxId)], redeliver,
         DeliveryView, (NotFound, Forbidden, IllegalTransition)),
    )  # fmt: skip
    for path, method, params, run, model, errs in reads:
        doc = aud.docs[run.__name__]
        _add(router, aud, path, method, run.__name__, params, run, model, doc, errs)
    for action in actions_of(aud.api):
        _action(router, aud, action)
