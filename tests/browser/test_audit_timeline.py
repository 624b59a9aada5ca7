"""A program's audit timeline in a real browser on the real stack.

Through the APIs an admin launches a program, imports two people and runs a round (matching
records each), and another admin cancels the pair's last session in scheduling. Signed in
through the OpenID provider, the platform admin opens the program's Audit trail tab and reads
the cancellation, recorded by Sessions, among matching's entries: one timeline, newest first,
that pages one entry at a time across both services and back.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.portal_world import PortalWorld
from tests.browser.sign_in import sign_in_to_portal
from tests.browser.test_admin_console import reload_until_visible
from tests.browser.test_participant_portal import person, planned_sessions, run_round


def launch_with_two_people(world: PortalWorld, program_id: str, suffix: str) -> None:
    start = datetime.now(UTC).date()
    settings = {
        "name": f"Audit timeline {suffix}",
        "region": "emea",
        "timezone": "Europe/London",
        "locales": ["en"],
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=120)).isoformat(),
        "approval_mode": "auto",
    }
    people = [person(f"aj-{suffix}", "junior"), person(f"as-{suffix}", "senior")]
    admin = world.admin_headers()
    with httpx.Client(base_url=world.service_url("matching"), headers=admin, timeout=30) as api:
        launched = api.post("/programs", json={"program_id": program_id, "settings": settings})
        assert launched.status_code == 201, launched.text
        joined = api.post(
            f"/programs/{program_id}/participants/bulk", json={"participants": people}
        )
        assert joined.status_code == 200, joined.text


def test_an_admins_session_cancel_in_scheduling_shows_on_the_programs_audit_trail_tab(
    page: Page, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    world, portal = portal_world, portal_world.portal_url
    suffix = uuid.uuid4().hex[:6]
    program_id = f"audit-{suffix}"
    launch_with_two_people(world, program_id, suffix)
    pair = run_round(world, program_id)
    last = planned_sessions(world, pair["pair_id"])[-1]

    canceller = f"ops-{suffix}"  # an admin of the program other than the one reading
    with httpx.Client(
        base_url=world.service_url("scheduling"),
        headers=world.bearer(canceller, ["program_admin"], regions=["emea"]),
        timeout=30,
    ) as api:
        cancelled = api.post(f"/sessions/{last['session_id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text

    sign_in_to_portal(page, portal, "admin")
    page.goto(f"{portal}/admin/programs/{program_id}")
    page.get_by_role("link", name="Audit trail", exact=True).click()
    expect(page.get_by_role("heading", name="Who did what")).to_be_visible()
    cancel_row = page.get_by_role("row").filter(has_text="Session cancelled")
    reload_until_visible(page, cancel_row)
    expect(cancel_row).to_have_count(1)
    expect(cancel_row).to_contain_text("Sessions")
    expect(cancel_row).to_contain_text(canceller)
    expect(cancel_row).to_contain_text(last["session_id"])
    expect(cancel_row).to_contain_text(pair["pair_id"])
    round_row = page.get_by_role("row").filter(has_text="Round run")
    expect(round_row).to_have_count(1)
    expect(round_row).to_contain_text("Programs and matching")
    expect(page.get_by_role("row").filter(has_text="Program launched")).to_have_count(1)
    # One timeline, newest first. Scheduling records its commands to the whole second and
    # matching to the millisecond, so within one second either may come first.
    rows = page.locator("tr[data-source]")
    sources = rows.evaluate_all("rows => rows.map(r => r.dataset.source)")
    times = page.locator("tr[data-source] time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"
    )
    assert sorted(sources) == ["matching"] * (len(sources) - 1) + ["scheduling"], sources
    assert times == sorted(times, reverse=True), times
    expect(page.locator(".audit-missing")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "audit-timeline")
    every_row = rows.all_inner_texts()

    # One entry a page walks the same timeline across both services, and back.
    page.goto(f"{portal}/admin/programs/{program_id}/audit?limit=1")
    expect(rows).to_have_text(every_row[:1], use_inner_text=True)
    for expected in every_row[1:]:
        page.get_by_role("link", name="Next").click()
        expect(rows).to_have_text([expected], use_inner_text=True)
    expect(page.get_by_role("link", name="Next")).to_have_count(0)
    page.get_by_role("link", name="Previous").click()
    expect(rows).to_have_text(every_row[-2:-1], use_inner_text=True)
    screenshot(page, "audit-timeline-paged")
