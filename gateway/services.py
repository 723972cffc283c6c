"""The gateway's parts, built once per process and shared through ``app.state.services``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from casebridge.cases import CaseService
from casebridge.db import create_engine_for, session_factory
from casebridge.emergency import EmergencyDesk
from casebridge.reports.charts import font_problem
from channels import registry
from channels.base import ChannelAdapter
from channels.web.adapter import WebChatAdapter
from config.settings import Settings
from dialogs.engine import context_for_channel, step
from dialogs.wording import Wording, load_wording
from gateway.casebridge_wiring import build_case_service, url_policy
from gateway.console.service import ConsoleService
from gateway.db import migrate
from gateway.emergency import EmergencyHandover, build_desk
from gateway.kb.media import KnowledgePictures
from gateway.kb.store import apply_stored_versions
from gateway.kv.store import Store, open_store
from gateway.media.outbound import StoreChannelState, StoredMedia
from gateway.media.service import MediaService, build_media_service
from gateway.media.urlgate import PolicyGate
from gateway.pipeline import Pipeline, PipelineConfig
from gateway.pipeline.inbox import Inbox
from gateway.pipeline.repeats import RepeatDetector
from nlu.engine import NluEngine, load_engine
from nlu.knowledge import KnowledgeBase
from nlu.pii import warm_up

log = logging.getLogger("hotline.services")
KNOWLEDGE_DIR = Path(__file__).resolve().parents[1] / "config" / "knowledge"


@dataclass
class Services:
    """Everything a request handler or worker may need."""

    settings: Settings
    store: Store
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    adapters: dict[str, ChannelAdapter]
    web: WebChatAdapter
    cases: CaseService
    nlu: NluEngine
    knowledge: KnowledgeBase
    console: ConsoleService
    media: MediaService
    pipeline: Pipeline
    inbox: Inbox
    emergencies: EmergencyDesk | None = None  # 第十三条(一) handover records
    extras: dict[str, Any] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def aclose(self) -> None:
        """Stop workers and release connections."""
        self.stop.set()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.pipeline.delivery.drain()
        await self.inbox.aclose()  # accepts and done marks committed
        await self.console.aclose()  # the queued conversation records are committed
        for adapter in self.adapters.values():
            await adapter.aclose()
        await self.store.aclose()
        await self.engine.dispose()


async def build_services(
    settings: Settings,
    *,
    channel_overrides: Mapping[str, Mapping[str, object]] | None = None,
    run_migrations: bool = True,
    start_workers: bool | None = None,
) -> Services:
    """Build every part from settings; migrate the database first when asked."""

    url = settings.effective_database_url
    if run_migrations:
        await asyncio.to_thread(migrate, url)
    engine = create_engine_for(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
    )
    sessions = session_factory(engine)
    store = open_store(settings.redis_url)

    adapters = registry.load_enabled(channel_overrides)
    web = WebChatAdapter(secret=settings.secret_key.get_secret_value().encode())
    adapters["web"] = web

    nlu_engine = await asyncio.to_thread(
        load_engine,
        settings.effective_nlu_model_dir,
        backend=settings.nlu_backend,
        rasa_url=settings.rasa_url,
    )
    knowledge = await asyncio.to_thread(KnowledgeBase.load, KNOWLEDGE_DIR)
    # The public masking's name lists and patterns load on first use (about 0.5 s): here,
    # off the event loop, not inside the first request that writes a log line.
    await asyncio.to_thread(warm_up)
    await apply_stored_versions(sessions, knowledge)  # units' edits kept in the database
    cases = build_case_service(settings, sessions)
    await cases.prepare(settings.secret_key.get_secret_value())  # units synced, demo keys
    console = ConsoleService(sessions, store)
    media = build_media_service(settings)
    gate = PolicyGate(url_policy(settings))  # provider media URLs: the one URL policy
    for name, adapter in adapters.items():  # outgoing media bytes; state shared by processes
        adapter.bind(media=StoredMedia(media), state=StoreChannelState(store, name), url_gate=gate)
    wording = load_wording(settings.centre_config_dir)
    no_font = font_problem()
    if no_font is not None:  # said once here, never once per glyph of every chart (T21)
        log.warning(no_font)
    inbox = Inbox(sessions)
    repeats = RepeatDetector()
    await repeats.load(sessions)
    desk = build_desk(sessions)
    await desk.sync_receivers()  # the dispatch desks' webhook endpoints

    services = wire(
        settings,
        store=store,
        engine=engine,
        sessions=sessions,
        web=web,
        adapters=adapters,
        cases=cases,
        nlu=nlu_engine,
        knowledge=knowledge,
        console=console,
        media=media,
        wording=wording,
        inbox=inbox,
        desk=desk,
        repeats=repeats,
        pictures=KnowledgePictures(
            media,
            KNOWLEDGE_DIR,
            public_base_url=settings.public_base_url,
            secret=settings.secret_key.get_secret_value().encode(),
        ),
        config=PipelineConfig(
            dedup_ttl=settings.dedup_ttl_seconds,
            session_ttl=settings.session_ttl_seconds,
            rate_limit_per_minute=settings.rate_limit_per_minute,
            concurrency=settings.pipeline_concurrency,
        ),
    )
    if console.hub.relays:  # console events to and from the other processes (Redis)
        services.tasks.append(asyncio.create_task(console.hub.relay()))
    if start_workers if start_workers is not None else settings.worker_in_process:
        from gateway.workers import start_workers as _start

        _start(services)
    return services


def wire(
    settings: Settings,
    *,
    store: Store,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    web: WebChatAdapter,
    adapters: dict[str, ChannelAdapter],
    cases: CaseService,
    nlu: NluEngine,
    knowledge: KnowledgeBase,
    console: ConsoleService,
    media: MediaService,
    wording: Wording,
    inbox: Inbox,
    desk: EmergencyDesk | None = None,
    repeats: RepeatDetector | None = None,
    pictures: KnowledgePictures | None = None,
    config: PipelineConfig | None = None,
) -> Services:
    """The one wiring of the pipeline over the built parts, and the services sharing
    them (:func:`build_services`, and the console test harness with its own parts).

    ``desk``: the dispatch desks' records of 第十三条(一) handovers; without it the
    pipeline hands no emergency over. ``config``: ``PipelineConfig()`` when omitted.
    """
    pipeline = Pipeline(
        store=store,
        nlu=nlu,
        knowledge=knowledge,
        cases=cases,
        console=console,
        media=media,
        adapters=adapters,
        step=step,
        repeats=repeats,
        emergencies=EmergencyHandover(desk, console.hub) if desk is not None else None,
        pictures=pictures,
        context_for=lambda channel: context_for_channel(wording, channel),
        config=config,
    )
    return Services(
        settings=settings,
        store=store,
        engine=engine,
        sessions=sessions,
        adapters=adapters,
        web=web,
        cases=cases,
        nlu=nlu,
        knowledge=knowledge,
        console=console,
        media=media,
        pipeline=pipeline,
        inbox=inbox,
        emergencies=desk,
    )
