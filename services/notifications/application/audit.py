"""NotificationSent / NotificationFailed: the audit trail, with ids derived from the delivery
and the attempt (a send repeated after a crash is another event)."""

from __future__ import annotations

from datetime import datetime

from services.notifications.application.ports import DeliveryRecord
from shared.events import NotificationFailed, NotificationSent, derive_id


def notification_sent(record: DeliveryRecord, *, attempts: int, now: datetime) -> NotificationSent:
    return NotificationSent(
        event_id=derive_id(record.delivery_id, f"notification-sent|{max(1, attempts)}"),
        occurred_at=now,
        program_id=record.program_id,
        correlation_id=record.correlation_id,
        causation_id=record.cause_event_id,
        delivery_id=record.delivery_id,
        recipient_id=record.recipient_id,
        channel=record.channel.value,
        template=record.template,
        cause_event_id=record.cause_event_id,
        attempts=max(1, attempts),
    )


def notification_failed(
    record: DeliveryRecord, *, error_type: str, permanent: bool, attempts: int, now: datetime
) -> NotificationFailed:
    return NotificationFailed(
        event_id=derive_id(record.delivery_id, f"notification-failed|{max(1, attempts)}"),
        occurred_at=now,
        program_id=record.program_id,
        correlation_id=record.correlation_id,
        causation_id=record.cause_event_id,
        delivery_id=record.delivery_id,
        recipient_id=record.recipient_id,
        channel=record.channel.value,
        template=record.template,
        cause_event_id=record.cause_event_id,
        error_type=error_type[:100] or "unknown",
        permanent=permanent,
        attempts=max(1, attempts),
    )
