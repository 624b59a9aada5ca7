"""What the burst watches: the mail catcher's folder (one .eml per message SMTP accepted, its
modification time the moment it was accepted), the series events on the wire, and the
scheduling service's committed offsets on the pairs topic."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from bench.load.wire import committed, end_offsets
from shared.events import EventDecodeError, decode_event


@dataclass(frozen=True, slots=True)
class Mail:
    accepted_at: float
    """Wall-clock seconds (the file's modification time)."""
    to: str
    template: str
    path: Path


@dataclass
class MailFolder:
    """The catcher's folder, read as it fills.

    A message counts once its headers are whole (a recipient and a template). One found
    before that, being written by a catcher that does not rename complete files into place,
    is read again at the next scan instead of being counted with no recipient."""

    folder: Path
    mails: list[Mail] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)
    _incomplete: set[str] = field(default_factory=set)

    @property
    def incomplete(self) -> int:
        """Messages found but not (yet) whole at the last scan."""
        return len(self._incomplete)

    def scan(self) -> list[Mail]:
        """Reads the headers of messages not read before; returns every message so far."""
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return self.mails
        for name in names:
            if name in self._seen or not name.endswith(".eml") or name.startswith("."):
                continue
            mail = read_headers(self.folder / name)
            if mail is None:
                self._incomplete.add(name)
                continue
            self._incomplete.discard(name)
            self._seen.add(name)
            self.mails.append(mail)
        return self.mails

    def of(self, template: str, domain: str) -> list[Mail]:
        return [m for m in self.mails if m.template == template and m.to.endswith(domain)]


def read_headers(path: Path) -> Mail | None:
    """The message's recipient and template; None while its headers are not all there."""
    try:
        accepted = path.stat().st_mtime
        data = path.read_bytes()
    except OSError:
        return None
    if b"\n\n" not in data and b"\r\n\r\n" not in data:
        return None  # the blank line that ends the headers is not written yet
    headers = BytesHeaderParser().parsebytes(data)
    addresses = getaddresses([str(headers.get("To", ""))])
    to = addresses[0][1] if addresses else ""
    template = headers.get("X-Twoway-Template")
    if not to or not template:
        return None
    return Mail(accepted, to, str(template), path)


@dataclass
class SeriesWatch:
    """When each pair's series was first planned, or found unschedulable (wall time seen)."""

    bootstrap: str
    topic: str
    planned_at: dict[str, float] = field(default_factory=dict)
    unschedulable_at: dict[str, float] = field(default_factory=dict)
    types: Counter[str] = field(default_factory=Counter)
    _task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._read())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _read(self) -> None:
        reader = AIOKafkaConsumer(
            self.topic,
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await reader.start()
        try:
            while True:
                batch = await reader.getmany(timeout_ms=500, max_records=5000)
                now = time.time()
                for records in batch.values():
                    for record in records:
                        self._note(record.value, now)
        finally:
            await reader.stop()

    def _note(self, value: bytes, now: float) -> None:
        try:
            event = decode_event(value)
        except EventDecodeError:
            return
        self.types[event.event_type] += 1
        pair_id = str(getattr(event, "pair_id", ""))
        if event.event_type == "SessionSeriesPlanned":
            self.planned_at.setdefault(pair_id, now)
        elif event.event_type == "SessionSeriesUnschedulable":
            self.unschedulable_at.setdefault(pair_id, now)

    def settled(self, pair_ids: set[str]) -> float | None:
        """When the last of these pairs was planned or found unschedulable; None until then."""
        outcomes = {**self.unschedulable_at, **self.planned_at}
        if not pair_ids <= outcomes.keys():
            return None
        return max(outcomes[pair_id] for pair_id in pair_ids)


async def pairs_consumed(bootstrap: str, topic: str, group: str) -> bool:
    """The group has committed everything written to `topic` so far."""
    ends = await end_offsets(bootstrap, [topic])
    offsets = await committed(bootstrap, group)
    return all(offsets.get(tp, 0) >= end for tp, end in ends.items())
