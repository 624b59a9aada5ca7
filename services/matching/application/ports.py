"""What the matching use cases need of the outside world, as Protocols.

The MongoDB side is one adapter per aggregate (`adapters/mongo_programs.py`,
`mongo_participants.py`, `mongo_pairs.py`, `mongo_rounds.py`), and `mongo_matching.py` for the
use cases that take several; unit tests may hand in small fakes of the one a use case takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from services.matching.domain.enrolment import DirectoryPerson
from shared.events import Event
from shared.storage.mongo import Document


class ProgramStore(Protocol):
    async def get_program(self, program_id: str) -> Document | None: ...

    async def list_programs(self, ids: Iterable[str] | None = None) -> list[Document]: ...

    async def insert_program(self, doc: Document, events: Sequence[Event]) -> bool: ...

    async def update_program(
        self, program_id: str, expected_version: int, changes: Document, events: Sequence[Event]
    ) -> bool: ...

    async def next_round_number(self, program_id: str) -> int: ...


class ParticipantStore(Protocol):
    async def get_participant(self, program_id: str, participant_id: str) -> Document | None: ...

    async def get_participants(
        self, program_id: str, ids: Iterable[str]
    ) -> dict[str, Document]: ...

    async def active_participants(self, program_id: str) -> list[Document]: ...

    async def count_waiting_seniors(self, program_id: str) -> int: ...

    async def count_participants(self, program_id: str) -> dict[str, int]: ...

    async def insert_participants(
        self, docs: Sequence[Document], events: Sequence[Event]
    ) -> set[str]: ...

    async def update_participant(
        self,
        key: str,
        expected_version: int,
        changes: Document,
        events: Sequence[Event],
        unset: Sequence[str] = (),
    ) -> bool: ...

    async def ingest_profiles(self, docs: Sequence[Document]) -> None:
        """Keep the profiles another producer sent, as if one at a time in order: a newer
        version replaces the profile of an active participant, an unknown participant is
        recorded as its newest `doc` says."""


class Memberships(Protocol):
    async def memberships_of(self, participant_id: str, statuses: Sequence[str]) -> list[Document]:
        """The person's participant documents in every program, in these statuses."""
        ...


class PairStore(Protocol):
    async def get_pair(self, program_id: str, pair_id: str) -> Document | None: ...

    async def pairs_of_program(
        self, program_id: str, statuses: Sequence[str]
    ) -> list[Document]: ...

    async def pairs_of_participant(
        self, program_id: str, participant_id: str, statuses: Sequence[str]
    ) -> list[Document]: ...

    async def insert_pairs(
        self, docs: Sequence[Document], events_by_pair: Mapping[str, Event]
    ) -> None: ...

    async def change_pair_status(
        self,
        pair_id: str,
        from_statuses: Sequence[str],
        changes: Document,
        events: Sequence[Event],
    ) -> bool: ...


class Leases(Protocol):
    async def acquire(self, name: str, owner: str, *, now: datetime, ttl: timedelta) -> bool: ...

    async def release(self, name: str, owner: str) -> None: ...


class RoundStore(Protocol):
    @property
    def leases(self) -> Leases: ...

    async def save_round(self, doc: Document, events: Sequence[Event] = ()) -> None: ...

    async def get_round(self, program_id: str, round_id: str) -> Document | None: ...

    async def last_round(self, program_id: str) -> Document | None: ...


class ProgramsAndPairs(ProgramStore, PairStore, Protocol):
    """Pair lifecycle: a pair's program decides whether a pair at risk is rematched."""


class ProgramsAndParticipants(ProgramStore, ParticipantStore, Protocol):
    """Program and participant commands."""


class MatchingRepository(ProgramStore, ParticipantStore, PairStore, RoundStore, Protocol):
    """Everything a round reads and writes."""


@dataclass(frozen=True, slots=True)
class ProgramScope:
    """Which programs a caller may list: all, or those of ids and/or regions."""

    everything: bool
    ids: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()

    @property
    def sees_nothing(self) -> bool:
        return not (self.everything or self.ids or self.regions)


class ProgramLists(Protocol):
    """The paged lists the HTTP API serves (`adapters/mongo_lists.py`)."""

    async def programs(
        self,
        scope: ProgramScope,
        *,
        region: str | None,
        q: str | None,
        after: str | None,
        limit: int,
    ) -> tuple[list[Document], int]: ...

    async def programs_by_id(self, ids: Sequence[str]) -> dict[str, Document]: ...

    async def memberships(self, participant_id: str) -> list[Document]: ...

    async def pairs_of_participant(
        self, program_id: str, participant_id: str
    ) -> list[Document]: ...

    async def rounds(
        self, program_id: str, *, before: int | None, limit: int
    ) -> tuple[list[Document], int]: ...


class DirectorySearch(Protocol):
    """Matching's read model of the company directory, as admins search it to enrol."""

    async def search(
        self, text: str | None, *, after: tuple[str, str] | None, limit: int
    ) -> tuple[list[DirectoryPerson], int]: ...

    def position_of(self, person: DirectoryPerson) -> tuple[str, str]: ...
