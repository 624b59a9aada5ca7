"""What the handlers need from the outside world; adapters implement these, tests fake them.

The delivery model these speak of (DeliveryRecord, Status, Outcome...) is in `domain/model.py`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from services.notifications.domain.digest import HeldItem
from services.notifications.domain.model import (
    BacklogLine,
    Contact,
    DeliveryRecord,
    InboxItem,
    Outcome,
    OutgoingEmail,
    Preferences,
    ProgramProfile,
    Status,
)
from shared.events import Event
from shared.storage.audit import AuditEntry


class ProgramDirectory(Protocol):
    async def get(self, program_id: str) -> ProgramProfile | None: ...
    async def save(self, profile: ProgramProfile) -> bool: ...


class ContactDirectory(Protocol):
    async def get_many(self, ids: Sequence[str]) -> tuple[dict[str, Contact], set[str]]:
        """(known contacts, ids that were erased)."""
        ...

    async def save(self, contact: Contact, version: int) -> bool: ...
    async def erase(self, participant_id: str, now: datetime) -> None: ...
    async def forget_unjoined(self, participant_id: str, below_version: int) -> bool:
        """Removes the contact if no profile version of theirs was saved (its version is below
        `below_version`); True if one was removed."""
        ...


class AdminContacts(Protocol):
    async def get_many(self, program_id: str, ids: Sequence[str]) -> dict[str, Contact]: ...
    async def list(self, program_id: str) -> list[Contact]: ...
    async def put(self, contact: Contact) -> None: ...
    async def delete(self, program_id: str, admin_id: str) -> bool: ...


class PreferenceStore(Protocol):
    async def get_many(self, ids: Sequence[str]) -> dict[str, Preferences]: ...
    async def put(self, recipient_id: str, preferences: Preferences) -> None: ...
    async def delete(self, recipient_id: str) -> None: ...


class InboxStore(Protocol):
    async def add(self, item: InboxItem) -> None: ...
    async def list(
        self, recipient_id: str, *, unread_only: bool, limit: int, before: datetime | None
    ) -> list[InboxItem]: ...
    async def mark_read(
        self, recipient_id: str, item_ids: Sequence[str] | None, now: datetime
    ) -> int: ...
    async def erase(self, recipient_id: str) -> int: ...
    async def redact_mentions(
        self, participant_id: str, texts: Mapping[str, tuple[str, str]]
    ) -> int:
        """Replace subject and body of others' items naming the person; texts by locale."""
        ...


