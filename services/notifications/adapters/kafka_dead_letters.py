"""Failed deliveries' causing events to `dlq.notifications`, with the shared DLQ headers."""

from __future__ import annotations

import logging

from services.notifications.domain.model import DeliveryRecord
from shared.messaging.dead_letter import DeadLetterRouter

log = logging.getLogger("twoway.notifications.dead_letters")


class KafkaDeadLetters:
    def __init__(self, router: DeadLetterRouter) -> None:
        self._router = router

    async def dead_letter(
        self,
        record: DeliveryRecord,
        *,
        error_type: str,
        detail: str,
        attempts: int,
        permanent: bool,
    ) -> None:
        if record.cause is None:
            # A digest has no single causing event; its NotificationFailed is the record.
            log.warning("delivery without a cause failed", extra={"error_type": error_type})
            return
        await self._router.dead_letter_body(
            record.cause.encode("utf-8"),
            source_topic=record.source.topic,
            partition=record.source.partition,
            offset=record.source.offset,
            key=record.source.key,
            headers=[
                ("event_type", record.event_type),
                ("event_id", str(record.cause_event_id)),
                ("correlation_id", str(record.correlation_id)),
            ],
            reason="delivery_rejected" if permanent else "delivery_retries_exhausted",
            error_type=error_type,
            error_message=detail,
            attempts=attempts,
            extra_headers={
                "x-dlq-delivery-id": record.delivery_id,
                "x-dlq-channel": record.channel.value,
                "x-dlq-template": record.template,
            },
        )
