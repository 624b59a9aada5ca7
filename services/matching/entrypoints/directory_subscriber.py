"""The directory stream, as matching hears it: joiners to enrol, renamed people, leavers."""

from __future__ import annotations

from collections.abc import Callable

from services.matching.application.leavers import DirectoryChanges
from shared.events import DirectoryEvent, PersonDeactivated, PersonProvisioned, PersonUpdated
from shared.messaging.broker import subscriber_options
from shared.runtime import ServiceRuntime


def register_directory_subscriber(
    runtime: ServiceRuntime,
    changes: DirectoryChanges,
    changed: Callable[[str], None] = lambda program_id: None,
) -> None:
    """`changed(program_id)` hears of every program a directory change touched."""

    @runtime.broker.subscriber(runtime.topics.directory, **subscriber_options(runtime.settings))
    async def on_directory_event(event: DirectoryEvent) -> None:
        touched: list[str] = []
        if isinstance(event, PersonProvisioned):
            touched = await changes.on_person_provisioned(event)
        elif isinstance(event, PersonDeactivated):
            touched = await changes.on_person_deactivated(event)
        elif isinstance(event, PersonUpdated):
            touched = await changes.on_person_updated(event)
        for program_id in touched:
            changed(program_id)