class InboxPages(Protocol):
    async def page(
        self,
        recipient_id: str,
        *,
        unread_only: bool,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> tuple[list[InboxItem], int]:
        """Up to limit + 1 items older than `after` (created_at, id), newest first, and how
        many there are in all."""
        ...


class AuditTrailPort(Protocol):
    """A program's audit trail (`shared.storage.audit.AuditTrail` in MongoDB)."""

    async def record(self, entry: AuditEntry) -> None:
        """Add the entry once: the same entry id again changes nothing."""
        ...

    async def forget(self, person_id: str) -> int:
        """Clear what the entries about this person said; how many were cleared."""
        ...


class DeliveryStore(Protocol):
    async def insert_new(self, records: Sequence[DeliveryRecord]) -> list[str]:
        """Ids actually inserted; an id that exists already was handled before."""
        ...

    async def get(self, delivery_id: str) -> DeliveryRecord | None: ...
    async def get_many(self, ids: Sequence[str]) -> list[DeliveryRecord]: ...
    async def due(self, now: datetime, limit: int, *, high_only: bool = False) -> list[str]: ...
    async def claim_many(
        self, delivery_ids: Sequence[str], now: datetime, *, leased_at: datetime
    ) -> list[DeliveryRecord]:
        """Claims, each one atomically, those of the deliveries that are due at `now` (the
        service's clock) and not claimed by anyone else, stamped `leased_at` (real time);
        returns the ones this call claimed."""
        ...

    async def renew_claims(
        self, records: Sequence[DeliveryRecord], leased_at: datetime
    ) -> list[DeliveryRecord]:
        """Renew these SENDING claims (to `leased_at`, real time) where they are unchanged
        (nobody recovered them); returns the renewed records."""
        ...

    async def claim(
        self, delivery_id: str, now: datetime, *, leased_at: datetime
    ) -> DeliveryRecord | None:
        """Atomically move a sendable, due delivery to SENDING, stamped `leased_at`; None if
        someone else has it."""
        ...

    async def reschedule(
        self,
        delivery_id: str,
        status: Status,
        not_before: datetime,
        *,
        attempts: int,
        error_type: str | None = None,
        digest_date: str | None = None,
    ) -> None: ...

    async def finish(self, record: DeliveryRecord, outcome: Outcome[Event], now: datetime) -> None:
        """Final state and its audit events in one update, then publish them (outbox)."""
        ...

    async def finish_many(
        self,
        finished: Sequence[tuple[DeliveryRecord, Outcome[Event]]],
        now: datetime,
        *,
        outbox: bool,
    ) -> set[str]:
        """Final states in one write, with their audit events in the outbox if `outbox`
        (they could not be published first); returns the ids recorded (still SENDING)."""
        ...

    async def publish(self, events: Sequence[Event]) -> None:
        """Publish audit events now (the outcomes are written after, without outbox)."""
        ...

    async def stuck(self, claimed_before: datetime, limit: int) -> list[DeliveryRecord]:
        """SENDING deliveries whose claim (real time) is older than `claimed_before`."""
        ...

    async def release(self, record: DeliveryRecord, *, attempts: int) -> bool:
        """Back to RETRY, due when it was due, if its claim is still the one in `record`."""
        ...

    async def held_due(self, now: datetime, limit: int) -> list[HeldItem]: ...
    async def open_digest(self, record: DeliveryRecord) -> DeliveryRecord:
        """Create the digest (ASSEMBLING) or add items to it; returns the stored digest."""
        ...

    async def mark_in_digest(self, item_ids: Sequence[str], digest_id: str) -> None: ...
    async def seal_digest(self, digest_id: str) -> None: ...
    async def rehold(
        self, item_ids: Sequence[str], not_before: datetime, digest_date: str
    ) -> None: ...

    async def finish_items(self, digest_id: str, status: Status, now: datetime) -> None: ...
    async def cancel_for_recipient(self, recipient_id: str, now: datetime) -> int: ...
    async def queue_sizes(self, now: datetime) -> dict[tuple[str, str], int]: ...
    async def backlog(self, now: datetime) -> list[BacklogLine]:
        """Due or being sent, by program and priority (in-flight claims included)."""
        ...

    async def emails_sent_since(self, recipient_id: str, since: datetime) -> int: ...


class SeriesLedger(Protocol):
    """Which pairs' series invitations exist: an introduction whose series was planned is
    carried by that invitation instead of going out alone; and which series ended because
    their pair did: the cancellation then carries the news that the pair ended."""

    async def record(self, pair_id: str, at: datetime) -> None: ...
    async def known(self, pair_id: str) -> bool: ...
    async def record_end(self, pair_id: str, at: datetime) -> None: ...
    async def ended(self, pair_id: str) -> bool: ...


class EndedPairs(Protocol):
    """Tombstones of pairs whose end arrived. The pairs stream may deliver a pair's creation
    (or its series) after its end; a tombstone makes those late arrivals be dropped rather
    than announce a pair that is over. Kept for good: a pair id is never reused."""

    async def remember(self, pair_id: str, at: datetime) -> None: ...
    async def has_ended(self, pair_id: str) -> bool: ...
    async def ended_among(self, pair_ids: Collection[str]) -> set[str]: ...


class LeaverRecords(Protocol):
    """Whether the company's directory has deactivated (or deleted) a person, by the
    directory's version of them: a later reactivation lifts it, a replayed older event does
    not undo a newer one. Ids and a flag only."""

    async def mark(self, person_id: str, version: int, *, active: bool) -> bool: ...
    async def inactive_among(self, person_ids: Collection[str]) -> set[str]: ...


class EmailSender(Protocol):
    async def send(self, email: OutgoingEmail) -> None: ...


class ChatSender(Protocol):
    async def post(self, url: str, text: str) -> None: ...


class DeadLetters(Protocol):
    async def dead_letter(
        self,
        record: DeliveryRecord,
        *,
        error_type: str,
        detail: str,
        attempts: int,
        permanent: bool,
    ) -> None:
        """Publish the causing event to the service's dead-letter topic."""
        ...


class DeliveryMetrics(Protocol):
    def finished(
        self, record: DeliveryRecord, status: Status, reason: str, now: datetime
    ) -> None: ...

    def retried(self, record: DeliveryRecord) -> None: ...
    def queued(self, sizes: Mapping[tuple[str, str], int]) -> None: ...
    def backlog(self, lines: Sequence[BacklogLine], now: datetime) -> None: ...
    def name_fallback(self, template: str) -> None: ...
