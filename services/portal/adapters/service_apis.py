"""The four services' HTTP APIs, as the portal calls them (see application/ports.py)."""

from __future__ import annotations

from urllib.parse import quote

from services.portal.adapters.service_client import ServiceClient
from services.portal.application.ports import Json, ListPage


def _p(value: str) -> str:
    return quote(value, safe="")


class MatchingHttp:
    def __init__(self, client: ServiceClient) -> None:
        self._c = client

    async def list_programs(self, token: str) -> list[Json]:
        body = await self._c.json("GET", "/programs", token)
        return list(body["items"] if isinstance(body, dict) else body)

    async def get_program(self, token: str, program_id: str) -> Json:
        return dict(await self._c.json("GET", f"/programs/{_p(program_id)}", token))

    async def launch_program(self, token: str, body: Json) -> Json:
        return dict(await self._c.json("POST", "/programs", token, json=body))

    async def change_program(self, token: str, program_id: str, body: Json) -> Json:
        return dict(await self._c.json("PATCH", f"/programs/{_p(program_id)}", token, json=body))

    async def policy_history(self, token: str, program_id: str) -> list[Json]:
        return list(await self._c.json("GET", f"/programs/{_p(program_id)}/policy/history", token))

    async def list_participants(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        path = f"/programs/{_p(program_id)}/participants"
        return await self._c.page(path, token, limit=limit, cursor=cursor, filters=filters)

    async def get_participant(self, token: str, program_id: str, participant_id: str) -> Json:
        path = f"/programs/{_p(program_id)}/participants/{_p(participant_id)}"
        return dict(await self._c.json("GET", path, token))

    async def update_participant(
        self, token: str, program_id: str, participant_id: str, profile: Json
    ) -> Json:
        path = f"/programs/{_p(program_id)}/participants/{_p(participant_id)}"
        return dict(await self._c.json("PUT", path, token, json=profile))

    async def join_many(self, token: str, program_id: str, profiles: list[Json]) -> list[Json]:
        path = f"/programs/{_p(program_id)}/participants/bulk"
        return list(await self._c.json("POST", path, token, json={"participants": profiles}))

    async def withdraw(self, token: str, program_id: str, participant_id: str) -> None:
        path = f"/programs/{_p(program_id)}/participants/{_p(participant_id)}/withdraw"
        await self._c.call("POST", path, token)

    async def erase(self, token: str, program_id: str, participant_id: str) -> None:
        path = f"/programs/{_p(program_id)}/participants/{_p(participant_id)}"
        await self._c.call("DELETE", path, token)

    async def run_round(
        self, token: str, program_id: str, *, dry_run: bool, policy: Json | None = None
    ) -> Json:
        path = f"/programs/{_p(program_id)}/rounds"
        body: Json = {"dry_run": dry_run}
        if policy is not None:
            body["policy"] = policy
        return dict(await self._c.json("POST", path, token, json=body))

    async def list_rounds(self, token: str, program_id: str, *, limit: int) -> ListPage:
        path = f"/programs/{_p(program_id)}/rounds"
        return await self._c.page(path, token, limit=limit, cursor=None, filters={})

    async def get_round(self, token: str, program_id: str, round_id: str) -> Json:
        path = f"/programs/{_p(program_id)}/rounds/{_p(round_id)}"
        return dict(await self._c.json("GET", path, token))

    async def round_summary(self, token: str, program_id: str, round_id: str) -> Json:
        path = f"/programs/{_p(program_id)}/rounds/{_p(round_id)}/summary"
        return dict(await self._c.json("GET", path, token))

    async def round_pairs(
        self,
        token: str,
        program_id: str,
        round_id: str,
        *,
        limit: int,
        cursor: str | None,
        filters: Json,
    ) -> ListPage:
        path = f"/programs/{_p(program_id)}/rounds/{_p(round_id)}/pairs"
        return await self._c.page(path, token, limit=limit, cursor=cursor, filters=filters)

    async def approve_round(
        self, token: str, program_id: str, round_id: str, pair_ids: list[str] | None
    ) -> list[Json]:
        path = f"/programs/{_p(program_id)}/rounds/{_p(round_id)}/approve"
        return list(await self._c.json("POST", path, token, json={"pair_ids": pair_ids}))

    async def list_pairs(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        path = f"/programs/{_p(program_id)}/pairs"
        return await self._c.page(path, token, limit=limit, cursor=cursor, filters=filters)

    async def get_pair(self, token: str, program_id: str, pair_id: str) -> Json:
        path = f"/programs/{_p(program_id)}/pairs/{_p(pair_id)}"
        return dict(await self._c.json("GET", path, token))

    async def end_pair(self, token: str, program_id: str, pair_id: str, reason: str) -> Json:
        path = f"/programs/{_p(program_id)}/pairs/{_p(pair_id)}/end"
        return dict(await self._c.json("POST", path, token, json={"reason": reason}))

    async def participant_programs(self, token: str, participant_id: str) -> list[Json]:
        path = f"/participants/{_p(participant_id)}/programs"
        return list(await self._c.json("GET", path, token))

    async def program_summary(self, token: str, program_id: str) -> Json:
        return dict(await self._c.json("GET", f"/programs/{_p(program_id)}/summary", token))

    async def partner_card(self, token: str, program_id: str, pair_id: str) -> Json:
        path = f"/programs/{_p(program_id)}/pairs/{_p(pair_id)}/partner"
        return dict(await self._c.json("GET", path, token))


class SchedulingHttp:
    def __init__(self, client: ServiceClient) -> None:
        self._c = client

    async def pair_sessions(self, token: str, pair_id: str) -> Json:
        return dict(await self._c.json("GET", f"/pairs/{_p(pair_id)}/sessions", token))

    async def get_session(self, token: str, session_id: str) -> Json:
        return dict(await self._c.json("GET", f"/sessions/{_p(session_id)}", token))

    async def invitation(self, token: str, session_id: str) -> bytes:
        path = f"/sessions/{_p(session_id)}/invitation.ics"
        return (await self._c.call("GET", path, token)).content

    async def reschedule(self, token: str, session_id: str, body: Json) -> Json:
        path = f"/sessions/{_p(session_id)}/reschedule"
        return dict(await self._c.json("POST", path, token, json=body))

    async def cancel(self, token: str, session_id: str) -> Json:
        return dict(await self._c.json("POST", f"/sessions/{_p(session_id)}/cancel", token))

    async def participant_sessions(self, token: str, participant_id: str) -> list[Json]:
        body = await self._c.json("GET", f"/participants/{_p(participant_id)}/sessions", token)
        return list(body["items"] if isinstance(body, dict) else body)

    async def program_series(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        path = f"/programs/{_p(program_id)}/series"
        return await self._c.page(path, token, limit=limit, cursor=cursor, filters=filters)


class FeedbackHttp:
    def __init__(self, client: ServiceClient) -> None:
        self._c = client

    async def pair_health(
        self, token: str, program_id: str, *, at_risk_only: bool, limit: int
    ) -> list[Json]:
        body = await self._c.json(
            "GET",
            f"/programs/{_p(program_id)}/pair-health",
            token,
            params={"at_risk_only": str(at_risk_only).lower(), "limit": limit},
        )
        return list(body["items"] if isinstance(body, dict) else body)

    async def insights(self, token: str, program_id: str) -> Json:
        return dict(await self._c.json("GET", f"/programs/{_p(program_id)}/insights", token))

    async def insights_csv(self, token: str, program_id: str) -> str:
        path = f"/programs/{_p(program_id)}/insights"
        return (await self._c.call("GET", path, token, params={"format": "csv"})).text

    async def participant_requests(self, token: str, participant_id: str) -> list[Json]:
        path = f"/participants/{_p(participant_id)}/feedback-requests"
        body = await self._c.json("GET", path, token)
        return list(body["items"] if isinstance(body, dict) else body)

    async def get_request(self, token: str, request_id: str) -> Json:
        return dict(await self._c.json("GET", f"/feedback-requests/{_p(request_id)}", token))

    async def answer(self, token: str, request_id: str, body: Json, *, edit: bool) -> Json:
        path = f"/feedback-requests/{_p(request_id)}/answer"
        return dict(await self._c.json("PUT" if edit else "POST", path, token, json=body))

    async def put_self_assessment(
        self, token: str, program_id: str, phase: str, body: Json
    ) -> Json:
        path = f"/programs/{_p(program_id)}/self-assessments/{_p(phase)}"
        return dict(await self._c.json("PUT", path, token, json=body))

    async def my_self_assessments(self, token: str, program_id: str) -> list[Json]:
        path = f"/programs/{_p(program_id)}/self-assessments/me"
        return list(await self._c.json("GET", path, token))


class NotificationsHttp:
    def __init__(self, client: ServiceClient) -> None:
        self._c = client

    async def inbox(self, token: str, recipient_id: str, *, limit: int, cursor: str | None) -> Json:
        path = f"/notifications/inbox/{_p(recipient_id)}"
        return dict(
            await self._c.json("GET", path, token, params={"limit": limit, "cursor": cursor})
        )

    async def mark_read(self, token: str, recipient_id: str, body: Json) -> Json:
        path = f"/notifications/inbox/{_p(recipient_id)}/read"
        return dict(await self._c.json("POST", path, token, json=body))

    async def get_preferences(self, token: str, recipient_id: str) -> Json:
        path = f"/notifications/preferences/{_p(recipient_id)}"
        return dict(await self._c.json("GET", path, token))

    async def put_preferences(self, token: str, recipient_id: str, body: Json) -> Json:
        path = f"/notifications/preferences/{_p(recipient_id)}"
        return dict(await self._c.json("PUT", path, token, json=body))
