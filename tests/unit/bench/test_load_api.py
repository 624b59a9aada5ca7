"""The fault run's HTTP client keeps its admin token fresh and stops on a refused clock move."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import pytest

from bench.load import api as load_api
from bench.load.api import Api, ClockRefused


class OneAddress:
    def url(self, name: str, instance: int = 0) -> str:
        return f"http://{name}.test"


def answering(status: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(status)))


def expiry(headers: dict[str, str]) -> int:
    claims: dict[str, Any] = jwt.decode(
        headers["Authorization"].removeprefix("Bearer "), options={"verify_signature": False}
    )
    return int(claims["exp"])


async def test_a_run_longer_than_a_token_lives_gets_a_new_admin_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = {"now": 1_000.0}
    issued: list[str] = []

    def token(subject: str, roles: list[str], **scope: list[str]) -> str:
        issued.append(subject)
        return f"token-{len(issued)}"

    monkeypatch.setattr(load_api.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(load_api, "token", token)
    api = Api(OneAddress())  # type: ignore[arg-type]
    assert api._admin == {"Authorization": "Bearer token-1"}
    clock["now"] += load_api.ADMIN_TOKEN_REFRESH - 1
    assert api._admin == {"Authorization": "Bearer token-1"}
    clock["now"] += 2
    assert api._admin == {"Authorization": "Bearer token-2"}
    await api.close()


def test_the_admin_token_is_renewed_well_before_it_expires() -> None:
    lifetime = expiry({"Authorization": f"Bearer {load_api.token('ops', ['platform_admin'])}"})
    assert lifetime - datetime.now(UTC).timestamp() > 2 * load_api.ADMIN_TOKEN_REFRESH


@pytest.mark.parametrize("status", [401, 403])
async def test_a_refused_clock_move_ends_the_run(status: int) -> None:
    api = Api(OneAddress())  # type: ignore[arg-type]
    await api.close()
    api._client = answering(status)
    with pytest.raises(ClockRefused, match=str(status)):
        await api.set_clock("scheduling", datetime(2026, 12, 13, tzinfo=UTC))
    await api._client.aclose()


async def test_a_service_answering_5xx_is_waited_out_not_refused() -> None:
    api = Api(OneAddress())  # type: ignore[arg-type]
    await api.close()
    api._client = answering(503)
    assert await api.set_clock("scheduling", datetime(2026, 12, 13, tzinfo=UTC)) is False
    await api._client.aclose()
