"""With `TWOWAY_SCIM_PERSON_IDS=external_id`, a person's id is the provider's externalId: the
id their sign-in tokens carry (e.g. Entra ID's object id as `oid`), so the person who signs in
is the participant the directory provisioned."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.directory.scim_app import OKTA_TOKEN, ScimWorld, scim_world

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
OBJECT_ID = "5f1c2e0a-9d4b-4c1e-8a7f-2b3c4d5e6f70"


def person(**extra: Any) -> dict[str, Any]:
    return {
        "schemas": [USER],
        "userName": "lea@corp.example",
        "displayName": "Léa Martin",
        "emails": [{"value": "lea@corp.example", "type": "work"}],
        **extra,
    }


@pytest.fixture
def world() -> ScimWorld:
    return scim_world(ids_from_external_id=True)


async def test_the_person_is_known_by_the_external_id_everywhere(world: ScimWorld) -> None:
    created = await world.client.post("/scim/v2/Users", json=person(externalId=OBJECT_ID))
    assert created.status_code == 201, created.text
    assert created.json()["id"] == OBJECT_ID
    [event] = world.store.published
    assert event.person_id == OBJECT_ID  # type: ignore[attr-defined]
    found = await world.client.get(f"/scim/v2/Users/{OBJECT_ID}")
    assert found.status_code == 200


@pytest.mark.parametrize(
    "external_id", [None, "has spaces in it", "x" * 129], ids=["missing", "spaces", "too-long"]
)
async def test_a_person_without_a_usable_external_id_is_refused_and_nothing_stored(
    world: ScimWorld, external_id: str | None
) -> None:
    body = person() if external_id is None else person(externalId=external_id)
    refused = await world.client.post("/scim/v2/Users", json=body)
    assert refused.status_code == 400
    assert refused.json()["scimType"] == "invalidValue"
    assert "has spaces" not in refused.text
    assert world.store.people == {}
    assert world.store.published == []


async def test_the_external_id_cannot_change_once_it_names_the_person(world: ScimWorld) -> None:
    await world.client.post("/scim/v2/Users", json=person(externalId=OBJECT_ID))
    for change in (
        {"op": "replace", "path": "externalId", "value": "another-object-id"},
        {"op": "remove", "path": "externalId"},
    ):
        body = {"schemas": [PATCH], "Operations": [change]}
        refused = await world.client.patch(f"/scim/v2/Users/{OBJECT_ID}", json=body)
        assert refused.status_code == 400, refused.text
        assert refused.json()["scimType"] == "mutability"
    assert [e.event_type for e in world.store.published] == ["PersonProvisioned"]
    renamed = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "displayName", "value": "Léa Martin-Roy"}],
    }
    assert (await world.client.patch(f"/scim/v2/Users/{OBJECT_ID}", json=renamed)).is_success


async def test_one_external_id_names_one_person_across_connections(world: ScimWorld) -> None:
    await world.client.post("/scim/v2/Users", json=person(externalId=OBJECT_ID))
    again = await world.client.post(
        "/scim/v2/Users",
        json=person(externalId=OBJECT_ID, userName="lea.m@corp.example"),
        headers={"Authorization": f"Bearer {OKTA_TOKEN}"},
    )
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"
    assert len(world.store.published) == 1
