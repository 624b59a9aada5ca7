"""The matching routes on the fakes: their collaborators come from `app.state.matching` through
`Annotated` dependencies, so the HTTP boundary (who may do what, refusals as HTTP errors, the
audit trail, the lists told of a change) is tested without a broker or database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import httpx
import pytest
from fastapi import FastAPI

from services.matching.adapters.mongo_participant_directory import DirectoryRow
from services.matching.application.admin_audit import AdminAudit
from services.matching.application.enrolment import Enrolment
from services.matching.application.enrolment_rules import EnrolmentByRule
from services.matching.application.invitations import Invitations
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.ports import DirectorySearch, ProgramLists
from services.matching.application.programs import ProgramCommands
from services.matching.application.rounds import RoundRunner
from services.matching.entrypoints.api import STATE_NAME, MatchingApi, router
from services.matching.entrypoints.program_reads import ProgramReads
from shared.clock import FixedClock
from shared.http.auth import Principal, current_principal
from shared.http.errors import install_error_handlers
from shared.observability.metrics import ServiceMetrics
from shared.storage.audit import AuditEntry, AuditTrail
from shared.storage.mongo import Document
from shared.storage.snapshots import ProgramSnapshots
from tests.unit.matching.fakes import FakeMatchingStore
from tests.unit.matching.invitation_fakes import FakeInvitations
from tests.unit.matching.test_enrolment import person
from tests.unit.matching.test_enrolment_rules import FakeDirectory, FakeRules
from tests.unit.shared.sample_events import PROFILE, SETTINGS

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
PROGRAM = "emea-2026"
ADMIN = Principal("admin-1", frozenset({"program_admin"}), regions=frozenset({SETTINGS.region}))
OUTSIDER = Principal("admin-2", frozenset({"program_admin"}), regions=frozenset({"APAC"}))


def participant(participant_id: str) -> Principal:
    return Principal(participant_id, frozenset({"participant"}))


class NotRead:
    """A collaborator these routes never reach (the Mongo lists and the directory search)."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"not read by these tests: {name}")


@dataclass
class FakeAuditTrail:
    entries: list[AuditEntry] = field(default_factory=list)

    async def record(self, entry: AuditEntry) -> None:
        self.entries.append(entry)

    async def forget(self, person_id: str) -> int:
        return 0


@dataclass
class Caller:
    principal: Principal = ADMIN


@dataclass
class Harness:
    http: httpx.AsyncClient
    caller: Caller
    store: FakeMatchingStore
    trail: FakeAuditTrail

    def actions(self) -> list[str]:
        return [e.action for e in self.trail.entries]


def snapshots_of(store: FakeMatchingStore) -> tuple[Any, Any]:
    async def rows(program_id: str) -> list[DirectoryRow]:
        docs = store.participants.values()
        return [DirectoryRow.of(d) for d in docs if d["program_id"] == program_id]

    async def pairs(program_id: str) -> list[Document]:
        return [d for d in store.pairs.values() if d["program_id"] == program_id]

    return (
        ProgramSnapshots(rows, lambda row: row.participant_id),
        ProgramSnapshots(pairs, lambda doc: str(doc["_id"])),
    )


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    store, trail, clock = FakeMatchingStore(), FakeAuditTrail(), FixedClock(NOW)
    metrics = ServiceMetrics("matching")
    pairs = PairLifecycle(store, clock, metrics)
    participants = ParticipantCommands(store, clock, pairs)
    directory, pair_cache = snapshots_of(store)
    rule_directory = FakeDirectory(
        person("t-1", department="Treasury"), person("l-1", department="Legal")
    )
    rule_enrolment = Enrolment(rule_directory, participants)
    api = MatchingApi(
        reads=ProgramReads(store=store, directory=directory, pair_cache=pair_cache),
        lists=cast(ProgramLists, NotRead()),
        programs=ProgramCommands(store, clock),
        participants=participants,
        rounds=RoundRunner(store, clock, metrics, pairs, instance_id="test"),
        pairs=pairs,
        audit=AdminAudit(trail, clock),
        trail=cast(AuditTrail, NotRead()),
        people=cast(DirectorySearch, NotRead()),
        enrolment=cast(Enrolment, NotRead()),
        invitations=Invitations(FakeInvitations(), rule_directory, store, rule_enrolment, clock),
        by_rule=EnrolmentByRule(
            FakeRules(), rule_directory, Enrolment(rule_directory, participants)
        ),
    )
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    setattr(app.state, STATE_NAME, api)
    caller = Caller()
    app.dependency_overrides[current_principal] = lambda: caller.principal
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://matching") as http:
        launched = await http.post(
            "/programs",
            json={"program_id": PROGRAM, "settings": SETTINGS.model_dump(mode="json")},
        )
        assert launched.status_code == 201, launched.text
        yield Harness(http, caller, store, trail)


