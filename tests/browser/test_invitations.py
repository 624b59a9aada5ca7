"""Invitations in a real browser on the real stack: the admin invites a person of the company
directory from the Enrol tab; the person signs in through the OpenID provider, finds the
invitation on their home page, accepts it and is in the program, on the admin's terms."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.portal_world import PortalWorld
from tests.browser.sign_in import sign_in_to_portal
from tests.browser.test_admin_console import reload_until_visible
from tests.browser.test_enrolment_and_audit import provisioned
from tests.e2e.platform_world import program_body
from tests.support.kafka_tools import produce_events

INVITED = "p-senior-2"
"""A person of the local OpenID provider: their token's subject is their directory id."""


def test_an_invited_person_accepts_on_their_page_and_joins_the_program(
    page: Page, browser: Browser, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    portal = portal_world.portal_url
    suffix = uuid.uuid4().hex[:6]
    program_id = f"invite-{suffix}"
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    matching = portal_world.service_url("matching")
    launched = httpx.post(
        matching + "/programs",
        json=program_body(program_id, start),
        headers=portal_world.admin_headers(),
        timeout=30,
    )
    assert launched.status_code == 201, launched.text
    name = f"Sam Senior {suffix}"
    platform = portal_world.platform
    with ThreadPoolExecutor(max_workers=1) as pool:
        event = provisioned(INVITED, name, f"sam-{suffix}@example.com")
        pool.submit(
            asyncio.run, produce_events(platform.bootstrap_servers, platform.topic_prefix, [event])
        ).result()

    sign_in_to_portal(page, portal, "admin")
    page.goto(f"{portal}/admin/programs/{program_id}/enrol?q={suffix}")
    reload_until_visible(page, page.get_by_text(name))
    page.get_by_label(f"Enrol {name}").check()
    page.get_by_label("Role").select_option("senior")
    page.get_by_label("Seniority level (1-10)").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="Invite the people ticked").click()
    expect(page.get_by_text("1 invited, 0 invited already, 0 refused.")).to_be_visible()
    screenshot(page, "invited")

    person = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        mine = person.new_page()
        sign_in_to_portal(mine, portal, INVITED)
        mine.goto(f"{portal}/me")
        expect(mine.get_by_role("heading", name="You are invited")).to_be_visible()
        assert_accessible(mine)
        screenshot(mine, "invitation")
        with mine.expect_navigation():
            mine.get_by_role("button", name="Accept and join").click()
        expect(mine.get_by_text(f"Welcome: you joined {program_id}.")).to_be_visible()
        expect(mine.get_by_role("heading", name="You are invited")).to_have_count(0)
        assert_accessible(mine)
    finally:
        person.close()

    joined = httpx.get(
        f"{matching}/programs/{program_id}/participants/{INVITED}",
        headers=portal_world.admin_headers(),
        timeout=30,
    )
    assert joined.status_code == 200, joined.text
    profile = joined.json()["participant"]
    assert (profile["display_name"], profile["role"], profile["seniority_level"]) == (
        name,
        "senior",
        7,
    )
    trail = httpx.get(
        f"{matching}/programs/{program_id}/audit",
        headers=portal_world.admin_headers(),
        timeout=30,
    ).json()
    steps = [(e["actor_id"], e["action"]) for e in trail["items"]]
    assert (INVITED, "invitation.accepted") in steps
    assert "participants.invited" in {action for _, action in steps}
