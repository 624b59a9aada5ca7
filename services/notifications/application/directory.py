"""Read models built from other services' events: programs, the contact directory, erasure."""

from __future__ import annotations

import logging

from services.notifications.application.mapping import (
    invited_contact,
    participant_contact,
    program_profile,
)
from services.notifications.application.ports import (
    AuditTrailPort,
    ContactDirectory,
    DeliveryStore,
    InboxStore,
    PreferenceStore,
    ProgramDirectory,
)
from services.notifications.domain.model import SUPPORTED_LOCALES
from services.notifications.domain.rendering import template_for
from shared.clock import Clock
from shared.events import (
    Event,
    ParticipantErased,
    ParticipantInvited,
    ParticipantJoined,
    ParticipantUpdated,
    ProgramLaunched,
    ProgramUpdated,
)

log = logging.getLogger("twoway.notifications.directory")

INVITED_VERSION = 0
"""The contact version of someone only invited: below every profile version (1 and up)."""


class Directory:
    """Applies the events that change who we can reach and how; idempotent per event."""

    def __init__(
        self,
        *,
        programs: ProgramDirectory,
        contacts: ContactDirectory,
        preferences: PreferenceStore,
        inbox: InboxStore,
        deliveries: DeliveryStore,
        clock: Clock,
        audit: AuditTrailPort | None = None,
    ) -> None:
        self._programs = programs
        self._contacts = contacts
        self._preferences = preferences
        self._inbox = inbox
        self._deliveries = deliveries
        self._clock = clock
        self._audit = audit

    async def apply(self, event: Event) -> None:
        if isinstance(event, ProgramLaunched | ProgramUpdated):
            await self._programs.save(program_profile(event))
        elif isinstance(event, ParticipantJoined | ParticipantUpdated):
            await self._contacts.save(
                participant_contact(event.program_id, event.participant), event.profile_version
            )
        elif isinstance(event, ParticipantInvited):
            # Someone invited is reached as the directory described them, until a join (any
            # profile version outranks this one) says more.
            await self._contacts.save(invited_contact(event), INVITED_VERSION)
        elif isinstance(event, ParticipantErased):
            await self.erase(event.participant_id)

    async def erase(self, participant_id: str) -> None:
        """Contact data, preferences, inbox and waiting messages go; a tombstone stays so a
        replayed ParticipantJoined cannot bring the person back. Audit entries about the
        person keep who acted, when and what kind of action, and lose what changed."""
        now = self._clock.now()
        await self._contacts.erase(participant_id, now)
        await self._preferences.delete(participant_id)
        cancelled = await self._deliveries.cancel_for_recipient(participant_id, now)
        removed = await self._inbox.erase(participant_id)
        redacted = await self._inbox.redact_mentions(
            participant_id,
            {
                locale: (
                    template_for("redacted", locale).subject,
                    template_for("redacted", locale).body,
                )
                for locale in SUPPORTED_LOCALES
            },
        )
        forgotten = await self._audit.forget(participant_id) if self._audit else 0
        log.info(
            "participant erased",
            extra={
                "cancelled": cancelled,
                "inbox_removed": removed,
                "redacted": redacted,
                "audit_cleared": forgotten,
            },
        )
