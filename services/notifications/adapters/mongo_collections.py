"""The collections the notifications service owns, with the indexes its queries use."""

from __future__ import annotations

from datetime import timedelta

from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.storage.mongo import CollectionSpec

PROGRAMS = "programs"
CONTACTS = "contacts"
ADMIN_CONTACTS = "admin_contacts"
PREFERENCES = "preferences"
DELIVERIES = "deliveries"
INBOX = "inbox"
PLANNED_SERIES = "planned_series"
ENDED_PAIRS = "ended_pairs"
LEAVERS = "leavers"

OUTBOX_COLLECTIONS = (DELIVERIES,)


def collection_specs(*, finished_retention: timedelta) -> list[CollectionSpec]:
    """`finished_retention` must outlast Kafka's retention: a finished delivery is also the
    proof that a redelivered event was handled already."""
    return [
        CollectionSpec(PROGRAMS),
        CollectionSpec(PLANNED_SERIES),
        CollectionSpec(ENDED_PAIRS),
        CollectionSpec(LEAVERS),
        CollectionSpec(CONTACTS),
        CollectionSpec(PREFERENCES),
        CollectionSpec(ADMIN_CONTACTS, [IndexModel([("program_id", ASCENDING)])]),
        CollectionSpec(
            DELIVERIES,
            [
                # due work: status in (pending, retry, deferred) and not_before <= now
                IndexModel([("status", ASCENDING), ("not_before", ASCENDING)]),
                IndexModel([("status", ASCENDING), ("claimed_at", ASCENDING)]),
                IndexModel([("recipient_id", ASCENDING), ("status", ASCENDING)]),
                IndexModel([("digest_id", ASCENDING)], sparse=True),
                # the outbox relay looks for audit events left unpublished past a grace period
                IndexModel([("_outbox.at", ASCENDING)], name="outbox_pending", sparse=True),
                IndexModel(
                    [("finished_at", ASCENDING)],
                    expireAfterSeconds=int(finished_retention.total_seconds()),
                ),
            ],
        ),
        CollectionSpec(
            INBOX,
            [
                IndexModel([("recipient_id", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("mentions", ASCENDING)], sparse=True),
            ],
        ),
    ]
