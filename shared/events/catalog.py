"""The closed set of Twoway events, and which stream each one travels on."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from shared.events.directory import PersonDeactivated, PersonProvisioned, PersonUpdated
from shared.events.envelope import Event
from shared.events.feedback import (
    FeedbackRequested,
    FeedbackSubmitted,
    PairAtRisk,
    PairHealthRecovered,
)
from shared.events.notifications import NotificationFailed, NotificationSent
from shared.events.pairs import PairCreated, PairEnded
from shared.events.participants import (
    ParticipantErased,
    ParticipantInvited,
    ParticipantJoined,
    ParticipantUpdated,
    ParticipantWithdrew,
)
from shared.events.programs import MatchingRoundCompleted, ProgramLaunched, ProgramUpdated
from shared.events.series import SessionSeriesChanged, SessionSeriesPlanned
from shared.events.sessions import (
    SessionCancelled,
    SessionCompleted,
    SessionMissed,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    SessionSeriesUnschedulable,
)

_Programs = ProgramLaunched | ProgramUpdated | MatchingRoundCompleted
_Participants = (
    ParticipantJoined
    | ParticipantUpdated
    | ParticipantWithdrew
    | ParticipantErased
    | ParticipantInvited
)
_Pairs = PairCreated | PairEnded
_Sessions = (
    SessionScheduled
    | SessionRescheduled
    | SessionCancelled
    | SessionCompleted
    | SessionMissed
    | SessionReminderDue
    | SessionSeriesUnschedulable
    | SessionSeriesPlanned
    | SessionSeriesChanged
)
_Feedback = FeedbackRequested | FeedbackSubmitted | PairAtRisk | PairHealthRecovered
_Notifications = NotificationSent | NotificationFailed
_Directory = PersonProvisioned | PersonUpdated | PersonDeactivated

# One discriminated union per stream: what a subscriber of that topic can receive.
ProgramEvent = Annotated[_Programs, Field(discriminator="event_type")]
ParticipantEvent = Annotated[_Participants, Field(discriminator="event_type")]
PairEvent = Annotated[_Pairs, Field(discriminator="event_type")]
SessionEvent = Annotated[_Sessions, Field(discriminator="event_type")]
FeedbackEvent = Annotated[_Feedback, Field(discriminator="event_type")]
NotificationEvent = Annotated[_Notifications, Field(discriminator="event_type")]
DirectoryEvent = Annotated[_Directory, Field(discriminator="event_type")]

AnyEvent = Annotated[
    _Programs | _Participants | _Pairs | _Sessions | _Feedback | _Notifications | _Directory,
    Field(discriminator="event_type"),
]

# stream name -> (event classes on it, envelope/payload field used as the partition key)
STREAMS: dict[str, tuple[tuple[type[Event], ...], str]] = {
    "programs": ((ProgramLaunched, ProgramUpdated, MatchingRoundCompleted), "program_id"),
    "participants": (
        (
            ParticipantJoined,
            ParticipantUpdated,
            ParticipantWithdrew,
            ParticipantErased,
            ParticipantInvited,
        ),
        "program_id",
    ),
    "pairs": ((PairCreated, PairEnded), "pair_id"),
    "sessions": (
        (
            SessionScheduled,
            SessionRescheduled,
            SessionCancelled,
            SessionCompleted,
            SessionMissed,
            SessionReminderDue,
            SessionSeriesUnschedulable,
            SessionSeriesPlanned,
            SessionSeriesChanged,
        ),
        "pair_id",
    ),
    "feedback": (
        (FeedbackRequested, FeedbackSubmitted, PairAtRisk, PairHealthRecovered),
        "pair_id",
    ),
    "notifications": ((NotificationSent, NotificationFailed), "recipient_id"),
    "directory": ((PersonProvisioned, PersonUpdated, PersonDeactivated), "person_id"),
}

EVENT_CLASSES: dict[str, type[Event]] = {
    cls.model_fields["event_type"].default: cls
    for classes, _key in STREAMS.values()
    for cls in classes
}

STREAM_OF: dict[str, str] = {
    cls.model_fields["event_type"].default: stream
    for stream, (classes, _key) in STREAMS.items()
    for cls in classes
}
