"""What an identity provider sees of the directory over SCIM, on fakes of its storage."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.directory.scim_app import MAX_BODY, OKTA_TOKEN, ScimWorld, scim_world

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def barbara(**extra: Any) -> dict[str, Any]:
    return {
        "schemas": [USER],
        "userName": "bjensen@corp.example",
        "externalId": "entra-0001",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": "bjensen@corp.example", "type": "work", "primary": True}],
        "active": True,
        **extra,
    }


@pytest.fixture
def world() -> ScimWorld:
    return scim_world()


async def provisioned(world: ScimWorld, **extra: Any) -> str:
    response = await world.client.post("/scim/v2/Users", json=barbara(**extra))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def deactivation(value: Any = False, path: str | None = "active") -> dict[str, Any]:
    operation: dict[str, Any] = {"op": "Replace", "value": value}
    if path is not None:
        operation["path"] = path
    return {"schemas": [PATCH], "Operations": [operation]}


async def test_provisioned_person_is_announced_with_their_work_email(world: ScimWorld) -> None:
    response = await world.client.post("/scim/v2/Users", json=barbara())
    assert response.status_code == 201
    body = response.json()
    assert response.headers["ETag"] == 'W/"1"' == body["meta"]["version"]
    assert response.headers["Location"].endswith(f"/scim/v2/Users/{body['id']}")
    [event] = world.store.published
    assert event.event_type == "PersonProvisioned"
    assert event.person_id == body["id"]  # type: ignore[attr-defined]
    assert event.email == "bjensen@corp.example"  # type: ignore[attr-defined]
    assert event.display_name == "Barbara Jensen"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "scim_filter",
    [
        'userName eq "BJENSEN@corp.example"',
        'externalId eq "entra-0001"',
        'emails[type eq "work"].value eq "bjensen@corp.example"',
        'userName eq "bjensen@corp.example" and active eq true',
    ],
)
async def test_idp_finds_the_person_by_the_filters_it_sends(
    world: ScimWorld, scim_filter: str
) -> None:
    person_id = await provisioned(world)
    response = await world.client.get("/scim/v2/Users", params={"filter": scim_filter})
    assert response.status_code == 200
    body = response.json()
    assert body["totalResults"] == 1
    assert [r["id"] for r in body["Resources"]] == [person_id]


async def test_a_home_address_is_not_a_work_address(world: ScimWorld) -> None:
    await provisioned(
        world, emails=[{"value": "barbara@home.example", "type": "home", "primary": True}]
    )
    found = await world.client.get(
        "/scim/v2/Users",
        params={"filter": 'emails[type eq "work"].value eq "barbara@home.example"'},
    )
    assert found.json()["totalResults"] == 0


@pytest.mark.parametrize(
    "operation",
    [deactivation(False), deactivation("False"), deactivation({"active": False}, path=None)],
    ids=["okta", "entra-string", "no-path"],
)
async def test_replace_active_false_deactivates_the_person(
    world: ScimWorld, operation: dict[str, Any]
) -> None:
    person_id = await provisioned(world)
    response = await world.client.patch(f"/scim/v2/Users/{person_id}", json=operation)
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False
    assert response.headers["ETag"] == 'W/"2"'
    assert [e.event_type for e in world.store.published] == [
        "PersonProvisioned",
        "PersonDeactivated",
    ]


async def test_a_name_change_is_announced_and_a_title_is_not(world: ScimWorld) -> None:
    person_id = await provisioned(world)
    titled = {"schemas": [PATCH], "Operations": [{"op": "add", "path": "title", "value": "CFO"}]}
    assert (await world.client.patch(f"/scim/v2/Users/{person_id}", json=titled)).status_code == 200
    renamed = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "displayName", "value": "Barbara J. Jensen"}],
    }
    assert (
        await world.client.patch(f"/scim/v2/Users/{person_id}", json=renamed)
    ).status_code == 200
    types = [e.event_type for e in world.store.published]
    assert types == ["PersonProvisioned", "PersonUpdated"]
    assert world.store.published[-1].display_name == "Barbara J. Jensen"  # type: ignore[attr-defined]


async def test_stale_if_match_is_refused_and_nothing_changes(world: ScimWorld) -> None:
    person_id = await provisioned(world)
    response = await world.client.put(
        f"/scim/v2/Users/{person_id}",
        json=barbara(userName="other@corp.example"),
        headers={"If-Match": 'W/"7"'},
    )
    assert response.status_code == 412
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert world.store.people[person_id].draft.user_name == "bjensen@corp.example"


async def test_put_with_the_current_etag_replaces(world: ScimWorld) -> None:
    person_id = await provisioned(world)
    response = await world.client.put(
        f"/scim/v2/Users/{person_id}",
        json=barbara(userName="barbara.jensen@corp.example"),
        headers={"If-Match": 'W/"1"'},
    )
    assert response.status_code == 200
    assert response.json()["userName"] == "barbara.jensen@corp.example"


async def test_user_name_is_unique_per_connection_regardless_of_case(world: ScimWorld) -> None:
    await provisioned(world)
    again = await world.client.post("/scim/v2/Users", json=barbara(userName="BJensen@Corp.Example"))
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"
    other_idp = await world.client.post(
        "/scim/v2/Users", json=barbara(), headers={"Authorization": f"Bearer {OKTA_TOKEN}"}
    )
    assert other_idp.status_code == 201
    assert len(world.store.people) == 2


async def test_a_connection_never_sees_another_connections_people(world: ScimWorld) -> None:
    person_id = await provisioned(world)
    okta = {"Authorization": f"Bearer {OKTA_TOKEN}"}
    assert (await world.client.get(f"/scim/v2/Users/{person_id}", headers=okta)).status_code == 404
    listed = await world.client.get("/scim/v2/Users", headers=okta)
    assert listed.json()["totalResults"] == 0


async def test_delete_lets_the_person_go_and_forgets_their_attributes(world: ScimWorld) -> None:
    person_id = await provisioned(world)
    assert (await world.client.delete(f"/scim/v2/Users/{person_id}")).status_code == 204
    assert (await world.client.get(f"/scim/v2/Users/{person_id}")).status_code == 404
    last = world.store.published[-1]
    assert last.event_type == "PersonDeactivated"
    assert last.deleted is True  # type: ignore[attr-defined]
    assert dict(world.store.people[person_id].draft.attributes) == {}
    assert (await world.client.post("/scim/v2/Users", json=barbara())).status_code == 201


async def test_pages_by_start_index_and_count(world: ScimWorld) -> None:
    for n in range(5):
        await provisioned(world, userName=f"person{n}@corp.example", externalId=f"e{n}")
    page = (await world.client.get("/scim/v2/Users", params={"startIndex": 2, "count": 2})).json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [r["userName"] for r in page["Resources"]] == [
        "person1@corp.example",
        "person2@corp.example",
    ]


@pytest.mark.parametrize(
    ("body", "status", "scim_type"),
    [
        (barbara(phoneNumbers=[{"value": "+1 555"}]), 400, "invalidSyntax"),
        (barbara(nickname="Babs"), 400, "invalidSyntax"),
        ({"schemas": [USER], "name": {"givenName": "No user name"}}, 400, "invalidValue"),
        (barbara(emails=[{"value": 42}]), 400, "invalidValue"),
    ],
    ids=["unknown-attribute", "misspelt-attribute", "no-user-name", "bad-value"],
)
async def test_bad_input_is_a_scim_error_and_writes_nothing(
    world: ScimWorld, body: dict[str, Any], status: int, scim_type: str
) -> None:
    response = await world.client.post("/scim/v2/Users", json=body)
    assert response.status_code == status
    error = response.json()
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert error["scimType"] == scim_type
    assert "+1 555" not in response.text
    assert "Babs" not in response.text
    assert world.store.people == {}
    assert world.store.published == []
    assert world.audit.entries == {}


@pytest.mark.parametrize(
    "scim_filter",
    ['userName co "bj"', "userName eq", 'name.familyName eq "Jensen"', "not (userName pr)"],
)
async def test_unsupported_or_broken_filters_are_invalid_filter(
    world: ScimWorld, scim_filter: str
) -> None:
    response = await world.client.get("/scim/v2/Users", params={"filter": scim_filter})
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidFilter"
    assert "Jensen" not in response.text


async def test_wrong_token_is_401_in_scim_format(world: ScimWorld) -> None:
    response = await world.client.get(
        "/scim/v2/Users", headers={"Authorization": "Bearer not-a-connection"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["status"] == "401"


async def test_too_large_body_is_413_and_writes_nothing(world: ScimWorld) -> None:
    huge = barbara(displayName="x" * (MAX_BODY + 1))
    response = await world.client.post("/scim/v2/Users", json=huge)
    assert response.status_code == 413
    assert response.json()["status"] == "413"
    assert world.store.people == {}


async def test_a_patch_that_breaks_the_schema_changes_nothing(world: ScimWorld) -> None:
    person_id = await provisioned(world)
    broken = {"schemas": [PATCH], "Operations": [{"op": "remove", "path": "userName"}]}
    response = await world.client.patch(f"/scim/v2/Users/{person_id}", json=broken)
    assert response.status_code == 400
    assert world.store.people[person_id].version == 1
    assert len(world.store.published) == 1


async def test_audit_names_the_connection_and_attributes_never_values(world: ScimWorld) -> None:
    person_id = await provisioned(world)
    await world.client.patch(f"/scim/v2/Users/{person_id}", json=deactivation())
    entries = sorted(world.audit.entries.values(), key=lambda e: e.changes["version"])
    assert [(e.actor_id, e.action) for e in entries] == [
        ("scim:entra", "person.provisioned"),
        ("scim:entra", "person.patched"),
    ]
    assert entries[1].changes == {"attributes": ["active"], "version": 2}
    assert "bjensen" not in repr(entries)


async def test_discovery_endpoints_describe_users(world: ScimWorld) -> None:
    config = (await world.client.get("/scim/v2/ServiceProviderConfig")).json()
    assert config["patch"]["supported"] is True
    assert config["etag"]["supported"] is True
    types = (await world.client.get("/scim/v2/ResourceTypes")).json()
    assert [t["endpoint"] for t in types["Resources"]] == ["/Users"]
    schemas = (await world.client.get("/scim/v2/Schemas")).json()
    names = {a["name"] for a in schemas["Resources"][0]["attributes"]}
    assert {"userName", "name", "emails", "active"} <= names
    assert "phoneNumbers" not in names
    assert "password" not in names


async def test_other_methods_on_an_endpoint_are_405_and_unknown_paths_404(
    world: ScimWorld,
) -> None:
    assert (await world.client.post("/scim/v2/ServiceProviderConfig")).status_code == 405
    assert (await world.client.delete("/scim/v2/Users")).status_code == 405
    missing = await world.client.get("/scim/v2/Groups")
    assert missing.status_code == 404
    assert missing.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
