"""What the company directory's changes do to the programs a person is in, on fakes of the
ports: a leaver's pairs end and they leave every program, a new name reaches each profile, and
each is on the program's audit trail as done by the identity-provider connection."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from services.matching.application.leavers import DirectoryChanges
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.policy import PolicyIn
from services.matching.application.programs import ProgramCommands
from services.matching.domain.enrolment import DirectoryPerson
from shared.clock import FixedClock
from shared.events import PairEnded, PersonDeactivated, PersonUpdated
from shared.observability.metrics import ServiceMetrics
from shared.storage.audit import AuditEntry
from tests.unit.matching.fakes import FakeMatchingStore
from tests.unit.shared.sample_events import PROFILE, SETTINGS, sample

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
CORRELATION = UUID("00000000-0000-4000-8000-0000000000c2")
PROGRAMS = ("emea-2026", "apac-2026")


class FakeAuditTrail:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    async def record(self, entry: AuditEntry) -> None:
        self.entries.append(entry)


class FakeDirectoryPeople:
    def __init__(self) -> None:
        self.people: dict[str, DirectoryPerson] = {}
        self.deactivated: list[tuple[str, int, bool]] = []

    async def remember(self, person: DirectoryPerson) -> None:
        self.people[person.person_id] = person

    async def deactivate(self, person_id: str, version: int, *, deleted: bool) -> None:
        self.deactivated.append((person_id, version, deleted))


class World:
    def __init__(self) -> None:
        self.store = FakeMatchingStore()
        self.audit = FakeAuditTrail()
        self.people = FakeDirectoryPeople()
        clock = FixedClock(NOW)
        self.pairs = PairLifecycle(self.store, clock, ServiceMetrics("matching"))
        self.programs = ProgramCommands(self.store, clock)
        self.participants = ParticipantCommands(self.store, clock, self.pairs)
        self.changes = DirectoryChanges(
            self.store, self.participants, self.pairs, self.audit, clock, self.people
        )

    async def person_in_every_program(self) -> None:
        for program_id in PROGRAMS:
            await self.programs.launch(program_id, SETTINGS, PolicyIn(), CORRELATION)
            await self.participants.join_many(program_id, [PROFILE], CORRELATION)

    def status_of(self, program_id: str) -> str:
        return str(self.store.participants[f"{program_id}|{PROFILE.participant_id}"]["status"])


async def test_a_leaver_ends_their_pairs_and_leaves_every_program() -> None:
    world = World()
    await world.person_in_every_program()
    world.store.pairs["pair-1"] = {
        "_id": "pair-1",
        "program_id": PROGRAMS[0],
        "junior_id": PROFILE.participant_id,
        "senior_id": "p-002",
        "status": "active",
        "round_id": str(CORRELATION),
        "created_at": NOW,
    }
    event = sample("PersonDeactivated")
    assert isinstance(event, PersonDeactivated)

    touched = await world.changes.on_person_deactivated(event)

    assert sorted(touched) == sorted(PROGRAMS)
    assert [world.status_of(p) for p in PROGRAMS] == ["withdrawn", "withdrawn"]
    [ended] = [e for e in world.store.published if isinstance(e, PairEnded)]
    assert (ended.pair_id, ended.reason) == ("pair-1", "left_company")
    assert {(e.program_id, e.action, e.actor_id) for e in world.audit.entries} == {
        (p, "participant.withdrawn", "scim:entra") for p in PROGRAMS
    }
    assert world.people.deactivated == [(PROFILE.participant_id, 3, False)]


async def test_a_redelivered_deactivation_changes_nothing_more() -> None:
    world = World()
    await world.person_in_every_program()
    event = sample("PersonDeactivated")
    assert isinstance(event, PersonDeactivated)
    await world.changes.on_person_deactivated(event)
    published = len(world.store.published)

    await world.changes.on_person_deactivated(event)

    assert len(world.store.published) == published
    # The same audit entries again (ids derived from the event): the trail keeps one of each.
    assert len({e.entry_id for e in world.audit.entries}) == len(PROGRAMS)


async def test_a_new_name_from_the_directory_reaches_every_active_profile() -> None:
    world = World()
    await world.person_in_every_program()
    await world.participants.withdraw(PROGRAMS[1], PROFILE.participant_id, CORRELATION)
    event = sample("PersonUpdated").model_copy(update={"display_name": "Ada Renamed"})
    assert isinstance(event, PersonUpdated)

    touched = await world.changes.on_person_updated(event)

    assert touched == [PROGRAMS[0]]
    renamed = world.store.participants[f"{PROGRAMS[0]}|{PROFILE.participant_id}"]
    assert renamed["profile"]["display_name"] == "Ada Renamed"
    left = world.store.participants[f"{PROGRAMS[1]}|{PROFILE.participant_id}"]
    assert left["profile"]["display_name"] == PROFILE.display_name
    [entry] = world.audit.entries
    assert (entry.action, entry.changes) == ("participant.updated", {"fields": ["display_name"]})
    assert world.people.people[PROFILE.participant_id].display_name == "Ada Renamed"


async def test_a_move_to_another_department_reaches_every_active_profile() -> None:
    world = World()
    await world.person_in_every_program()
    event = sample("PersonUpdated").model_copy(
        update={"display_name": PROFILE.display_name, "email": PROFILE.email}
    )
    moved = event.model_copy(update={"department": "Treasury", "location": "Nairobi"})
    assert isinstance(moved, PersonUpdated)

    touched = await world.changes.on_person_updated(moved)

    assert touched == list(PROGRAMS)
    for program_id in PROGRAMS:
        profile = world.store.participants[f"{program_id}|{PROFILE.participant_id}"]["profile"]
        assert (profile["department"], profile["location"]) == ("Treasury", "Nairobi")
    assert {tuple(e.changes["fields"]) for e in world.audit.entries} == {("department", "location")}
    remembered = world.people.people[PROFILE.participant_id]
    assert (remembered.department, remembered.location) == ("Treasury", "Nairobi")
