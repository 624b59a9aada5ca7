"""Settling one claimed delivery: decide, write, send on its channel, and record the outcome,
whatever happens (sent, skipped, put off, retried, or failed to the dead-letter topic)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from services.notifications.application.audit import notification_failed, notification_sent
from services.notifications.application.gates import SendingGates
from services.notifications.application.handful import Handful
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
    InboxStore,
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


@dataclass(frozen=True, slots=True)
class SettleOptions:
    max_event_age: timedelta
    contact_wait: timedelta
    contact_retry: timedelta


class DeliverySettler:
    def __init__(
        self,
        *,
        deliveries: DeliveryStore,
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
        gates: SendingGates,
        options: SettleOptions,
    ) -> None:
        self._deliveries = deliveries
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
        self._gates = gates
        self._options = options

    async def settle(self, record: DeliveryRecord, context: Handful) -> None:
        """Deliver a claimed record and record the outcome, whatever happens."""
        try:
            await self._deliver(record, context)
        except WaitingForPartner as waiting:
            await self._deliveries.reschedule(
                record.delivery_id, Status.DEFERRED, waiting.until, attempts=record.attempts
            )
        except DeliveryError as error:
            await self.failed(record, error, context)
        except RecordingFailed:
            log.error("delivery sent but not recorded", exc_info=True)
        except Exception as error:
            if is_outage(error):
                raise  # stays SENDING; recovered after the claim timeout
            log.warning("delivery raised unexpectedly", exc_info=True)
            await self.failed(record, DeliveryError(type(error).__name__, transient=True), context)

    async def _deliver(self, record: DeliveryRecord, context: Handful) -> None:
        now = self._clock.now()
        program = await context.programs.get(record.program_id)
        recipient = await context.resolver.resolve(record, program)
        if recipient.erased:
            await self.finish(record, Outcome(Status.CANCELLED, record.attempts), "erased", context)
            return
        if record.audience is Audience.PARTICIPANT and record.recipient_id in context.left:
            await self.finish(
                record, Outcome(Status.CANCELLED, record.attempts), "left_company", context
            )
            return
        if await self._gates.carried_by_series(record):
            await self.finish(
                record, Outcome(Status.SKIPPED, record.attempts), "with_series", context
            )
            return
        if await self._gates.announces_an_ended_pair(record, context.ended):
            await self.finish(
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
            await self.finish(
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
            await self.finish(record, Outcome(Status.SKIPPED, record.attempts), "empty", context)
            return
        if not await self._send(record, recipient, written):
            await self.finish(record, Outcome(Status.CANCELLED, record.attempts), "erased", context)
            return
        attempts = record.attempts + 1
        try:
            sent = notification_sent(record, attempts=attempts, now=self._clock.now())
            await self.finish(record, Outcome(Status.SENT, attempts, events=[sent]), "", context)
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

    async def failed(
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
        await self.finish(record, outcome, reason, context)

    async def finish(
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
