"""NotificationSent / NotificationFailed: the audit trail, with ids derived from the delivery
and the attempt (a send repeated after a crash is another event)."""

from __future__ import annotations

from datetime import datetime

from services.notifications.domain.model import DeliveryRecord
from shared.events import NotificationFailed, NotificationSent
from shared.events.factory import for_entity


def notification_sent(record: DeliveryRecord, *, attempts: int, now: datetime) -> NotificationSent:
    attempt = max(1, attempts)
    return for_entity(
        record.delivery_id,
        NotificationSent,
        f"notification-sent|{attempt}",
        now=now,
        program_id=record.program_id,
        correlation_id=record.correlation_id,
        causation_id=record.cause_event_id,
        delivery_id=record.delivery_id,
        recipient_id=record.recipient_id,
        channel=record.channel.value,
        template=record.template,
        cause_event_id=record.cause_event_id,
        attempts=attempt,
    )


def notification_failed(
    record: DeliveryRecord, *, error_type: str, permanent: bool, attempts: int, now: datetime
) -> NotificationFailed:
    attempt = max(1, attempts)
    return for_entity(
        record.delivery_id,
        NotificationFailed,
        f"notification-failed|{attempt}",
        now=now,
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
        attempts=attempt,
    )
