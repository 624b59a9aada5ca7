"""The notifications routes on the fakes: their collaborators come from
`app.state.notifications` through `Annotated` dependencies, so the HTTP boundary (who may do
what, the audit trail of admin actions) is tested without a broker or database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import cast
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from services.notifications.application.admin_contacts import AdminContactBook
from services.notifications.application.directory import Directory
from services.notifications.domain.model import InboxItem, Preferences
from services.notifications.entrypoints import audit_api
from services.notifications.entrypoints.api import STATE_NAME, NotificationsApi, router
from shared.clock import FixedClock
from shared.http.auth import Principal, current_principal
from shared.http.errors import install_error_handlers
from shared.storage.audit import AuditTrail
from tests.support.audit_trail_fake import FakeAuditTrail
from tests.unit.notifications.api_fakes import FakeInboxPages
from tests.unit.notifications.channel_fakes import FakeInbox
from tests.unit.notifications.directory_fakes import (
    FakeAdmins,
    FakeContacts,
    FakePreferences,
    FakePrograms,
)
from tests.unit.notifications.fakes import FakeDeliveries
from tests.unit.notifications.samples import NOW, PROGRAM, program_profile

CONTACT = {"display_name": "Alex Admin", "email": "alex@example.com", "timezone": "Europe/Berlin"}
CONTACTS = f"/notifications/programs/{PROGRAM}/admin-contacts"
AUDIT = f"/programs/{PROGRAM}/audit"


def participant(participant_id: str) -> Principal:
    return Principal(participant_id, frozenset({"participant"}))


def program_admin(subject: str, *programs: str) -> Principal:
    return Principal(subject, frozenset({"program_admin"}), programs=frozenset(programs))


@dataclass
class Caller:
    """Who the next request comes from."""

    principal: Principal = field(default_factory=lambda: program_admin("admin-1", PROGRAM))


@dataclass
class Harness:
    http: httpx.AsyncClient
    caller: Caller
    clock: FixedClock
    trail: FakeAuditTrail
    inbox: FakeInbox
    admins: FakeAdmins
    directory: Directory


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    clock = FixedClock(NOW)
    programs, admins, inbox, trail = FakePrograms(), FakeAdmins(), FakeInbox(), FakeAuditTrail()
    preferences = FakePreferences()
    await programs.save(program_profile())
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(audit_api.router)
    api = NotificationsApi(
        inbox=inbox,
        inbox_pages=FakeInboxPages(inbox),
        preferences=preferences,
        default_preferences=Preferences(),
        programs=programs,
        admin_contacts=AdminContactBook(admins=admins, trail=trail, clock=clock),
        audit=cast(AuditTrail, trail),
        clock=clock,
    )
    setattr(app.state, STATE_NAME, api)
    directory = Directory(
        programs=programs,
        contacts=FakeContacts(),
        preferences=preferences,
        inbox=inbox,
        deliveries=FakeDeliveries(),
        clock=clock,
        audit=trail,
    )
    caller = Caller()
    app.dependency_overrides[current_principal] = lambda: caller.principal
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notifications") as http:
        yield Harness(http, caller, clock, trail, inbox, admins, directory)


async def test_an_admin_contact_added_changed_and_removed_is_on_the_programs_trail(
    harness: Harness,
) -> None:
    added = await harness.http.put(f"{CONTACTS}/admin-2", json=CONTACT)
    harness.clock.advance(timedelta(minutes=1))
    changed = await harness.http.put(
        f"{CONTACTS}/admin-2", json={**CONTACT, "email": "alex.admin@example.com"}
    )
    harness.clock.advance(timedelta(minutes=1))
    removed = await harness.http.delete(f"{CONTACTS}/admin-2")
    trail = await harness.http.get(AUDIT)

    assert (added.status_code, changed.status_code, removed.status_code) == (200, 200, 204)
    assert trail.status_code == 200
    body = trail.json()
    assert (body["total"], body["next_cursor"]) == (3, None)
    assert [(e["action"], e["changes"]) for e in body["items"]] == [
        ("admin_contact.removed", {}),
        ("admin_contact.changed", {"fields": ["email"]}),
        ("admin_contact.added", {"fields": ["display_name", "email", "timezone"]}),
    ]
    for entry in body["items"]:
        assert (entry["actor_id"], entry["program_id"], entry["target"]) == (
            "admin-1",
            PROGRAM,
            "admin-2",
        )
        assert entry["redacted"] is False
    assert "example.com" not in trail.text
    assert "Alex" not in trail.text


async def test_a_put_that_changes_nothing_or_is_retried_is_recorded_once(
    harness: Harness,
) -> None:
    retry = {"X-Correlation-ID": str(uuid4())}
    await harness.http.put(f"{CONTACTS}/admin-2", json=CONTACT, headers=retry)
    await harness.http.delete(f"{CONTACTS}/admin-2", headers=retry)
    await harness.http.put(f"{CONTACTS}/admin-2", json=CONTACT, headers=retry)
    await harness.http.put(f"{CONTACTS}/admin-2", json=CONTACT)

    actions = [e.action for e in harness.trail.entries.values()]
    assert actions == ["admin_contact.added", "admin_contact.removed"]


async def test_removing_an_unknown_admin_contact_is_404_and_not_recorded(
    harness: Harness,
) -> None:
    missing = await harness.http.delete(f"{CONTACTS}/admin-9")

    assert missing.status_code == 404
    assert harness.trail.entries == {}


async def test_only_the_programs_admins_change_contacts_or_read_its_trail(
    harness: Harness,
) -> None:
    harness.caller.principal = participant("p-junior")
    as_participant = await harness.http.get(AUDIT)
    put_as_participant = await harness.http.put(f"{CONTACTS}/admin-2", json=CONTACT)
    harness.caller.principal = program_admin("admin-3", "apac-2026")
    as_other_admin = await harness.http.get(AUDIT)
    harness.caller.principal = Principal(
        "admin-4", frozenset({"program_admin"}), regions=frozenset({"EMEA"})
    )
    as_region_admin = await harness.http.get(AUDIT)

    assert as_participant.status_code == 403
    assert put_as_participant.status_code == 403
    assert as_other_admin.status_code == 403
    assert as_region_admin.status_code == 200
    assert as_region_admin.json() == {"items": [], "next_cursor": None, "total": 0}
    assert harness.admins.admins == {}


async def test_the_trail_pages_newest_first(harness: Harness) -> None:
    admins = ["admin-2", "admin-3", "admin-4"]
    for admin_id in admins:
        harness.clock.advance(timedelta(minutes=1))
        await harness.http.put(f"{CONTACTS}/{admin_id}", json=CONTACT)

    first = (await harness.http.get(AUDIT, params={"limit": 2})).json()
    rest = (
        await harness.http.get(AUDIT, params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    bad = await harness.http.get(AUDIT, params={"cursor": "not-a-cursor"})

    assert [e["target"] for e in first["items"] + rest["items"]] == list(reversed(admins))
    assert (first["total"], rest["next_cursor"]) == (3, None)
    assert bad.status_code == 422


async def test_erasing_a_person_clears_what_their_entries_said(harness: Harness) -> None:
    await harness.http.put(f"{CONTACTS}/admin-2", json=CONTACT)
    await harness.http.put(f"{CONTACTS}/admin-3", json=CONTACT)

    await harness.directory.erase("admin-2")
    body = (await harness.http.get(AUDIT)).json()

    by_target = {e["target"]: e for e in body["items"]}
    assert by_target["admin-2"]["redacted"] is True
    assert by_target["admin-2"]["changes"] == {}
    assert by_target["admin-2"]["action"] == "admin_contact.added"
    assert by_target["admin-2"]["actor_id"] == "admin-1"
    assert by_target["admin-3"]["redacted"] is False


async def test_a_persons_inbox_and_preferences_are_theirs_alone(harness: Harness) -> None:
    await harness.inbox.add(
        InboxItem("m-1", "p-junior", PROGRAM, "welcome", "en", "Welcome", "Hello", NOW)
    )
    harness.caller.principal = participant("p-junior")
    own = await harness.http.get("/notifications/inbox/p-junior")
    marked = await harness.http.post("/notifications/inbox/p-junior/read", json={"all": True})
    saved = await harness.http.put(
        "/notifications/preferences/p-junior", json={"email": False, "daily_digest": True}
    )
    read_back = await harness.http.get("/notifications/preferences/p-junior")
    harness.caller.principal = participant("p-senior")
    other = await harness.http.get("/notifications/inbox/p-junior")
    others_preferences = await harness.http.put(
        "/notifications/preferences/p-junior", json={"email": True}
    )

    assert own.status_code == 200
    assert [m["id"] for m in own.json()["items"]] == ["m-1"]
    assert marked.json() == {"marked": 1}
    assert saved.status_code == 200
    assert (read_back.json()["email"], read_back.json()["daily_digest"]) == (False, True)
    assert (other.status_code, others_preferences.status_code) == (403, 403)
    assert harness.trail.entries == {}  # a person's own settings are not admin actions
