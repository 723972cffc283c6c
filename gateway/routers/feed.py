"""Data sharing with handling units (第三十条) and their answers to supervision.

``GET /api/units/feed/events?cursor=N`` and ``GET /api/units/feed/callbacks?cursor=N``
return pages of the unit's order events and callback evaluations after the cursor;
pass ``next_cursor`` back to continue. ``GET /api/units/supervisions`` lists the unit's
supervisions (督办) with the notices sent; ``POST /api/units/supervisions/{id}/response``
records its answer. Authentication: the unit's key (``require_unit``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, JsonValue
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.analytics import feed
from casebridge.db import utcnow
from casebridge.errors import InvalidInput, NotFound
from casebridge.inputs import DbCount, DbId, SafeStr
from gateway.deps import get_services
from gateway.errors import raises
from gateway.routers.units import Unit

router = APIRouter(tags=["承办单位 handling units"])
PREFIX = "/api/units"

Cursor = Annotated[DbCount, Query(description="the next_cursor of the previous page (0 at first)")]
Limit = Annotated[int, Query(ge=1, le=feed.MAX_PAGE)]


class FeedOut(BaseModel):
    """A page of the feed."""

    items: list[dict[str, JsonValue]]
    next_cursor: int
    has_more: bool


class ResponseBody(BaseModel):
    """The unit's answer to a supervision."""

    text: SafeStr = Field(min_length=1, max_length=5000)


FeedReader = Callable[[AsyncSession, int, int, int], Awaitable[feed.FeedPage]]


async def _page(
    request: Request, read: FeedReader, unit_id: int, cursor: int, limit: int
) -> FeedOut:
    """One page of a feed: ``read(session, unit id, cursor, limit)``."""
    async with get_services(request).sessions() as s:
        p = await read(s, unit_id, cursor, limit)
    return FeedOut(items=p.items, next_cursor=p.next_cursor, has_more=p.has_more)


@router.get(f"{PREFIX}/feed/events", response_model=FeedOut)
async def feed_events(
    request: Request, unit: Unit, cursor: Cursor = 0, limit: Limit = 200
) -> FeedOut:
    """The unit's order events after ``cursor`` (full records, text masked)."""
    return await _page(request, feed.order_events, unit.id, cursor, limit)


@router.get(f"{PREFIX}/feed/callbacks", response_model=FeedOut)
async def feed_callbacks(
    request: Request, unit: Unit, cursor: Cursor = 0, limit: Limit = 200
) -> FeedOut:
    """Callback evaluations of the unit's orders after ``cursor``."""
    return await _page(request, feed.callbacks, unit.id, cursor, limit)


@router.get(f"{PREFIX}/supervisions")
async def supervisions(
    request: Request, unit: Unit, include_closed: bool = False
) -> list[feed.SupervisionView]:
    """The unit's supervisions (open ones unless ``include_closed``)."""
    async with get_services(request).sessions() as s:
        return await feed.unit_supervisions(s, unit.id, open_only=not include_closed)


@router.post(f"{PREFIX}/supervisions/{{supervision_id}}/response", status_code=201)
@raises(NotFound, InvalidInput)
async def supervision_response(
    request: Request, supervision_id: DbId, body: ResponseBody, unit: Unit
) -> feed.ResponseReceipt:
    """Record the unit's answer to its supervision: 404 for another unit's supervision as
    for one that does not exist, 422 for an answer without words (``。。。``)."""
    async with get_services(request).sessions() as s, s.begin():
        return await feed.respond(s, unit.id, supervision_id, body.text, utcnow())
