"""Programs hear where a provisioned person works: the department from the SCIM enterprise
extension and the place from their work address (never the street)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.directory.scim_app import ScimWorld, scim_world

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def person(department: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schemas": [USER],
        "userName": "amara@corp.example",
        "displayName": "Amara Okafor",
        "emails": [{"value": "amara@corp.example", "type": "work"}],
        **extra,
    }
    if department is not None:
        body["schemas"] = [USER, ENTERPRISE]
        body[ENTERPRISE] = {"department": department, "employeeNumber": "70412"}
    return body


@pytest.fixture
def world() -> ScimWorld:
    return scim_world()


async def test_department_and_work_city_travel_with_the_provisioning(world: ScimWorld) -> None:
    created = await world.client.post(
        "/scim/v2/Users",
        json=person(
            " Finance ",
            addresses=[
                {"type": "home", "locality": "Espoo", "country": "FI"},
                {
                    "type": "work",
                    "streetAddress": "1 Harbour Road",
                    "locality": "Helsinki",
                    "country": "FI",
                },
            ],
        ),
    )
    assert created.status_code == 201, created.text
    [event] = world.store.published
    assert (event.department, event.location) == ("Finance", "Helsinki")  # type: ignore[attr-defined]
    assert "1 Harbour Road" not in event.model_dump_json()
    user = (await world.client.get(f"/scim/v2/Users/{created.json()['id']}")).json()
    assert user[ENTERPRISE]["department"] == " Finance "
    assert ENTERPRISE in user["schemas"]


async def test_a_work_address_without_a_city_gives_its_country(world: ScimWorld) -> None:
    await world.client.post(
        "/scim/v2/Users", json=person(addresses=[{"type": "work", "country": "JP"}])
    )
    [event] = world.store.published
    assert (event.department, event.location) == (None, "JP")  # type: ignore[attr-defined]


async def test_a_move_to_another_department_is_announced_to_the_programs(
    world: ScimWorld,
) -> None:
    created = await world.client.post("/scim/v2/Users", json=person("Finance"))
    moved = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": f"{ENTERPRISE}:department", "value": "Legal"}],
    }
    patched = await world.client.patch(f"/scim/v2/Users/{created.json()['id']}", json=moved)
    assert patched.status_code == 200, patched.text
    assert [e.event_type for e in world.store.published] == ["PersonProvisioned", "PersonUpdated"]
    assert world.store.published[-1].department == "Legal"  # type: ignore[attr-defined]


async def test_replacing_a_person_as_they_are_announces_nothing(world: ScimWorld) -> None:
    body = person("Finance", addresses=[{"type": "work", "locality": "Lagos"}])
    created = await world.client.post("/scim/v2/Users", json=body)
    replaced = await world.client.put(f"/scim/v2/Users/{created.json()['id']}", json=body)
    assert replaced.status_code == 200, replaced.text
    assert [e.event_type for e in world.store.published] == ["PersonProvisioned"]


async def test_the_enterprise_extension_is_published_in_discovery(world: ScimWorld) -> None:
    schemas = (await world.client.get("/scim/v2/Schemas")).json()
    assert [s["id"] for s in schemas["Resources"]] == [USER, ENTERPRISE]
    one = await world.client.get(f"/scim/v2/Schemas/{ENTERPRISE}")
    assert one.status_code == 200
    types = (await world.client.get("/scim/v2/ResourceTypes")).json()
    [user_type] = types["Resources"]
    assert user_type["schemaExtensions"] == [{"schema": ENTERPRISE, "required": False}]
