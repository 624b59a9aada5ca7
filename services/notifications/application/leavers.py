"""People who left the company: nothing more is sent to them.

The directory publishes PersonDeactivated when the company's identity provider deactivates or
deletes someone; matching then withdraws them and ends their pairs, and scheduling cancels
their series. Those cancellations still go to the partner (their calendar must be cleaned),
but not to the leaver: their open deliveries are cancelled when the deactivation arrives, no
new delivery is planned for them, and a send already claimed is stopped at the last moment.
A reactivation (PersonUpdated or PersonProvisioned with active=true) lifts it.

Someone deleted from the directory who never joined a program (only invited) leaves no contact
behind: nothing else would ever remove it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from services.notifications.application.directory import INVITED_VERSION
from services.notifications.application.ports import (
    ContactDirectory,
    DeliveryStore,
    LeaverRecords,
)
from shared.clock import Clock
from shared.events import Event, PersonDeactivated, PersonProvisioned, PersonUpdated


class Leavers:
    def __init__(
        self,
        *,
        records: LeaverRecords,
        deliveries: DeliveryStore,
        clock: Clock,
        on_cancelled: Callable[[int], None] | None = None,
        contacts: ContactDirectory | None = None,
    ) -> None:
        self._records = records
        self._contacts = contacts
        self._deliveries = deliveries
        self._clock = clock
        self._on_cancelled = on_cancelled

    async def apply(self, event: Event) -> None:
        """Takes in the directory's word on a person (other events are ignored)."""
        if isinstance(event, PersonDeactivated):
            person, version, active = event.person_id, event.person_version, False
        elif isinstance(event, PersonUpdated | PersonProvisioned):
            person, version, active = event.person_id, event.person_version, event.active
        else:
            return
        if not await self._records.mark(person, version, active=active) or active:
            return
        if isinstance(event, PersonDeactivated) and event.deleted and self._contacts is not None:
            await self._contacts.forget_unjoined(person, below_version=INVITED_VERSION + 1)
        cancelled = await self._deliveries.cancel_for_recipient(person, self._clock.now())
        if self._on_cancelled is not None and cancelled:
            self._on_cancelled(cancelled)

    async def among(self, person_ids: Collection[str]) -> set[str]:
        """Those of `person_ids` who left."""
        return await self._records.inactive_among(person_ids)
