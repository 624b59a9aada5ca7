"""One process, one lifespan: FastAPI for HTTP plus the service's Kafka subscribers, served by
uvicorn until SIGTERM."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from fastapi import APIRouter, FastAPI
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from faststream_fastapi import FastStreamAPI

from shared.clock import ManualClock
from shared.http.auth import TokenVerifier
from shared.http.errors import install_error_handlers
from shared.http.limits import BodySizeLimit
from shared.http.metrics import HttpMetrics
from shared.http.openapi_doc import install_openapi
from shared.runtime.admin_clock import admin_clock_router
from shared.runtime.lifecycle import ServiceRuntime
from shared.runtime.operations import operations_router
from shared.runtime.reachability import once_reachable
from shared.settings import ServiceSettings


def build_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter] = (),
    state: Mapping[str, object] | None = None,
) -> FastStreamAPI:
    """FastAPI for HTTP plus the service's Kafka subscribers, in one process and one lifespan.
    `state` lands on `app.state` under its names: what the routes' dependencies read."""
    settings = runtime.settings

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()
            await runtime.client.close()

    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan)
    app.state.token_verifier = (
        TokenVerifier.from_settings(settings) if settings.auth_mode == "jwt" else None
    )
    app.state.runtime = runtime
    for name, value in (state or {}).items():
        setattr(app.state, name, value)
    install_error_handlers(app)
    app.include_router(
        operations_router(
            service_name=settings.service_name,
            readiness=runtime.readiness,
            registry=runtime.metrics.registry,
        )
    )
    if isinstance(runtime.clock, ManualClock):
        app.include_router(admin_clock_router(runtime.clock))
    for router in routers:
        app.include_router(router)
    install_openapi(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HttpMetrics, metrics=runtime.metrics)

    async def connect(broker: KafkaBroker) -> None:
        await once_reachable(
            broker.start, unreachable=(KafkaConnectionError, KafkaTimeoutError), what="Kafka"
        )
        runtime.start_after_broker()

    return FastStreamAPI(
        runtime.broker,
        application=app,
        specification=AsyncAPI(
            runtime.broker,
            title=f"Twoway {settings.service_name}",
            version="1.0.0",
            description=description,
        ),
        asyncapi_path="/asyncapi",
        connection_hook=connect,
        safe_connection=True,
    )


def serve(app: Any, settings: ServiceSettings) -> None:
    """Run until SIGTERM/SIGINT; in-flight HTTP requests and messages finish first."""
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=25,
    )
