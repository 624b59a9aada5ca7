import httpx
from fastapi import FastAPI
from prometheus_client import generate_latest
from pymongo.errors import ServerSelectionTimeoutError

from shared.http.errors import install_error_handlers
from shared.http.limits import BodySizeLimit
from shared.http.metrics import HttpMetrics
from shared.observability.metrics import ServiceMetrics


def app_with_plumbing() -> tuple[FastAPI, ServiceMetrics]:
    metrics = ServiceMetrics("probe")
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/things/{thing_id}")
    async def read(thing_id: str) -> dict[str, str]:
        if thing_id == "down":
            raise ServerSelectionTimeoutError("no server")
        return {"id": thing_id}

    @app.post("/things")
    async def create(body: dict[str, str]) -> dict[str, int]:
        return {"keys": len(body)}

    app.add_middleware(BodySizeLimit, max_bytes=1_024)
    app.add_middleware(HttpMetrics, metrics=metrics)
    return app, metrics


async def test_database_outage_is_a_503_with_retry_after_not_a_traceback() -> None:
    app, _ = app_with_plumbing()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/things/down")
    assert response.status_code == 503
    assert response.json()["error"] == "dependency_unavailable"
    assert response.headers["retry-after"] == "5"


async def test_http_metrics_use_route_templates_never_concrete_ids() -> None:
    app, metrics = app_with_plumbing()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        await c.get("/things/person-42")
        await c.get("/things/person-43")
    value = metrics.registry.get_sample_value(
        "twoway_http_requests_total",
        {"service": "probe", "method": "GET", "route": "/things/{thing_id}", "status": "200"},
    )
    assert value == 2.0
    assert b"person-42" not in generate_latest(metrics.registry)


async def test_oversized_body_is_refused_with_413_before_it_is_read() -> None:
    app, _ = app_with_plumbing()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        small = await c.post("/things", json={"a": "b"})
        large = await c.post("/things", json={"a": "x" * 5_000})
    assert small.status_code == 200
    assert large.status_code == 413
    assert large.json()["error"] == "payload_too_large"
