"""Hand-written stand-ins for the service APIs the portal calls: the base that records
calls and fails on demand, feedback and scheduling, and a list page."""

from __future__ import annotations

from typing import Any

from services.portal.application.ports import Json, ListPage
from services.portal.domain.failures import PortalError


class FakeService:
    """Base of the fake service APIs: `fail_with` makes every call raise that failure."""

    def __init__(self) -> None:
        self.fail_with: PortalError | None = None
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))
        if self.fail_with is not None:
            raise self.fail_with


def page(items: list[Json], next_cursor: str | None = None, total: int | None = None) -> ListPage:
    return ListPage(items=items, next_cursor=next_cursor, total=total)


class FakeFeedback(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.health: dict[str, list[Json]] = {}
        self.insight: dict[str, Json] = {}
        self.requests: dict[str, list[Json]] = {}

    async def pair_health(
        self, token: str, program_id: str, *, at_risk_only: bool, limit: int
    ) -> list[Json]:
        self._record("pair_health", token, program_id, at_risk_only, limit)
        rows = self.health.get(program_id, [])
        return [r for r in rows if r["at_risk"] or not at_risk_only][:limit]

    async def insights(self, token: str, program_id: str) -> Json:
        self._record("insights", token, program_id)
        return self.insight[program_id]

    async def insights_csv(self, token: str, program_id: str) -> str:
        self._record("insights_csv", token, program_id)
        return "metric,value\nsessions_held,3\n"

    async def participant_requests(self, token: str, participant_id: str) -> list[Json]:
        self._record("participant_requests", token, participant_id)
        return self.requests.get(participant_id, [])

    async def get_request(self, token: str, request_id: str) -> Json:
        self._record("get_request", token, request_id)
        raise NotImplementedError

    async def answer(self, token: str, request_id: str, body: Json, *, edit: bool) -> Json:
        raise NotImplementedError

    async def put_self_assessment(
        self, token: str, program_id: str, phase: str, body: Json
    ) -> Json:
        raise NotImplementedError

    async def my_self_assessments(self, token: str, program_id: str) -> list[Json]:
        return []


class FakeScheduling(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.series: dict[str, Json] = {}

    async def pair_sessions(self, token: str, pair_id: str) -> Json:
        self._record("pair_sessions", token, pair_id)
        return self.series[pair_id]

    async def get_session(self, token: str, session_id: str) -> Json:
        raise NotImplementedError

    async def invitation(self, token: str, session_id: str) -> bytes:
        raise NotImplementedError

    async def reschedule(self, token: str, session_id: str, body: Json) -> Json:
        raise NotImplementedError

    async def cancel(self, token: str, session_id: str) -> Json:
        raise NotImplementedError

    async def participant_sessions(self, token: str, participant_id: str) -> list[Json]:
        return []

    async def program_series(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        return ListPage()
