"""What happened on the wire, counted from the topics themselves (read from the beginning).

Two kinds of duplicate are told apart:
- a *wire duplicate* is the same event (same event_id) published more than once, e.g. by a
  process that crashed between publishing and recording it: consumers drop it by id;
- an *effect duplicate* is the same real-world thing under two different ids (a session
  scheduled twice, two reminders for one session): no consumer can recognise it, so it counts
  as a failure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from bench.load.wire import injected
from shared.events import Event, EventDecodeError, decode_event


@dataclass
class WireCounts:
    records_by_type: Counter[str] = field(default_factory=Counter)
    events_by_type: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)
    undecodable: list[str] = field(default_factory=list)
    same_id_different_content: list[str] = field(default_factory=list)
    events: dict[UUID, Event] = field(default_factory=dict)

    @property
    def wire_duplicates_by_type(self) -> dict[str, int]:
        return {
            t: self.records_by_type[t] - self.events_by_type[t]
            for t in self.records_by_type
            if self.records_by_type[t] > self.events_by_type[t]
        }

    def of_type(self, *names: str) -> list[Any]:
        return [e for e in self.events.values() if e.event_type in names]


def count_wire(records: Iterable[Any]) -> WireCounts:
    counts = WireCounts()
    for record in records:
        kind = injected(record)
        if kind is not None:
            counts.injected[kind] += 1
            continue
        try:
            event = decode_event(record.value)
        except EventDecodeError:
            counts.undecodable.append(f"{record.topic}@{record.partition}:{record.offset}")
            continue
        counts.records_by_type[event.event_type] += 1
        earlier = counts.events.get(event.event_id)
        if earlier is None:
            counts.events[event.event_id] = event
            counts.events_by_type[event.event_type] += 1
        elif _content(earlier) != _content(event):
            counts.same_id_different_content.append(str(event.event_id))
    return counts


def _content(event: Event) -> dict[str, Any]:
    # The instant of publication may differ between a first try and a replay; nothing else may.
    return event.model_dump(mode="json", exclude={"occurred_at", "minutes_before"})


def effect_duplicates(
    events: Iterable[Any], what: Callable[[Any], Hashable], identity: Callable[[Any], Hashable]
) -> dict[Hashable, set[Hashable]]:
    """Things (`what`) that happened under more than one identity (`identity`)."""
    seen: dict[Hashable, set[Hashable]] = defaultdict(set)
    for event in events:
        seen[what(event)].add(identity(event))
    return {key: ids for key, ids in seen.items() if len(ids) > 1}
