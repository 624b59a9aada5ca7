"""Enrolment from the company directory and the audit trail, in a real browser on the real
stack: the directory's PersonProvisioned events reach matching over Kafka, the platform admin
finds the people on the program's Enrol tab, enrols one (a person without an email cannot be
ticked), sees them in the program, and reads on the Audit trail tab who enrolled them."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
from playwright.sync_api import Page, expect

from shared.events import Event, PersonProvisioned
from shared.events.directory import DIRECTORY_SCOPE
from shared.events.factory import from_command
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.portal_world import PortalWorld
from tests.browser.sign_in import sign_in_to_portal
from tests.browser.test_admin_console import reload_until_visible
from tests.e2e.platform_world import program_body
from tests.support.kafka_tools import produce_events


def provisioned(person_id: str, name: str, email: str | None) -> PersonProvisioned:
    return from_command(
        f"{person_id}:v1",
        PersonProvisioned,
        "PersonProvisioned",
        now=datetime.now(UTC),
        program_id=DIRECTORY_SCOPE,
        correlation_id=uuid.uuid4(),
        person_id=person_id,
        connection_id="okta",
        display_name=name,
        email=email,
        language="de-DE",
        timezone="Europe/Berlin",
    )


def test_an_admin_enrols_directory_people_and_reads_the_audit_trail(
    page: Page, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    portal = portal_world.portal_url
    suffix = uuid.uuid4().hex[:6]
    program_id = f"enrol-{suffix}"
    base = f"{portal}/admin/programs/{program_id}"
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    launched = httpx.post(
        portal_world.service_url("matching") + "/programs",
        json=program_body(program_id, start),
        headers=portal_world.admin_headers(),
        timeout=30,
    )
    assert launched.status_code == 201, launched.text
    ada, bo = f"dir-ada-{suffix}", f"dir-bo-{suffix}"
    platform = portal_world.platform
    events: list[Event] = [
        provisioned(ada, f"Ada Lindqvist {suffix}", f"ada-{suffix}@example.com"),
        provisioned(bo, f"Bo Nomail {suffix}", None),
    ]
    # As the directory would publish them; Playwright's own loop runs in this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(
            asyncio.run, produce_events(platform.bootstrap_servers, platform.topic_prefix, events)
        ).result()

    sign_in_to_portal(page, portal, "admin")
    page.goto(f"{base}/enrol?q={suffix}")
    reload_until_visible(page, page.get_by_text(f"Ada Lindqvist {suffix}"))
    expect(page.get_by_label(f"Enrol Bo Nomail {suffix}")).to_be_disabled()
    expect(page.get_by_role("cell", name="Europe/Berlin").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "enrol")

    page.get_by_label(f"Enrol Ada Lindqvist {suffix}").check()
    page.get_by_label("Role").select_option("senior")
    page.get_by_label("Seniority level (1-10)").fill("6")
    page.get_by_label("Location").fill("Berlin")
    with page.expect_navigation():
        page.get_by_role("button", name="Enrol the people ticked").click()
    expect(page.get_by_text("1 enrolled, 0 already enrolled, 0 refused.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "enrolled")

    page.get_by_role("link", name=ada).click()
    expect(page.get_by_text(f"Ada Lindqvist {suffix}").first).to_be_visible()
    # From the directory, not typed: the language and time zone on the person's page.
    expect(page.get_by_text("de-DE").first).to_be_visible()
    expect(page.get_by_text("Europe/Berlin").first).to_be_visible()

    page.goto(base)
    page.get_by_role("link", name="Audit trail", exact=True).click()
    expect(page.get_by_role("heading", name="Who did what")).to_be_visible()
    enrolled = page.get_by_role("row").filter(has_text="Enrolled from the directory")
    expect(enrolled).to_have_count(1)
    expect(enrolled).to_contain_text("joined")
    expect(page.get_by_role("row").filter(has_text="Program launched")).to_have_count(1)
    expect(page.get_by_text(f"ada-{suffix}@example.com")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "audit")
