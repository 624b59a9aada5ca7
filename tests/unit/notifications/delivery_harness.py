"""The notification handlers on in-memory fakes, wired as the service wires them: the
harness the delivery tests share (one program, a junior, a senior and an admin)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from services.notifications.application.digests import DigestAssembler
from services.notifications.application.directory import Directory
from services.notifications.application.dispatch import Dispatcher, DispatchOptions
from services.notifications.application.intake import Intake
from services.notifications.application.leavers import Leavers
from services.notifications.application.mapping import program_profile
from services.notifications.application.messages import MessageWriter
from services.notifications.application.pacing import RateLimiter
from services.notifications.application.recipients import RecipientResolver
from services.notifications.domain.model import Channel, DeliveryRecord, SourceRef
from services.notifications.domain.pacing import Backoff
from shared.clock import FixedClock
from shared.events import ProgramLaunched
from tests.unit.notifications.channel_fakes import (
    FakeInbox,
    RecordingDeadLetters,
    RecordingMetrics,
    ScriptedChat,
    ScriptedEmail,
)
from tests.unit.notifications.directory_fakes import (
    FakeAdmins,
    FakeContacts,
    FakePreferences,
    FakePrograms,
)
from tests.unit.notifications.fakes import FakeDeliveries
from tests.unit.notifications.pair_record_fakes import (
    FakeEndedPairs,
    FakeLeaverRecords,
    FakeSeriesLedger,
)
from tests.unit.notifications.samples import ADMIN, JUNIOR, NOW, SENIOR, SETTINGS, contact, envelope

SOURCE = SourceRef(topic="twoway.pairs", partition=3, offset=42, key=b"pair-1")


async def no_sleep(_seconds: float) -> None:
    return None


@dataclass
class Harness:
    clock: FixedClock = field(default_factory=lambda: FixedClock(NOW))
    lease_clock: FixedClock | None = None
    """Real time for claims, where a test moves the service's clock apart from it."""
    programs: FakePrograms = field(default_factory=FakePrograms)
    contacts: FakeContacts = field(default_factory=FakeContacts)
    admins: FakeAdmins = field(default_factory=FakeAdmins)
    preferences: FakePreferences = field(default_factory=FakePreferences)
    inbox: FakeInbox = field(default_factory=FakeInbox)
    deliveries: FakeDeliveries = field(default_factory=FakeDeliveries)
    email: ScriptedEmail = field(default_factory=ScriptedEmail)
    chat: ScriptedChat = field(default_factory=ScriptedChat)
    dead_letters: RecordingDeadLetters = field(default_factory=RecordingDeadLetters)
    metrics: RecordingMetrics = field(default_factory=RecordingMetrics)
    ledger: FakeSeriesLedger = field(default_factory=FakeSeriesLedger)
    ended_pairs: FakeEndedPairs = field(default_factory=FakeEndedPairs)
    leaver_records: FakeLeaverRecords = field(default_factory=FakeLeaverRecords)
    daily_email_cap: int = 0

    def __post_init__(self) -> None:
        self.leavers = Leavers(
            records=self.leaver_records,
            deliveries=self.deliveries,
            clock=self.clock,
            on_cancelled=self.metrics.leaver_deliveries_cancelled,
            contacts=self.contacts,
        )
        self.intake = self.intake_with()
        resolver = RecipientResolver(
            contacts=self.contacts, admins=self.admins, preferences=self.preferences
        )
        limiter = RateLimiter(1000, 1000, sleep=no_sleep)
        self.dispatcher = Dispatcher(
            deliveries=self.deliveries,
            programs=self.programs,
            resolver=resolver,
            writer=MessageWriter(
                deliveries=self.deliveries,
                resolver=resolver,
                app_url="https://app.example",
                now=self.clock.now,
                on_fallback=self.metrics.name_fallback,
            ),
            ledger=self.ledger,
            ended_pairs=self.ended_pairs,
            leavers=self.leavers,
            lease_clock=self.lease_clock,
            inbox=self.inbox,
            email=self.email,
            chat=self.chat,
            dead_letters=self.dead_letters,
            metrics=self.metrics,
            clock=self.clock,
            backoff=Backoff(max_attempts=4, base_seconds=10, max_seconds=60, rng=random.Random(7)),
            limits={Channel.EMAIL: limiter, Channel.CHAT: limiter},
            options=DispatchOptions(
                claim_timeout=timedelta(minutes=5), daily_email_cap=self.daily_email_cap
            ),
        )
        self.assembler = DigestAssembler(deliveries=self.deliveries, clock=self.clock)

    def intake_with(
        self,
        hand_over: Callable[[Sequence[DeliveryRecord]], None] | None = None,
        introduction_wait: timedelta = timedelta(minutes=10),
    ) -> Intake:
        """The intake; with `hand_over`, as the service runs it: new deliveries written
        claimed and handed over."""
        directory = Directory(
            programs=self.programs,
            contacts=self.contacts,
            preferences=self.preferences,
            inbox=self.inbox,
            deliveries=self.deliveries,
            clock=self.clock,
        )
        return Intake(
            directory=directory,
            programs=self.programs,
            contacts=self.contacts,
            admins=self.admins,
            preferences=self.preferences,
            deliveries=self.deliveries,
            clock=self.clock,
            hand_over=hand_over,
            ledger=self.ledger,
            ended_pairs=self.ended_pairs,
            on_late=self.metrics.dropped_after_pair_end,
            leavers=self.leavers,
            on_leaver_spared=self.metrics.leaver_spared,
            lease_clock=self.lease_clock,
            introduction_wait=introduction_wait,
        )

    async def setup_program(self) -> None:
        await self.programs.save(program_profile(ProgramLaunched(**envelope(), settings=SETTINGS)))
        await self.contacts.save(contact(JUNIOR), 1)
        await self.contacts.save(contact(SENIOR), 1)
        await self.admins.put(contact(ADMIN))

    async def run_for(self, duration: timedelta, step: timedelta = timedelta(minutes=1)) -> None:
        """Let program time pass, with the background loop running every `step`."""
        end = self.clock.now() + duration
        while True:
            await self.assembler.run()
            await self.dispatcher.run_due()
            if self.clock.now() >= end:
                return
            self.clock.advance(step)

    def audit(self, kind: type) -> list:
        return [e for e in self.deliveries.published if isinstance(e, kind)]
