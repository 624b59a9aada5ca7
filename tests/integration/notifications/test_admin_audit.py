"""The program's audit trail on the real database, with real tokens: admins' changes to the
admin contacts are recorded once, read newest first by the program's admins only, hold no
name or address, and lose what they said when the person is erased."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.events import ADMIN, JUNIOR, PROGRAM, erased

pytestmark = pytest.mark.integration

CONTACT = {"display_name": "HR Lead", "email": "hr@mail.example", "locale": "de"}
CONTACT_PATH = f"/notifications/programs/{PROGRAM}/admin-contacts/{ADMIN}"
AUDIT_PATH = f"/programs/{PROGRAM}/audit"


async def test_admin_contact_changes_are_on_the_programs_trail_and_erasure_clears_them(
    stack: Stack,
) -> None:
    hr = stack.token("hr-lead", ["program_admin"], programs=[PROGRAM])
    retried = {"X-Correlation-ID": str(uuid4())}
    async with stack.client(hr) as admin:
        assert (await admin.put(CONTACT_PATH, json=CONTACT, headers=retried)).status_code == 200
        assert (await admin.put(CONTACT_PATH, json=CONTACT, headers=retried)).status_code == 200
        stack.clock.advance(timedelta(minutes=1))
        changed = {**CONTACT, "email": "hr.lead@mail.example"}
        assert (await admin.put(CONTACT_PATH, json=changed)).status_code == 200
        stack.clock.advance(timedelta(minutes=1))
        assert (await admin.delete(CONTACT_PATH)).status_code == 204
        trail = await admin.get(AUDIT_PATH)
        first = (await admin.get(AUDIT_PATH, params={"limit": 2})).json()
        rest = (
            await admin.get(AUDIT_PATH, params={"limit": 2, "cursor": first["next_cursor"]})
        ).json()

    assert trail.status_code == 200
    body = trail.json()
    assert body["total"] == 3
    assert [(e["action"], e["changes"]) for e in body["items"]] == [
        ("admin_contact.removed", {}),
        ("admin_contact.changed", {"fields": ["email"]}),
        ("admin_contact.added", {"fields": ["display_name", "email", "locale", "timezone"]}),
    ]
    assert {(e["actor_id"], e["program_id"], e["target"]) for e in body["items"]} == {
        ("hr-lead", PROGRAM, ADMIN)
    }
    assert [e["entry_id"] for e in first["items"] + rest["items"]] == [
        e["entry_id"] for e in body["items"]
    ]
    stored = await stack.db["audit"].find({}).to_list(None)
    assert len(stored) == 3
    assert "mail.example" not in str(stored)
    assert "HR Lead" not in str(stored)

    await stack.produce(erased(stack.clock.now(), ADMIN))

    async def cleared() -> list[dict[str, Any]]:
        docs: list[dict[str, Any]] = await stack.db["audit"].find({"redacted": True}).to_list(None)
        return docs if len(docs) == 3 else []

    assert all(doc["changes"] == {} for doc in await eventually(cleared))
    async with stack.client(hr) as admin:
        after = (await admin.get(AUDIT_PATH)).json()
    assert [(e["action"], e["actor_id"], e["redacted"]) for e in after["items"]] == [
        ("admin_contact.removed", "hr-lead", True),
        ("admin_contact.changed", "hr-lead", True),
        ("admin_contact.added", "hr-lead", True),
    ]


async def test_only_the_programs_admins_read_its_trail(stack: Stack) -> None:
    outsiders = [
        stack.token(JUNIOR, ["participant"]),
        stack.token("apac-lead", ["program_admin"], programs=["apac-2026"]),
    ]
    for token in outsiders:
        async with stack.client(token) as outsider:
            assert (await outsider.get(AUDIT_PATH)).status_code == 403
    async with stack.client() as anonymous:
        assert (await anonymous.get(AUDIT_PATH)).status_code == 401
    async with stack.client(stack.token("ops", ["platform_admin"])) as platform:
        empty = await platform.get(AUDIT_PATH)
    assert empty.json() == {"items": [], "next_cursor": None, "total": 0}
