"""The directory's events meet the programs' enrolment rules: a joiner or a mover whom a rule
admits is enrolled, on the program's audit trail as done by the identity-provider connection."""

from __future__ import annotations

from uuid import UUID

from services.matching.application.enrolment import Enrolment
from services.matching.application.enrolment_rules import EnrolmentByRule
from services.matching.application.leavers import DirectoryChanges
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.policy import PolicyIn
from services.matching.application.programs import ProgramCommands
from services.matching.domain.enrolment import DirectoryPerson
from services.matching.domain.enrolment_rules import EnrolmentRule
from shared.clock import FixedClock
from shared.events import PersonProvisioned, PersonUpdated
from shared.observability.metrics import ServiceMetrics
from tests.unit.matching.fakes import FakeMatchingStore
from tests.unit.matching.test_enrolment_rules import FakeDirectory, FakeRules
from tests.unit.matching.test_leavers_on_fakes import NOW, FakeAuditTrail
from tests.unit.shared.sample_events import SETTINGS, sample

CORRELATION = UUID("00000000-0000-4000-8000-0000000000d3")
TREASURY = EnrolmentRule(role="junior", seniority_level=2, department="Treasury")


class RememberingDirectory(FakeDirectory):
    async def remember(self, person: DirectoryPerson) -> None:
        self.people[person.person_id] = person

    async def deactivate(self, person_id: str, version: int, *, deleted: bool) -> None:
        self.people.pop(person_id, None)


async def world() -> tuple[DirectoryChanges, FakeMatchingStore, FakeAuditTrail]:
    store, audit, clock = FakeMatchingStore(), FakeAuditTrail(), FixedClock(NOW)
    pairs = PairLifecycle(store, clock, ServiceMetrics("matching"))
    participants = ParticipantCommands(store, clock, pairs)
    await ProgramCommands(store, clock).launch("emea", SETTINGS, PolicyIn(), CORRELATION)
    directory, rules = RememberingDirectory(), FakeRules()
    by_rule = EnrolmentByRule(rules, directory, Enrolment(directory, participants))
    await by_rule.set_rules("emea", [TREASURY], CORRELATION)
    changes = DirectoryChanges(store, participants, pairs, audit, clock, directory, by_rule)
    return changes, store, audit


async def test_a_joiner_of_a_rules_department_is_enrolled_and_on_record() -> None:
    changes, store, audit = await world()
    joiner = sample("PersonProvisioned").model_copy(update={"department": "Treasury"})
    assert isinstance(joiner, PersonProvisioned)

    assert await changes.on_person_provisioned(joiner) == ["emea"]
    assert await changes.on_person_provisioned(joiner) == []  # redelivered: nothing more

    joined = store.participants[f"emea|{joiner.person_id}"]
    assert joined["status"] == "active"
    assert (joined["profile"]["department"], joined["profile"]["role"]) == ("Treasury", "junior")
    [entry] = audit.entries
    assert (entry.actor_id, entry.action, entry.changes) == (
        "scim:entra",
        "participant.enrolled_by_rule",
        {"joined": 1},
    )


async def test_someone_moving_into_a_rules_department_is_enrolled() -> None:
    changes, store, _ = await world()
    legal = sample("PersonProvisioned").model_copy(update={"department": "Legal"})
    assert isinstance(legal, PersonProvisioned)
    assert await changes.on_person_provisioned(legal) == []
    moved = sample("PersonUpdated").model_copy(update={"department": "Treasury"})
    assert isinstance(moved, PersonUpdated)

    assert await changes.on_person_updated(moved) == ["emea"]
    assert f"emea|{moved.person_id}" in store.participants
