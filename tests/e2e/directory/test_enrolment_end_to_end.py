"""Enrolment from the company directory on the real stack: the directory, matching and
notifications as processes on real Kafka and SecantusDB.

An identity provider provisions a person with their language and time zone; an admin finds
them in the directory matching keeps and enrols them into two programs without typing a
profile. The IdP then renames them and changes their email: both programs carry the new name
and address, notifications' contact data follows, and each program's audit trail shows the
enrolment by the admin and the change by the identity-provider connection.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from deploy.local.harness import Platform
from tests.e2e.directory.enrolment_world import PATCH, USER, clients, launch
from tests.e2e.platform_world import SmtpSink, eventually

pytestmark = pytest.mark.integration

PROGRAMS = ("enrol-emea", "enrol-global")


async def test_a_directory_person_is_enrolled_without_retyping_and_a_rename_reaches_every_program(
    enrolment_platform: tuple[Platform, str, SmtpSink], mongo_server: Any
) -> None:
    stack, suffix, _ = enrolment_platform
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    async with clients(stack) as (scim, api):
        for program_id in PROGRAMS:
            await launch(api, program_id, start)
        created = await scim.post(
            "/scim/v2/Users",
            json={
                "schemas": [USER],
                "userName": "camille@corp.example",
                "displayName": "Camille Durand",
                "preferredLanguage": "fr-FR",
                "timezone": "Europe/Paris",
                "emails": [{"value": "camille@corp.example", "type": "work", "primary": True}],
                "active": True,
            },
        )
        assert created.status_code == 201, created.text
        person_id = created.json()["id"]

        async def found_in_directory() -> list[dict[str, Any]]:
            page = (await api.get("/directory/people", params={"q": "camille"})).json()
            return [p for p in page["items"] if p["person_id"] == person_id]

        [listed] = await eventually(found_in_directory, "the person in matching's directory")
        assert listed["enrollable"] is True
        assert (listed["language"], listed["timezone"]) == ("fr-FR", "Europe/Paris")

        for program_id in PROGRAMS:
            answer = await api.post(
                f"/programs/{program_id}/enrolments",
                json={"person_ids": [person_id], "role": "senior", "seniority_level": 6},
            )
            assert answer.status_code == 200, answer.text
            assert answer.json()["joined"] == 1
            view = (await api.get(f"/programs/{program_id}/participants/{person_id}")).json()
            profile = view["participant"]
            assert (profile["display_name"], profile["email"]) == (
                "Camille Durand",
                "camille@corp.example",
            )
            assert (profile["timezone"], profile["languages"], profile["locale"]) == (
                "Europe/Paris",
                ["fr-FR"],
                "fr",
            )

        renamed = await scim.patch(
            f"/scim/v2/Users/{person_id}",
            json={
                "schemas": [PATCH],
                "Operations": [
                    {"op": "replace", "path": "displayName", "value": "Camille Martin"},
                    {
                        "op": "replace",
                        "path": "emails",
                        "value": [{"value": "c.martin@corp.example", "type": "work"}],
                    },
                ],
            },
        )
        assert renamed.status_code == 200, renamed.text

        async def renamed_everywhere() -> bool:
            for program_id in PROGRAMS:
                view = (await api.get(f"/programs/{program_id}/participants/{person_id}")).json()
                profile = view["participant"]
                if (profile["display_name"], profile["email"]) != (
                    "Camille Martin",
                    "c.martin@corp.example",
                ):
                    return False
            return True

        await eventually(renamed_everywhere, "the new name and email in both programs")

        client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
        contacts = client[f"twoway_notifications{suffix}"]["contacts"]
        try:

            async def contact_follows() -> bool:
                doc = await contacts.find_one({"_id": person_id})
                return doc is not None and (doc["display_name"], doc["email"]) == (
                    "Camille Martin",
                    "c.martin@corp.example",
                )

            await eventually(contact_follows, "notifications' contact data to follow")
        finally:
            await client.close()

        trails: dict[str, list[dict[str, Any]]] = {}
        for program_id in PROGRAMS:

            async def recorded(program_id: str = program_id) -> list[dict[str, Any]] | None:
                page = (await api.get(f"/programs/{program_id}/audit")).json()
                actions = [e["action"] for e in page["items"]]
                return page["items"] if "participant.updated" in actions else None

            found = await eventually(recorded, f"the rename on {program_id}'s trail")
            trails[program_id] = found or []

    for items in trails.values():
        steps = [(e["actor_id"], e["action"]) for e in reversed(items)]
        assert steps[0] == ("ops-admin", "program.launched")
        assert ("ops-admin", "participants.enrolled") in steps
        assert ("scim:okta", "participant.updated") in steps
        update = next(e for e in items if e["action"] == "participant.updated")
        assert update["changes"] == {"fields": ["display_name", "email"]}
        assert "corp.example" not in str(items)


async def test_a_rule_enrols_the_directorys_people_of_a_department_as_they_arrive_or_move(
    enrolment_platform: tuple[Platform, str, SmtpSink],
) -> None:
    stack, _, _ = enrolment_platform
    program_id = "enrol-by-rule"
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    def someone(name: str, department: str) -> dict[str, Any]:
        return {
            "schemas": [USER, enterprise],
            "userName": f"{name}@corp.example",
            "displayName": name.title(),
            "emails": [{"value": f"{name}@corp.example", "type": "work"}],
            "addresses": [{"type": "work", "locality": "Nairobi", "country": "KE"}],
            enterprise: {"department": department},
        }

    async with clients(stack) as (scim, api):
        await launch(api, program_id, start)
        ids = {}
        for name, department in (("wanjiru", "Treasury"), ("otieno", "Legal")):
            created = await scim.post("/scim/v2/Users", json=someone(name, department))
            assert created.status_code == 201, created.text
            ids[name] = created.json()["id"]

        async def both_in_directory() -> bool:
            page = (await api.get("/directory/people", params={"limit": 200})).json()
            return set(ids.values()) <= {p["person_id"] for p in page["items"]}

        await eventually(both_in_directory, "both people in matching's directory")
        rules = {"rules": [{"department": "treasury", "role": "junior", "seniority_level": 2}]}
        saved = await api.put(f"/programs/{program_id}/enrolment-rules", json=rules)
        assert saved.status_code == 200, saved.text
        assert saved.json()["joined"] == 1

        async def member(person_id: str) -> dict[str, Any] | None:
            view = await api.get(f"/programs/{program_id}/participants/{person_id}")
            return view.json()["participant"] if view.status_code == 200 else None

        joined = await member(ids["wanjiru"])
        assert joined is not None
        assert (joined["department"], joined["location"], joined["role"]) == (
            "Treasury",
            "Nairobi",
            "junior",
        )
        assert await member(ids["otieno"]) is None

        arrived = await scim.post("/scim/v2/Users", json=someone("achieng", "TREASURY"))
        assert arrived.status_code == 201, arrived.text
        moved = await scim.patch(
            f"/scim/v2/Users/{ids['otieno']}",
            json={
                "schemas": [PATCH],
                "Operations": [
                    {"op": "replace", "path": f"{enterprise}:department", "value": "Treasury"}
                ],
            },
        )
        assert moved.status_code == 200, moved.text
        for person_id in (arrived.json()["id"], ids["otieno"]):
            found = await eventually(lambda p=person_id: member(p), "a join by the rule")
            assert found is not None
            assert found["role"] == "junior"

        async def both_on_record() -> list[tuple[str, str]] | None:
            page = (await api.get(f"/programs/{program_id}/audit")).json()
            steps = [(e["actor_id"], e["action"]) for e in page["items"]]
            by_rule = steps.count(("scim:okta", "participant.enrolled_by_rule"))
            return steps if by_rule == 2 else None

        steps = await eventually(both_on_record, "both joins by the rule on the trail")
        assert ("ops-admin", "enrolment_rules.changed") in (steps or [])
