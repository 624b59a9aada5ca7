"""Fakes of the service APIs the participant pages use, filled with one small program."""

from __future__ import annotations

from typing import Any

from services.portal.application.ports import Json
from services.portal.domain.failures import NotFound, PortalError
from tests.unit.portal.fakes import PortalHarness, harness
from tests.unit.portal.matching_fakes import FakeMatching
from tests.unit.portal.service_fakes import FakeService

PROGRAM = "prog-emea"
ME = "p-junior-1"
PARTNER = "p-senior-1"
PAIR = "pair-1"


def my_profile(**changes: Any) -> Json:
    return {
        "participant_id": ME,
        "role": "junior",
        "display_name": "Junior One",
        "email": "junior@example.com",
        "department": "IT",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en", "de"],
        "seniority_level": 2,
        "skills_offered": [{"skill": "generative ai", "level": 4}],
        "learning_goals": [{"skill": "negotiation", "priority": 5}],
        "availability": [{"day": "tue", "start": "09:00", "end": "12:00"}],
        **changes,
    }


class ParticipantMatching(FakeMatching):
    def __init__(self) -> None:
        super().__init__()
        self.participants = {PROGRAM: {ME: {"status": "active", "participant": my_profile()}}}
        self.pairs = {
            PROGRAM: {
                PAIR: {
                    "pair_id": PAIR,
                    "program_id": PROGRAM,
                    "junior_id": ME,
                    "senior_id": PARTNER,
                    "score": 21.5,
                    "status": "active",
                    "round_id": "r-1",
                    "reasons": [
                        {"code": "match_bonus", "text": "every pair: +10.00", "points": 10.0},
                        {
                            "code": "senior_teaches",
                            "text": "senior teaches 'negotiation': +11.50",
                            "points": 11.5,
                        },
                    ],
                }
            }
        }

    async def participant_programs(self, token: str, participant_id: str) -> list[Json]:
        self._record("participant_programs", token, participant_id)
        brief = {"program_id": PROGRAM, "name": "Reverse mentoring EMEA", "region": "emea"}
        return [{"program": brief, "role": "junior", "status": "active"}]

    async def program_summary(self, token: str, program_id: str) -> Json:
        self._record("program_summary", token, program_id)
        return {"program_id": program_id, "name": "Reverse mentoring EMEA"}

    async def partner_card(self, token: str, program_id: str, pair_id: str) -> Json:
        self._record("partner_card", token, program_id, pair_id)
        return {
            "participant_id": PARTNER,
            "role": "senior",
            "display_name": "Senior One",
            "department": "Sales",
            "location": "Tokyo",
            "languages": ["en"],
            "timezone": "Asia/Tokyo",
            "skills_offered": [{"skill": "negotiation", "level": 5}],
            "learning_goals": [{"skill": "generative ai", "priority": 4}],
            "shared_availability": [{"day": "tue", "start": "09:00", "end": "11:00"}],
        }

    reject_update: PortalError | None = None

    async def update_participant(
        self, token: str, program_id: str, participant_id: str, profile: Json
    ) -> Json:
        if self.reject_update is not None:
            raise self.reject_update
        self.participants[program_id][participant_id]["participant"] = profile
        return await super().update_participant(token, program_id, participant_id, profile)


def session(index: int, start: str, end: str, status: str = "scheduled") -> Json:
    return {
        "session_id": f"s-{index}",
        "pair_id": PAIR,
        "program_id": PROGRAM,
        "index": index,
        "start": start,
        "end": end,
        "status": status,
        "ics_sequence": 0,
    }


