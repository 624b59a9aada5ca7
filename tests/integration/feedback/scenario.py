"""Events of a program's life, as the other services would publish them, for feedback tests."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from shared.events import (
    LearningGoal,
    MatchReason,
    PairCreated,
    PairEnded,
    ParticipantErased,
    ParticipantJoined,
    ParticipantProfile,
    ProgramLaunched,
    ProgramSettings,
    SessionCompleted,
    SessionMissed,
    SkillLevel,
)

ICS = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def new_id(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}"


def _envelope(program_id: str, now: datetime) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4(),
        "occurred_at": now,
        "program_id": program_id,
        "correlation_id": uuid.uuid4(),
    }


def program_launched(
    program_id: str, now: datetime, *, region: str = "EMEA", **settings: Any
) -> ProgramLaunched:
    return ProgramLaunched(
        **_envelope(program_id, now),
        settings=ProgramSettings(
            name="Reverse mentoring",
            region=region,
            timezone="Europe/Berlin",
            locales=["en"],
            start_date=date(2026, 1, 1),
            end_date=date(2027, 1, 1),
            **settings,
        ),
    )


def participant_joined(
    program_id: str,
    participant_id: str,
    role: str,
    now: datetime,
    *,
    offers: tuple[str, ...] = (),
    wants: tuple[str, ...] = (),
) -> ParticipantJoined:
    return ParticipantJoined(
        **_envelope(program_id, now),
        participant=ParticipantProfile(
            participant_id=participant_id,
            role=role,  # type: ignore[arg-type]
            display_name="Sam Example",
            email=f"{participant_id}@example.com",
            department="Engineering",
            location="Berlin",
            timezone="Europe/Berlin",
            languages=["en"],
            seniority_level=2 if role == "junior" else 8,
            skills_offered=[SkillLevel(skill=s, level=4) for s in offers],
            learning_goals=[LearningGoal(skill=s, priority=3) for s in wants],
        ),
    )


class Pair:
    """One pair of a program, and the events about it."""

    def __init__(self, program_id: str) -> None:
        self.program_id = program_id
        self.pair_id = new_id("pair")
        self.junior_id = new_id("junior")
        self.senior_id = new_id("senior")
        self.sessions: list[str] = []

    @property
    def ids(self) -> dict[str, Any]:
        return {"pair_id": self.pair_id, "junior_id": self.junior_id, "senior_id": self.senior_id}

    def created(self, now: datetime) -> PairCreated:
        return PairCreated(
            **_envelope(self.program_id, now),
            **self.ids,
            score=40.0,
            reasons=[MatchReason(code="junior_teaches", text="teaches generative ai", points=9)],
            round_id=uuid.uuid4(),
        )

    def ended(self, now: datetime) -> PairEnded:
        return PairEnded(**_envelope(self.program_id, now), **self.ids, reason="admin")

    def completed(self, now: datetime, **attendance: Any) -> SessionCompleted:
        session_id = new_id("session")
        self.sessions.append(session_id)
        return SessionCompleted(
            **_envelope(self.program_id, now),
            **self.ids,
            session_id=session_id,
            start=now - timedelta(hours=1),
            minutes=55,
            **attendance,
        )

    def missed(self, now: datetime) -> SessionMissed:
        session_id = new_id("session")
        self.sessions.append(session_id)
        return SessionMissed(
            **_envelope(self.program_id, now), **self.ids, session_id=session_id, start=now
        )


def erased(program_id: str, participant_id: str, now: datetime) -> ParticipantErased:
    return ParticipantErased(**_envelope(program_id, now), participant_id=participant_id)


def answer(
    value: int = 4,
    *,
    junior: bool,
    learned: tuple[str, ...] = (),
    taught: tuple[str, ...] = (),
    note: str | None = None,
    would_continue: bool = True,
    safety: int | None = None,
) -> dict[str, Any]:
    ratings: dict[str, int] = {"value": value, "preparation": value}
    if junior:
        ratings["psychological_safety"] = safety or value
    body: dict[str, Any] = {
        "ratings": ratings,
        "topics_learned": list(learned),
        "topics_taught": list(taught),
        "would_continue": would_continue,
    }
    if note is not None:
        body["private_note"] = note
    return body
