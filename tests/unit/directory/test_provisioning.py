"""The provisioning use cases on hand-written fakes: versions, races and what is announced."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.directory.application.provisioning import Provisioning
from services.directory.domain.errors import ChangedMeanwhile, UnknownPerson, VersionMismatch
from services.directory.domain.model import Change, PersonDraft, change_between
from shared.clock import ManualClock
from tests.unit.directory.fakes import FakeAudit, FakePersonStore, FakeTelemetry


def draft(**changes: object) -> PersonDraft:
    base = PersonDraft(
        user_name="ada@corp.example",
        attributes={"userName": "ada@corp.example", "displayName": "Ada"},
        display_name="Ada",
        work_email="ada@corp.example",
        emails=("ada@corp.example",),
        work_emails=("ada@corp.example",),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def provisioning() -> Provisioning:
    return Provisioning(
        people=FakePersonStore(), audit=FakeAudit(), clock=ManualClock(), telemetry=FakeTelemetry()
    )


def store_of(provisioning: Provisioning) -> FakePersonStore:
    assert isinstance(provisioning.people, FakePersonStore)
    return provisioning.people


async def test_a_change_made_meanwhile_is_read_again_and_the_revision_reapplied(
    provisioning: Provisioning,
) -> None:
    person = await provisioning.create("entra", draft())
    store_of(provisioning).interfere_once = True
    revised = await provisioning.revise(
        "entra",
        person.person_id,
        lambda p: replace(p.draft, active=False),
        if_match=None,
        action="person.patched",
    )
    assert revised.version == 3  # on top of the other writer's version 2
    assert revised.draft.active is False


async def test_a_pinned_version_is_never_silently_rebased(provisioning: Provisioning) -> None:
    person = await provisioning.create("entra", draft())
    store_of(provisioning).interfere_once = True
    with pytest.raises(VersionMismatch):
        await provisioning.revise(
            "entra",
            person.person_id,
            lambda p: replace(p.draft, active=False),
            if_match=1,
            action="person.patched",
        )


async def test_a_revision_that_changes_nothing_makes_no_version_and_no_event(
    provisioning: Provisioning,
) -> None:
    person = await provisioning.create("entra", draft())
    same = await provisioning.revise(
        "entra", person.person_id, lambda p: p.draft, if_match=None, action="person.replaced"
    )
    assert same.version == 1
    assert [e.event_type for e in store_of(provisioning).published] == ["PersonProvisioned"]


async def test_a_person_who_keeps_changing_is_a_conflict_not_a_loop(
    provisioning: Provisioning,
) -> None:
    person = await provisioning.create("entra", draft())
    store = store_of(provisioning)

    def revision(current: object) -> PersonDraft:
        store.interfere_once = True  # someone else writes before every attempt lands
        return draft(display_name="Ada L.")

    with pytest.raises(ChangedMeanwhile):
        await provisioning.revise(
            "entra", person.person_id, revision, if_match=None, action="person.patched"
        )


async def test_deleting_twice_is_unknown_the_second_time(provisioning: Provisioning) -> None:
    person = await provisioning.create("entra", draft())
    await provisioning.delete("entra", person.person_id, if_match=None)
    with pytest.raises(UnknownPerson):
        await provisioning.delete("entra", person.person_id, if_match=None)


def test_reactivation_is_an_update_and_deactivation_wins_over_a_rename() -> None:
    inactive = draft(active=False)
    assert change_between(inactive, draft()) is Change.UPDATED
    assert change_between(draft(), draft(active=False, display_name="Ada L.")) is Change.DEACTIVATED
    assert change_between(draft(), draft(attributes={"title": "CFO"})) is Change.NOTHING_VISIBLE