async def test_a_join_is_created_once_and_the_same_join_again_changes_nothing(
    harness: Harness,
) -> None:
    profile = PROFILE.model_dump(mode="json")
    first = await harness.http.post(f"/programs/{PROGRAM}/participants", json=profile)
    again = await harness.http.post(f"/programs/{PROGRAM}/participants", json=profile)
    program = await harness.http.get(f"/programs/{PROGRAM}")

    assert (first.status_code, again.status_code) == (201, 200)
    assert (first.json()["status"], again.json()["status"]) == ("joined", "unchanged")
    assert harness.actions() == ["program.launched", "participant.joined"]
    assert program.json()["participants"] == {"active": 1}


async def test_a_participant_reads_their_own_profile_and_nobody_elses(harness: Harness) -> None:
    await harness.http.post(f"/programs/{PROGRAM}/participants", json=PROFILE.model_dump())
    harness.caller.principal = participant(PROFILE.participant_id)
    own = await harness.http.get(f"/programs/{PROGRAM}/participants/{PROFILE.participant_id}")
    harness.caller.principal = participant("p-999")
    other = await harness.http.get(f"/programs/{PROGRAM}/participants/{PROFILE.participant_id}")

    assert own.status_code == 200
    assert own.json()["participant"]["display_name"] == PROFILE.display_name
    assert other.status_code == 403


async def test_an_unknown_program_is_not_found_for_admins_and_forbidden_to_others(
    harness: Harness,
) -> None:
    unknown = await harness.http.get("/programs/nope")
    harness.caller.principal = OUTSIDER
    elsewhere = await harness.http.get(f"/programs/{PROGRAM}")
    harness.caller.principal = participant("p-001")
    guessed = await harness.http.get("/programs/nope")

    assert unknown.status_code == 404
    assert elsewhere.status_code == 403
    assert guessed.status_code == 403


async def test_refusals_of_the_use_cases_answer_as_their_http_errors(harness: Harness) -> None:
    path = f"/programs/{PROGRAM}/participants/{PROFILE.participant_id}"
    await harness.http.post(f"/programs/{PROGRAM}/participants", json=PROFILE.model_dump())
    erased = await harness.http.delete(path)
    update = await harness.http.put(path, json=PROFILE.model_dump(mode="json"))
    unknown_pair = await harness.http.post(f"/programs/{PROGRAM}/pairs/pair-9/end")

    assert erased.status_code == 204
    assert (update.status_code, update.json()["error"]) == (409, "participant_erased")
    assert unknown_pair.status_code == 404
    assert "participant.erased" in harness.actions()


async def test_enrolment_rules_enrol_their_unit_and_are_read_back(harness: Harness) -> None:
    path = f"/programs/{PROGRAM}/enrolment-rules"
    rule = {"department": "treasury", "role": "junior", "seniority_level": 2}
    saved = await harness.http.put(path, json={"rules": [rule]})
    read = await harness.http.get(path)
    unitless = await harness.http.put(
        path, json={"rules": [{"role": "junior", "seniority_level": 2}]}
    )
    harness.caller.principal = OUTSIDER
    elsewhere = await harness.http.get(path)

    assert saved.status_code == 200, saved.text
    assert saved.json()["joined"] == 1
    assert f"{PROGRAM}|t-1" in harness.store.participants
    assert f"{PROGRAM}|l-1" not in harness.store.participants
    assert read.json()["rules"] == [{**rule, "location": None}]
    assert unitless.status_code == 422
    assert elsewhere.status_code == 403
    assert harness.actions()[-1] == "enrolment_rules.changed"


async def test_an_invitation_is_answered_by_the_person_invited_only(harness: Harness) -> None:
    invited = await harness.http.post(
        f"/programs/{PROGRAM}/invitations",
        json={"person_ids": ["t-1", "ghost"], "role": "junior", "seniority_level": 2},
    )
    assert invited.status_code == 200, invited.text
    assert [i["status"] for i in invited.json()["items"]] == ["invited", "rejected"]
    harness.caller.principal = participant("l-1")
    meddling = await harness.http.post(f"/participants/t-1/invitations/{PROGRAM}/accept")
    harness.caller.principal = participant("t-1")
    listed = await harness.http.get("/participants/t-1/invitations")
    accepted = await harness.http.post(f"/participants/t-1/invitations/{PROGRAM}/accept")
    again = await harness.http.post(f"/participants/t-1/invitations/{PROGRAM}/decline")

    assert meddling.status_code == 403
    assert [i["program"]["program_id"] for i in listed.json()] == [PROGRAM]
    assert accepted.json()["status"] == "joined"
    assert f"{PROGRAM}|t-1" in harness.store.participants
    assert again.status_code == 409
    assert harness.actions()[-2:] == ["participants.invited", "invitation.accepted"]
