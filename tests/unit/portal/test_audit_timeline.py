"""A program's audit timeline, merged from every service's trail, on hand-written fakes."""

from __future__ import annotations

import asyncio
import base64
import json
import zlib

import pytest

from services.portal.application.audit_timeline import ProgramAuditTimeline, TimelinePage
from services.portal.domain.failures import Invalid, NotAllowed, SignInRequired, Unavailable
from tests.unit.portal.audit_fakes import FakeAuditTrail, entry

PROGRAM = "emea-2026"


def trails(**sources: FakeAuditTrail) -> ProgramAuditTimeline:
    return ProgramAuditTimeline(sources)


def read(timeline: ProgramAuditTimeline, *, limit: int, cursor: str | None = None) -> TimelinePage:
    return asyncio.run(timeline.page("token", PROGRAM, limit=limit, cursor=cursor))


def walk(timeline: ProgramAuditTimeline, *, limit: int) -> list[list[str]]:
    """Every page's entry ids, following next_cursor to the end."""
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        page = read(timeline, limit=limit, cursor=cursor)
        pages.append([e.entry_id for e in page.entries])
        assert len(page.entries) <= limit
        if page.next_cursor is None:
            return pages
        assert len(pages) < 100, "the timeline never ends"
        cursor = page.next_cursor


def three_busy_services(*, largest_page: int = 200) -> dict[str, FakeAuditTrail]:
    """Rounds every 3 minutes, session commands every 2, contacts every 5, over an hour."""
    return {
        "matching": FakeAuditTrail(
            [entry(f"m{i:02}", i * 3) for i in range(20)], largest_page=largest_page
        ),
        "scheduling": FakeAuditTrail(
            [entry(f"s{i:02}", i * 2 + 0.5, "session.cancelled") for i in range(30)],
            largest_page=largest_page,
        ),
        "notifications": FakeAuditTrail(
            [entry(f"n{i:02}", i * 5, "contact.changed") for i in range(12)],
            largest_page=largest_page,
        ),
    }


def newest_first(sources: dict[str, FakeAuditTrail]) -> list[str]:
    everything = [(e["at"], e["entry_id"]) for s in sources.values() for e in s.entries]
    return [entry_id for _, entry_id in sorted(everything, reverse=True)]


def test_the_timeline_interleaves_every_service_newest_first_saying_who_recorded_each() -> None:
    timeline = trails(
        matching=FakeAuditTrail([entry("m1", 1), entry("m2", 4)]),
        scheduling=FakeAuditTrail([entry("s1", 2, "session.cancelled")]),
        notifications=FakeAuditTrail([entry("n1", 3, "contact.changed")]),
    )
    page = read(timeline, limit=50)
    assert [(e.entry_id, e.source) for e in page.entries] == [
        ("m2", "matching"),
        ("n1", "notifications"),
        ("s1", "scheduling"),
        ("m1", "matching"),
    ]
    assert page.next_cursor is None
    assert page.total == 4
    assert page.missing == ()


@pytest.mark.parametrize("limit", [1, 3, 7, 50])
def test_paging_shows_every_entry_once_in_timeline_order(limit: int) -> None:
    sources = three_busy_services()
    pages = walk(trails(**sources), limit=limit)
    assert [entry_id for page in pages for entry_id in page] == newest_first(sources)
    assert all(len(page) == limit for page in pages[:-1])


@pytest.mark.parametrize("limit", [3, 10])
def test_paging_crosses_the_services_own_page_size(limit: int) -> None:
    sources = three_busy_services(largest_page=4)
    pages = walk(trails(**sources), limit=limit)
    assert [entry_id for page in pages for entry_id in page] == newest_first(sources)


def test_an_entry_recorded_between_two_pages_neither_repeats_nor_hides_one() -> None:
    sources = three_busy_services()
    timeline = trails(**sources)
    first = read(timeline, limit=5)
    sources["matching"].record(entry("m-new", 500))  # newer than everything: page one's place
    second = read(timeline, limit=5, cursor=first.next_cursor)
    shown = [e.entry_id for e in (*first.entries, *second.entries)]
    assert shown == newest_first(sources)[1:11]
    assert len(set(shown)) == 10


def test_a_service_that_does_not_answer_is_named_and_the_others_still_show() -> None:
    sources = three_busy_services()
    sources["scheduling"].fail_with = Unavailable("scheduling", "unreachable")
    page = read(trails(**sources), limit=10)
    assert [f.service for f in page.missing] == ["scheduling"]
    assert {e.source for e in page.entries} == {"matching", "notifications"}
    expected = [i for i in newest_first(sources) if not i.startswith("s")][:10]
    assert [e.entry_id for e in page.entries] == expected
    assert page.total is None  # not everyone counted


