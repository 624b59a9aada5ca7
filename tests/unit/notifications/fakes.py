"""Hand-written in-memory fakes of the notifications ports."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from services.notifications.domain.digest import HeldItem
from services.notifications.domain.fairness import in_turns
from services.notifications.domain.model import (
    FINAL,
    SENDABLE,
    BacklogLine,
    Channel,
    Contact,
    DeliveryError,
    DeliveryRecord,
    InboxItem,
    Outcome,
    OutgoingEmail,
    Preferences,
    Priority,
    ProgramProfile,
    Status,
)
from shared.events import Event


class FakePrograms:
    def __init__(self) -> None:
        self.programs: dict[str, ProgramProfile] = {}

    async def get(self, program_id: str) -> ProgramProfile | None:
        return self.programs.get(program_id)

    async def save(self, profile: ProgramProfile) -> bool:
        current = self.programs.get(profile.program_id)
        if current is not None and current.version >= profile.version:
            return False
        self.programs[profile.program_id] = profile
        return True


class FakeContacts:
    def __init__(self) -> None:
        self.contacts: dict[str, tuple[int, Contact]] = {}
        self.erased: set[str] = set()

    async def get_many(self, ids: Sequence[str]) -> tuple[dict[str, Contact], set[str]]:
        found = {i: self.contacts[i][1] for i in ids if i in self.contacts}
        return found, {i for i in ids if i in self.erased}

    async def save(self, contact: Contact, version: int) -> bool:
        rid = contact.recipient_id
        if rid in self.erased or (rid in self.contacts and self.contacts[rid][0] >= version):
            return False
        self.contacts[rid] = (version, contact)
        return True

    async def erase(self, participant_id: str, now: datetime) -> None:
        self.contacts.pop(participant_id, None)
        self.erased.add(participant_id)


class FakeAdmins:
    def __init__(self) -> None:
        self.admins: dict[tuple[str, str], Contact] = {}

    async def get_many(self, program_id: str, ids: Sequence[str]) -> dict[str, Contact]:
        return {i: self.admins[(program_id, i)] for i in ids if (program_id, i) in self.admins}

    async def list(self, program_id: str) -> list[Contact]:
        return [c for (p, _i), c in sorted(self.admins.items()) if p == program_id]

    async def put(self, contact: Contact) -> None:
        self.admins[(contact.program_id, contact.recipient_id)] = contact

    async def delete(self, program_id: str, admin_id: str) -> bool:
        return self.admins.pop((program_id, admin_id), None) is not None


class FakePreferences:
    def __init__(self) -> None:
        self.preferences: dict[str, Preferences] = {}

    async def get_many(self, ids: Sequence[str]) -> dict[str, Preferences]:
        return {i: self.preferences[i] for i in ids if i in self.preferences}

    async def put(self, recipient_id: str, preferences: Preferences) -> None:
        self.preferences[recipient_id] = preferences

    async def delete(self, recipient_id: str) -> None:
        self.preferences.pop(recipient_id, None)


class FakeInbox:
    def __init__(self) -> None:
        self.items: dict[str, InboxItem] = {}

    async def add(self, item: InboxItem) -> None:
        self.items.setdefault(item.item_id, item)

    async def list(
        self, recipient_id: str, *, unread_only: bool, limit: int, before: datetime | None
    ) -> list[InboxItem]:
        items = [
            i
            for i in self.items.values()
            if i.recipient_id == recipient_id
            and (not unread_only or i.read_at is None)
            and (before is None or i.created_at < before)
        ]
        return sorted(items, key=lambda i: (i.created_at, i.item_id), reverse=True)[:limit]

    async def mark_read(
        self, recipient_id: str, item_ids: Sequence[str] | None, now: datetime
    ) -> int:
        marked = 0
        for key, item in list(self.items.items()):
            if item.recipient_id != recipient_id or item.read_at is not None:
                continue
            if item_ids is None or key in item_ids:
                self.items[key] = replace(item, read_at=now)
                marked += 1
        return marked

    async def erase(self, recipient_id: str) -> int:
        doomed = [k for k, i in self.items.items() if i.recipient_id == recipient_id]
        for key in doomed:
            del self.items[key]
        return len(doomed)

    async def redact_mentions(
        self, participant_id: str, texts: Mapping[str, tuple[str, str]]
    ) -> int:
        redacted = 0
        for key, item in list(self.items.items()):
            if participant_id in item.mentions and item.locale in texts:
                subject, body = texts[item.locale]
                self.items[key] = replace(item, subject=subject, body=body, mentions=())
                redacted += 1
        return redacted


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

    async def due(self, now: datetime, limit: int) -> list[str]:
        """As the database scan: high priority first, programs taking turns in each."""
        ids: list[str] = []
        for high in (True, False):
            lanes: dict[str, list[str]] = {}
            for r in self.records.values():
                due = r.status in SENDABLE and r.not_before <= now
                if due and (r.priority is Priority.HIGH) is high:
                    lanes.setdefault(r.program_id, []).append(r.delivery_id)
            ids += in_turns(dict(sorted(lanes.items())), limit - len(ids))
        return ids

    async def claim_many(self, delivery_ids: Sequence[str], now: datetime) -> list[DeliveryRecord]:
        claimed = [await self.claim(i, now) for i in delivery_ids]
        return [record for record in claimed if record is not None]

    async def claim(self, delivery_id: str, now: datetime) -> DeliveryRecord | None:
        record = self.records.get(delivery_id)
        if record is None or record.status not in SENDABLE or record.not_before > now:
            return None
        claimed = replace(record, status=Status.SENDING, claimed_at=now)
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
        self, records: Sequence[DeliveryRecord], now: datetime
    ) -> list[DeliveryRecord]:
        renewed = []
        for record in records:
            current = self.records[record.delivery_id]
            if current.status is Status.SENDING and current.claimed_at == record.claimed_at:
                self.records[record.delivery_id] = replace(current, claimed_at=now)
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
            not_before=record.claimed_at or record.not_before,
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


class ScriptedEmail:
    """Fails with the scripted errors first, then accepts."""

    def __init__(self, *failures: DeliveryError) -> None:
        self.failures = list(failures)
        self.sent: list[OutgoingEmail] = []
        self.attempts = 0

    async def send(self, email: OutgoingEmail) -> None:
        self.attempts += 1
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(email)


class ScriptedChat:
    def __init__(self, *failures: DeliveryError) -> None:
        self.failures = list(failures)
        self.posts: list[tuple[str, str]] = []

    async def post(self, url: str, text: str) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.posts.append((url, text))


class RecordingDeadLetters:
    def __init__(self) -> None:
        self.entries: list[tuple[str, str, bool]] = []

    async def dead_letter(
        self,
        record: DeliveryRecord,
        *,
        error_type: str,
        detail: str,
        attempts: int,
        permanent: bool,
    ) -> None:
        self.entries.append((record.delivery_id, error_type, permanent))


class RecordingMetrics:
    def __init__(self) -> None:
        self.finished_with: list[tuple[str, str, str, str]] = []
        self.retries = 0
        self.queue: dict[tuple[str, str], int] = {}
        self.name_fallbacks: list[str] = []
        self.backlog_lines: list[BacklogLine] = []
        self.dropped_after_end: list[str] = []
        self.leavers_spared: list[str] = []
        self.leaver_cancellations = 0

    def leaver_spared(self, template: str) -> None:
        self.leavers_spared.append(template)

    def leaver_deliveries_cancelled(self, count: int) -> None:
        self.leaver_cancellations += count

    def dropped_after_pair_end(self, event_type: str) -> None:
        self.dropped_after_end.append(event_type)

    def backlog(self, lines: Sequence[BacklogLine], now: datetime) -> None:
        self.backlog_lines = list(lines)

    def name_fallback(self, template: str) -> None:
        self.name_fallbacks.append(template)

    def finished(self, record: DeliveryRecord, status: Status, reason: str, now: datetime) -> None:
        self.finished_with.append((record.channel.value, record.template, status.value, reason))

    def retried(self, record: DeliveryRecord) -> None:
        self.retries += 1

    def queued(self, sizes: Mapping[tuple[str, str], int]) -> None:
        self.queue = dict(sizes)


class FakeSeriesLedger:
    def __init__(self) -> None:
        self.planned: dict[str, datetime] = {}
        self.ended_at: dict[str, datetime] = {}

    async def record(self, pair_id: str, at: datetime) -> None:
        self.planned.setdefault(pair_id, at)

    async def known(self, pair_id: str) -> bool:
        return pair_id in self.planned

    async def record_end(self, pair_id: str, at: datetime) -> None:
        self.ended_at.setdefault(pair_id, at)

    async def ended(self, pair_id: str) -> bool:
        return pair_id in self.ended_at


class FakeEndedPairs:
    def __init__(self) -> None:
        self.ended_at: dict[str, datetime] = {}

    async def remember(self, pair_id: str, at: datetime) -> None:
        self.ended_at.setdefault(pair_id, at)

    async def has_ended(self, pair_id: str) -> bool:
        return pair_id in self.ended_at

    async def ended_among(self, pair_ids: Collection[str]) -> set[str]:
        return {p for p in pair_ids if p in self.ended_at}


class FakeLeaverRecords:
    def __init__(self) -> None:
        self.people: dict[str, tuple[int, bool]] = {}

    async def mark(self, person_id: str, version: int, *, active: bool) -> bool:
        known = self.people.get(person_id)
        if known is not None and known[0] >= version:
            return False
        self.people[person_id] = (version, active)
        return True

    async def inactive_among(self, person_ids: Collection[str]) -> set[str]:
        return {p for p in person_ids if p in self.people and not self.people[p][1]}
