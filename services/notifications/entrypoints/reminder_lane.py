"""A lane of its own for reminders: they do not wait behind another program's burst.

A reminder is published on the sessions stream, where a large round's planned series (a
burst of thousands of events) may be queued ahead of it, and the main subscriber takes that
stream in order. This second subscriber, in a consumer group of its own, reads the same stream
from its end and takes in only the reminders (told by their `event_type` header, without
decoding the rest), so a reminder is recorded and handed to the sender within moments of its
publication.

The main subscriber stays the guarantee: it still takes every event in order, with retries
and the dead-letter topic, and a reminder this lane recorded already is a duplicate there
(one delivery per event, recipient and channel). A failure here is therefore only logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from services.notifications.application.intake import Intake
from services.notifications.entrypoints.subscribers import record_source
from shared.events import Event, decode_event
from shared.messaging.batches import entity_key, in_key_order
from shared.messaging.broker import batch_subscriber_options, consumer_group
from shared.runtime import ServiceRuntime

log = logging.getLogger("twoway.notifications.reminder_lane")

REMINDER_EVENTS = frozenset({b"SessionReminderDue"})


def event_type_of(record: Any) -> bytes | None:
    for key, value in getattr(record, "headers", None) or ():
        if key == "event_type":
            return value if isinstance(value, bytes) else str(value).encode()
    return None


async def take_in_reminders(records: Sequence[Any], intake: Intake, runtime: ServiceRuntime) -> int:
    """The batch's reminders through the intake (each pair's in order); returns how many."""
    reminders: list[tuple[Event, Any]] = []
    for record in records:
        if event_type_of(record) not in REMINDER_EVENTS:
            continue
        try:
            reminders.append((decode_event(record.value or b""), record))
        except Exception as error:  # the main subscriber dead-letters it
            log.warning(  # the type only: the error's text quotes the submitted values
                "undecodable reminder left to the main lane",
                extra={"error_type": type(error).__name__},
            )

    async def one(item: tuple[Event, Any]) -> None:
        event, record = item
        try:
            await intake.handle(event, record_source(record, event, runtime.topics))
        except Exception as error:
            log.warning(
                "reminder left to the main lane",
                extra={"error_type": type(error).__name__, "event_id": str(event.event_id)},
            )

    await in_key_order(reminders, one, key=lambda item: entity_key(item[0]))
    return len(reminders)


def register_reminder_lane(runtime: ServiceRuntime, intake: Intake) -> None:
    settings = runtime.settings
    options = batch_subscriber_options(
        settings,
        group_id=f"{consumer_group(settings)}-reminders",
        # A new lane starts from now: what came before is the main subscriber's.
        auto_offset_reset="latest",
        heartbeat_interval_ms=getattr(settings, "consumer_heartbeat_ms", 3_000),
        include_in_schema=False,
    )

    @runtime.broker.subscriber(runtime.topics.sessions, **options)
    async def on_session_reminders(bodies: list[Any]) -> None:
        message = runtime.broker.context.get_local("message")
        records = getattr(message, "raw_message", None)
        if isinstance(records, tuple):
            await take_in_reminders(records, intake, runtime)
