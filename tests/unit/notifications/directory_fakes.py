"""Hand-written in-memory fakes of what notifications knows about programs and people:
program profiles, participant and admin contacts, notification preferences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.notifications.domain.model import Contact, Preferences, ProgramProfile


class FakePrograms:
    def __init__(self) -> None:
        self.programs: dict[str, ProgramProfile] = {}

    async def get(self, program_id: str) -> ProgramProfile | None:
        return self.programs.get(program_id)

    async def save(self, profile: ProgramProfile) -> bool:
        current = self.programs.get(profile.program_id)
        if current is not None and current.version >= profile.version:
            return False
        self.programs[profile.program_id] = profile
        return True


class FakeContacts:
    def __init__(self) -> None:
        self.contacts: dict[str, tuple[int, Contact]] = {}
        self.erased: set[str] = set()

    async def get_many(self, ids: Sequence[str]) -> tuple[dict[str, Contact], set[str]]:
        found = {i: self.contacts[i][1] for i in ids if i in self.contacts}
        return found, {i for i in ids if i in self.erased}

    async def save(self, contact: Contact, version: int) -> bool:
        rid = contact.recipient_id
        if rid in self.erased or (rid in self.contacts and self.contacts[rid][0] >= version):
            return False
        self.contacts[rid] = (version, contact)
        return True

    async def erase(self, participant_id: str, now: datetime) -> None:
        self.contacts.pop(participant_id, None)
        self.erased.add(participant_id)

    async def forget_unjoined(self, participant_id: str, below_version: int) -> bool:
        held = self.contacts.get(participant_id)
        if held is None or held[0] >= below_version:
            return False
        del self.contacts[participant_id]
        return True


class FakeAdmins:
    def __init__(self) -> None:
        self.admins: dict[tuple[str, str], Contact] = {}

    async def get_many(self, program_id: str, ids: Sequence[str]) -> dict[str, Contact]:
        return {i: self.admins[(program_id, i)] for i in ids if (program_id, i) in self.admins}

    async def list(self, program_id: str) -> list[Contact]:
        return [c for (p, _i), c in sorted(self.admins.items()) if p == program_id]

    async def put(self, contact: Contact) -> None:
        self.admins[(contact.program_id, contact.recipient_id)] = contact

    async def delete(self, program_id: str, admin_id: str) -> bool:
        return self.admins.pop((program_id, admin_id), None) is not None


class FakePreferences:
    def __init__(self) -> None:
        self.preferences: dict[str, Preferences] = {}

    async def get_many(self, ids: Sequence[str]) -> dict[str, Preferences]:
        return {i: self.preferences[i] for i in ids if i in self.preferences}

    async def put(self, recipient_id: str, preferences: Preferences) -> None:
        self.preferences[recipient_id] = preferences

    async def delete(self, recipient_id: str) -> None:
        self.preferences.pop(recipient_id, None)
