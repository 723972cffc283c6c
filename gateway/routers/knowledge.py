"""The knowledge-base API (第十八条): anyone may search; handling units add, update and
retire their own entries, each change a new stored version; supervision lists entries
past their review date (第二十二条(四)).

Only ``/search`` is public (docs/security.md). The listings (``/entries``,
``/entries/{id}`` with its history and authors, ``/stale``, a unit's work list) are for
those who maintain the base: a unit key or the centre key (:func:`require_reader`, 401
otherwise)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.exc import IntegrityError

from casebridge.errors import Unauthorized
from casebridge.inputs import SafeStr
from casebridge.keys import centre_key_ok
from casebridge.service import UnitIdentity
from gateway.deps import get_services
from gateway.errors import raises
from gateway.kb.store import history, latest_version, row_for
from gateway.routers.units import bearer, require_unit
from nlu.errors import KnowledgeError
from nlu.knowledge import KnowledgeBase, KnowledgeEntry
from nlu.pii import mask_text

router = APIRouter(tags=["知识库 knowledge base"])
PREFIX = "/api/knowledge"
Unit = Annotated[UnitIdentity, Depends(require_unit)]


@raises(503)
def _kb(request: Request) -> KnowledgeBase:
    kb = get_services(request).knowledge
    if not isinstance(kb, KnowledgeBase):
        raise HTTPException(503, detail={"error": "Unavailable", "reason": "知识库未加载"})
    return kb


KB = Annotated[KnowledgeBase, Depends(_kb)]


@raises(Unauthorized)
async def require_reader(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_unit_key: Annotated[str | None, Header()] = None,
    x_centre_key: Annotated[str | None, Header()] = None,
) -> str:
    """Who maintains the base: ``"centre"`` for the centre key, else the unit's code for
    a unit key; :class:`Unauthorized` (401) otherwise."""
    key = bearer(authorization) or (x_centre_key or "").strip()
    secret = get_services(request).settings.secret_key.get_secret_value()
    if key and centre_key_ok(secret, key) is not None:
        return "centre"
    if not (key or x_unit_key):
        raise Unauthorized("知识库条目仅供维护单位查看，请提供单位密钥或热线工作机构密钥")
    unit = await require_unit(request, authorization, x_unit_key)
    return unit.code


Reader = Annotated[str, Depends(require_reader)]


class EntryBody(BaseModel):
    """What a unit writes; the source unit is the authenticated unit itself."""

    domain: SafeStr = Field(min_length=1, max_length=64)
    title: SafeStr = Field(min_length=2, max_length=200)
    answer: SafeStr = Field(min_length=5, max_length=5000)
    questions: list[Annotated[SafeStr, Field(min_length=2, max_length=200)]] = Field(
        default_factory=list, max_length=20
    )
    effective_date: date
    review_date: date

    @model_validator(mode="after")
    def _dates(self) -> EntryBody:
        if self.review_date < self.effective_date:
            raise ValueError("复核日期不能早于生效日期")
        return self


class NewEntryBody(EntryBody):
    """A new entry with its id (letters, digits and dashes)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")


def _view(entry: KnowledgeEntry) -> dict[str, Any]:
    data = asdict(entry)
    data["effective_date"] = entry.effective_date.isoformat()
    data["review_date"] = entry.review_date.isoformat()
    return data


@router.get(PREFIX + "/search")
async def search(
    kb: KB,
    q: Annotated[SafeStr, Query(min_length=1, max_length=500)],
    k: Annotated[int, Query(ge=1, le=10)] = 3,
) -> list[dict[str, Any]]:
    """Answers above the threshold, each with its source unit and date."""
    answers = await asyncio.to_thread(kb.search, q, k)
    # public answers pass through THE masking function like every public text; an entry
    # is written by a unit or the centre, so its offices' landlines stay readable (F43)
    return [
        {
            **asdict(a),
            "title": mask_text(a.title, published=True),
            "answer": mask_text(a.answer, published=True),
        }
        for a in answers
    ]


@router.get(PREFIX + "/entries")
async def list_entries(
    kb: KB,
    _who: Reader,
    domain: Annotated[SafeStr | None, Query(max_length=64)] = None,
    include_retired: bool = False,
) -> list[dict[str, Any]]:
    """Entries (current versions), optionally of one domain."""
    return [
        _view(e)
        for e in sorted(kb.entries.values(), key=lambda e: e.id)
        if (domain is None or e.domain == domain) and (include_retired or not e.retired)
    ]


