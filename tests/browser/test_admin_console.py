"""The admin console in a real browser on the real stack, signed in through the OpenID provider.

The platform admin launches a program in the form, uploads a CSV with one bad row (and sees its
line number), tries a draft policy in a dry run, runs a dry run and a real round and approves
it, then looks at the pairs, one pair, health and insights. A program admin of another region
is refused with a readable message. Every page passes axe and is screenshotted.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.portal_world import PortalWorld
from tests.browser.sign_in import sign_in_to_portal

PHONE: ViewportSize = {"width": 390, "height": 844}
HEADER = (
    "participant_id,role,display_name,email,department,location,timezone,languages,"
    "seniority_level,skills_offered,learning_goals,availability\n"
)


def people_csv(suffix: str) -> str:
    rows = [
        f"j1-{suffix},junior,Jun One,j1-{suffix}@example.com,IT,Berlin,Europe/Berlin,en,2,"
        "generative ai:4,negotiation:3,mon 09:00-17:00;wed 09:00-17:00",
        f"j2-{suffix},junior,Jun Two,j2-{suffix}@example.com,IT,Madrid,Europe/Madrid,en;es,3,"
        "python:4,leadership:3,tue 09:00-17:00;thu 09:00-17:00",
        # line 4: an unknown role
        f"x-{suffix},manager,Bad Row,x-{suffix}@example.com,HR,Paris,Europe/Paris,en,5,"
        "sales:3,python:2,mon 09:00-12:00",
        f"s1-{suffix},senior,Sen One,s1-{suffix}@example.com,Sales,Berlin,Europe/Berlin,en,8,"
        "negotiation:5,generative ai:4,mon 09:00-17:00;wed 09:00-17:00",
        f"s2-{suffix},senior,Sen Two,s2-{suffix}@example.com,Finance,Madrid,Europe/Madrid,es;en,7,"
        "leadership:5,python:4,tue 09:00-17:00;thu 09:00-17:00",
    ]
    return HEADER + "\n".join(rows) + "\n"


def reload_until_visible(page: Page, locator: Locator, timeout: float = 30.0) -> None:
    """Lists are served from a copy the service refreshes within seconds of a change."""
    deadline = time.monotonic() + timeout
    while locator.count() == 0:
        if time.monotonic() > deadline:
            raise AssertionError(f"not shown within {timeout} s: {locator}")
        time.sleep(0.5)
        page.reload()
    expect(locator.first).to_be_visible()


def visit(page: Page, screenshot: ScreenshotTaker, name: str) -> None:
    assert_accessible(page)
    screenshot(page, name)


def test_an_admin_launches_imports_matches_and_approves_in_the_browser(
    page: Page, portal_world: PortalWorld, screenshot: ScreenshotTaker, tmp_path: Path
) -> None:
    portal = portal_world.portal_url
    suffix = uuid.uuid4().hex[:6]
    program_id = f"browser-{suffix}"
    base = f"{portal}/admin/programs/{program_id}"

    sign_in_to_portal(page, portal, "admin")
    page.goto(f"{portal}/admin/programs")
    expect(page.get_by_role("heading", name="Programs", exact=True)).to_be_visible()
    visit(page, screenshot, "programs")

    page.get_by_role("link", name="New program").click()
    expect(page.get_by_role("heading", name="New program")).to_be_visible()
    visit(page, screenshot, "new-program")
    page.get_by_label("Program id").fill(program_id)
    page.get_by_label("Name (required)").fill(f"Browser {suffix}")
    page.get_by_label("Region").fill("emea")
    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_label("First day").fill("2026-12-01")
    page.get_by_label("Last day").fill("2027-06-30")
    page.get_by_label("New pairs").select_option("admin")
    page.get_by_role("button", name="Launch the program").click()
    page.wait_for_url(base)
    expect(page.get_by_role("heading", name=f"Browser {suffix}")).to_be_visible()
    visit(page, screenshot, "program-overview")

    page.get_by_role("link", name="Participants", exact=True).click()
    upload = tmp_path / "people.csv"
    upload.write_text(people_csv(suffix), encoding="utf-8")
    page.get_by_label("File (.csv or .jsonl)").set_input_files(upload)
    page.get_by_role("button", name="Upload and import").click()
    report = page.locator("#import-report")
    # Imported in the background: the report replaces the polled progress when it is done.
    expect(report).to_contain_text("Line 4", timeout=30_000)
    expect(report).to_contain_text("role")
    expect(report.locator("dd").nth(1)).to_have_text("4")  # joined
    visit(page, screenshot, "participants-upload")
    page.goto(f"{base}/participants?q=Sen")
    reload_until_visible(page, page.get_by_role("link", name=f"s1-{suffix}"))
    expect(page.get_by_role("link", name=f"j1-{suffix}")).to_have_count(0)
    visit(page, screenshot, "participants-search")
    page.get_by_role("link", name=f"s1-{suffix}").click()
    expect(page.get_by_text("Sen One")).to_be_visible()
    visit(page, screenshot, "person")

    page.goto(f"{base}/policy")
    page.get_by_label("Smallest seniority gap").fill("9")
    page.get_by_role("button", name="Dry run with these values").click()
    trial = page.locator("#policy-trial")
    expect(trial).to_contain_text("Dry run with the draft policy")
    expect(trial).to_contain_text("Seniority gap too small")
    visit(page, screenshot, "policy-dry-run")

    page.goto(f"{base}/matching")
    visit(page, screenshot, "matching")
    page.get_by_role("button", name="Dry run", exact=True).click()
    expect(page.get_by_text("A dry run: nothing was saved or published.")).to_be_visible()
    expect(page.get_by_role("heading", name="Proposed pairs (2)")).to_be_visible()
    visit(page, screenshot, "round-dry-run")
    page.get_by_role("link", name="Compare profiles").first.click()
    expect(page.locator(".side-by-side .card")).to_have_count(2)
    visit(page, screenshot, "compare-profiles")

    page.goto(f"{base}/matching")
    page.get_by_role("button", name="Run the round").click()
    expect(page.get_by_text("These pairs wait for your approval")).to_be_visible()
    expect(page.get_by_text("2 proposed pairs, 0 of them unticked so far")).to_be_visible()
    visit(page, screenshot, "round-proposed")
    page.locator('input[name="pair_ids"]').first.uncheck()
    # Both approvals end on the same round page with the same message: wait for each page load,
    # so that the checks never run on the page before it.
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the ticked pairs on every page").click()
    expect(page.get_by_text("1 pairs approved and published.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve every proposed pair (1)").click()
    expect(page.get_by_text("1 pairs approved and published.")).to_be_visible()
    expect(page.get_by_text("These pairs wait for your approval")).to_have_count(0)
    visit(page, screenshot, "round-approved")

    page.goto(f"{base}/pairs?status=active")
    reload_until_visible(page, page.locator("tbody tr a"))
    expect(page.locator("tbody tr")).to_have_count(2)
    visit(page, screenshot, "pairs")
    page.locator("tbody tr a").first.click()
    expect(page.get_by_role("heading", name="Sessions and attendance")).to_be_visible()
    visit(page, screenshot, "pair")
    page.get_by_label("Reason").select_option("left_company")
    page.get_by_role("button", name="End this pair").click()
    expect(page.get_by_text("The pair has ended; both people are told.")).to_be_visible()
    expect(page.get_by_text("(One of them left the company)")).to_be_visible()
    visit(page, screenshot, "pair-ended")

    for tab, heading in (("health", "Pairs at risk"), ("insights", "Two-way learning")):
        page.goto(f"{base}/{tab}")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        visit(page, screenshot, tab)
    page.goto(f"{base}/settings")
    visit(page, screenshot, "settings")

    page.set_viewport_size(PHONE)
    for path, name in ((f"{portal}/admin/programs", "phone-programs"), (base, "phone-overview")):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        visit(page, screenshot, name)
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_download() as download:
        page.goto(f"{base}/insights")
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == f"insights-{program_id}.csv"


def test_a_program_admin_of_another_region_is_refused_readably(
    page: Page, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    program_id = f"emea-only-{uuid.uuid4().hex[:6]}"
    launched = httpx.post(
        f"{portal_world.service_url('matching')}/programs",
        headers=portal_world.admin_headers(),
        json={
            "program_id": program_id,
            "settings": {
                "name": "EMEA only",
                "region": "emea",
                "timezone": "Europe/Berlin",
                "locales": ["en"],
                "start_date": "2026-12-01",
                "end_date": "2027-06-30",
            },
        },
        timeout=30,
    )
    assert launched.status_code == 201, launched.text

    sign_in_to_portal(page, portal_world.portal_url, "apac-admin")
    page.goto(f"{portal_world.portal_url}/admin/programs/{program_id}/participants")
    expect(page.get_by_text("You are not allowed to see or change this.")).to_be_visible()
    expect(page.get_by_text(program_id)).to_have_count(0)
    visit(page, screenshot, "refused")
    page.goto(f"{portal_world.portal_url}/admin/programs")
    expect(page.get_by_text("EMEA only")).to_have_count(0)
    visit(page, screenshot, "programs-of-apac")
