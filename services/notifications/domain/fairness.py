"""Which waiting message goes next: time-critical before bulk, programs taking turns.

A large round in one program must not hold back another program's reminder. Messages are
ordered by urgency (reminders and changes to booked sessions first, then other high-priority
mail, then normal, then low), and within one urgency programs take turns, one message each, so
a burst of ten thousand in one program delays another program's message by at most a turn.
The database scan of due deliveries shares its claims the same way (`in_turns`).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

from services.notifications.domain.model import Priority

TIME_CRITICAL_TEMPLATES: frozenset[str] = frozenset(
    {"session_reminder", "session_cancelled", "session_rescheduled", "series_cancelled"}
)

TIME_CRITICAL = 0
_RANK = {Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}
URGENT = _RANK[Priority.HIGH]
"""Time-critical and high-priority deliveries: urgency up to this."""


def urgency(template: str, priority: Priority) -> int:
    """0 is the most urgent."""
    return TIME_CRITICAL if template in TIME_CRITICAL_TEMPLATES else _RANK[priority]


T = TypeVar("T")


class FairQueue(Generic[T]):
    """Items keyed by (urgency, program): the most urgent first, programs in turn."""

    def __init__(self, key: Callable[[T], tuple[int, str]]) -> None:
        self._key = key
        self._lanes: dict[int, OrderedDict[str, deque[T]]] = {}
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def push(self, items: Iterable[T]) -> None:
        for item in items:
            level, program = self._key(item)
            lanes = self._lanes.setdefault(level, OrderedDict())
            lanes.setdefault(program, deque()).append(item)
            self._size += 1

    def count_within(self, urgency: int) -> int:
        """How many wait at this urgency or a more urgent one."""
        return sum(
            len(lane)
            for level, lanes in self._lanes.items()
            if level <= urgency
            for lane in lanes.values()
        )

    def most_urgent(self) -> int | None:
        """The urgency of the next item; None when empty."""
        return min((level for level, lanes in self._lanes.items() if lanes), default=None)

    def take(self, limit: int) -> list[T]:
        taken: list[T] = []
        while len(taken) < limit and self._size:
            level = min(level for level, lanes in self._lanes.items() if lanes)
            lanes = self._lanes[level]
            program, lane = next(iter(lanes.items()))
            taken.append(lane.popleft())
            self._size -= 1
            lanes.move_to_end(program)  # its turn is over
            if not lane:
                del lanes[program]
        return taken

    def depth(self) -> dict[tuple[str, int], int]:
        """How many wait, by (program, urgency)."""
        return {
            (program, level): len(lane)
            for level, lanes in self._lanes.items()
            for program, lane in lanes.items()
        }


def in_turns(lanes: Mapping[str, Sequence[T]], limit: int) -> list[T]:
    """Up to `limit` items, the programs' lanes taking turns one item each (in the mapping's
    order): a program with a backlog of thousands takes no more of a claim than any other
    program with work waiting, and what one program leaves unused the others share."""
    taken: list[T] = []
    depth = 0
    while len(taken) < limit:
        turn = [lane[depth] for lane in lanes.values() if depth < len(lane)]
        if not turn:
            break
        taken.extend(turn[: limit - len(taken)])
        depth += 1
    return taken
