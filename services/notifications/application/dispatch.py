"""Sending what is due: claim deliveries a handful at a time, settle each, record the outcomes.

Exactly once per (event, recipient, channel): the record exists before any send, a send only
follows an atomic claim, and the outcome is written with its audit event in one update. A
crash between "sent" and "recorded" leaves the record in SENDING; `recover_stuck` retries it
once (so at most one duplicate on that channel) and fails it if it gets stuck again. The
alternative, never retrying, would silently lose messages whenever a process is killed.
Settling one delivery (decide, write, send) is `settling.py`'s job.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from services.notifications.application.audit import notification_failed
from services.notifications.application.gates import SendingGates
from services.notifications.application.handful import Finished, Handful, ProgramsOnce
from services.notifications.application.leavers import Leavers
from services.notifications.application.messages import MessageWriter
from services.notifications.application.pacing import RateLimiter
from services.notifications.application.ports import (
    ChatSender,
    DeadLetters,
    DeliveryMetrics,
    DeliveryStore,
    EmailSender,
    EndedPairs,
    InboxStore,
    ProgramDirectory,
    SeriesLedger,
)
from services.notifications.application.recipients import RecipientResolver
from services.notifications.application.settling import DeliverySettler, SettleOptions
from services.notifications.domain.model import Audience, Channel, DeliveryRecord, Outcome, Status
from services.notifications.domain.pacing import Backoff
from shared.clock import Clock
from shared.messaging.dead_letter import is_outage

log = logging.getLogger("twoway.notifications.dispatch")


@dataclass(frozen=True, slots=True)
class DispatchOptions:
    max_event_age: timedelta = timedelta(hours=72)
    batch: int = 100
    concurrency: int = 8
    claim_timeout: timedelta = timedelta(minutes=5)
    daily_email_cap: int = 0
    """Non-urgent emails a person gets per local day; the rest wait for the digest (and are
    in the inbox at once). 0: no cap."""
    contact_wait: timedelta = timedelta(minutes=10)
    """How long, from its event, a message waits for its recipient's contact (their join may
    be queued behind it in a burst) before ordinary retries, and then the dead-letter topic."""
    contact_retry: timedelta = timedelta(seconds=20)


class Dispatcher:
    def __init__(
        self,
        *,
        deliveries: DeliveryStore,
        programs: ProgramDirectory,
        resolver: RecipientResolver,
        writer: MessageWriter,
        inbox: InboxStore,
        email: EmailSender,
        chat: ChatSender,
        dead_letters: DeadLetters,
        metrics: DeliveryMetrics,
        clock: Clock,
        backoff: Backoff,
        limits: Mapping[Channel, RateLimiter],
        options: DispatchOptions,
        ledger: SeriesLedger | None = None,
        ended_pairs: EndedPairs | None = None,
        leavers: Leavers | None = None,
        lease_clock: Clock | None = None,
    ) -> None:
        """`clock` says what is due (program time, which an operator may move forward);
        `lease_clock` (real time; `clock` if not given) stamps claims and ages them for
        crash recovery, so a clock moved forward takes back no send in flight."""
        self._leavers = leavers
        self._lease = lease_clock or clock
        self._deliveries = deliveries
        self._programs = programs
        self._resolver = resolver
        self._writer = writer
        self._metrics = metrics
        self._clock = clock
        self._backoff = backoff
        self._options = options
        self._gates = SendingGates(
            deliveries=deliveries,
            ledger=ledger,
            clock=clock,
            cap=options.daily_email_cap,
            ended_pairs=ended_pairs,
        )
        self._settler = DeliverySettler(
            deliveries=deliveries,
            resolver=resolver,
            writer=writer,
            inbox=inbox,
            email=email,
            chat=chat,
            dead_letters=dead_letters,
            metrics=metrics,
            clock=clock,
            backoff=backoff,
            limits=limits,
            gates=self._gates,
            options=SettleOptions(
                max_event_age=options.max_event_age,
                contact_wait=options.contact_wait,
                contact_retry=options.contact_retry,
            ),
        )

    async def run_due(self) -> int:
        """Send what is due now; returns how many deliveries were looked at."""
        ids = await self._deliveries.due(self._clock.now(), self._options.batch)
        return await self.run_ids(ids)

    async def claim_due(self, *, high_only: bool = False) -> list[DeliveryRecord]:
        """Claim what is due now (up to a batch, in one update) for the sending loop's queue;
        with `high_only`, only high-priority deliveries."""
        ids = await self._deliveries.due(
            self._clock.now(), self._options.batch, high_only=high_only
        )
        if not ids:
            return []
        return await self._deliveries.claim_many(
            ids, self._clock.now(), leased_at=self._lease.now()
        )

    async def run_ids(self, ids: Sequence[str]) -> int:
        """Send these deliveries if they are (still) due; a claim decides who sends each.

        Claimed a handful at a time, one update per handful: no more deliveries are SENDING
        at once than are being sent, so a crash leaves no more for crash recovery than before.
        A handful's people are read once; see `_record` for how its outcomes are written.
        """
        programs = ProgramsOnce(self._programs)
        step = self._options.concurrency
        for start in range(0, len(ids), step):
            claimed = await self._deliveries.claim_many(
                ids[start : start + step], self._clock.now(), leased_at=self._lease.now()
            )
            await self._send_handful(claimed, programs)
        return len(ids)

    async def run_claimed(self, records: Sequence[DeliveryRecord]) -> None:
        """Send deliveries this process wrote already claimed (see `Intake`).

        A claim is only good until crash recovery may take it back (`claim_timeout`, in real
        time). One held in memory for half of that (a long backlog) is renewed first, if it
        is still this claim: otherwise recovery has it, and it is sent once from there, not
        once here and once again from there.
        """
        programs = ProgramsOnce(self._programs)
        step = self._options.concurrency
        for start in range(0, len(records), step):
            now = self._lease.now()
            fresh_since = now - self._options.claim_timeout / 2
            fresh: list[DeliveryRecord] = []
            stale: list[DeliveryRecord] = []
            for record in records[start : start + step]:
                recent = record.claimed_at is not None and record.claimed_at > fresh_since
                (fresh if recent else stale).append(record)
            if stale:
                # Renewed only where the claim is still this one's: recovery may have taken it.
                fresh += await self._deliveries.renew_claims(stale, now)
            await self._send_handful(fresh, programs)

    async def _send_handful(
        self, claimed: Sequence[DeliveryRecord], programs: ProgramsOnce
    ) -> None:
        if not claimed:
            return
        mentioned = dict.fromkeys(m for r in claimed for m in self._writer.mentions(r))
        resolver, left, ended = await asyncio.gather(
            self._resolver.for_handful(claimed, mentioned),
            self._left_among(claimed),
            self._gates.ended_among(claimed),
        )
        outcomes: list[Finished] = []
        context = Handful(programs, resolver, outcomes, left, ended)
        results = await asyncio.gather(
            *(self._settler.settle(record, context) for record in claimed), return_exceptions=True
        )
        await self._record(outcomes)
        for result in results:
            if isinstance(result, BaseException):
                raise result  # an outage: the unrecorded stay SENDING for recovery

    async def process(self, delivery_id: str) -> None:
        record = await self._deliveries.claim(
            delivery_id, self._clock.now(), leased_at=self._lease.now()
        )
        if record is None:
            return  # another instance has it, or it is no longer due
        context = Handful(
            ProgramsOnce(self._programs), self._resolver, left=await self._left_among([record])
        )
        await self._settler.settle(record, context)

    async def _left_among(self, records: Sequence[DeliveryRecord]) -> frozenset[str]:
        """The recipients who left the company, in one read for the handful."""
        people = {r.recipient_id for r in records if r.audience is Audience.PARTICIPANT}
        if self._leavers is None or not people:
            return frozenset()
        return frozenset(await self._leavers.among(people))

    async def _record(self, outcomes: Sequence[Finished]) -> None:
        """A handful's outcomes in one write, once its sends are over (with up to
        `concurrency` sends in flight at any moment, a crash repeats as many either way).
        Their audit events are published first, so the write needs no outbox entry to clear
        afterwards; if Kafka is away they go into the outbox with the outcomes, for the
        relay. A crash between the two leaves the deliveries SENDING: crash recovery settles
        them, and a repeated send is a new event (its id carries the attempt)."""
        if not outcomes:
            return
        events = [event for _, outcome, _ in outcomes for event in outcome.events]
        published = False
        if events:
            try:
                await self._deliveries.publish(events)
                published = True
            except Exception:
                log.warning("audit events left to the outbox relay", exc_info=True)
        now = self._clock.now()
        try:
            recorded = await self._deliveries.finish_many(
                [(r, o) for r, o, _ in outcomes], now, outbox=not published
            )
        except Exception as error:
            if is_outage(error):
                raise
            # Sent, not recorded: they stay SENDING and `recover_stuck` settles them.
            log.error("deliveries sent but not recorded", exc_info=True)
            return
        for record, outcome, reason in outcomes:
            if record.item_ids and record.delivery_id in recorded:
                await self._deliveries.finish_items(record.delivery_id, outcome.status, now)
            self._metrics.finished(record, outcome.status, reason, now)

    async def recover_stuck(self) -> int:
        """Deliveries left in SENDING by a process that died mid-send."""
        now = self._clock.now()
        abandoned_before = self._lease.now() - self._options.claim_timeout
        stuck = await self._deliveries.stuck(abandoned_before, self._options.batch)
        for record in stuck:
            attempts = record.attempts + 1
            # Resumed once already: another try could be a second duplicate, so give up loudly.
            # An inbox write is idempotent and may retry, within the usual attempt bound.
            resumed_send = record.resumed and record.channel is not Channel.INBOX
            if resumed_send or self._backoff.exhausted(attempts):
                failed = notification_failed(
                    record,
                    error_type="unconfirmed_send",
                    permanent=False,
                    attempts=attempts,
                    now=now,
                )
                outcome = Outcome(Status.FAILED, attempts, "unconfirmed_send", [failed])
                await self._settler.finish(record, outcome, "unconfirmed")
            else:
                await self._deliveries.release(record, attempts=attempts)
        return len(stuck)

    async def report_queue(self) -> None:
        now = self._clock.now()
        self._metrics.queued(await self._deliveries.queue_sizes(now))
        self._metrics.backlog(await self._deliveries.backlog(now), now)
