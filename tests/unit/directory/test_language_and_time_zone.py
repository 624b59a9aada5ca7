"""Programs hear a provisioned person's language and time zone, so enrolment needs no typing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.directory.scim_app import ScimWorld, scim_world

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def person(**extra: Any) -> dict[str, Any]:
    return {
        "schemas": [USER],
        "userName": "kenji@corp.example",
        "displayName": "Kenji Sato",
        "emails": [{"value": "kenji@corp.example", "type": "work"}],
        **extra,
    }


@pytest.fixture
def world() -> ScimWorld:
    return scim_world()


async def test_preferred_language_and_zone_travel_with_the_provisioning(world: ScimWorld) -> None:
    created = await world.client.post(
        "/scim/v2/Users", json=person(preferredLanguage="ja_JP", timezone="Asia/Tokyo")
    )
    assert created.status_code == 201, created.text
    [event] = world.store.published
    assert (event.language, event.timezone) == ("ja-JP", "Asia/Tokyo")  # type: ignore[attr-defined]


async def test_locale_stands_in_for_a_missing_language_and_an_unknown_zone_is_left_out(
    world: ScimWorld,
) -> None:
    created = await world.client.post(
        "/scim/v2/Users", json=person(locale="fr-CA", timezone="Mars/Olympus_Mons")
    )
    assert created.status_code == 201, created.text
    [event] = world.store.published
    assert (event.language, event.timezone) == ("fr-CA", None)  # type: ignore[attr-defined]


async def test_a_new_time_zone_is_announced_to_the_programs(world: ScimWorld) -> None:
    created = await world.client.post("/scim/v2/Users", json=person(timezone="Asia/Tokyo"))
    person_id = created.json()["id"]
    moved = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "timezone", "value": "Europe/Berlin"}],
    }
    assert (await world.client.patch(f"/scim/v2/Users/{person_id}", json=moved)).status_code == 200
    assert [e.event_type for e in world.store.published] == ["PersonProvisioned", "PersonUpdated"]
    assert world.store.published[-1].timezone == "Europe/Berlin"  # type: ignore[attr-defined]
