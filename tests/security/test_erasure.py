"""Right to erasure: one ParticipantErased removes a person's personal data from all four
services. Afterwards every collection of every service's database is read in full and
searched for the person's email, names (before and after a profile change) and private note."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bson import json_util
from pymongo import AsyncMongoClient

from deploy.local.harness import SERVICES
from tests.security.tokens import PLATFORM_ADMIN
from tests.security.world import SecuredWorld, database, eventually

pytestmark = pytest.mark.integration

ID_KEPT_IN = {
    "matching.participants": "status tombstone: a replayed join must not bring the person back",
    "matching.pairs": "the pair (ended for erasure) still names both ids; no personal data",
    "matching.rounds": "round history lists ids of the unmatched; no personal data",
    "matching.audit": "who was acted on, by id; what their entries said is cleared",
    "scheduling.participants": "tombstone without personal data",
    "scheduling.series": "the pair's series, cancelled; ids only",
    "scheduling.timers": "timer bookkeeping keyed by pair; ids only",
    "scheduling.audit": "the pair an admin acted on lists both ids; what it said is cleared",
    "feedback.erasures": "the erasure log that keeps late events from restoring the person",
    "notifications.contacts": "tombstone without personal data",
    "notifications.deliveries": "finished delivery records keyed by recipient id, the proof of "
    "exactly-once delivery for their retention period; no address, name or message text",
}
"""Where the bare participant id may remain: pseudonymous keys that hold nothing personal."""


async def documents(client: AsyncMongoClient[Any], world: SecuredWorld) -> dict[str, list[str]]:
    """Every document of every collection of every service, as extended JSON text."""
    found: dict[str, list[str]] = {}
    for service in SERVICES:
        db = client[database(world, service)]
        for name in await db.list_collection_names():
            found[f"{service}.{name}"] = [json_util.dumps(d) async for d in db[name].find({})]
    return found


def places(texts: dict[str, list[str]], needle: str) -> dict[str, int]:
    counts = {where: sum(needle in t for t in docs) for where, docs in texts.items()}
    return {where: n for where, n in counts.items() if n}


@pytest.fixture(scope="module")
async def erased(secured: SecuredWorld) -> dict[str, Any]:
    person = next(
        p for p in secured.people() if p.participant_id == secured.pairs["sec-emea"][0]["junior_id"]
    )
    secrets = [person.email, person.display_name]
    secrets += [n for n in secured.private_notes if person.participant_id in n]
    if person.participant_id in secured.renamed:
        secrets.append(secured.renamed[person.participant_id])
    client: AsyncMongoClient[Any] = AsyncMongoClient(secured.platform.mongo_uri)
    try:
        before = await documents(client, secured)
        assert all(places(before, s) for s in secrets), "the person's data was stored before"
        async with httpx.AsyncClient(
            base_url=secured.url("matching"), headers=PLATFORM_ADMIN, timeout=60
        ) as api:
            response = await api.delete(
                f"/programs/{person.program_id}/participants/{person.participant_id}"
            )
        assert response.status_code == 204, response.text

        async def clean() -> dict[str, list[str]] | None:
            # Done when no personal data is left AND every service has handled the erasure
            # (services that never held an email or a name still drop the bare id).
            texts = await documents(client, secured)
            if any(places(texts, s) for s in secrets):
                return None
            leftover = set(places(texts, person.participant_id)) - set(ID_KEPT_IN)
            return None if leftover else texts

        try:
            after = await eventually(clean, "personal data to be erased everywhere", timeout=90)
        except AssertionError:
            texts = await documents(client, secured)
            found = {s: places(texts, s) for s in [*secrets, person.participant_id]}
            raise AssertionError(found) from None
    finally:
        await client.close()
    return {"person": person, "before": before, "after": after}


async def test_no_email_name_or_note_of_the_erased_person_is_left_anywhere(
    erased: dict[str, Any],
) -> None:
    person = erased["person"]
    for secret in (
        person.email,
        person.display_name,
        "Confidential remark " + person.participant_id,
    ):
        assert places(erased["after"], secret) == {}


async def test_every_service_held_the_person_before_and_erased_them(erased: dict[str, Any]) -> None:
    holders = {where.split(".")[0] for where in places(erased["before"], erased["person"].email)}
    assert holders >= {"matching", "notifications"}
    named = {
        where.split(".")[0] for where in places(erased["before"], erased["person"].participant_id)
    }
    assert named == set(SERVICES)


async def test_the_bare_id_remains_only_as_a_pseudonymous_key(erased: dict[str, Any]) -> None:
    remaining = places(erased["after"], erased["person"].participant_id)
    assert set(remaining) <= set(ID_KEPT_IN), remaining


async def test_the_partner_keeps_their_own_data(
    secured: SecuredWorld, erased: dict[str, Any]
) -> None:
    partner = next(
        p for p in secured.people() if p.participant_id == secured.pairs["sec-emea"][0]["senior_id"]
    )
    assert places(erased["after"], partner.email)


async def test_a_matching_round_still_runs_after_someone_was_erased(
    secured: SecuredWorld, erased: dict[str, Any]
) -> None:
    program = erased["person"].program_id
    async with httpx.AsyncClient(
        base_url=secured.url("matching"), headers=PLATFORM_ADMIN, timeout=60
    ) as api:
        response = await api.post(f"/programs/{program}/rounds", json={"dry_run": True})
    assert response.status_code == 200, response.text
    people = {u["participant_id"] for u in response.json()["unmatched"]}
    assert erased["person"].participant_id not in people