def test_a_service_back_on_the_next_page_resumes_where_it_was_left() -> None:
    sources = three_busy_services()
    timeline = trails(**sources)
    first = read(timeline, limit=4)
    sources["notifications"].fail_with = Unavailable("notifications", "unreachable")
    second = read(timeline, limit=4, cursor=first.next_cursor)
    sources["notifications"].fail_with = None
    third = read(timeline, limit=100, cursor=second.next_cursor)
    seen = [e.entry_id for p in (first, second, third) for e in p.entries]
    assert len(seen) == len(set(seen))
    notifications = [i for i in seen if i.startswith("n")]
    assert notifications == sorted(notifications, reverse=True)
    assert len(notifications) == 12
    assert third.next_cursor is None


def test_one_service_refusing_the_admin_is_named_like_one_that_is_down() -> None:
    sources = three_busy_services()
    sources["notifications"].fail_with = NotAllowed("notifications", "forbidden")
    page = read(trails(**sources), limit=5)
    assert [(type(f), f.service) for f in page.missing] == [(NotAllowed, "notifications")]


def test_when_no_service_answers_the_timeline_fails_as_the_first_did() -> None:
    sources = three_busy_services()
    for name, trail in sources.items():
        trail.fail_with = Unavailable(name, "unreachable")
    with pytest.raises(Unavailable) as failed:
        read(trails(**sources), limit=5)
    assert failed.value.service == "matching"


def test_an_expired_sign_in_ends_the_page_instead_of_a_missing_part() -> None:
    sources = three_busy_services()
    sources["scheduling"].fail_with = SignInRequired("scheduling", "expired")
    with pytest.raises(SignInRequired):
        read(trails(**sources), limit=5)


def test_a_malformed_entry_is_its_service_failing_not_a_traceback() -> None:
    sources = three_busy_services()
    sources["notifications"].record({"entry_id": "n-bad", "at": "yesterday"})
    page = read(trails(**sources), limit=5)
    assert [(f.service, f.code) for f in page.missing] == [("notifications", "unreadable_response")]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        base64.urlsafe_b64encode(zlib.compress(b"[1, 2]")).decode(),
        base64.urlsafe_b64encode(
            zlib.compress(json.dumps({"matching": [None, 10_000, None]}).encode())
        ).decode(),
        base64.urlsafe_b64encode(
            zlib.compress(json.dumps({"matching": ["x" * 2000, 0, None]}).encode())
        ).decode(),
    ],
    ids=["garbage", "not-positions", "skip-too-far", "cursor-too-long"],
)
def test_a_tampered_timeline_cursor_is_invalid_and_asks_no_service(cursor: str) -> None:
    sources = three_busy_services()
    with pytest.raises(Invalid):
        read(trails(**sources), limit=5, cursor=cursor)
    assert all(trail.calls == [] for trail in sources.values())


def test_a_service_finished_early_is_asked_only_for_its_count() -> None:
    sources = {
        "matching": FakeAuditTrail([entry(f"m{i}", i) for i in range(10)]),
        "scheduling": FakeAuditTrail([entry("s-old", -5, "session.cancelled")]),
    }
    timeline = trails(**sources)
    first = read(timeline, limit=10)
    assert [e.entry_id for e in first.entries][-1] == "m0"
    second = read(timeline, limit=10, cursor=first.next_cursor)
    assert [e.entry_id for e in second.entries] == ["s-old"]
    assert second.total == 11
    assert sources["matching"].calls[-1] == ("program_audit", (PROGRAM, 1, None))


def test_a_service_with_nothing_recorded_lets_the_timeline_end() -> None:
    sources = {
        "matching": FakeAuditTrail([entry(f"m{i}", i) for i in range(3)]),
        "scheduling": FakeAuditTrail([entry("s1", 1.5, "session.cancelled")]),
        "notifications": FakeAuditTrail([]),
    }
    pages = walk(trails(**sources), limit=1)
    assert pages == [["m2"], ["s1"], ["m1"], ["m0"]]


def test_a_service_with_nothing_recorded_ends_on_the_first_page_too() -> None:
    page = read(
        trails(matching=FakeAuditTrail([entry("m0", 0)]), notifications=FakeAuditTrail()), limit=5
    )
    assert [e.entry_id for e in page.entries] == ["m0"]
    assert page.next_cursor is None
