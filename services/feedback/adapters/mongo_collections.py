"""The collections the feedback service owns, and the indexes its queries rely on."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.storage.mongo import CollectionSpec

PROGRAMS = "programs"
PARTICIPANTS = "participants"
PAIRS = "pairs"
SESSIONS = "sessions"
REQUESTS = "feedback_requests"
NOTES = "private_notes"
SELF_ASSESSMENTS = "self_assessments"
ERASURES = "erasures"

COLLECTIONS = [
    CollectionSpec(PROGRAMS, [IndexModel([("region", ASCENDING), ("cohort", ASCENDING)])]),
    CollectionSpec(PARTICIPANTS, [IndexModel([("participant_id", ASCENDING)])]),
    CollectionSpec(
        PAIRS,
        [
            IndexModel([("program_id", ASCENDING), ("status", ASCENDING)]),
            IndexModel([("health.at_risk", ASCENDING), ("program_id", ASCENDING)]),
            IndexModel([("health_check_at", ASCENDING)], sparse=True),
            IndexModel([("junior_id", ASCENDING)]),
            IndexModel([("senior_id", ASCENDING)]),
        ],
    ),
    CollectionSpec(
        SESSIONS,
        [
            IndexModel([("pair_id", ASCENDING), ("start", DESCENDING)]),
            IndexModel([("program_id", ASCENDING), ("status", ASCENDING)]),
        ],
    ),
    CollectionSpec(
        REQUESTS,
        [
            IndexModel([("pair_id", ASCENDING), ("session_start", DESCENDING)]),
            IndexModel([("participant_id", ASCENDING), ("session_start", DESCENDING)]),
            IndexModel(
                [
                    ("participant_id", ASCENDING),
                    ("status", ASCENDING),
                    ("session_start", DESCENDING),
                ]
            ),
            IndexModel([("program_id", ASCENDING), ("status", ASCENDING)]),
            IndexModel([("nudge_at", ASCENDING)], sparse=True),
        ],
    ),
    CollectionSpec(NOTES, [IndexModel([("author_id", ASCENDING)])]),
    CollectionSpec(
        SELF_ASSESSMENTS,
        [
            IndexModel(
                [("program_id", ASCENDING), ("participant_id", ASCENDING), ("phase", ASCENDING)],
                unique=True,
            ),
            IndexModel([("participant_id", ASCENDING)]),
        ],
    ),
    CollectionSpec(ERASURES),
]

OUTBOX_COLLECTIONS = [PAIRS, REQUESTS]
