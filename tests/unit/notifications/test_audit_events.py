"""The audit events of a delivery keep ids derived from the delivery and the attempt, so a
replayed outcome publishes the same event and a send repeated after a crash another one."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from services.notifications.application.audit import notification_failed, notification_sent
from services.notifications.domain.model import (
    Audience,
    Channel,
    DeliveryRecord,
    Priority,
    SourceRef,
    Status,
)
from shared.events import derive_id

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RECORD = DeliveryRecord(
    delivery_id="d-1",
    cause_event_id=UUID("00000000-0000-4000-8000-000000000001"),
    event_type="PairCreated",
    program_id="p-1",
    correlation_id=UUID("00000000-0000-4000-8000-000000000002"),
    occurred_at=NOW,
    recipient_id="junior-1",
    audience=Audience.PARTICIPANT,
    channel=Channel.EMAIL,
    template="pair_introduction",
    priority=Priority.HIGH,
    status=Status.SENDING,
    not_before=NOW,
    created_at=NOW,
    source=SourceRef("twoway.pairs"),
)


def test_a_sent_notification_is_named_by_its_delivery_and_attempt() -> None:
    sent = notification_sent(RECORD, attempts=2, now=NOW)
    assert sent.event_id == derive_id("d-1", "notification-sent|2")
    assert sent == notification_sent(RECORD, attempts=2, now=NOW)
    assert notification_sent(RECORD, attempts=3, now=NOW).event_id != sent.event_id
    assert (sent.causation_id, sent.correlation_id) == (
        RECORD.cause_event_id,
        RECORD.correlation_id,
    )
    assert (sent.program_id, sent.occurred_at, sent.attempts) == ("p-1", NOW, 2)


def test_a_failed_notification_counts_at_least_one_attempt() -> None:
    failed = notification_failed(
        RECORD, error_type="smtp_refused", permanent=True, attempts=0, now=NOW
    )
    assert failed.event_id == derive_id("d-1", "notification-failed|1")
    assert (failed.attempts, failed.error_type, failed.permanent) == (1, "smtp_refused", True)
    assert failed.causation_id == RECORD.cause_event_id
