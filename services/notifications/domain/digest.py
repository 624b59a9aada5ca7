"""The daily digest: low-priority messages held for one recipient, sent as one email."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

MAX_DIGEST_ENTRIES = 50
"""Beyond this the digest lists the newest entries and points to the inbox for the rest."""


@dataclass(frozen=True, slots=True)
class HeldItem:
    delivery_id: str
    recipient_id: str
    program_id: str
    template: str
    created_at: datetime
    digest_date: str
    """The recipient's local date of the digest the item waits for (ISO, e.g. 2026-03-04)."""
    audience: str = "participant"


@dataclass(frozen=True, slots=True)
class DigestBatch:
    recipient_id: str
    digest_date: str
    items: tuple[HeldItem, ...]

    @property
    def program_id(self) -> str:
        return self.items[0].program_id

    @property
    def audience(self) -> str:
        return self.items[0].audience


def group_for_digest(items: Iterable[HeldItem]) -> list[DigestBatch]:
    """One batch per recipient and digest date, oldest message first; duplicates dropped."""
    groups: dict[tuple[str, str], dict[str, HeldItem]] = defaultdict(dict)
    for item in items:
        groups[(item.recipient_id, item.digest_date)].setdefault(item.delivery_id, item)
    return [
        DigestBatch(
            recipient_id=recipient_id,
            digest_date=digest_date,
            items=tuple(sorted(held.values(), key=lambda i: (i.created_at, i.delivery_id))),
        )
        for (recipient_id, digest_date), held in sorted(groups.items())
    ]


def shown_entries(count: int) -> tuple[int, int]:
    """(entries listed, entries only counted) for a digest of `count` messages."""
    shown = min(count, MAX_DIGEST_ENTRIES)
    return shown, count - shown
