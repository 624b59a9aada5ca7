"""Per service: what to feed it, what it must produce, and how inputs map to outputs.

Latency is measured from the moment an input is handed to the producer to the moment its
output is readable: on a Kafka topic for events, accepted by the SMTP server for emails.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from bench.pipeline.kafka_io import OutputCollector
from bench.pipeline.mail_sink import MailSink
from bench.pipeline.workload import (
    Message,
    joined,
    message,
    pair_created,
    profile,
    program_launched,
    session_completed,
)
from services.feedback.adapters.mongo_programs import MongoParticipantStore as FeedbackParticipants
from services.feedback.adapters.mongo_programs import MongoProgramStore as FeedbackPrograms
from services.feedback.application.programs import ProgramCatalog
from services.notifications.adapters.mongo_directory import MongoContacts, MongoPrograms
from services.notifications.application.directory import participant_contact, program_profile
from services.notifications.application.intake import delivery_id
from services.notifications.domain.model import Channel
from services.scheduling.adapters.read_model_repository import (
    MongoParticipantStore,
    MongoProgramStore,
)
from services.scheduling.application.mapping import calendar_from, person_from
from shared.events import ParticipantJoined, ProgramLaunched

PROGRAM = "bench-program"


@dataclass
class Outputs:
    collector: OutputCollector
    mail: MailSink


def _today() -> Any:
    return datetime.now(UTC).date()


def _caused(outputs: Outputs, event_type: str, inputs: Sequence[Message]) -> dict[str, float]:
    """First arrival of `event_type` per causing input id."""
    wanted = {str(m.event_id) for m in inputs}
    first: dict[str, float] = {}
    for arrival in outputs.collector.of_type(event_type):
        cause = arrival.headers.get("causation_id", "")
        if cause in wanted and cause not in first:
            first[cause] = arrival.at
    return first


class Scenario:
    service: str
    main_stream: str
    output_streams: tuple[str, ...] = ()
    subscribers: int = 1
    """Consumers the service runs in its group (one per subscribed topic)."""
    baseline_latency: bool = True

    def env(self, mail: MailSink) -> dict[str, str]:
        return {}

    def setup(self) -> list[Message]:
        """Events every phase relies on, produced once before anything is timed."""
        return [message(program_launched(PROGRAM, _today()))]

    async def seed(self, db: Any) -> None:
        """The baseline's copy of what `setup` gives the service, written directly."""

    def phase_setup(self, phase: str, count: int) -> list[Message]:
        return []

    async def prepare_service(self, base_url: str, token: str, phase: str, count: int) -> None:
        """HTTP steps a phase needs on the service (the baseline has no API)."""

    async def seed_phase(self, db: Any, phase: str, count: int) -> None:
        return None

    def inputs(self, phase: str, count: int) -> list[Message]:
        raise NotImplementedError

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        return True

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        return []


