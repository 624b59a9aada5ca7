"""What every pipeline scenario shares: the program the inputs belong to, where outputs are
read, and the base class a service's scenario fills in.

Latency is measured from the moment an input is handed to the producer to the moment its
output is readable: on a Kafka topic for events, accepted by the SMTP server for emails.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench.pipeline.kafka_io import OutputCollector
from bench.pipeline.mail_sink import MailSink
from bench.pipeline.workload import (
    Message,
    message,
    program_launched,
)

PROGRAM = "bench-program"


@dataclass
class Outputs:
    collector: OutputCollector
    mail: MailSink


def today() -> Any:
    return datetime.now(UTC).date()


def caused_arrivals(
    outputs: Outputs, event_type: str, inputs: Sequence[Message]
) -> dict[str, float]:
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
    latency_path_events: int = 0
    """When the latency path is not the throughput phases' path (matching: a cohort's joins
    and the round they trigger, against joins alone), a burst of this many inputs on it
    gives the path's own maximum, and the latency run goes at half of that."""

    def env(self, mail: MailSink) -> dict[str, str]:
        return {}

    def setup(self) -> list[Message]:
        """Events every phase relies on, produced once before anything is timed."""
        return [message(program_launched(PROGRAM, today()))]

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


def program_of(value: bytes) -> str:
    return str(json.loads(value)["program_id"])
