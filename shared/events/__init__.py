"""Twoway's event contracts: the only thing services share on the wire."""

from shared.events.catalog import EVENT_CLASSES, STREAMS, AnyEvent
from shared.events.codec import (
    EventDecodeError,
    InvalidEventField,
    MalformedJson,
    UnknownEventType,
    UnsupportedSchemaVersion,
    decode_event,
    encode_event,
    event_json_schemas,
)
from shared.events.envelope import SCHEMA_VERSION, Event
from shared.events.feedback import (
    FeedbackRequested,
    FeedbackSubmitted,
    PairAtRisk,
    PairHealthRecovered,
    Ratings,
)
from shared.events.ids import derive_id, derive_key
from shared.events.notifications import NotificationFailed, NotificationSent
from shared.events.pairs import MatchReason, PairCreated, PairEnded
from shared.events.participants import (
    AvailabilityWindow,
    LearningGoal,
    ParticipantErased,
    ParticipantJoined,
    ParticipantProfile,
    ParticipantUpdated,
    ParticipantWithdrew,
    SkillLevel,
)
from shared.events.programs import (
    MatchingRoundCompleted,
    ProgramLaunched,
    ProgramSettings,
    ProgramUpdated,
)
from shared.events.sessions import (
    SessionCancelled,
    SessionCompleted,
    SessionMissed,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    SessionSeriesUnschedulable,
)
from shared.events.topics import Topics, all_topics, partition_key

__all__ = [
    "EVENT_CLASSES",
    "SCHEMA_VERSION",
    "STREAMS",
    "AnyEvent",
    "AvailabilityWindow",
    "Event",
    "EventDecodeError",
    "FeedbackRequested",
    "FeedbackSubmitted",
    "InvalidEventField",
    "LearningGoal",
    "MalformedJson",
    "MatchReason",
    "MatchingRoundCompleted",
    "NotificationFailed",
    "NotificationSent",
    "PairAtRisk",
    "PairCreated",
    "PairEnded",
    "PairHealthRecovered",
    "ParticipantErased",
    "ParticipantJoined",
    "ParticipantProfile",
    "ParticipantUpdated",
    "ParticipantWithdrew",
    "ProgramLaunched",
    "ProgramSettings",
    "ProgramUpdated",
    "Ratings",
    "SessionCancelled",
    "SessionCompleted",
    "SessionMissed",
    "SessionReminderDue",
    "SessionRescheduled",
    "SessionScheduled",
    "SessionSeriesUnschedulable",
    "SkillLevel",
    "Topics",
    "UnknownEventType",
    "UnsupportedSchemaVersion",
    "all_topics",
    "decode_event",
    "derive_id",
    "derive_key",
    "encode_event",
    "event_json_schemas",
    "partition_key",
]
