"""The inbox, preferences and admin-contact API with real tokens; erasure end to end."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.notifications.conftest import Stack, eventually
from tests.integration.notifications.events import (
    ADMIN,
    JUNIOR,
    NAMES,
    PROGRAM,
    SENIOR,
    erased,
    joined,
    launched,
    pair_created,
)

pytestmark = pytest.mark.integration


async def inbox_of(stack: Stack, recipient: str, count: int) -> list[dict[str, Any]]:
    token = stack.token(recipient, ["participant"])

    async def enough() -> list[dict[str, Any]]:
        async with stack.client(token) as client:
            response = await client.get(f"/notifications/inbox/{recipient}")
        messages = response.json()["items"] if response.status_code == 200 else []
        return messages if len(messages) >= count else []

    return await eventually(enough)


async def test_inbox_is_private_and_can_be_marked_read(stack: Stack) -> None:
    now = stack.clock.now()
    await stack.produce(launched(now), joined(now, JUNIOR), joined(now, SENIOR))
    await stack.produce(pair_created(now))
    messages = await inbox_of(stack, JUNIOR, 2)
    assert {m["template"] for m in messages} == {"welcome", "pair_introduction"}
    assert all(not m["read"] for m in messages)
    introduction = next(m for m in messages if m["template"] == "pair_introduction")
    assert NAMES[SENIOR] in introduction["body"]

    async with stack.client() as anonymous:
        assert (await anonymous.get(f"/notifications/inbox/{JUNIOR}")).status_code == 401
    async with stack.client(stack.token(SENIOR, ["participant"])) as partner:
        response = await partner.get(f"/notifications/inbox/{JUNIOR}")
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"
        marked = await partner.post(f"/notifications/inbox/{JUNIOR}/read", json={"all": True})
        assert marked.status_code == 403
    program_admin = stack.token("hr-lead", ["program_admin"], programs=[PROGRAM])
    async with stack.client(program_admin) as admin:
        assert (await admin.get(f"/notifications/inbox/{JUNIOR}")).status_code == 403
    async with stack.client(stack.token("ops", ["platform_admin"])) as platform:
        assert (await platform.get(f"/notifications/inbox/{JUNIOR}")).status_code == 200

    async with stack.client(stack.token(JUNIOR, ["participant"])) as own:
        response = await own.post(
            f"/notifications/inbox/{JUNIOR}/read", json={"message_ids": [introduction["id"]]}
        )
        assert response.json() == {"marked": 1}
        unread = (await own.get(f"/notifications/inbox/{JUNIOR}?unread_only=true")).json()
        assert [m["template"] for m in unread["items"]] == ["welcome"]
        assert unread["total"] == 1
        invalid = await own.post(f"/notifications/inbox/{JUNIOR}/read", json={})
        assert invalid.status_code == 422
        assert invalid.json()["error"] == "invalid_request"
        page = (await own.get(f"/notifications/inbox/{JUNIOR}?limit=1")).json()
        assert len(page["items"]) == 1
        assert page["total"] == 2
        older = await own.get(
            f"/notifications/inbox/{JUNIOR}", params={"limit": 1, "cursor": page["next_cursor"]}
        )
        assert older.json()["next_cursor"] is None
        assert {m["id"] for m in page["items"] + older.json()["items"]} == {
            m["id"] for m in messages
        }
        forged = await own.get(f"/notifications/inbox/{JUNIOR}", params={"cursor": "e30"})
        assert forged.status_code == 422


async def test_preferences_belong_to_their_owner(stack: Stack) -> None:
    token = stack.token(JUNIOR, ["participant"])
    async with stack.client(token) as own:
        defaults = (await own.get(f"/notifications/preferences/{JUNIOR}")).json()
        assert defaults["email"] is True
        assert defaults["chat"] is False
        assert defaults["quiet_hours"] == {"start": "21:00", "end": "08:00"}
        wanted = {
            "email": True,
            "chat": True,
            "inbox": True,
            "quiet_hours": {"start": "22:30", "end": "07:00"},
            "timezone": "Asia/Tokyo",
            "daily_digest": True,
        }
        assert (await own.put(f"/notifications/preferences/{JUNIOR}", json=wanted)).json() == wanted
        assert (await own.get(f"/notifications/preferences/{JUNIOR}")).json() == wanted
        bad = await own.put(
            f"/notifications/preferences/{JUNIOR}",
            json={"quiet_hours": {"start": "25:00", "end": "07:00"}, "timezone": "Mars/Base"},
        )
        assert bad.status_code == 422
        assert len(bad.json()["problems"]) == 2
    async with stack.client(stack.token(SENIOR, ["participant"])) as other:
        response = await other.put(f"/notifications/preferences/{JUNIOR}", json=wanted)
        assert response.status_code == 403


async def test_program_admins_manage_their_programs_admin_contacts_only(stack: Stack) -> None:
    await stack.produce(launched(stack.clock.now()))
    body = {"display_name": "HR Lead", "email": "hr@mail.example", "locale": "de"}
    path = f"/notifications/programs/{PROGRAM}/admin-contacts/{ADMIN}"
    other_program = stack.token("apac-lead", ["program_admin"], programs=["apac-2026"])
    async with stack.client(other_program) as outsider:
        assert (await outsider.put(path, json=body)).status_code == 403
    async with stack.client(stack.token(JUNIOR, ["participant"])) as participant:
        assert (
            await participant.get(f"/notifications/programs/{PROGRAM}/admin-contacts")
        ).status_code == 403
    # once the program is known, an admin of its region may manage it too
    region_token = stack.token("emea-lead", ["program_admin"], regions=["EMEA"])

    async def program_known() -> bool:
        async with stack.client(region_token) as client:
            return (await client.put(path, json=body)).status_code == 200

    await eventually(program_known)
    async with stack.client(stack.token("hr", ["program_admin"], programs=[PROGRAM])) as admin:
        listed = (await admin.get(f"/notifications/programs/{PROGRAM}/admin-contacts")).json()
        assert listed == [
            {
                "admin_id": ADMIN,
                "program_id": PROGRAM,
                "display_name": "HR Lead",
                "email": "hr@mail.example",
                "locale": "de",
                "timezone": "UTC",
            }
        ]
        assert (await admin.delete(path)).status_code == 204
        assert (await admin.delete(path)).status_code == 404


async def test_erasure_removes_contact_preferences_and_inbox(stack: Stack) -> None:
    now = stack.clock.now()
    await stack.produce(launched(now), joined(now, JUNIOR), joined(now, SENIOR))
    await stack.produce(pair_created(now))
    await inbox_of(stack, JUNIOR, 2)
    partner_inbox = await inbox_of(stack, SENIOR, 2)
    assert any(NAMES[JUNIOR] in m["body"] for m in partner_inbox)
    async with stack.client(stack.token(JUNIOR, ["participant"])) as own:
        await own.put(f"/notifications/preferences/{JUNIOR}", json={"daily_digest": True})

    await stack.produce(erased(stack.clock.now(), JUNIOR))

    async def erasure_done() -> bool:
        doc = await stack.db["contacts"].find_one({"_id": JUNIOR})
        inbox = await stack.db["inbox"].count_documents({"recipient_id": JUNIOR})
        redacted = await stack.db["inbox"].count_documents({"redacted": True})
        return bool(doc and doc.get("erased")) and inbox == 0 and redacted > 0

    await eventually(erasure_done)
    doc = await stack.db["contacts"].find_one({"_id": JUNIOR})
    assert doc is not None
    assert set(doc) == {"_id", "erased", "erased_at", "version"}
    assert await stack.db["preferences"].find_one({"_id": JUNIOR}) is None
    assert await stack.db["inbox"].count_documents({"recipient_id": JUNIOR}) == 0
    assert (
        await stack.db["deliveries"].count_documents({"cause": {"$regex": f"{JUNIOR}@mail"}}) == 0
    )
    async with stack.client(stack.token("ops", ["platform_admin"])) as platform:
        partner = (await platform.get(f"/notifications/inbox/{SENIOR}")).json()["items"]
    assert all(NAMES[JUNIOR] not in m["body"] for m in partner)
    assert any("erased" in m["body"] for m in partner)
