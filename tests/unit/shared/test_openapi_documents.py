"""The published OpenAPI documents declare the bearer scheme, every error status with the
project's error body, and a 405 names every method its path serves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from shared.http.auth import CurrentPrincipal
from shared.http.errors import install_error_handlers
from shared.http.openapi_doc import install_openapi

DOCUMENTS = Path(__file__).resolve().parents[3] / "contracts" / "openapi"
SERVICES = ("matching", "scheduling", "feedback", "notifications")
ERROR_REF = "#/components/schemas/ErrorBody"
PUBLIC = {"/healthz", "/readyz"}


def operations(service: str) -> list[tuple[str, str, dict[str, Any]]]:
    document = json.loads((DOCUMENTS / f"{service}.json").read_text())
    return [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_the_bearer_scheme_is_declared_and_every_protected_route_uses_it(service: str) -> None:
    document = json.loads((DOCUMENTS / f"{service}.json").read_text())
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": document["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    for method, path, operation in operations(service):
        if path in PUBLIC:
            assert "security" not in operation
            continue
        assert operation["security"] == [{"bearerAuth": []}], (method, path)
        for status in ("401", "403", "503"):
            assert status in operation["responses"], (method, path, status)


@pytest.mark.parametrize("service", SERVICES)
def test_every_error_is_documented_with_the_project_error_body(service: str) -> None:
    text = (DOCUMENTS / f"{service}.json").read_text()
    assert "HTTPValidationError" not in text
    for method, path, operation in operations(service):
        if "{" in path:
            assert "404" in operation["responses"], (method, path)
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= set(operation["responses"]), (method, path)
        if method in {"post", "put", "patch", "delete"}:
            assert "409" in operation["responses"], (method, path)
        for status, answer in operation["responses"].items():
            if status.startswith(("4", "5")):
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR_REF}, (method, path, status)


def two_routes_on_one_path() -> FastAPI:
    router = APIRouter()

    @router.get("/things/{thing_id}")
    async def read(thing_id: str, principal: CurrentPrincipal) -> dict[str, str]:
        return {"id": thing_id}

    @router.put("/things/{thing_id}")
    async def write(thing_id: str, body: dict[str, str]) -> dict[str, str]:
        return {"id": thing_id}

    @router.delete("/other")
    async def remove() -> None:
        return None

    app = FastAPI()
    app.state.token_verifier = None
    install_error_handlers(app)
    app.include_router(router)
    install_openapi(app)
    return app


async def test_a_405_names_every_method_served_at_the_path() -> None:
    transport = httpx.ASGITransport(app=two_routes_on_one_path())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post("/things/a")
        other = await client.get("/other")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT"
    assert response.json()["error"] == "http_error"
    assert other.headers["allow"] == "DELETE"


def test_a_route_without_a_principal_is_documented_without_security() -> None:
    document = two_routes_on_one_path().openapi()
    assert document["paths"]["/things/{thing_id}"]["get"]["security"] == [{"bearerAuth": []}]
    assert "security" not in document["paths"]["/things/{thing_id}"]["put"]
    assert "security" not in document["paths"]["/other"]["delete"]


async def test_a_405_respects_a_path_convertor_of_another_route() -> None:
    import services.feedback.entrypoints.api  # noqa: F401  (registers assessment_phase)

    router = APIRouter()

    @router.get("/assessments/me")
    async def mine() -> dict[str, str]:
        return {}

    @router.put("/assessments/{phase:assessment_phase}")
    async def save(phase: str) -> dict[str, str]:
        return {"phase": phase}

    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        wrong = await client.put("/assessments/me")
        right = await client.put("/assessments/pre")
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "GET"
    assert right.json() == {"phase": "pre"}