class MatchingScenario(Scenario):
    """Ingestion of ParticipantJoined from another producer (an HR sync, say), for a
    dozen programs at once.

    Latency phases feed cohorts instead: a program per cohort, launched over HTTP with
    `auto_round_min_waiting` set to the cohort's seniors; its juniors join first, then its
    seniors. The latency of a PairCreated runs from the moment the cohort's last
    ParticipantJoined was produced: ingestion, the automatic round check, the round itself
    and the publication all count.
    """

    service = "matching"
    main_stream = "participants"
    output_streams = ("pairs",)
    subscribers = 2
    baseline_latency = False
    cohort = 5
    programs = 12
    """Throughput phases spread their joins over this many programs: the participants
    topic is keyed by program, so one program's joins are one partition, in order."""

    def setup(self) -> list[Message]:
        return []

    def _cohorts(self, phase: str, count: int) -> int:
        return max(1, count // (2 * self.cohort))

    async def prepare_service(self, base_url: str, token: str, phase: str, count: int) -> None:
        if "lat" not in phase:
            return
        headers = {"Authorization": f"Bearer {token}"}
        settings = program_launched(PROGRAM, _today()).settings.model_dump(mode="json")
        policy = {"auto_round_min_waiting": self.cohort}
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as http:
            for c in range(self._cohorts(phase, count)):
                body = {"program_id": f"m-{phase}-{c}", "settings": settings, "policy": policy}
                response = await http.post("/programs", json=body)
                response.raise_for_status()

    def inputs(self, phase: str, count: int) -> list[Message]:
        if "lat" not in phase:
            return [
                message(
                    joined(
                        f"m-{phase}-{i % self.programs}",
                        profile(f"{phase}-{role[0]}{i}", role, level),
                    )
                )
                for i in range(count)
                for role, level in ((("junior", 2),) if i % 2 else (("senior", 7),))
            ]
        return [
            message(joined(f"m-{phase}-{c}", profile(f"{phase}-{c}-{role[0]}{i}", role, level)))
            for c in range(self._cohorts(phase, count))
            for role, level in (("junior", 2), ("senior", 7))
            for i in range(self.cohort)
        ]

    def _pairs(self, inputs: Sequence[Message], outputs: Outputs) -> dict[str, tuple[str, float]]:
        """PairCreated of the phase's programs, by pair id, with program and first arrival."""
        programs = {m.event.program_id for m in inputs}
        found: dict[str, tuple[str, float]] = {}
        for a in outputs.collector.of_type("PairCreated"):
            program = program_of(a.value)
            if program in programs and a.key is not None:
                found.setdefault(a.key.decode(), (program, a.at))
        return found

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        if not any("-lat" in m.event.program_id for m in inputs[:1]):
            return True
        return len(self._pairs(inputs, outputs)) >= len(inputs) // 2

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        last: dict[str, float] = {}
        for m in inputs:  # inputs are in production order: the cohort's last join wins
            last[m.event.program_id] = sent[m.event_id]
        return [at - last[program] for program, at in self._pairs(inputs, outputs).values()]


class SchedulingScenario(Scenario):
    """PairCreated -> the whole series planned; latency to the first SessionScheduled."""

    service = "scheduling"
    main_stream = "pairs"
    output_streams = ("sessions",)
    subscribers = 3

    def _people(self, phase: str, count: int) -> list[ParticipantJoined]:
        return [
            joined(PROGRAM, profile(f"{phase}-{role[0]}{i}", role, level))
            for i in range(count)
            for role, level in (("junior", 2), ("senior", 7))
        ]

    def phase_setup(self, phase: str, count: int) -> list[Message]:
        return [message(e) for e in self._people(phase, count)]

    async def seed(self, db: Any) -> None:
        event = program_launched(PROGRAM, _today())
        await MongoProgramStore(db["programs"]).upsert(calendar_from(PROGRAM, event.settings, 1))

    async def seed_phase(self, db: Any, phase: str, count: int) -> None:
        store = MongoParticipantStore(db["participants"])
        for event in self._people(phase, count):
            await store.upsert_profile(PROGRAM, person_from(event.participant), 1)

    def inputs(self, phase: str, count: int) -> list[Message]:
        return [
            message(pair_created(PROGRAM, f"{phase}-p{i}", f"{phase}-j{i}", f"{phase}-s{i}"))
            for i in range(count)
        ]

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        return len(_caused(outputs, "SessionScheduled", inputs)) >= len(inputs)

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        first = _caused(outputs, "SessionScheduled", inputs)
        return [at - sent[m.event_id] for m in inputs if (at := first.get(str(m.event_id)))]


class FeedbackScenario(Scenario):
    """SessionCompleted -> a FeedbackRequested for each attendee."""

    service = "feedback"
    main_stream = "sessions"
    output_streams = ("feedback",)
    subscribers = 4

    async def seed(self, db: Any) -> None:
        catalog = ProgramCatalog(
            programs=FeedbackPrograms(db), participants=FeedbackParticipants(db)
        )
        await catalog.on_program_event(program_launched(PROGRAM, _today()))

    def inputs(self, phase: str, count: int) -> list[Message]:
        return [
            message(
                session_completed(PROGRAM, f"{phase}-p{i}", f"{phase}-j{i}", f"{phase}-s{i}", 0)
            )
            for i in range(count)
        ]

    def _arrivals(
        self, inputs: Sequence[Message], outputs: Outputs
    ) -> dict[str, tuple[str, float]]:
        """Each FeedbackRequested (by event id, first arrival) with the input that caused it."""
        wanted = {str(m.event_id) for m in inputs}
        found: dict[str, tuple[str, float]] = {}
        for a in outputs.collector.of_type("FeedbackRequested"):
            cause = a.headers.get("causation_id", "")
            if cause in wanted:
                found.setdefault(a.headers.get("event_id", ""), (cause, a.at))
        return found

    def done(self, inputs: Sequence[Message], outputs: Outputs) -> bool:
        return len(self._arrivals(inputs, outputs)) >= 2 * len(inputs)

    def latencies(
        self, inputs: Sequence[Message], sent: dict[Any, float], outputs: Outputs
    ) -> list[float]:
        by_id = {str(k): v for k, v in sent.items()}
        return [at - by_id[cause] for cause, at in self._arrivals(inputs, outputs).values()]


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
        }

    def _people(self) -> list[ParticipantJoined]:
        return [
            joined(PROGRAM, profile(f"n-{role[0]}{i}", role, level))
            for i in range(self.pool)
            for role, level in (("junior", 2), ("senior", 7))
        ]

    def setup(self) -> list[Message]:
        return [message(program_launched(PROGRAM, _today())), *map(message, self._people())]

    def setup_emails(self) -> int:
        return 2 * self.pool  # a welcome email each

    async def seed(self, db: Any) -> None:
        launched: ProgramLaunched = program_launched(PROGRAM, _today())
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


def program_of(value: bytes) -> str:
    return str(json.loads(value)["program_id"])


SCENARIOS: dict[str, Scenario] = {
    s.service: s
    for s in (MatchingScenario(), SchedulingScenario(), FeedbackScenario(), NotificationsScenario())
}
