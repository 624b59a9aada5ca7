"""Sending one delivery: claim it, decide, render, send, record the outcome.

Exactly once per (event, recipient, channel): the record exists before any send, a send only
follows an atomic claim, and the outcome is written with its audit event in one update. A
crash between "sent" and "recorded" leaves the record in SENDING; `recover_stuck` retries it
once (so at most one duplicate on that channel) and fails it if it gets stuck again. The
alternative, never retrying, would silently lose messages whenever a process is killed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from services.notifications.application.audit import notification_failed, notification_sent
from services.notifications.application.gates import SendingGates
from services.notifications.application.leavers import Leavers
from services.notifications.application.messages import (
    MessageWriter,
    WaitingForPartner,
    Written,
)
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
from services.notifications.application.recipients import Recipient, RecipientResolver
from services.notifications.domain.model import (
    Audience,
    Channel,
    DeliveryError,
    DeliveryRecord,
    InboxItem,
    Outcome,
    OutgoingEmail,
    ProgramProfile,
    Status,
)
from services.notifications.domain.pacing import Backoff
from services.notifications.domain.policy import Action, DeliveryFacts, decide
from services.notifications.domain.quiet_hours import local_date
from shared.clock import Clock
from shared.events import Event
from shared.messaging.dead_letter import is_outage

log = logging.getLogger("twoway.notifications.dispatch")


class RecordingFailed(Exception):
    """The message went out but its outcome could not be written; retrying now would send it
    again, so the delivery stays SENDING for `recover_stuck` to settle."""


class ProgramsOnce:
    """A batch's program settings: each program is read once, however many of the batch's
    deliveries belong to it. Settings change rarely; people's data is still read fresh for
    every delivery (erasure and preferences must be current)."""

    def __init__(self, programs: ProgramDirectory) -> None:
        self._programs = programs
        self._reads: dict[str, asyncio.Future[ProgramProfile | None]] = {}

    async def get(self, program_id: str) -> ProgramProfile | None:
        if program_id not in self._reads:
            self._reads[program_id] = asyncio.ensure_future(self._programs.get(program_id))
        return await asyncio.shield(self._reads[program_id])


Finished = tuple[DeliveryRecord, Outcome[Event], str]
"""A delivery, its outcome and the reason reported in the metrics."""


@dataclass(slots=True)
class Handful:
    """What the deliveries claimed together share: program settings and people read once,
    and the outcomes to record together once every send of the handful is over."""

    programs: ProgramsOnce
    resolver: RecipientResolver
    outcomes: list[Finished] | None = None
    """None: record each outcome (and publish its events) at once."""
    left: frozenset[str] = frozenset()
    """Recipients who left the company (the directory deactivated them)."""
    ended: frozenset[str] | None = None
    """The ended pairs among those the handful announces; None: ask per delivery."""


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
    ) -> None:
        self._leavers = leavers
        self._deliveries = deliveries
        self._programs = programs
        self._resolver = resolver
        self._writer = writer
        self._inbox = inbox
        self._email = email
        self._chat = chat
        self._dead_letters = dead_letters
        self._metrics = metrics
        self._clock = clock
        self._backoff = backoff
        self._limits = limits
        self._options = options
        self._gates = SendingGates(
            deliveries=deliveries,
            ledger=ledger,
            clock=clock,
            cap=options.daily_email_cap,
            ended_pairs=ended_pairs,
        )

    async def run_due(self) -> int:
        """Send what is due now; returns how many deliveries were looked at."""
        ids = await self._deliveries.due(self._clock.now(), self._options.batch)
        return await self.run_ids(ids)

    async def claim_due(self) -> list[DeliveryRecord]:
        """Claim what is due now (up to a batch, in one update) for the sending loop's queue."""
        now = self._clock.now()
        ids = await self._deliveries.due(now, self._options.batch)
        return await self._deliveries.claim_many(ids, now) if ids else []

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
                ids[start : start + step], self._clock.now()
            )
            await self._send_handful(claimed, programs)
        return len(ids)

    async def run_claimed(self, records: Sequence[DeliveryRecord]) -> None:
        """Send deliveries this process wrote already claimed (see `Intake`).

        A claim is only good until crash recovery may take it back (`claim_timeout`, on the
        service's clock). One held in memory for half of that (a long backlog, or a clock
        moved forward) is renewed first, if it is still this claim: otherwise recovery has
        it, and it is sent once from there, not once here and once again from there.
        """
        programs = ProgramsOnce(self._programs)
        step = self._options.concurrency
        for start in range(0, len(records), step):
            now = self._clock.now()
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
            *(self._settle(record, context) for record in claimed), return_exceptions=True
        )
        await self._record(outcomes)
        for result in results:
            if isinstance(result, BaseException):
                raise result  # an outage: the unrecorded stay SENDING for recovery

    async def process(self, delivery_id: str) -> None:
        record = await self._deliveries.claim(delivery_id, self._clock.now())
        if record is None:
            return  # another instance has it, or it is no longer due
        context = Handful(
            ProgramsOnce(self._programs), self._resolver, left=await self._left_among([record])
        )
        await self._settle(record, context)

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

    async def _settle(self, record: DeliveryRecord, context: Handful) -> None:
        """Deliver a claimed record and record the outcome, whatever happens."""
        try:
            await self._deliver(record, context)
        except WaitingForPartner as waiting:
            await self._deliveries.reschedule(
                record.delivery_id, Status.DEFERRED, waiting.until, attempts=record.attempts
            )
        except DeliveryError as error:
            await self._failed(record, error, context)
        except RecordingFailed:
            log.error("delivery sent but not recorded", exc_info=True)
        except Exception as error:
            if is_outage(error):
                raise  # stays SENDING; recovered after the claim timeout
            log.warning("delivery raised unexpectedly", exc_info=True)
            await self._failed(record, DeliveryError(type(error).__name__, transient=True), context)

    async def _deliver(self, record: DeliveryRecord, context: Handful) -> None:
        now = self._clock.now()
        program = await context.programs.get(record.program_id)
        recipient = await context.resolver.resolve(record, program)
        if recipient.erased:
            await self._finish(
                record, Outcome(Status.CANCELLED, record.attempts), "erased", context
            )
            return
        if record.audience is Audience.PARTICIPANT and record.recipient_id in context.left:
            await self._finish(
                record, Outcome(Status.CANCELLED, record.attempts), "left_company", context
            )
            return
        if await self._gates.carried_by_series(record):
            await self._finish(
                record, Outcome(Status.SKIPPED, record.attempts), "with_series", context
            )
            return
        if await self._gates.announces_an_ended_pair(record, context.ended):
            await self._finish(
                record, Outcome(Status.SKIPPED, record.attempts), "pair_ended", context
            )
            return
        if (
            record.audience is Audience.PARTICIPANT
            and recipient.contact is None
            and record.channel is not Channel.INBOX
        ):
            # The person's ParticipantJoined may still be queued behind this event (a burst
            # of joins and series): wait for it, bounded, before retries count.
            waited_enough = record.occurred_at + self._options.contact_wait
            if now < waited_enough:
                raise WaitingForPartner(min(now + self._options.contact_retry, waited_enough))
            raise DeliveryError("unknown_recipient", transient=True)
        decision = decide(
            DeliveryFacts(
                channel=record.channel,
                audience=record.audience,
                priority=record.priority,
                occurred_at=record.occurred_at,
                expires_at=record.expires_at,
                has_address=recipient.address is not None,
                in_digest=bool(record.item_ids),
                over_daily_cap=await self._gates.over_daily_cap(record, recipient),
            ),
            recipient.preferences,
            recipient.timezone,
            now=now,
            max_age=self._options.max_event_age,
        )
        if decision.action is Action.SKIP:
            await self._finish(
                record, Outcome(Status.SKIPPED, record.attempts), decision.reason, context
            )
            return
        if decision.action is Action.DEFER and decision.at is not None:
            await self._deliveries.reschedule(
                record.delivery_id, Status.DEFERRED, decision.at, attempts=record.attempts
            )
            return
        if decision.action is Action.HOLD and decision.at is not None:
            await self._deliveries.reschedule(
                record.delivery_id,
                Status.HELD,
                decision.at,
                attempts=record.attempts,
                digest_date=local_date(decision.at, recipient.timezone).isoformat(),
            )
            return
        written = await self._writer.write(record, recipient, program, context.resolver)
        if written is None:  # a digest whose every item was withdrawn meanwhile
            await self._finish(record, Outcome(Status.SKIPPED, record.attempts), "empty", context)
            return
        if not await self._send(record, recipient, written):
            await self._finish(
                record, Outcome(Status.CANCELLED, record.attempts), "erased", context
            )
            return
        attempts = record.attempts + 1
        try:
            sent = notification_sent(record, attempts=attempts, now=self._clock.now())
            await self._finish(record, Outcome(Status.SENT, attempts, events=[sent]), "", context)
        except Exception as error:
            raise RecordingFailed(type(error).__name__) from error

    async def _send(self, record: DeliveryRecord, recipient: Recipient, written: Written) -> bool:
        """False if the recipient was erased while their inbox item was being written."""
        rendered = written.rendered
        if record.channel is Channel.INBOX:
            await self._inbox.add(
                InboxItem(
                    item_id=record.delivery_id,
                    recipient_id=record.recipient_id,
                    program_id=record.program_id,
                    template=record.template,
                    locale=recipient.locale,
                    subject=rendered.subject,
                    body=rendered.body,
                    created_at=record.created_at,
                    mentions=written.mentions,
                )
            )
            if record.audience is Audience.PARTICIPANT and await self._resolver.is_erased(
                record.recipient_id
            ):
                # Erasure writes its tombstone before clearing the inbox, so checking after the
                # write catches an erasure that ran in between: nothing personal is left behind.
                await self._inbox.erase(record.recipient_id)
                return False
            return True
        await self._limits[record.channel].wait()
        if record.channel is Channel.EMAIL:
            assert recipient.address is not None
            await self._email.send(
                OutgoingEmail(
                    to_address=recipient.address,
                    to_name=recipient.contact.display_name if recipient.contact else None,
                    subject=rendered.subject,
                    body=rendered.body,
                    reference=record.delivery_id,
                    attachment=written.attachment,
                    headers={"X-Twoway-Template": record.template},
                )
            )
        else:
            assert recipient.address is not None
            await self._chat.post(recipient.address, rendered.chat)
        return True

    async def _failed(
        self, record: DeliveryRecord, error: DeliveryError, context: Handful | None = None
    ) -> None:
        attempts = record.attempts + 1
        now = self._clock.now()
        if error.transient and not self._backoff.exhausted(attempts):
            retry_at = now + timedelta(seconds=self._backoff.delay(attempts))
            await self._deliveries.reschedule(
                record.delivery_id,
                Status.RETRY,
                retry_at,
                attempts=attempts,
                error_type=error.error_type,
            )
            self._metrics.retried(record)
            return
        await self._dead_letters.dead_letter(
            record,
            error_type=error.error_type,
            detail=str(error),
            attempts=attempts,
            permanent=not error.transient,
        )
        failed = notification_failed(
            record,
            error_type=error.error_type,
            permanent=not error.transient,
            attempts=attempts,
            now=now,
        )
        outcome = Outcome(Status.FAILED, attempts, error.error_type, [failed])
        reason = "permanent" if not error.transient else "exhausted"
        await self._finish(record, outcome, reason, context)

    async def _finish(
        self,
        record: DeliveryRecord,
        outcome: Outcome[Event],
        reason: str,
        context: Handful | None = None,
    ) -> None:
        """Record the outcome now, or with the rest of its handful when there is one."""
        if context is not None and context.outcomes is not None:
            context.outcomes.append((record, outcome, reason))
            return
        now = self._clock.now()
        await self._deliveries.finish(record, outcome, now)
        if record.item_ids:
            await self._deliveries.finish_items(record.delivery_id, outcome.status, now)
        self._metrics.finished(record, outcome.status, reason, now)

    async def recover_stuck(self) -> int:
        """Deliveries left in SENDING by a process that died mid-send."""
        now = self._clock.now()
        stuck = await self._deliveries.stuck(now - self._options.claim_timeout, self._options.batch)
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
                await self._finish(record, outcome, "unconfirmed")
            else:
                await self._deliveries.release(record, attempts=attempts)
        return len(stuck)

    async def report_queue(self) -> None:
        now = self._clock.now()
        self._metrics.queued(await self._deliveries.queue_sizes(now))
        self._metrics.backlog(await self._deliveries.backlog(now), now)