class FakeScheduling(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.sessions = [
            session(0, "2026-03-24T08:00:00+00:00", "2026-03-24T09:00:00+00:00", "completed"),
            session(1, "2099-04-07T08:00:00+00:00", "2099-04-07T09:00:00+00:00"),
        ]
        self.bodies: list[Json] = []

    def _series(self) -> Json:
        return {
            "pair_id": PAIR,
            "program_id": PROGRAM,
            "junior_id": ME,
            "senior_id": PARTNER,
            "status": "planned",
            "sessions": self.sessions,
        }

    async def participant_sessions(self, token: str, participant_id: str) -> list[Json]:
        self._record("participant_sessions", token, participant_id)
        return [self._series()]

    async def pair_sessions(self, token: str, pair_id: str) -> Json:
        self._record("pair_sessions", token, pair_id)
        return self._series()

    async def get_session(self, token: str, session_id: str) -> Json:
        self._record("get_session", token, session_id)
        for one in self.sessions:
            if one["session_id"] == session_id:
                return one
        raise NotFound("scheduling", "not_found")

    async def invitation(self, token: str, session_id: str) -> bytes:
        self._record("invitation", token, session_id)
        return b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

    async def reschedule(self, token: str, session_id: str, body: Json) -> Json:
        self._record("reschedule", token, session_id, body)
        self.bodies.append(body)
        return await self.get_session(token, session_id)

    async def cancel(self, token: str, session_id: str) -> Json:
        self._record("cancel", token, session_id)
        found = await self.get_session(token, session_id)
        found["status"] = "cancelled"
        return found


class FakeFeedback(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.request: Json = {
            "request_id": "fr-1",
            "program_id": PROGRAM,
            "pair_id": PAIR,
            "session_id": "s-0",
            "participant_id": ME,
            "role": "junior",
            "session_start": "2026-03-24T08:00:00+00:00",
            "due_at": "2099-03-31T08:00:00+00:00",
            "closes_at": "2099-04-30T08:00:00+00:00",
            "status": "open",
            "nudged": False,
            "answer": None,
        }
        self.answers: list[tuple[Json, bool]] = []
        self.assessments: list[tuple[str, Json]] = []

    async def participant_requests(self, token: str, participant_id: str) -> list[Json]:
        self._record("participant_requests", token, participant_id)
        return [self.request]

    async def get_request(self, token: str, request_id: str) -> Json:
        self._record("get_request", token, request_id)
        return self.request

    async def answer(self, token: str, request_id: str, body: Json, *, edit: bool) -> Json:
        self._record("answer", token, request_id, body, edit)
        self.answers.append((body, edit))
        return self.request

    async def put_self_assessment(
        self, token: str, program_id: str, phase: str, body: Json
    ) -> Json:
        self.assessments.append((phase, body))
        return {"program_id": program_id, "phase": phase, **body}

    async def my_self_assessments(self, token: str, program_id: str) -> list[Json]:
        return [{"phase": p, **b} for p, b in self.assessments]


class FakeNotifications(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.preferences: Json = {
            "email": True,
            "chat": False,
            "inbox": True,
            "quiet_hours": {"start": "21:00", "end": "08:00"},
            "timezone": None,
            "daily_digest": False,
        }
        self.marked: list[Json] = []

    async def inbox(self, token: str, recipient_id: str, *, limit: int, cursor: str | None) -> Json:
        self._record("inbox", token, recipient_id, limit, cursor)
        message = {
            "id": "m-1",
            "program_id": PROGRAM,
            "template": "pair_introduction",
            "subject": "Meet your partner",
            "body": "You are paired.",
            "created_at": "2026-03-20T08:00:00+00:00",
            "read_at": None,
            "read": False,
        }
        return {"items": [message], "next_cursor": None, "total": 1}

    async def mark_read(self, token: str, recipient_id: str, body: Json) -> Json:
        self.marked.append(body)
        return {"marked": 1}

    async def get_preferences(self, token: str, recipient_id: str) -> Json:
        self._record("get_preferences", token, recipient_id)
        return dict(self.preferences)

    async def put_preferences(self, token: str, recipient_id: str, body: Json) -> Json:
        self._record("put_preferences", token, recipient_id, body)
        self.preferences = dict(body)
        return body


def participant_portal(provisioning: Any = None) -> tuple[PortalHarness, dict[str, Any]]:
    apis = {
        "matching": ParticipantMatching(),
        "scheduling": FakeScheduling(),
        "feedback": FakeFeedback(),
        "notifications": FakeNotifications(),
        "provisioning": provisioning,
    }
    portal = harness(**apis)
    portal.sign_in({"sub": ME, "roles": ["participant"]})
    return portal, apis
