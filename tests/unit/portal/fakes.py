"""Hand-written stand-ins for the portal's ports, and a portal app wired around them."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.portal.application.ports import Json, ListPage, SignedIn, StoredSession
from services.portal.bootstrap import create_app
from services.portal.domain.failures import PortalError
from services.portal.settings import PortalSettings

ADMIN_CLAIMS = {"sub": "admin", "roles": ["platform_admin"]}
EMEA_ADMIN_CLAIMS = {"sub": "emea-admin", "roles": ["program_admin"], "regions": ["emea"]}
PARTICIPANT_CLAIMS = {"sub": "p-junior-1", "roles": ["participant"]}


class FakeSessionStore:
    def __init__(self) -> None:
        self.sessions: dict[str, StoredSession] = {}

    async def load(self, session_id: str) -> StoredSession | None:
        found = self.sessions.get(session_id)
        return copy.deepcopy(found) if found else None

    async def save(self, session: StoredSession) -> None:
        self.sessions[session.session_id] = copy.deepcopy(session)

    async def delete(self, session_id: str) -> None:
        self.sessions.pop(session_id, None)


@dataclass
class FakeIdentityProvider:
    """Signs in whoever `next_claims` names; remembers what the portal sent it."""

    next_claims: Json = field(default_factory=lambda: dict(ADMIN_CLAIMS))
    token_lifetime: timedelta = timedelta(minutes=30)
    authorize_calls: list[Json] = field(default_factory=list)
    exchanges: list[Json] = field(default_factory=list)
    end_session: str | None = "https://idp.example/session/end"

    async def authorization_url(
        self, *, state: str, nonce: str, code_challenge: str, locale: str | None
    ) -> str:
        self.authorize_calls.append(
            {"state": state, "nonce": nonce, "code_challenge": code_challenge, "locale": locale}
        )
        return "https://idp.example/auth?" + urlencode({"state": state})

    async def exchange_code(self, *, code: str, code_verifier: str, nonce: str) -> SignedIn:
        self.exchanges.append({"code": code, "code_verifier": code_verifier, "nonce": nonce})
        expires = datetime.now(UTC) + self.token_lifetime
        claims = {**self.next_claims, "exp": int(expires.timestamp())}
        return SignedIn(
            access_token=f"token-for-{claims['sub']}",
            access_expires_at=expires,
            id_token="id-token",
            access_claims=claims,
            id_claims={"sub": claims["sub"], "nonce": nonce, "name": claims["sub"]},
        )

    async def logout_url(self, *, id_token: str | None, post_logout_redirect: str) -> str | None:
        if self.end_session is None:
            return None
        return f"{self.end_session}?" + urlencode(
            {"post_logout_redirect_uri": post_logout_redirect}
        )


class FakeService:
    """Base of the fake service APIs: `fail_with` makes every call raise that failure."""

    def __init__(self) -> None:
        self.fail_with: PortalError | None = None
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))
        if self.fail_with is not None:
            raise self.fail_with


def settings() -> PortalSettings:
    return PortalSettings(
        oidc_issuer="https://idp.example",  # type: ignore[arg-type]
        oidc_client_id="twoway-portal",
        oidc_client_secret="secret",  # type: ignore[arg-type]
        session_cookie_secure=False,
        log_json=False,
    )


def page(items: list[Json], next_cursor: str | None = None, total: int | None = None) -> ListPage:
    return ListPage(items=items, next_cursor=next_cursor, total=total)


@dataclass
class PortalHarness:
    app: FastAPI
    client: TestClient
    identity: FakeIdentityProvider
    sessions: FakeSessionStore

    def sign_in(self, claims: Json | None = None) -> None:
        if claims is not None:
            self.identity.next_claims = dict(claims)
        start = self.client.get("/auth/login", follow_redirects=False)
        state = self.identity.authorize_calls[-1]["state"]
        assert start.status_code == 303
        done = self.client.get(
            "/auth/callback", params={"code": "c-1", "state": state}, follow_redirects=False
        )
        assert done.status_code == 303, done.text

    def csrf(self) -> str:
        session_id = self.client.cookies.get("twoway_session")
        assert session_id
        return self.sessions.sessions[session_id].csrf_token


def harness(**apis: Any) -> PortalHarness:
    identity = FakeIdentityProvider()
    sessions = FakeSessionStore()
    app = create_app(settings(), sessions=sessions, identity=identity)
    for name, api in apis.items():
        setattr(app.state.portal, name, api)
    client = TestClient(app, base_url="http://testserver")
    return PortalHarness(app=app, client=client, identity=identity, sessions=sessions)


class FakeMatching(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.programs: dict[str, Json] = {}
        self.participants: dict[str, dict[str, Json]] = {}
        self.pairs: dict[str, dict[str, Json]] = {}
        self.rounds: dict[str, Json] = {}
        self.history: dict[str, list[Json]] = {}
        self.joined: list[Json] = []

    async def list_programs(self, token: str) -> list[Json]:
        self._record("list_programs", token)
        return list(self.programs.values())

    async def get_program(self, token: str, program_id: str) -> Json:
        self._record("get_program", token, program_id)
        from services.portal.domain.failures import NotFound

        if program_id not in self.programs:
            raise NotFound("matching", "not_found")
        return self.programs[program_id]

    async def launch_program(self, token: str, body: Json) -> Json:
        self._record("launch_program", token, body)
        view = {
            "program_id": body["program_id"],
            "settings": body["settings"],
            "policy": body.get("policy", {}),
            "program_version": 1,
            "policy_version": 1,
            "participants": {},
            "active_pairs": 0,
        }
        self.programs[body["program_id"]] = view
        return view

    async def change_program(self, token: str, program_id: str, body: Json) -> Json:
        self._record("change_program", token, program_id, body)
        view = self.programs[program_id]
        if body.get("settings"):
            view["settings"] = body["settings"]
            view["program_version"] += 1
        if body.get("policy"):
            view["policy"] = body["policy"]
            view["policy_version"] += 1
        return view

    async def policy_history(self, token: str, program_id: str) -> list[Json]:
        self._record("policy_history", token, program_id)
        return self.history.get(program_id, [])

    async def list_participants(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        self._record("list_participants", token, program_id, limit, cursor, filters)
        items = list(self.participants.get(program_id, {}).values())
        start = int(cursor or 0)
        chunk = items[start : start + limit]
        following = str(start + limit) if start + limit < len(items) else None
        return ListPage(items=chunk, next_cursor=following, total=len(items))

    async def get_participant(self, token: str, program_id: str, participant_id: str) -> Json:
        self._record("get_participant", token, program_id, participant_id)
        return self.participants[program_id][participant_id]

    async def update_participant(
        self, token: str, program_id: str, participant_id: str, profile: Json
    ) -> Json:
        self._record("update_participant", token, program_id, participant_id, profile)
        return {"program_id": program_id, "status": "active", "participant": profile}

    async def join_many(self, token: str, program_id: str, profiles: list[Json]) -> list[Json]:
        self._record("join_many", token, program_id, profiles)
        self.joined.extend(profiles)
        return [{"participant_id": p["participant_id"], "status": "joined"} for p in profiles]

    async def withdraw(self, token: str, program_id: str, participant_id: str) -> None:
        self._record("withdraw", token, program_id, participant_id)

    async def erase(self, token: str, program_id: str, participant_id: str) -> None:
        self._record("erase", token, program_id, participant_id)

    async def run_round(
        self, token: str, program_id: str, *, dry_run: bool, policy: Json | None = None
    ) -> Json:
        self._record("run_round", token, program_id, dry_run, policy)
        return self.rounds[program_id]

    async def list_rounds(self, token: str, program_id: str, *, limit: int) -> ListPage:
        self._record("list_rounds", token, program_id, limit)
        found = self.rounds.get(program_id)
        if found is None:
            return ListPage(items=[], total=0)
        summary = {
            "round_id": found["round_id"],
            "program_id": program_id,
            "round_number": 1,
            "status": found["status"],
            "created_at": "2026-03-02T09:00:00+00:00",
            "pairs": len(found["pairs"]),
            "unmatched": len(found["unmatched"]),
            "report": found["report"],
        }
        return ListPage(items=[summary], total=1)

    async def get_round(self, token: str, program_id: str, round_id: str) -> Json:
        self._record("get_round", token, program_id, round_id)
        return self.rounds[program_id]

    async def round_summary(self, token: str, program_id: str, round_id: str) -> Json:
        self._record("round_summary", token, program_id, round_id)
        found = self.rounds[program_id]
        by_status: dict[str, int] = {}
        for pair in found["pairs"]:
            by_status[pair["status"]] = by_status.get(pair["status"], 0) + 1
        return {
            **{k: v for k, v in found.items() if k not in ("pairs", "unmatched")},
            "round_number": 1,
            "pairs": len(found["pairs"]),
            "pairs_by_status": by_status,
            "unmatched": len(found["unmatched"]),
            "unmatched_people": found["unmatched"][:200],
        }

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
        self._record("round_pairs", token, program_id, round_id, limit, cursor, filters)
        wanted = filters.get("status")
        items = [
            p for p in self.rounds[program_id]["pairs"] if wanted is None or p["status"] == wanted
        ]
        start = int(cursor or 0)
        following = str(start + limit) if start + limit < len(items) else None
        return ListPage(items=items[start : start + limit], next_cursor=following, total=len(items))

    async def approve_round(
        self, token: str, program_id: str, round_id: str, pair_ids: list[str] | None
    ) -> list[Json]:
        self._record("approve_round", token, program_id, round_id, pair_ids)
        return [
            p
            for p in self.rounds[program_id]["pairs"]
            if pair_ids is None or p["pair_id"] in pair_ids
        ]

    async def list_pairs(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        self._record("list_pairs", token, program_id, limit, cursor, filters)
        items = list(self.pairs.get(program_id, {}).values())
        return ListPage(items=items[:limit], next_cursor=None, total=len(items))

    async def get_pair(self, token: str, program_id: str, pair_id: str) -> Json:
        self._record("get_pair", token, program_id, pair_id)
        return self.pairs[program_id][pair_id]

    async def end_pair(self, token: str, program_id: str, pair_id: str, reason: str) -> Json:
        self._record("end_pair", token, program_id, pair_id, reason)
        pair = self.pairs[program_id][pair_id]
        pair["status"] = "ended"
        pair["ended_reason"] = reason
        return pair


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
