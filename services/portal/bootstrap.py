"""The portal's composition root: settings, clients, session store, routes, middlewares."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, TypedDict

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from pymongo import AsyncMongoClient
from pymongo.errors import ConnectionFailure

from services.portal.adapters.mongo_imports import IMPORT_COLLECTIONS, IMPORTS, MongoImportJobs
from services.portal.adapters.mongo_sessions import SESSION_COLLECTIONS, SESSIONS, MongoSessionStore
from services.portal.adapters.oidc_client import OidcClient
from services.portal.adapters.program_audit_http import ProgramAuditHttp
from services.portal.adapters.provisioning_http import ProvisioningHttp
from services.portal.adapters.service_apis import (
    FeedbackHttp,
    MatchingHttp,
    NotificationsHttp,
    SchedulingHttp,
)
from services.portal.adapters.service_client import ServiceClient, build_http
from services.portal.application.audit_timeline import ProgramAuditTimeline
from services.portal.application.ports import IdentityProvider, SessionStore
from services.portal.application.sign_in import SignInFlow
from services.portal.domain.model import AUDIT_SOURCES
from services.portal.entrypoints import admin, auth_routes, participant
from services.portal.entrypoints.body_limit import PageBodySizeLimit
from services.portal.entrypoints.error_pages import install_error_pages
from services.portal.entrypoints.web import Portal, build_templates
from services.portal.settings import PortalSettings
from shared.http.metrics import HttpMetrics
from shared.observability.logging import configure_logging
from shared.observability.metrics import ServiceMetrics
from shared.runtime.operations import operations_router
from shared.runtime.reachability import once_reachable
from shared.storage.mongo import client_options, ensure_indexes, ping

log = logging.getLogger("twoway.portal")
STATIC_DIR = Path(__file__).parent / "entrypoints" / "static"
HTMX_DIR = Path(__file__).parent / "node_modules" / "htmx.org" / "dist"
SERVICES = ("matching", "scheduling", "feedback", "notifications")


async def _database_ready(db: Any) -> dict[str, bool]:
    return {"mongodb": await ping(db)}


def _mongo(settings: PortalSettings) -> AsyncMongoClient[dict[str, Any]]:
    options = client_options(
        appname="twoway-portal",
        timeout_ms=settings.mongo_timeout_ms,
        heartbeat_timeout_ms=settings.mongo_heartbeat_timeout_ms,
        tls_cafile=settings.mongo_tls_cafile,
    )
    return AsyncMongoClient(settings.mongo_uri_value(), **options)


def _service_https(settings: PortalSettings) -> dict[str, httpx.AsyncClient]:
    https = {
        name: build_http(settings.service_url(name), settings.service_timeout_seconds)
        for name in SERVICES
    }
    if settings.directory_url is not None:
        https["directory"] = build_http(
            str(settings.directory_url).rstrip("/"), settings.service_timeout_seconds
        )
    return https


class ServiceApis(TypedDict):
    matching: MatchingHttp
    scheduling: SchedulingHttp
    feedback: FeedbackHttp
    notifications: NotificationsHttp
    provisioning: ProvisioningHttp
    audit_timeline: ProgramAuditTimeline


def _service_apis(https: dict[str, httpx.AsyncClient]) -> ServiceApis:
    """The Portal's fields that call the services, each through a client naming its service."""

    def client(name: str) -> ServiceClient:
        return ServiceClient(name, https[name])

    return ServiceApis(
        matching=MatchingHttp(client("matching")),
        scheduling=SchedulingHttp(client("scheduling")),
        feedback=FeedbackHttp(client("feedback")),
        notifications=NotificationsHttp(client("notifications")),
        provisioning=ProvisioningHttp(
            client("matching"), client("directory") if "directory" in https else None
        ),
        audit_timeline=ProgramAuditTimeline(
            {name: ProgramAuditHttp(client(name)) for name in AUDIT_SOURCES}
        ),
    )


def _identity(settings: PortalSettings, http: httpx.AsyncClient) -> IdentityProvider:
    return OidcClient(
        issuer=settings.issuer,
        client_id=settings.oidc_client_id,
        client_secret=settings.client_secret(),
        redirect_uri=settings.redirect_uri,
        scopes=settings.oidc_scopes,
        resource=settings.oidc_resource,
        http=http,
    )


def _mount_static(app: FastAPI) -> None:
    if HTMX_DIR.is_dir():
        app.mount("/static/vendor", StaticFiles(directory=HTMX_DIR), name="vendor")
    else:
        log.warning("htmx not installed (run `make install`); pages work without it")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def create_app(
    settings: PortalSettings,
    *,
    sessions: SessionStore | None = None,
    identity: IdentityProvider | None = None,
    extra_routers: Sequence[APIRouter] = (),
) -> FastAPI:
    configure_logging("portal", level=settings.log_level, json_output=settings.log_json)
    metrics = ServiceMetrics("portal")
    mongo = _mongo(settings)
    db = mongo[settings.mongo_database]
    https = _service_https(settings)
    idp_http = httpx.AsyncClient(timeout=httpx.Timeout(settings.service_timeout_seconds))
    portal = Portal(
        flow=SignInFlow(
            sessions=sessions or MongoSessionStore(db[SESSIONS]),
            identity=identity or _identity(settings, idp_http),
            idle=timedelta(minutes=settings.session_idle_minutes),
            claims=settings.claim_names,
        ),
        templates=build_templates(),
        cookie_secure=settings.session_cookie_secure,
        public_base=settings.public_base,
        imports=None if sessions is not None else MongoImportJobs(db[IMPORTS]),
        **_service_apis(https),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if sessions is None:
            await once_reachable(
                lambda: ensure_indexes(db, (*SESSION_COLLECTIONS, *IMPORT_COLLECTIONS)),
                unreachable=(ConnectionFailure,),
                what="database",
            )
        try:
            yield
        finally:
            for client in (*https.values(), idp_http):
                await client.aclose()
            await mongo.close()

    app = FastAPI(
        title="Twoway portal", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.portal = portal
    install_error_pages(app)
    app.include_router(
        operations_router(
            service_name="portal",
            readiness=lambda: _database_ready(db),
            registry=metrics.registry,
        ),
        include_in_schema=False,
    )
    for router in (auth_routes.router, *admin.routers(), *participant.routers(), *extra_routers):
        app.include_router(router)
    _mount_static(app)
    app.add_middleware(PageBodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HttpMetrics, metrics=metrics)
    return app
