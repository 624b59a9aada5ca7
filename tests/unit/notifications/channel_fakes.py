"""Hand-written fakes of where messages go and what is observed of them: the inbox,
scripted email and chat, the dead-letter topic and the metrics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from services.notifications.domain.model import (
    BacklogLine,
    DeliveryError,
    DeliveryRecord,
    InboxItem,
    OutgoingEmail,
    Status,
)


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
