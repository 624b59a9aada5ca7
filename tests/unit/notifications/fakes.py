"""A hand-written in-memory fake of the notifications' main port, the deliveries: records,
claims, outcomes, held digests and the audit outbox. The other ports' fakes are beside it:
directory_fakes.py, channel_fakes.py, pair_record_fakes.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from services.notifications.domain.digest import HeldItem
from services.notifications.domain.fairness import in_turns
from services.notifications.domain.model import (
    FINAL,
    SENDABLE,
    BacklogLine,
    Channel,
    DeliveryRecord,
    Outcome,
    Priority,
    Status,
)
from shared.events import Event


class FakeDeliveries:
    def __init__(self) -> None:
        self.records: dict[str, DeliveryRecord] = {}
        self.digest_of: dict[str, str] = {}
        self.published: list[Event] = []
        self.unpublished: list[Event] = []
        """Recorded in the outbox of their delivery, not published (the relay's work)."""
        self.finish_batches: list[int] = []
        self.finished_at: dict[str, datetime] = {}

    def with_status(self, status: Status) -> list[DeliveryRecord]:
        return [r for r in self.records.values() if r.status is status]

    async def insert_new(self, records: Sequence[DeliveryRecord]) -> list[str]:
        inserted = []
        for record in records:
            if record.delivery_id not in self.records:
                self.records[record.delivery_id] = record
                inserted.append(record.delivery_id)
        return inserted

    async def get(self, delivery_id: str) -> DeliveryRecord | None:
        return self.records.get(delivery_id)

    async def get_many(self, ids: Sequence[str]) -> list[DeliveryRecord]:
        return [self.records[i] for i in ids if i in self.records]

    async def due(self, now: datetime, limit: int, *, high_only: bool = False) -> list[str]:
        """As the database scan: high priority first, programs taking turns in each."""
        ids: list[str] = []
        for high in (True,) if high_only else (True, False):
            lanes: dict[str, list[str]] = {}
            for r in self.records.values():
                due = r.status in SENDABLE and r.not_before <= now
                if due and (r.priority is Priority.HIGH) is high:
                    lanes.setdefault(r.program_id, []).append(r.delivery_id)
            ids += in_turns(dict(sorted(lanes.items())), limit - len(ids))
        return ids

    async def claim_many(
        self, delivery_ids: Sequence[str], now: datetime, *, leased_at: datetime
    ) -> list[DeliveryRecord]:
        claimed = [await self.claim(i, now, leased_at=leased_at) for i in delivery_ids]
        return [record for record in claimed if record is not None]

    async def claim(
        self, delivery_id: str, now: datetime, *, leased_at: datetime
    ) -> DeliveryRecord | None:
        record = self.records.get(delivery_id)
        if record is None or record.status not in SENDABLE or record.not_before > now:
            return None
        claimed = replace(record, status=Status.SENDING, claimed_at=leased_at)
        self.records[delivery_id] = claimed
        return claimed

    async def reschedule(
        self,
        delivery_id: str,
        status: Status,
        not_before: datetime,
        *,
        attempts: int,
        error_type: str | None = None,
        digest_date: str | None = None,
    ) -> None:
        record = self.records[delivery_id]
        if record.status is Status.SENDING:
            self.records[delivery_id] = replace(
                record,
                status=status,
                not_before=not_before,
                attempts=attempts,
                digest_date=digest_date or record.digest_date,
            )

    async def finish(self, record: DeliveryRecord, outcome: Outcome, now: datetime) -> None:
        self.finished_at[record.delivery_id] = now
        if self._record(record, outcome):
            self.published.extend(outcome.events)

    async def finish_many(
        self, finished: Sequence[tuple[DeliveryRecord, Outcome]], now: datetime, *, outbox: bool
    ) -> set[str]:
        self.finish_batches.append(len(finished))
        recorded = set()
        for record, outcome in finished:
            self.finished_at[record.delivery_id] = now
            if self._record(record, outcome):
                if outbox:
                    self.unpublished.extend(outcome.events)
                recorded.add(record.delivery_id)
        return recorded

    async def publish(self, events: Sequence[Event]) -> None:
        self.published.extend(events)

    def _record(self, record: DeliveryRecord, outcome: Outcome) -> bool:
        current = self.records[record.delivery_id]
        if current.status is not Status.SENDING:
            return False
        self.records[record.delivery_id] = replace(
            current, status=outcome.status, attempts=outcome.attempts, cause=None
        )
        return True

    async def stuck(self, claimed_before: datetime, limit: int) -> list[DeliveryRecord]:
        return [
            r
            for r in self.records.values()
            if r.status is Status.SENDING and r.claimed_at and r.claimed_at <= claimed_before
        ][:limit]

    async def renew_claims(
        self, records: Sequence[DeliveryRecord], leased_at: datetime
    ) -> list[DeliveryRecord]:
        renewed = []
        for record in records:
            current = self.records[record.delivery_id]
            if current.status is Status.SENDING and current.claimed_at == record.claimed_at:
                self.records[record.delivery_id] = replace(current, claimed_at=leased_at)
                renewed.append(self.records[record.delivery_id])
        return renewed

    async def release(self, record: DeliveryRecord, *, attempts: int) -> bool:
        current = self.records[record.delivery_id]
        if current.status is not Status.SENDING or current.claimed_at != record.claimed_at:
            return False
        self.records[record.delivery_id] = replace(
            current,
            status=Status.RETRY,
            resumed=True,
            attempts=attempts,
            not_before=record.not_before,
        )
        return True

    async def held_due(self, now: datetime, limit: int) -> list[HeldItem]:
        return [
            HeldItem(
                r.delivery_id,
                r.recipient_id,
                r.program_id,
                r.template,
                r.created_at,
                r.digest_date or "",
                r.audience.value,
            )
            for r in self.records.values()
            if r.status is Status.HELD and r.not_before <= now
        ][:limit]

    async def open_digest(self, record: DeliveryRecord) -> DeliveryRecord:
        current = self.records.get(record.delivery_id)
        if current is None:
            self.records[record.delivery_id] = record
            return record
        if current.status is Status.ASSEMBLING:
            merged = tuple(dict.fromkeys((*current.item_ids, *record.item_ids)))
            current = replace(current, item_ids=merged)
            self.records[record.delivery_id] = current
        return current

    async def mark_in_digest(self, item_ids: Sequence[str], digest_id: str) -> None:
        for i in item_ids:
            if self.records[i].status is Status.HELD:
                self.records[i] = replace(self.records[i], status=Status.IN_DIGEST)
                self.digest_of[i] = digest_id

    async def seal_digest(self, digest_id: str) -> None:
        if self.records[digest_id].status is Status.ASSEMBLING:
            self.records[digest_id] = replace(self.records[digest_id], status=Status.PENDING)

    async def rehold(self, item_ids: Sequence[str], not_before: datetime, digest_date: str) -> None:
        for i in item_ids:
            if self.records[i].status is Status.HELD:
                self.records[i] = replace(
                    self.records[i], not_before=not_before, digest_date=digest_date
                )

    async def finish_items(self, digest_id: str, status: Status, now: datetime) -> None:
        for i, owner in self.digest_of.items():
            if owner == digest_id and self.records[i].status is Status.IN_DIGEST:
                self.records[i] = replace(self.records[i], status=status, cause=None)

    async def cancel_for_recipient(self, recipient_id: str, now: datetime) -> int:
        cancelled = 0
        for key, record in list(self.records.items()):
            if record.recipient_id == recipient_id and record.status not in (
                *FINAL,
                Status.SENDING,
            ):
                self.records[key] = replace(record, status=Status.CANCELLED, cause=None)
                cancelled += 1
        return cancelled

    async def backlog(self, now: datetime) -> list[BacklogLine]:
        lines: dict[tuple[str, str], BacklogLine] = {}
        for r in self.records.values():
            due = r.status in (*SENDABLE, Status.SENDING) and r.not_before <= now
            if not due:
                continue
            key = (r.program_id, r.priority.value)
            line = lines.get(key)
            lines[key] = BacklogLine(
                r.program_id,
                r.priority.value,
                (line.count if line else 0) + 1,
                min(r.not_before, line.oldest_due) if line else r.not_before,
            )
        return list(lines.values())

    async def emails_sent_since(self, recipient_id: str, since: datetime) -> int:
        return sum(
            1
            for r in self.records.values()
            if r.recipient_id == recipient_id
            and r.channel is Channel.EMAIL
            and r.status is Status.SENT
            and self.finished_at.get(r.delivery_id, since) >= since
        )

    async def queue_sizes(self, now: datetime) -> dict[tuple[str, str], int]:
        sizes: dict[tuple[str, str], int] = {}
        for record in self.records.values():
            if record.status in (Status.RETRY, Status.DEFERRED, Status.HELD):
                key = (record.channel.value, record.status.value)
                sizes[key] = sizes.get(key, 0) + 1
        return sizes
