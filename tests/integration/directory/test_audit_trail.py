"""The shared audit trail on SecantusDB: append-only, newest first, paged, forgetting."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from shared.http.audit_api import audit_page
from shared.http.pagination import InvalidCursor
from shared.storage.audit import AUDIT_SPEC, AuditEntry, AuditTrail
from shared.storage.mongo import ensure_indexes

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def trail(mongo_server: Any) -> Any:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongo_server.uri, tz_aware=True)
    db = client[f"audit_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(db, [AUDIT_SPEC])
    yield AuditTrail(db[AUDIT_SPEC.name])
    await client.close()


def entry(n: int, program: str | None = "emea", **extra: Any) -> AuditEntry:
    return AuditEntry(
        entry_id=f"e-{n:03d}",
        at=T0 + timedelta(minutes=n // 2),  # two entries per minute: ties broken by id
        actor_id="hr-admin-7",
        action="participant.updated",
        program_id=program,
        target=f"p-{n}",
        changes={"fields": ["display_name"]},
        subjects=(f"p-{n}",),
        **extra,
    )


async def test_pages_newest_first_without_gaps_or_repeats(trail: AuditTrail) -> None:
    for n in range(7):
        await trail.record(entry(n))
    await trail.record(entry(99, program="apac"))
    seen: list[str] = []
    cursor = None
    while True:
        page = await audit_page(trail, "emea", limit=3, cursor=cursor)
        assert page.total == 7
        seen.extend(item.entry_id for item in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"e-{n:03d}" for n in reversed(range(7))]


async def test_the_same_unit_of_work_is_recorded_once(trail: AuditTrail) -> None:
    await trail.record(entry(1))
    await trail.record(entry(1))
    page = await audit_page(trail, "emea", limit=10, cursor=None)
    assert [i.entry_id for i in page.items] == ["e-001"]


async def test_erasure_keeps_who_and_what_kind_and_drops_what_changed(trail: AuditTrail) -> None:
    await trail.record(entry(1))
    await trail.record(entry(2))
    assert await trail.forget("p-1") == 1
    assert await trail.forget("p-1") == 0
    items = {i.entry_id: i for i in (await audit_page(trail, "emea", limit=10, cursor=None)).items}
    assert items["e-001"].changes == {}
    assert items["e-001"].redacted is True
    assert items["e-001"].actor_id == "hr-admin-7"
    assert items["e-002"].changes == {"fields": ["display_name"]}


async def test_a_cursor_of_another_program_is_refused(trail: AuditTrail) -> None:
    for n in range(3):
        await trail.record(entry(n))
    page = await audit_page(trail, "emea", limit=1, cursor=None)
    with pytest.raises(InvalidCursor):
        await audit_page(trail, "apac", limit=1, cursor=page.next_cursor)
