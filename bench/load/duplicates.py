"""Every event delivered twice, some of the second copies late and in reverse order.

The copy goes to the original's partition with the original's key and headers, plus
`x-twoway-fault: duplicate` (or `late-duplicate`), so the reconciliation can tell the
services' own records from the injected ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaProducer

from bench.load.wire import FAULT_HEADER, consumer, injected, start_client

log = logging.getLogger("bench.load.duplicates")


class Duplicator:
    def __init__(
        self,
        bootstrap: str,
        topics: Sequence[str],
        *,
        late_share: float = 0.1,
        late_release_seconds: float = 4.0,
        seed: int = 11,
    ) -> None:
        self._bootstrap = bootstrap
        self._topics = list(topics)
        self._late_share = late_share
        self._release_every = late_release_seconds
        self._rng = random.Random(seed)
        self._late: list[Any] = []
        self._task: asyncio.Task[None] | None = None
        self._releaser: asyncio.Task[None] | None = None
        self.originals = 0
        self.copies = 0
        self.late_copies = 0
        self._producer: AIOKafkaProducer | None = None
        self._idle = asyncio.Event()
        self._stopping = False
        self._releasing = asyncio.Lock()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="duplicator")
        self._releaser = asyncio.create_task(self._release_loop(), name="late-copies")

    async def finish(self, quiet_seconds: float = 3.0, timeout: float = 300.0) -> None:
        """Copy what is left, release every held-back copy, then stop."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            self._idle.clear()
            await asyncio.sleep(quiet_seconds)
            if self._idle.is_set():
                break
        # The copying loop ends after its current batch; the releaser only between releases,
        # so no record is counted without its copy.
        self._stopping = True
        if self._task is not None:
            await self._task
        async with self._releasing:
            if self._releaser is not None:
                self._releaser.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._releaser
        await self._release()
        if self._producer is not None:
            await self._producer.stop()

    async def _run(self) -> None:
        source = consumer(self._bootstrap, *self._topics)
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            max_request_size=8 * 1024 * 1024,
        )
        await start_client(source)
        await start_client(self._producer)
        try:
            while not self._stopping:
                try:
                    batch = await source.getmany(timeout_ms=500, max_records=1_000)
                except Exception:
                    await asyncio.sleep(1.0)
                    continue
                if not batch:
                    self._idle.set()
                for records in batch.values():
                    for record in records:
                        if injected(record) is not None:
                            continue
                        self.originals += 1
                        if self._rng.random() < self._late_share:
                            self._late.append(record)
                        else:
                            await self._copy(record, "duplicate")
        finally:
            await source.stop()

    async def _release_loop(self) -> None:
        while True:
            await asyncio.sleep(self._release_every)
            async with self._releasing:
                await self._release()

    async def _release(self) -> None:
        held, self._late = self._late, []
        # Newest first: a consumer sees these events after, and in the opposite order of,
        # everything that followed them.
        for record in reversed(held):
            await self._copy(record, "late-duplicate")

    async def _copy(self, record: Any, kind: str) -> None:
        assert self._producer is not None
        headers = [(k, v) for k, v in (record.headers or ()) if k != FAULT_HEADER]
        headers.append((FAULT_HEADER, kind.encode()))
        while True:
            try:
                await self._producer.send_and_wait(
                    record.topic,
                    record.value,
                    key=record.key,
                    partition=record.partition,
                    headers=headers,
                )
                break
            except Exception as error:  # broker restarting: the copy is still owed
                log.info("copy not sent yet (%s); retrying", type(error).__name__)
                await asyncio.sleep(1.0)
        if kind == "duplicate":
            self.copies += 1
        else:
            self.late_copies += 1

    def report(self) -> dict[str, int]:
        return {
            "originals_seen": self.originals,
            "copies_delivered": self.copies,
            "late_reversed_copies_delivered": self.late_copies,
        }
