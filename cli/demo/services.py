"""The four services' HTTP APIs as the demo uses them: as a platform admin, or as a participant."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from cli.api_client import CliError
from shared.http.auth import issue_token

SERVICES = ("matching", "scheduling", "feedback", "notifications")
UNAVAILABLE = frozenset({502, 503, 504})
RETRIES = 5
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Endpoints:
    matching: str
    scheduling: str
    feedback: str
    notifications: str

    def of(self, service: str) -> str:
        return str(getattr(self, service))


@dataclass(frozen=True)
class Credentials:
    """An HS256 deployment's signing secret; the demo mints its own short-lived tokens."""

    secret: str
    issuer: str = "twoway-local"
    audience: str = "twoway"


class Refused(Exception):
    """A 4xx the demo expects now and then (a session that was cancelled meanwhile)."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(f"HTTP {status} {code}")
        self.status = status
        self.code = code


def _path(value: str) -> str:
    return quote(value, safe="")


class TwowayApis:
    def __init__(
        self, endpoints: Endpoints, credentials: Credentials, *, concurrency: int = 6
    ) -> None:
        self._endpoints = endpoints
        self._credentials = credentials
        self._tokens: dict[str, tuple[str, datetime]] = {}
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._limit = asyncio.Semaphore(concurrency)

    async def __aenter__(self) -> TwowayApis:
        for service in SERVICES:
            self._clients[service] = httpx.AsyncClient(
                base_url=self._endpoints.of(service), timeout=httpx.Timeout(120.0, connect=5.0)
            )
        return self

    async def __aexit__(self, *exc: object) -> None:
        for client in self._clients.values():
            await client.aclose()

    def _token(self, subject: str, roles: list[str]) -> str:
        cached = self._tokens.get(subject)
        now = datetime.now().astimezone()
        if cached is None or cached[1] - now < timedelta(minutes=10):
            token = issue_token(
                secret=self._credentials.secret,
                issuer=self._credentials.issuer,
                audience=self._credentials.audience,
                subject=subject,
                roles=roles,
                ttl=timedelta(hours=2),
            )
            cached = (token, now + timedelta(hours=2))
            self._tokens[subject] = cached
        return cached[0]

    def _headers(self, participant: str | None) -> dict[str, str]:
        if participant is None:
            token = self._token("demo-operator", ["platform_admin"])
        else:
            token = self._token(participant, ["participant"])
        return {"Authorization": f"Bearer {token}"}

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        participant: str | None = None,
        expected: Iterable[int] = (),
    ) -> Any:
        """The JSON answer; a status in `expected` raises Refused, anything else CliError.

        A service that is briefly unavailable (503, a dropped connection) is asked again:
        every call the demo makes may be repeated without changing the outcome."""
        for attempt in range(RETRIES + 1):
            async with self._limit:
                try:
                    response = await self._clients[service].request(
                        method, path, json=json, params=params, headers=self._headers(participant)
                    )
                except httpx.TransportError as error:
                    # Nothing listening is not a hiccup: say so at once.
                    if attempt < RETRIES and not isinstance(error, httpx.ConnectError):
                        await asyncio.sleep(0.5 * 2**attempt)
                        continue
                    raise CliError(
                        f"{service} at {self._endpoints.of(service)} is unreachable "
                        f"({type(error).__name__}); is the stack up (`make up`)?"
                    ) from None
            if response.status_code not in UNAVAILABLE or attempt == RETRIES:
                break
            await asyncio.sleep(0.5 * 2**attempt)
        if response.is_success:
            return response.json() if response.content else None
        try:
            body = response.json()
        except ValueError:
            body = {}
        code = str(body.get("error", "")) if isinstance(body, dict) else ""
        if response.status_code in set(expected):
            raise Refused(response.status_code, code)
        message = body.get("message", response.text[:200]) if isinstance(body, dict) else ""
        raise CliError(f"{service} {method} {path}: HTTP {response.status_code} {message}")

    # -- clocks -------------------------------------------------------------------------------

    async def clocks(self) -> dict[str, datetime]:
        found = {}
        for service in SERVICES:
            try:
                answer = await self.call(service, "GET", "/admin/clock", expected=(404, 405))
            except Refused:
                raise CliError(
                    f"{service} does not run on a movable clock: start it with "
                    "TWOWAY_CLOCK_MODE=manual (the local stack does)"
                ) from None
            found[service] = datetime.fromisoformat(answer["now"])
        return found

    async def move_clocks(self, to: datetime) -> None:
        """Every service to the same instant, so timers everywhere see the same day."""
        await asyncio.gather(
            *(
                self.call(service, "POST", "/admin/clock", json={"now": to.isoformat()})
                for service in SERVICES
            )
        )

    # -- matching -----------------------------------------------------------------------------

    async def launch_program(self, body: dict[str, Any]) -> Any:
        return await self.call("matching", "POST", "/programs", json=body)

    async def program(self, program_id: str) -> Any:
        return await self.call("matching", "GET", f"/programs/{_path(program_id)}")

    async def join(self, program_id: str, profiles: Sequence[dict[str, Any]]) -> list[Any]:
        outcomes: list[Any] = []
        for start in range(0, len(profiles), 250):
            batch = list(profiles[start : start + 250])
            outcomes.extend(
                await self.call(
                    "matching",
                    "POST",
                    f"/programs/{_path(program_id)}/participants/bulk",
                    json={"participants": batch},
                )
            )
        return outcomes

    async def run_round(self, program_id: str) -> Any:
        return await self.call(
            "matching", "POST", f"/programs/{_path(program_id)}/rounds", json={"dry_run": False}
        )

    async def every_page(
        self, service: str, path: str, params: dict[str, Any] | None = None
    ) -> list[Any]:
        """Every item of a paged list, following `next_cursor`."""
        items: list[Any] = []
        query: dict[str, Any] = {**(params or {}), "limit": 200}
        while True:
            page = await self.call(service, "GET", path, params=query)
            items.extend(page["items"])
            if page["next_cursor"] is None:
                return items
            query["cursor"] = page["next_cursor"]

    async def pairs(self, program_id: str) -> list[Any]:
        return await self.every_page("matching", f"/programs/{_path(program_id)}/pairs")

    # -- scheduling ---------------------------------------------------------------------------

    async def series(self, program_id: str) -> list[Any]:
        return await self.every_page("scheduling", f"/programs/{_path(program_id)}/series")

    async def complete_session(
        self, session_id: str, attendance: dict[str, Any], *, as_participant: str
    ) -> Any:
        return await self.call(
            "scheduling",
            "POST",
            f"/sessions/{_path(session_id)}/complete",
            json=attendance,
            participant=as_participant,
            expected=(404, 409, 422),
        )

    # -- feedback -----------------------------------------------------------------------------

    async def feedback_requests(self, participant_id: str) -> list[Any]:
        return list(
            await self.call(
                "feedback",
                "GET",
                f"/participants/{_path(participant_id)}/feedback-requests",
                participant=participant_id,
            )
        )

    async def answer(self, request_id: str, participant_id: str, answer: dict[str, Any]) -> Any:
        return await self.call(
            "feedback",
            "POST",
            f"/feedback-requests/{_path(request_id)}/answer",
            json=answer,
            participant=participant_id,
            expected=(404, 409, 422),
        )

    async def self_assessment(
        self, program_id: str, participant_id: str, phase: str, levels: list[dict[str, Any]]
    ) -> Any:
        return await self.call(
            "feedback",
            "PUT",
            f"/programs/{_path(program_id)}/self-assessments/{phase}",
            json={"levels": levels},
            participant=participant_id,
            expected=(404, 409, 422),
        )

    async def insights(self, program_id: str) -> Any:
        return await self.call("feedback", "GET", f"/programs/{_path(program_id)}/insights")

    async def pair_health(self, program_id: str, *, at_risk_only: bool) -> list[Any]:
        return await self.every_page(
            "feedback",
            f"/programs/{_path(program_id)}/pair-health",
            {"at_risk_only": str(at_risk_only).lower()},
        )

    # -- notifications ------------------------------------------------------------------------

    async def put_admin_contact(
        self, program_id: str, admin_id: str, contact: dict[str, Any]
    ) -> Any:
        return await self.call(
            "notifications",
            "PUT",
            f"/notifications/programs/{_path(program_id)}/admin-contacts/{_path(admin_id)}",
            json=contact,
        )


async def each(items: Iterable[T], work: Callable[[T], Awaitable[R]]) -> list[R | Refused]:
    """`work` on every item concurrently (the client bounds it); refusals are returned."""

    async def one(item: T) -> R | Refused:
        try:
            return await work(item)
        except Refused as refused:
            return refused

    return list(await asyncio.gather(*(one(item) for item in items)))
