"""The reminders' own lane takes in only reminders, told by their header, each pair's in
order; a failure there is left to the main subscriber."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from services.notifications.domain.model import SourceRef
from services.notifications.entrypoints.reminder_lane import take_in_reminders
from shared.events import Event, encode_event
from shared.events.topics import Topics
from tests.unit.notifications.samples import notified_events


def record(event: Event, offset: int) -> Any:
    return SimpleNamespace(
        topic="twoway.sessions",
        partition=1,
        offset=offset,
        key=b"pair-1",
        value=encode_event(event),
        headers=[(name, value.encode()) for name, value in event.envelope_headers().items()],
    )


class RecordingIntake:
    def __init__(self, failing: bool = False) -> None:
        self.handled: list[tuple[str, SourceRef]] = []
        self.failing = failing

    async def handle(self, event: Event, source: SourceRef) -> int:
        if self.failing:
            raise RuntimeError("database away")
        self.handled.append((event.event_type, source))
        return 1


RUNTIME = cast(Any, SimpleNamespace(topics=Topics("twoway.")))


async def test_only_the_reminders_of_a_batch_are_taken_in_with_their_records() -> None:
    events = notified_events()
    batch = [
        record(events["series_invitation"], 10),
        record(events["session_reminder"], 11),
        record(events["series_cancelled"], 12),
    ]
    intake = RecordingIntake()

    taken = await take_in_reminders(batch, cast(Any, intake), RUNTIME)

    assert taken == 1
    assert intake.handled == [
        ("SessionReminderDue", SourceRef("twoway.sessions", 1, 11, b"pair-1"))
    ]


async def test_a_failure_in_the_lane_is_left_to_the_main_subscriber() -> None:
    batch = [record(notified_events()["session_reminder"], 11)]
    assert await take_in_reminders(batch, cast(Any, RecordingIntake(failing=True)), RUNTIME) == 1
