"""Deterministic events for the pipeline benchmark: programs, people, pairs, held sessions.

Every person is free every day from 08:00 to 20:00 London time, so every pair can be planned
and every session asked about; nobody is in quiet hours for the email measurements because
the benchmark turns quiet hours off in the services' settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from shared.events import (
    Event,
    PairCreated,
    ParticipantJoined,
    ParticipantProfile,
    ProgramLaunched,
    ProgramSettings,
    SessionCompleted,
    derive_id,
    encode_event,
    partition_key,
)
from shared.events.catalog import STREAM_OF
from shared.events.pairs import MatchReason

RUN = UUID("0b9a4b1e-8f7d-4c55-9a55-6d1f0f2a7c3e")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_DAY = [{"day": d, "start": "08:00", "end": "20:00"} for d in DAYS]


@dataclass(frozen=True, slots=True)
class Message:
    """One Kafka record to produce, with the event it carries."""

    stream: str
    key: bytes
    value: bytes
    event: Event

    @property
    def event_id(self) -> UUID:
        return self.event.event_id


def message(event: Event) -> Message:
    return Message(STREAM_OF[event.event_type], partition_key(event), encode_event(event), event)


def now() -> datetime:
    return datetime.now(UTC)


def program_settings(start: date, name: str = "Pipeline benchmark") -> ProgramSettings:
    return ProgramSettings(
        name=name,
        region="emea",
        timezone="Europe/London",
        locales=["en"],
        start_date=start,
        end_date=start + timedelta(days=180),
    )


def program_launched(program_id: str, start: date) -> ProgramLaunched:
    return ProgramLaunched(
        event_id=derive_id(RUN, f"program|{program_id}"),
        occurred_at=now(),
        program_id=program_id,
        correlation_id=derive_id(RUN, f"program-correlation|{program_id}"),
        settings=program_settings(start),
    )


def profile(participant_id: str, role: str, level: int) -> ParticipantProfile:
    junior = role == "junior"
    return ParticipantProfile.model_validate(
        {
            "participant_id": participant_id,
            "role": role,
            "display_name": f"Person {participant_id}",
            "email": f"{participant_id}@example.com",
            "department": "Engineering" if junior else "Sales",
            "location": "London",
            "timezone": "Europe/London",
            "languages": ["en"],
            "seniority_level": level,
            "skills_offered": [
                {"skill": "generative ai" if junior else "negotiation", "level": 4},
                {"skill": "social media" if junior else "strategy", "level": 3},
            ],
            "learning_goals": [
                {"skill": "negotiation" if junior else "generative ai", "priority": 5},
                {"skill": "strategy" if junior else "social media", "priority": 3},
            ],
            "availability": WORKING_DAY,
            "locale": "en",
        }
    )


def joined(program_id: str, person: ParticipantProfile, tag: str = "") -> ParticipantJoined:
    return ParticipantJoined(
        event_id=derive_id(RUN, f"joined|{program_id}|{person.participant_id}|{tag}"),
        occurred_at=now(),
        program_id=program_id,
        correlation_id=derive_id(RUN, f"join-correlation|{person.participant_id}|{tag}"),
        participant=person,
    )


def junior_id(n: int) -> str:
    return f"j{n:06d}"


def senior_id(n: int) -> str:
    return f"s{n:06d}"


REASONS = [
    MatchReason(code="junior_teaches", text="Teaches generative ai (level 4)", points=40.0),
    MatchReason(code="senior_teaches", text="Teaches negotiation (level 4)", points=30.0),
    MatchReason(code="availability", text="About 12 hours a week in common", points=8.0),
]


def pair_created(program_id: str, pair_id: str, junior: str, senior: str) -> PairCreated:
    return PairCreated(
        event_id=derive_id(RUN, f"pair|{pair_id}"),
        occurred_at=now(),
        program_id=program_id,
        correlation_id=derive_id(RUN, f"pair-correlation|{pair_id}"),
        pair_id=pair_id,
        junior_id=junior,
        senior_id=senior,
        score=78.0,
        reasons=REASONS,
        round_id=derive_id(RUN, f"round|{program_id}"),
    )


def session_completed(
    program_id: str, pair_id: str, junior: str, senior: str, index: int
) -> SessionCompleted:
    start = now() - timedelta(hours=2)
    session_id = f"{pair_id}-s{index}"
    return SessionCompleted(
        event_id=derive_id(RUN, f"completed|{session_id}"),
        occurred_at=now(),
        program_id=program_id,
        correlation_id=derive_id(RUN, f"pair-correlation|{pair_id}"),
        session_id=session_id,
        pair_id=pair_id,
        junior_id=junior,
        senior_id=senior,
        start=start,
        minutes=60,
    )
