"""What every service process is made of, built once in its composition root."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import uvicorn
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from faststream_fastapi import FastStreamAPI
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure

from shared.clock import Clock, ManualClock, SystemClock
from shared.events import Topics
from shared.http.auth import CurrentPrincipal, TokenVerifier, current_principal
from shared.http.errors import Unprocessable, install_error_handlers
from shared.http.limits import BodySizeLimit
from shared.http.metrics import HttpMetrics
from shared.http.openapi_doc import install_openapi
from shared.messaging.broker import build_broker
from shared.messaging.dead_letter import DeadLetterRouter, RetryPolicy
from shared.messaging.publisher import KafkaEventPublisher
from shared.observability.logging import configure_logging
from shared.observability.metrics import ServiceMetrics
from shared.settings import ServiceSettings
from shared.storage.mongo import CollectionSpec, Document, build_client, ensure_indexes, ping
from shared.storage.outbox import OUTBOX_INDEX, Outbox, OutboxRelay

log = logging.getLogger("twoway.runtime")

BackgroundTask = Callable[[], Awaitable[None]]
STARTUP_DATABASE_WAIT_SECONDS = 300.0
"""How long a starting process waits for its database or broker before giving up."""


@dataclass
class ServiceRuntime:
    settings: ServiceSettings
    topics: Topics
    metrics: ServiceMetrics
    broker: KafkaBroker
    dead_letters: DeadLetterRouter
    client: AsyncMongoClient[Document]
    db: AsyncDatabase[Document]
    publisher: KafkaEventPublisher
    outbox: Outbox
    clock: Clock
    collections: Sequence[CollectionSpec]
    outbox_collections: Sequence[str] = ()
    background: list[BackgroundTask] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _relay: OutboxRelay | None = None

    async def start(self) -> None:
        await self._ensure_indexes_once_reachable()
        if self.outbox_collections:
            self._relay = OutboxRelay(
                collections=[self.db[name] for name in self.outbox_collections],
                outbox=self.outbox,
                metrics=self.metrics,
                interval_seconds=self.settings.outbox_relay_interval_seconds,
                grace_seconds=self.settings.outbox_relay_grace_seconds,
            )

    async def _ensure_indexes_once_reachable(self) -> None:
        """A process (re)started while its database is briefly away waits for it instead of
        exiting; the unique indexes that idempotent handlers rely on exist before any work."""
        specs = [
            *self.collections,
            *(CollectionSpec(name, [OUTBOX_INDEX]) for name in self.outbox_collections),
        ]
        deadline = asyncio.get_running_loop().time() + STARTUP_DATABASE_WAIT_SECONDS
        delay = 0.5
        while True:
            try:
                await ensure_indexes(self.db, specs)
                return
            except ConnectionFailure:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                log.warning("database unreachable at start-up; waiting for it")
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def start_after_broker(self) -> None:
        """Once Kafka is connected: the relay republishes what a previous run left behind, and
        the background loops (timers...) start, since their work ends in publishing."""
        if self._relay is not None:
            self._relay.start()
        for task in self.background:
            self._tasks.append(asyncio.create_task(_forever(task), name=task.__name__))

    async def stop(self) -> None:
        if self._relay is not None:
            await self._relay.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    async def readiness(self) -> dict[str, bool]:
        broker_ok = False
        try:
            broker_ok = bool(await self.broker.ping(timeout=2.0))
        except Exception:
            broker_ok = False
        return {"kafka": broker_ok, "mongodb": await ping(self.db)}


async def _forever(task: BackgroundTask) -> None:
    """Background loops must survive a failed pass: log it and start the next one."""
    while True:
        try:
            await task()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning(
                "background task failed; restarting", exc_info=True, extra={"task": task.__name__}
            )
            await asyncio.sleep(1.0)


def build_runtime(
    settings: ServiceSettings,
    *,
    collections: Sequence[CollectionSpec],
    outbox_collections: Sequence[str] = (),
    clock: Clock | None = None,
) -> ServiceRuntime:
    configure_logging(
        settings.service_name, level=settings.log_level, json_output=settings.log_json
    )
    topics = Topics(settings.topic_prefix)
    metrics = ServiceMetrics(settings.service_name)
    dead_letters = DeadLetterRouter(
        service=settings.service_name,
        topics=topics,
        policy=RetryPolicy(
            attempts=settings.retry_attempts,
            base_delay=settings.retry_base_delay_seconds,
            max_delay=settings.retry_max_delay_seconds,
        ),
        metrics=metrics,
    )
    # Prometheus outermost so it counts every message; the retry/DLQ layer sits inside it.
    broker = build_broker(
        settings, middlewares=[metrics.kafka_middleware(), dead_letters.middleware()]
    )
    dead_letters.bind(broker)
    client = build_client(settings)
    publisher = KafkaEventPublisher(broker, topics)
    if clock is None:
        clock = _clock_for(settings)
    return ServiceRuntime(
        settings=settings,
        topics=topics,
        metrics=metrics,
        broker=broker,
        dead_letters=dead_letters,
        client=client,
        db=client[settings.database_name],
        publisher=publisher,
        outbox=Outbox(publisher),
        clock=clock,
        collections=collections,
        outbox_collections=outbox_collections,
    )


def _clock_for(settings: ServiceSettings) -> Clock:
    if settings.clock_mode != "manual":
        return SystemClock()
    manual = ManualClock()
    if settings.clock_start is not None:
        # Never behind real time: a stale start value must not stop the process from starting.
        manual.set(max(settings.clock_start, manual.now()))
    return manual


MAX_CLOCK_ADVANCE_SECONDS = 10 * 366 * 24 * 3600
"""Ten years: enough for any demo, and far from the overflow of a datetime."""


class ClockChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    now: AwareDatetime | None = None
    advance_seconds: float | None = Field(default=None, ge=0, le=MAX_CLOCK_ADVANCE_SECONDS)


def _operations_router(runtime: ServiceRuntime) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": runtime.settings.service_name}

    @router.get("/readyz")
    async def readyz() -> JSONResponse:
        checks = await runtime.readiness()
        status = 200 if all(checks.values()) else 503
        return JSONResponse({"ready": status == 200, "checks": checks}, status_code=status)

    @router.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    if isinstance(runtime.clock, ManualClock):
        clock = runtime.clock

        @router.get("/admin/clock")
        async def read_clock(principal: CurrentPrincipal) -> dict[str, str]:
            principal.require_platform_admin()
            return {"now": clock.now().isoformat()}

        @router.post("/admin/clock")
        async def move_clock(change: ClockChange, principal: CurrentPrincipal) -> dict[str, str]:
            principal.require_platform_admin()
            try:
                if change.now is not None:
                    moved = clock.set(change.now)
                else:
                    moved = clock.advance(timedelta(seconds=change.advance_seconds or 0))
            except ValueError as error:
                raise Unprocessable("clock_backwards", str(error)) from None
            except OverflowError:  # an instant at the very end of the calendar
                raise Unprocessable("clock_out_of_range", "instant out of range") from None
            return {"now": moved.isoformat()}

    return router


def build_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter] = (),
) -> FastStreamAPI:
    """FastAPI for HTTP plus the service's Kafka subscribers, in one process and one lifespan."""
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
    install_error_handlers(app)
    app.include_router(_operations_router(runtime))
    for router in routers:
        app.include_router(router)
    install_openapi(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(HttpMetrics, metrics=runtime.metrics)

    async def connect(broker: KafkaBroker) -> None:
        await _start_once_reachable(broker)
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


async def _start_once_reachable(broker: KafkaBroker) -> None:
    """Like the database at start-up: a process (re)started while Kafka is briefly away waits
    for it instead of exiting."""
    deadline = asyncio.get_running_loop().time() + STARTUP_DATABASE_WAIT_SECONDS
    delay = 0.5
    while True:
        try:
            await broker.start()
            return
        except (KafkaConnectionError, KafkaTimeoutError):
            if asyncio.get_running_loop().time() > deadline:
                raise
            log.warning("Kafka unreachable at start-up; waiting for it")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


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


__all__ = ["ServiceRuntime", "build_app", "build_runtime", "current_principal", "serve"]
