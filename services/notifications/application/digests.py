"""Assembling daily digests from held deliveries; the dispatcher sends them like any email."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from services.notifications.application.ports import DeliveryStore
from services.notifications.domain.digest import DigestBatch, group_for_digest
from services.notifications.domain.model import (
    Audience,
    Channel,
    DeliveryRecord,
    Priority,
    SourceRef,
    Status,
)
from shared.clock import Clock
from shared.events import derive_id, derive_key

DIGEST_TEMPLATE = "digest"


def digest_id(batch: DigestBatch) -> str:
    return derive_key(batch.recipient_id, f"digest:{batch.digest_date}")


class DigestAssembler:
    """Turns due held items into one digest delivery per recipient and local date.

    Steps are idempotent so a crash anywhere is repaired by the next pass: the digest record
    is created ASSEMBLING (never sent in that state), its items are marked, then it is sealed
    PENDING for the dispatcher.
    """

    def __init__(
        self,
        *,
        deliveries: DeliveryStore,
        clock: Clock,
        batch: int = 500,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._deliveries = deliveries
        self._clock = clock
        self._batch = batch
        self._wake = wake

    async def run(self) -> int:
        now = self._clock.now()
        held = await self._deliveries.held_due(now, self._batch)
        sealed = 0
        for batch in group_for_digest(held):
            key = digest_id(batch)
            item_ids = tuple(item.delivery_id for item in batch.items)
            record = DeliveryRecord(
                delivery_id=key,
                cause_event_id=derive_id(key, "digest"),
                event_type="DailyDigest",
                program_id=batch.program_id,
                correlation_id=derive_id(key, "digest-correlation"),
                occurred_at=now,
                recipient_id=batch.recipient_id,
                audience=Audience(batch.audience),
                channel=Channel.EMAIL,
                template=DIGEST_TEMPLATE,
                priority=Priority.NORMAL,
                status=Status.ASSEMBLING,
                not_before=now,
                created_at=now,
                source=SourceRef(topic=""),
                digest_date=batch.digest_date,
                item_ids=item_ids,
            )
            stored = await self._deliveries.open_digest(record)
            if stored.status is Status.ASSEMBLING:
                await self._deliveries.mark_in_digest(item_ids, key)
                await self._deliveries.seal_digest(key)
                sealed += 1
            else:
                # That day's digest left already: these items wait for the next one.
                next_day = date.fromisoformat(batch.digest_date) + timedelta(days=1)
                await self._deliveries.rehold(
                    item_ids, now + timedelta(days=1), next_day.isoformat()
                )
        if sealed:
            self._wake()
        return sealed
