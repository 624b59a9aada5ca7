"""What the demo learns from Kafka: the events of its programs, and when the platform is idle.

The tail reads every stream topic from the moment the demo starts and counts the events of the
demo's programs (the notifications audit trail among them). "Settled" means every service's
consumer group has caught up, the tail has too, and nothing new was published for a moment:
time can then move on without leaving work behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from cli.api_client import CliError
from shared.events.topics import SERVICES, Topics

log = logging.getLogger("twoway.demo.events")
STREAMS = ("programs", "participants", "pairs", "sessions", "feedback", "notifications")


@dataclass
class ProgramEvents:
    """Counts of one program's events, as they were published."""

    by_type: Counter[str] = field(default_factory=Counter)
    sent_by_channel: Counter[str] = field(default_factory=Counter)
    failed_by_channel: Counter[str] = field(default_factory=Counter)
    sent_by_template: Counter[tuple[str, str]] = field(default_factory=Counter)
    at_risk_reasons: Counter[str] = field(default_factory=Counter)
    ended_reasons: Counter[str] = field(default_factory=Counter)
    at_risk_pairs: set[str] = field(default_factory=set)
    feedback_respondents: set[str] = field(default_factory=set)

    def record(self, event: dict[str, Any]) -> None:
        kind = str(event.get("event_type"))
        self.by_type[kind] += 1
        if kind == "NotificationSent":
            self.sent_by_channel[event["channel"]] += 1
            self.sent_by_template[(event["channel"], event["template"])] += 1
        elif kind == "NotificationFailed":
            self.failed_by_channel[event["channel"]] += 1
        elif kind == "PairAtRisk":
            self.at_risk_pairs.add(event["pair_id"])
            self.at_risk_reasons.update(event.get("reasons", []))
        elif kind == "PairEnded":
            self.ended_reasons[event["reason"]] += 1
        elif kind == "FeedbackSubmitted":
            self.feedback_respondents.add(event["participant_id"])


class EventTail:
    def __init__(self, bootstrap_servers: str, topic_prefix: str) -> None:
        self._bootstrap = bootstrap_servers
        self._topics = Topics(topic_prefix)
        self.programs: dict[str, ProgramEvents] = {}
        self._consumer: AIOKafkaConsumer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._partitions: list[TopicPartition] = []
        self._starts: dict[TopicPartition, int] = {}
        self._last_record = 0.0
        self.undecodable = 0
        self.listeners: list[Callable[[dict[str, Any]], None]] = []

    def watch(self, program_id: str) -> ProgramEvents:
        return self.programs.setdefault(program_id, ProgramEvents())

    def total(self, kind: str) -> int:
        return sum(p.by_type[kind] for p in self.programs.values())

    async def __aenter__(self) -> EventTail:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            request_timeout_ms=15_000,
            # The broker answers one request per connection at a time: a long-polling fetch
            # would hold up every offset query behind it.
            fetch_max_wait_ms=50,
        )
        self._admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap)
        try:
            await self._consumer.start()
            await self._admin.start()
            names = [getattr(self._topics, stream) for stream in STREAMS]
            described = await self._admin.describe_topics(names)
            missing = [t["topic"] for t in described if t["error_code"] or not t["partitions"]]
            if missing:
                raise CliError(f"Kafka has no topic {missing[0]}: wrong --topic-prefix?")
            self._partitions = [
                TopicPartition(t["topic"], p["partition"])
                for t in described
                for p in sorted(t["partitions"], key=lambda p: int(p["partition"]))
            ]
            self._consumer.assign(self._partitions)
            # Start at the end: the demo's programs are new, so nothing of theirs is older.
            for partition, offset in (await self._consumer.end_offsets(self._partitions)).items():
                self._consumer.seek(partition, offset)
        except KafkaError as error:
            await self._close()
            raise CliError(
                f"Kafka at {self._bootstrap} is unreachable ({type(error).__name__})"
            ) from None
        except BaseException:
            await self._close()
            raise
        self._last_record = asyncio.get_running_loop().time()
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._close()

    async def _close(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
        if self._admin is not None:
            await self._admin.close()

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=2_000)
            for records in batches.values():
                if records:
                    self._last_record = asyncio.get_running_loop().time()
                for record in records:
                    self._take(record.value)

    def _take(self, value: bytes | None) -> None:
        try:
            event = json.loads(value or b"")
            program_id = event["program_id"]
        except (ValueError, KeyError, TypeError):
            self.undecodable += 1
            return
        found = self.programs.get(program_id)
        if found is not None:
            found.record(event)
            for listener in self.listeners:
                listener(event)

    async def backlog(self) -> int:
        """Events published but not yet handled by a service (or not yet read by the tail)."""
        assert self._consumer is not None
        assert self._admin is not None
        admin = self._admin
        ends = await self._consumer.end_offsets(self._partitions)
        waiting = 0
        for tp in self._partitions:
            waiting += max(0, ends[tp] - await self._consumer.position(tp))
        if waiting:
            return waiting
        if not self._starts:
            self._starts = await self._consumer.beginning_offsets(self._partitions)
        notifications = self._topics.notifications
        groups = await asyncio.gather(
            *(
                admin.list_consumer_group_offsets(self._topics.consumer_group(service))
                for service in SERVICES
            )
        )
        for committed in groups:
            mine = {
                tp: meta.offset
                for tp, meta in committed.items()
                if tp in ends and meta.offset >= 0 and tp.topic != notifications
            }
            # A topic the group reads is one it has committed on; an uncommitted partition of
            # it is read from its beginning.
            topics = {tp.topic for tp in mine}
            waiting += sum(
                max(0, ends[tp] - mine.get(tp, self._starts[tp]))
                for tp in self._partitions
                if tp.topic in topics
            )
        return waiting

    async def settle(
        self,
        *,
        min_seconds: float,
        quiet_seconds: float,
        max_seconds: float,
        tick: Callable[[], None] | None = None,
    ) -> bool:
        """Wait until the platform is idle; False if it was still busy after `max_seconds`.
        `tick` is called about once a second meanwhile (to show progress)."""
        loop = asyncio.get_running_loop()
        began = last_tick = loop.time()
        await asyncio.sleep(min_seconds)
        while loop.time() - began < max_seconds:
            if tick is not None and loop.time() - last_tick >= 1.0:
                tick()
                last_tick = loop.time()
            if self._task is not None and self._task.done():
                self._task.result()  # the tail died: surface why
            quiet_for = loop.time() - self._last_record
            if quiet_for < quiet_seconds:
                await asyncio.sleep(min(quiet_seconds - quiet_for, 1.0))
                continue
            try:
                idle = await self.backlog() == 0
            except KafkaError as error:
                log.warning("backlog check failed: %s", type(error).__name__)
                idle = False
            if idle and loop.time() - self._last_record >= quiet_seconds:
                return True
            await asyncio.sleep(0.2)
        return False
