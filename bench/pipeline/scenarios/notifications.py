"""Notifications' scenario: pairs are created, both people get an email."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.pipeline.mail_sink import MailSink
from bench.pipeline.scenarios.base import (
    PROGRAM,
    Outputs,
    Scenario,
    today,
)
from bench.pipeline.workload import (
    Message,
    joined,
    message,
    pair_created,
    profile,
    program_launched,
)
from services.notifications.adapters.mongo_contacts import MongoContacts
from services.notifications.adapters.mongo_programs import MongoPrograms
from services.notifications.application.intake import delivery_id
from services.notifications.application.mapping import participant_contact, program_profile
from services.notifications.domain.model import Channel
from shared.events import ParticipantJoined, ProgramLaunched


class NotificationsScenario(Scenario):
    """PairCreated -> a pair introduction by email to both people (and to their inboxes)."""

    service = "notifications"
    main_stream = "pairs"
    subscribers = 5
    pool = 40

    def env(self, mail: MailSink) -> dict[str, str]:
        return {
            "TWOWAY_SMTP_HOST": "127.0.0.1",
            "TWOWAY_SMTP_PORT": str(mail.port),
            "TWOWAY_SMTP_SECURITY": "none",
            # Quiet hours would hold most emails until morning; the limiter protects a real
            # relay. Neither is what this benchmark measures.
            "TWOWAY_DEFAULT_QUIET_START": "00:00",
            "TWOWAY_DEFAULT_QUIET_END": "00:00",
            "TWOWAY_EMAIL_RATE_PER_SECOND": "10000",
            "TWOWAY_EMAIL_BURST": "10000",
            # Each of the pool's people is in many of the benchmark's pairs: a daily cap would
            # put most introductions in the digest, and without scheduling no series invitation
            # comes to carry them, so they go out at once, on their own.
            "TWOWAY_DAILY_EMAIL_CAP": "0",
            "TWOWAY_INTRODUCTION_WAIT_SECONDS": "0",
        }

    def _people(self) -> list[ParticipantJoined]:
        return [
            joined(PROGRAM, profile(f"n-{role[0]}{i}", role, level))
            for i in range(self.pool)
            for role, level in (("junior", 2), ("senior", 7))
        ]

    def setup(self) -> list[Message]:
        return [message(program_launched(PROGRAM, today())), *map(message, self._people())]

    def setup_emails(self) -> int:
        return 2 * self.pool  # a welcome email each

    async def seed(self, db: Any) -> None:
        launched: ProgramLaunched = program_launched(PROGRAM, today())
        await MongoPrograms(db).save(program_profile(launched))
        contacts = MongoContacts(db)
        for event in self._people():
            await contacts.save(participant_contact(PROGRAM, event.participant), 1)

    def inputs(self, phase: str, count: int) -> list[Message]:
        return [
            message(
                pair_created(
                    PROGRAM, f"{phase}-p{i}", f"n-j{i % self.pool}", f"n-s{(i * 7 + 3) % self.pool}"
                )
            )
            for i in range(count)
        ]

    def _expected(self, inputs: Sequence[Message]) -> dict[str, Any]:
        expected: dict[str, Any] = {}
        for m in inputs:
            event = m.event
            for person in (event.junior_id, event.senior_id):  # type: ignore[attr-defined]
                expected[delivery_id(m.event_id, person, Channel.EMAIL)] = m.event_id
        return expected

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        expected = self._expected(inputs)
        return len(outputs.mail.times(set(expected))) >= len(expected)

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        expected = self._expected(inputs)
        return [at - sent[expected[i]] for i, at in outputs.mail.times(set(expected)).items()]