EntryId = Annotated[SafeStr, Path(min_length=1, max_length=64)]


@router.get(PREFIX + "/entries/{entry_id}")
@raises(404)
async def get_entry(entry_id: EntryId, kb: KB, _who: Reader, request: Request) -> dict[str, Any]:
    """One entry and its stored version history."""
    entry = kb.get(entry_id)
    if entry is None:
        raise HTTPException(404, detail={"error": "NotFound", "reason": "没有该知识条目"})
    rows = await history(get_services(request).sessions, entry_id)
    return {
        **_view(entry),
        "history": [
            {
                "version": r.version,
                "author": r.author,
                "retired": r.retired,
                "created_at": r.created_at.isoformat(),
                "title": r.title,
            }
            for r in rows
        ],
    }


@router.get(PREFIX + "/stale")
async def stale(kb: KB, _who: Reader, today: date | None = None) -> list[dict[str, Any]]:
    """Entries past their review date, for supervision (第二十二条(四))."""
    return [_view(e) for e in kb.stale(today or date.today())]


async def _store(
    request: Request, kb: KnowledgeBase, entry: KnowledgeEntry, unit: UnitIdentity
) -> KnowledgeEntry:
    sessions = get_services(request).sessions
    async with sessions() as session, session.begin():
        current = kb.get(entry.id)
        version = (
            max(await latest_version(session, entry.id), current.version if current else 0) + 1
        )
        entry = replace(entry, version=version)
        try:
            entry.validate()
        except KnowledgeError as exc:
            raise HTTPException(422, detail={"error": "Invalid", "reason": str(exc)}) from exc
        session.add(row_for(entry, unit.code))
        try:
            await session.flush()
        except IntegrityError as exc:  # a concurrent edit took this version number
            raise HTTPException(
                409, detail={"error": "Conflict", "reason": "该条目正被同时修改，请重试"}
            ) from exc
    await asyncio.to_thread(kb.apply, [entry])
    return entry


def _own(entry: KnowledgeEntry | None, unit: UnitIdentity) -> KnowledgeEntry:
    if entry is None:
        raise HTTPException(404, detail={"error": "NotFound", "reason": "没有该知识条目"})
    if entry.source_unit != unit.name:
        raise HTTPException(
            403, detail={"error": "Forbidden", "reason": "只能维护本单位发布的知识条目"}
        )
    return entry


@router.post(PREFIX + "/entries", status_code=201)
@raises(409, 422)
async def add_entry(body: NewEntryBody, unit: Unit, kb: KB, request: Request) -> dict[str, Any]:
    """A unit publishes a new entry under its own name."""
    if kb.get(body.id) is not None:
        raise HTTPException(409, detail={"error": "Conflict", "reason": "条目编号已存在"})
    entry = KnowledgeEntry(
        id=body.id,
        domain=body.domain,
        title=body.title,
        answer=body.answer,
        source_unit=unit.name,
        effective_date=body.effective_date,
        review_date=body.review_date,
        questions=tuple(body.questions),
    )
    return _view(await _store(request, kb, entry, unit))


@router.put(PREFIX + "/entries/{entry_id}")
@raises(403, 404, 409, 422)
async def update_entry(
    entry_id: EntryId, body: EntryBody, unit: Unit, kb: KB, request: Request
) -> dict[str, Any]:
    """A new version of one of the unit's entries."""
    old = _own(kb.get(entry_id), unit)
    entry = replace(
        old,
        domain=body.domain,
        title=body.title,
        answer=body.answer,
        questions=tuple(body.questions),
        effective_date=body.effective_date,
        review_date=body.review_date,
        retired=False,
    )
    return _view(await _store(request, kb, entry, unit))


@router.delete(PREFIX + "/entries/{entry_id}")
@raises(403, 404, 409, 422)
async def retire_entry(entry_id: EntryId, unit: Unit, kb: KB, request: Request) -> dict[str, Any]:
    """Retire one of the unit's entries (kept on record, no longer answered)."""
    old = _own(kb.get(entry_id), unit)
    if old.retired:
        return _view(old)
    return _view(await _store(request, kb, replace(old, retired=True), unit))
