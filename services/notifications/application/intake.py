"""From an incoming event to durable delivery records; sending happens in the dispatcher."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from services.notifications.application.directory import Directory
from services.notifications.application.leavers import Leavers
from services.notifications.application.occasions import occasion_for
from services.notifications.application.ports import (
    AdminContacts,
    ContactDirectory,
    DeliveryStore,
    EndedPairs,
    PreferenceStore,
    ProgramDirectory,
    SeriesLedger,
)
from services.notifications.domain.model import Channel, DeliveryRecord, SourceRef, Status
from services.notifications.domain.planning import plan_deliveries
from shared.clock import Clock
from shared.events import (
    Event,
    PairCreated,
    PairEnded,
    SessionSeriesChanged,
    SessionSeriesPlanned,
    derive_key,
)


class ProgramNotKnownYet(Exception):
    """An admin message for a program whose settings have not arrived: retry, then DLQ."""


def delivery_id(event_id: UUID, recipient_id: str, channel: Channel) -> str:
    """The unique key of exactly-once delivery: one per (event, recipient, channel)."""
    return derive_key(event_id, f"{recipient_id}:{channel.value}")


class Intake:
    def __init__(
        self,
        *,
        directory: Directory,
        programs: ProgramDirectory,
        contacts: ContactDirectory,
        admins: AdminContacts,
        preferences: PreferenceStore,
        deliveries: DeliveryStore,
        clock: Clock,
        hand_over: Callable[[Sequence[DeliveryRecord]], None] | None = None,
        ledger: SeriesLedger | None = None,
        introduction_wait: timedelta = timedelta(minutes=10),
        ended_pairs: EndedPairs | None = None,
        on_late: Callable[[str], None] | None = None,
        leavers: Leavers | None = None,
        on_leaver_spared: Callable[[str], None] | None = None,
        lease_clock: Clock | None = None,
    ) -> None:
        """With `hand_over`, new deliveries are written already claimed (SENDING) and handed
        to this process's sender at once: no second write to claim them. A crash before they
        go out leaves them SENDING, and crash recovery releases them after the claim
        timeout. Without it they are written PENDING for the due scan. A claim is stamped
        by `lease_clock` (real time; `clock` if not given), as the dispatcher's are."""
        self._directory = directory
        self._programs = programs
        self._contacts = contacts
        self._admins = admins
        self._preferences = preferences
        self._deliveries = deliveries
        self._clock = clock
        self._lease = lease_clock or clock
        self._hand_over = hand_over
        self._ledger = ledger
        self._introduction_wait = introduction_wait
        self._ended_pairs = ended_pairs
        self._on_late = on_late
        self._leavers = leavers
        self._on_leaver_spared = on_leaver_spared

    async def handle(self, event: Event, source: SourceRef) -> int:
        """Returns how many new deliveries the event created (0 for a duplicate)."""
        if await self._after_its_pair_ended(event):
            return 0
        await self._directory.apply(event)
        if self._leavers is not None:
            await self._leavers.apply(event)
        if isinstance(event, SessionSeriesPlanned) and self._ledger is not None:
            await self._ledger.record(event.pair_id, event.occurred_at)
        if (
            isinstance(event, SessionSeriesChanged)
            and event.change == "ended"
            and event.reason == "pair_ended"
            and self._ledger is not None
        ):  # the series' cancellation tells its people that the pair ended
            await self._ledger.record_end(event.pair_id, event.occurred_at)
        occasion = occasion_for(event)
        if occasion is None:
            return 0
        program = await self._programs.get(event.program_id)
        if program is None and (occasion.to_admins or occasion.to_program_channel):
            raise ProgramNotKnownYet(f"program {event.program_id} has no settings yet")
        participants, erased = await self._contacts.get_many(occasion.participants)
        if self._leavers is not None and occasion.participants:
            left = await self._leavers.among(occasion.participants)
            for _ in left - erased:  # nothing more goes to someone who left the company
                if self._on_leaver_spared is not None:
                    self._on_leaver_spared(occasion.template)
            erased = {*erased, *left}
        admin_ids = program.admin_recipient_ids if program and occasion.to_admins else ()
        admins = await self._admins.get_many(event.program_id, admin_ids) if admin_ids else {}
        preferences = await self._preferences.get_many([*occasion.participants, *admin_ids])
        planned = plan_deliveries(
            occasion,
            program=program,
            participants=participants,
            admins=admins,
            erased=erased,
            preferences=preferences,
        )
        if not planned:
            return 0
        now = self._clock.now()
        leased_at = self._lease.now() if self._hand_over is not None else None
        cause = event.model_dump_json()
        # An introduction's (a pair end's) email waits for the series invitation
        # (cancellation) that will carry it, unless no wait is set.
        waits = occasion.waits_for_series and self._introduction_wait > timedelta(0)
        held_until = now + self._introduction_wait if waits else None
        records = [
            DeliveryRecord(
                delivery_id=delivery_id(event.event_id, plan.recipient_id, plan.channel),
                cause_event_id=event.event_id,
                event_type=event.event_type,
                program_id=event.program_id,
                correlation_id=event.correlation_id,
                occurred_at=event.occurred_at,
                recipient_id=plan.recipient_id,
                audience=plan.audience,
                channel=plan.channel,
                template=occasion.template,
                priority=occasion.priority,
                **_timing(plan.channel, now, leased_at=leased_at, held_until=held_until),
                created_at=now,
                source=source,
                cause=cause,
                expires_at=occasion.expires_at,
            )
            for plan in planned
        ]
        inserted = set(await self._deliveries.insert_new(records))
        if inserted and self._hand_over is not None:
            self._hand_over(
                [r for r in records if r.delivery_id in inserted and r.status is Status.SENDING]
            )
        return len(inserted)

    async def _after_its_pair_ended(self, event: Event) -> bool:
        """Remembers a pair's end; True for a creation or series of a pair already ended.

        The contract lets a pair's creation arrive after its end (a late or replayed
        message); announcing the pair then would tell people about a partner after telling
        them the pair is over. Such an event is dropped and counted."""
        if self._ended_pairs is None:
            return False
        if isinstance(event, PairEnded):
            await self._ended_pairs.remember(event.pair_id, event.occurred_at)
            return False
        if not isinstance(event, PairCreated | SessionSeriesPlanned):
            return False
        if not await self._ended_pairs.has_ended(event.pair_id):
            return False
        if self._on_late is not None:
            self._on_late(event.event_type)
        return True


def _timing(
    channel: Channel,
    now: datetime,
    *,
    leased_at: datetime | None,
    held_until: datetime | None,
) -> dict[str, Any]:
    """A new record's status, due time and claim: an email held for a series waits deferred."""
    if held_until is not None and channel is Channel.EMAIL:
        return {"status": Status.DEFERRED, "not_before": held_until, "claimed_at": None}
    if leased_at is not None:
        return {"status": Status.SENDING, "not_before": now, "claimed_at": leased_at}
    return {"status": Status.PENDING, "not_before": now, "claimed_at": None}
