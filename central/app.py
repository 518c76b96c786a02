"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from central import __version__
from central.admin.views import router as admin_router
from central.alerts.views import router as alerts_router
from central.api import AppState, domain_error_response, validation_error_response
from central.attachments.views import router as attachments_router
from central.auth.views import router as auth_router
from central.cases.views import router as cases_router
from central.chat.views import router as chat_router
from central.clock import Clock
from central.config import Settings
from central.crews.views import admin_router as crews_admin_router
from central.crews.views import router as crews_router
from central.db import make_engine, make_sessionmaker
from central.errors import DomainError
from central.events.feed import EventFeed
from central.events.notifier import EventBroker
from central.events.views import router as events_router
from central.geocode.views import router as geocode_router
from central.notify.service import Notifier
from central.presence.views import router as presence_router
from central.reference.service import DistrictIndexCache
from central.reference.views import router as reference_router
from central.sla.watch import Watch

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    broker = EventBroker()
    broker.watch_commits(sessions)
    clock = clock or Clock()
    state = AppState(
        settings=settings,
        clock=clock,
        sessions=sessions,
        districts=DistrictIndexCache(),
        broker=broker,
        feed=EventFeed(sessions),
        notifier=Notifier.from_settings(settings, sessions, clock),
    )
    watch = Watch(settings, sessions, clock)  # SLA warnings and breaches, presence expiry

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        broker.bind_loop(asyncio.get_running_loop())
        conninfo = None
        if engine.dialect.name == "postgresql":
            # Other server processes on the same database wake our streams through NOTIFY.
            conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            await broker.start_listening(conninfo)
        watch.start(conninfo)  # on PostgreSQL one process leads (advisory lock); SQLite: this one
        try:
            yield
        finally:
            await watch.stop()
            await broker.stop()
            await asyncio.to_thread(state.notifier.close)  # lets notifications being sent finish
            engine.dispose()

    app = FastAPI(
        title="Call Sofia — central API",
        version=__version__,
        description=(
            "The one service every channel writes to and every console reads from. Every case has an owner "
            "unit and a deadline; routing is automatic; every change is an event on `GET /api/v1/events`."
        ),
        lifespan=lifespan,
    )
    app.state.central = state
    app.add_exception_handler(DomainError, domain_error_response)
    app.add_exception_handler(RequestValidationError, validation_error_response)
    for router in (auth_router, reference_router, cases_router, events_router, geocode_router, admin_router):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(attachments_router, prefix=API_PREFIX)
    for router in (crews_router, crews_admin_router, chat_router, presence_router, alerts_router):
        app.include_router(router, prefix=API_PREFIX)

    @app.get("/health", tags=["meta"], summary="Liveness and database check")
    def health() -> dict[str, str]:
        with sessions() as session:
            session.execute(sa.text("SELECT 1"))
        # "watch": whether this process leads the background watch (leader), waits (standby) or has it off.
        return {"status": "ok", "version": __version__, "watch": watch.role}

    return app
