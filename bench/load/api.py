"""The services' HTTP APIs as the load uses them: real tokens, and patience during outages.

A call is retried while its service is down, restarting, or answering 5xx because its database
is away; every retry is counted, so the report shows what the faults cost clients.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import datetime
from typing import Any

import httpx

from bench.load.world import AUTH_SECRET
from deploy.local.harness import SERVICES, Platform
from shared.http.auth import issue_token

ISSUER, AUDIENCE = "twoway-local", "twoway"


def token(subject: str, roles: list[str], **scope: list[str]) -> str:
    return issue_token(
        secret=AUTH_SECRET,
        issuer=ISSUER,
        audience=AUDIENCE,
        subject=subject,
        roles=roles,
        programs=scope.get("programs"),
        regions=scope.get("regions"),
    )


ADMIN_TOKEN_REFRESH = 600.0
"""Seconds an admin token is used before a new one is issued: a run at enterprise size lasts
longer than a token lives (an hour), and a refused clock move would stall every later step."""


class ApiGaveUp(RuntimeError):
    pass


class ClockRefused(RuntimeError):
    """A running service refused to move its clock: the run cannot go on meaningfully."""


class Api:
    def __init__(self, platform: Platform, *, patience: float = 240.0) -> None:
        self.platform = platform
        self.patience = patience
        self.retries: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self._admin_issued = -ADMIN_TOKEN_REFRESH
        self._admin_token = ""
        self._client = httpx.AsyncClient(timeout=60.0)

    async def close(self) -> None:
        await self._client.aclose()

    @property
    def _admin(self) -> dict[str, str]:
        if time.monotonic() - self._admin_issued >= ADMIN_TOKEN_REFRESH:
            self._admin_token = token("load-ops", ["platform_admin"])
            self._admin_issued = time.monotonic()
        return {"Authorization": f"Bearer {self._admin_token}"}

    @staticmethod
    def as_participant(participant_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token(participant_id, ['participant'])}"}

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        final: tuple[int, ...] = (),
        timeout: float = 60.0,
    ) -> httpx.Response:
        """Retry until a non-5xx answer; `final` lists other codes that end the call early."""
        deadline = time.monotonic() + self.patience
        self.calls[service] += 1
        while True:
            try:
                response = await self._client.request(
                    method,
                    self.platform.url(service) + path,
                    json=json,
                    headers=headers or self._admin,
                    timeout=timeout,
                )
                if response.status_code < 500 or response.status_code in final:
                    return response
            except (httpx.TransportError, httpx.TimeoutException):
                pass
            self.retries[service] += 1
            if time.monotonic() > deadline:
                raise ApiGaveUp(f"{method} {service}{path} kept failing for {self.patience:.0f}s")
            await asyncio.sleep(0.5)

    async def set_clock(self, service: str, now: datetime) -> bool:
        """Best effort while a service is down (it gets the time from its start-up settings on
        restart); a refusal from a running service ends the run instead of stalling it."""
        try:
            response = await self._client.post(
                self.platform.url(service) + "/admin/clock",
                json={"now": now.isoformat()},
                headers=self._admin,
                timeout=5.0,
            )
        except (httpx.TransportError, httpx.TimeoutException):
            return False
        if response.status_code in (401, 403):
            raise ClockRefused(f"{service} refused the clock move: {response.status_code}")
        return response.status_code == 200

    async def set_clocks(self, now: datetime) -> list[str]:
        """Move every running service to `now`; returns the ones that could not be reached."""
        done = await asyncio.gather(*(self.set_clock(name, now) for name in SERVICES))
        return [name for name, ok in zip(SERVICES, done, strict=True) if not ok]
