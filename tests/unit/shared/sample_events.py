"""One valid instance of every event type, for contract tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from shared.events import (
    EVENT_CLASSES,
    Event,
    MatchReason,
    ParticipantProfile,
    ProgramSettings,
    Ratings,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
ENVELOPE = {
    "event_id": UUID("00000000-0000-4000-8000-000000000001"),
    "occurred_at": NOW,
    "program_id": "emea-2026",
    "correlation_id": UUID("00000000-0000-4000-8000-000000000002"),
}
SETTINGS = ProgramSettings(
    name="EMEA reverse mentoring 2026",
    region="EMEA",
    timezone="Europe/Berlin",
    locales=["en", "de"],
    start_date=date(2026, 3, 1),
    end_date=date(2026, 9, 1),
)
PROFILE = ParticipantProfile(
    participant_id="p-001",
    role="junior",
    display_name="Ada Example",
    email="ada@example.com",
    department="Engineering",
    location="Berlin",
    timezone="Europe/Berlin",
    languages=["en", "de"],
    seniority_level=2,
    skills_offered=[{"skill": "generative ai", "level": 4}],
    learning_goals=[{"skill": "negotiation", "priority": 3}],
    availability=[{"day": "tue", "start": "09:00", "end": "12:00"}],
)
SESSION = {"session_id": "s-1", "pair_id": "pair-1", "junior_id": "p-001", "senior_id": "p-002"}
PAIR = {"pair_id": "pair-1", "junior_id": "p-001", "senior_id": "p-002"}
ROUND = UUID("00000000-0000-4000-8000-000000000003")
ICS = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

SERIES_PATTERN = {
    "timezone": "Europe/Berlin",
    "first_start": NOW,
    "cadence_days": 14,
    "count": 2,
    "session_minutes": 60,
}
SERIES_SESSIONS = [
    {
        "session_id": f"s-{n}",
        "index": n,
        "start": NOW + timedelta(days=14 * n),
        "end": NOW + timedelta(days=14 * n, hours=1),
        "status": "scheduled",
        "occurrence": NOW + timedelta(days=14 * n),
    }
    for n in range(2)
]

PAYLOADS: dict[str, dict[str, object]] = {
    "ProgramLaunched": {"settings": SETTINGS},
    "ProgramUpdated": {"settings": SETTINGS, "program_version": 2},
    "MatchingRoundCompleted": {
        "round_id": ROUND,
        "pairs_proposed": 3,
        "pairs_created": 3,
        "unmatched_juniors": 0,
        "unmatched_seniors": 1,
        "match_rate": 0.85,
        "mean_score": 41.5,
        "lowest_score": 20.0,
        "gap_to_bound": 0.02,
        "duration_seconds": 0.4,
    },
    "ParticipantJoined": {"participant": PROFILE},
    "ParticipantUpdated": {"participant": PROFILE, "profile_version": 2},
    "ParticipantWithdrew": {"participant_id": "p-001", "role": "junior"},
    "ParticipantErased": {"participant_id": "p-001"},
    "ParticipantInvited": {
        "participant_id": "p-001",
        "role": "junior",
        "display_name": "Ada Lovelace",
        "email": "ada@example.com",
        "locale": "en",
        "timezone": "Europe/Berlin",
    },
    "PairCreated": {
        **PAIR,
        "score": 42.0,
        "round_id": ROUND,
        "reasons": [MatchReason(code="junior_teaches", text="teaches generative ai", points=12.0)],
    },
    "PairEnded": {**PAIR, "reason": "admin"},
    "SessionScheduled": {
        **SESSION,
        "series_index": 0,
        "series_length": 12,
        "start": NOW,
        "end": NOW + timedelta(hours=1),
        "ics": ICS,
    },
    "SessionRescheduled": {
        **SESSION,
        "previous_start": NOW,
        "start": NOW + timedelta(days=1),
        "end": NOW + timedelta(days=1, hours=1),
        "ics_sequence": 1,
        "ics": ICS,
    },
    "SessionCancelled": {
        **SESSION,
        "start": NOW,
        "ics_sequence": 1,
        "ics": ICS,
        "reason": "requested",
    },
    "SessionCompleted": {**SESSION, "start": NOW, "minutes": 55},
    "SessionMissed": {**SESSION, "start": NOW},
    "SessionReminderDue": {
        **SESSION,
        "start": NOW,
        "end": NOW + timedelta(hours=1),
        "minutes_before": 60,
    },
    "SessionSeriesUnschedulable": {**PAIR, "reason": "no_common_availability"},
    "SessionSeriesPlanned": {
        **PAIR,
        "pattern": SERIES_PATTERN,
        "sessions": SERIES_SESSIONS,
        "sequence": 1,
        "reasons": [{"code": "junior_teaches", "text": "teaches generative ai", "points": 3.0}],
    },
    "SessionSeriesChanged": {
        **PAIR,
        "pattern": SERIES_PATTERN,
        "sessions": SERIES_SESSIONS,
        "sequence": 2,
        "change": "rescheduled",
        "session_id": "s-1",
        "previous_start": NOW,
        "reason": "requested",
    },
    "FeedbackRequested": {
        "request_id": "r-1",
        "session_id": "s-1",
        "pair_id": "pair-1",
        "participant_id": "p-001",
        "role": "junior",
        "due_at": NOW + timedelta(days=7),
    },
    "FeedbackSubmitted": {
        "request_id": "r-1",
        "session_id": "s-1",
        "pair_id": "pair-1",
        "participant_id": "p-001",
        "role": "junior",
        "ratings": Ratings(value=4, preparation=5, psychological_safety=5),
        "topics_taught": ["generative ai"],
        "would_continue": True,
    },
    "PairAtRisk": {**PAIR, "health_score": 0.3, "reasons": ["low_ratings"], "episode": 1},
    "PairHealthRecovered": {**PAIR, "health_score": 0.7, "episode": 1},
    "NotificationSent": {
        "delivery_id": "d-1",
        "recipient_id": "p-001",
        "channel": "email",
        "template": "pair_created",
        "cause_event_id": ROUND,
    },
    "NotificationFailed": {
        "delivery_id": "d-1",
        "recipient_id": "p-001",
        "channel": "chat",
        "template": "pair_created",
        "cause_event_id": ROUND,
        "error_type": "HTTP400",
        "permanent": True,
    },
    "PersonProvisioned": {
        "person_id": "p-001",
        "connection_id": "entra",
        "display_name": "Ada Example",
        "email": "ada@example.com",
    },
    "PersonUpdated": {
        "person_id": "p-001",
        "connection_id": "entra",
        "display_name": "Ada Example",
        "email": "ada@example.com",
        "active": True,
        "person_version": 2,
    },
    "PersonDeactivated": {"person_id": "p-001", "connection_id": "entra", "person_version": 3},
}


def sample(event_type: str) -> Event:
    return EVENT_CLASSES[event_type](**ENVELOPE, **PAYLOADS[event_type])
