"""Notifications' contact store on a real SecantusDB: only a newer version replaces a contact,
a contact only invited can be forgotten and a participant's cannot, and an erasure's tombstone
keeps a replayed join out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from pymongo import AsyncMongoClient

from services.notifications.adapters.mongo_contacts import MongoContacts
from services.notifications.application.directory import INVITED_VERSION
from services.notifications.domain.model import Contact

pytestmark = pytest.mark.integration


def contact(person_id: str, email: str) -> Contact:
    return Contact(
        recipient_id=person_id,
        program_id="emea",
        display_name="Kofi Mensah",
        email=email,
        timezone="Europe/Zurich",
    )


@pytest.fixture
async def contacts(mongo_server: Any) -> AsyncIterator[MongoContacts]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    name = f"contacts_{uuid4().hex[:8]}"
    try:
        yield MongoContacts(client[name])
    finally:
        await client.drop_database(name)
        await client.close()


async def test_an_invited_contact_yields_to_a_join_and_only_it_can_be_forgotten(
    contacts: MongoContacts,
) -> None:
    assert await contacts.save(contact("guest", "invited@example.com"), INVITED_VERSION)
    assert await contacts.save(contact("member", "invited@example.com"), INVITED_VERSION)
    assert await contacts.save(contact("member", "joined@example.com"), 1)
    assert not await contacts.save(contact("member", "again@example.com"), INVITED_VERSION)

    assert await contacts.forget_unjoined("guest", below_version=INVITED_VERSION + 1)
    assert not await contacts.forget_unjoined("member", below_version=INVITED_VERSION + 1)
    assert not await contacts.forget_unjoined("nobody", below_version=INVITED_VERSION + 1)

    found, erased = await contacts.get_many(["guest", "member"])
    assert {k: c.email for k, c in found.items()} == {"member": "joined@example.com"}
    assert erased == set()


async def test_an_erased_person_stays_erased_whatever_arrives_later(
    contacts: MongoContacts,
) -> None:
    await contacts.save(contact("gone", "gone@example.com"), 3)
    await contacts.erase("gone", datetime(2026, 3, 1, tzinfo=UTC))

    assert not await contacts.save(contact("gone", "back@example.com"), 4)
    assert not await contacts.forget_unjoined("gone", below_version=INVITED_VERSION + 1)
    found, erased = await contacts.get_many(["gone"])
    assert (found, erased) == ({}, {"gone"})
