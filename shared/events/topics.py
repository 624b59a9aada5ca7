"""Topic names and partition keys, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from shared.events.catalog import STREAM_OF, STREAMS
from shared.events.envelope import Event

SERVICES = ("matching", "scheduling", "feedback", "notifications", "directory")
DEFAULT_PREFIX = "twoway."
STREAM_PARTITIONS = 12
DLQ_PARTITIONS = 3


@dataclass(frozen=True, slots=True)
class Topics:
    """Resolves stream names to topic names under a deployment's prefix."""

    prefix: str = DEFAULT_PREFIX

    @property
    def programs(self) -> str:
        return self.prefix + "programs"

    @property
    def participants(self) -> str:
        return self.prefix + "participants"

    @property
    def pairs(self) -> str:
        return self.prefix + "pairs"

    @property
    def sessions(self) -> str:
        return self.prefix + "sessions"

    @property
    def feedback(self) -> str:
        return self.prefix + "feedback"

    @property
    def notifications(self) -> str:
        return self.prefix + "notifications"

    @property
    def directory(self) -> str:
        return self.prefix + "directory"

    def dlq(self, service: str) -> str:
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}")
        return f"{self.prefix}dlq.{service}"

    def for_event(self, event: Event) -> str:
        return self.prefix + STREAM_OF[event.event_type]

    def consumer_group(self, service: str) -> str:
        """A service's consumer group, in the same namespace as the topics: `twoway.` gives
        `twoway-scheduling`. Deployments sharing a cluster under different prefixes never
        join each other's groups (nor wait on each other's rebalances)."""
        namespace = self.prefix.rstrip(".") or DEFAULT_PREFIX.rstrip(".")
        return f"{namespace}-{service}"


def partition_key(event: Event) -> bytes:
    """The key that keeps one entity's events in order on one partition."""
    _classes, key_field = STREAMS[STREAM_OF[event.event_type]]
    return str(getattr(event, key_field)).encode("utf-8")


def all_topics(prefix: str = DEFAULT_PREFIX) -> dict[str, int]:
    """Every topic a deployment needs, with its partition count."""
    topics = {prefix + stream: STREAM_PARTITIONS for stream in STREAMS}
    topics.update({f"{prefix}dlq.{service}": DLQ_PARTITIONS for service in SERVICES})
    return topics
