"""A participant's whole journey in the portal, in a real browser on the real stack.

An admin (through the APIs) launches a program and imports the local participants; the junior
signs in through the OpenID provider, fills the profile with the availability grid; the round
pairs them; the junior sees the partner with the reasons and the sessions on their own clock,
downloads an invitation, cancels a later session, answers the feedback request after the first
session and changes notification preferences. Every page passes axe and is screenshotted, and
two pages are shot at phone width.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import httpx
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.portal_world import PortalWorld
from tests.browser.sign_in import sign_in_to_portal

T = TypeVar("T")
JUNIOR, SENIOR = "p-junior-1", "p-senior-1"
SERVICES = ("matching", "scheduling", "feedback", "notifications")
PHONE: ViewportSize = {"width": 390, "height": 844}


def eventually(probe: Callable[[], T | None], what: str, timeout: float = 60.0) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def person(pid: str, role: str) -> dict[str, Any]:
    junior = role == "junior"
    weekdays = ("mon", "tue", "wed", "thu", "fri")
    return {
        "participant_id": pid,
        "role": role,
        "display_name": "Jun Ior" if junior else "Sen Ior",
        "email": f"{pid}@example.com",
        "department": "IT" if junior else "Sales",
        "location": "Berlin" if junior else "New York",
        "timezone": "Europe/Berlin" if junior else "America/New_York",
        "languages": ["en"],
        "seniority_level": 2 if junior else 7,
        "skills_offered": [{"skill": "generative ai" if junior else "negotiation", "level": 4}],
        "learning_goals": [] if junior else [{"skill": "generative ai", "priority": 4}],
        # The same hours of the day on both clocks: Berlin 14-20 is New York 8-14.
        "availability": [
            {
                "day": d,
                "start": "14:00" if junior else "08:00",
                "end": "20:00" if junior else "14:00",
            }
            for d in weekdays
        ],
    }


def launch_program(world: PortalWorld, program_id: str, start: date) -> None:
    admin = world.admin_headers()
    with httpx.Client(base_url=world.service_url("matching"), headers=admin, timeout=30) as api:
        settings = {
            "name": "Reverse mentoring browser run",
            "region": "emea",
            "timezone": "Europe/London",
            "locales": ["en"],
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=120)).isoformat(),
            "approval_mode": "auto",
        }
        response = api.post("/programs", json={"program_id": program_id, "settings": settings})
        assert response.status_code == 201, response.text
        people = [person(JUNIOR, "junior"), person(SENIOR, "senior")]
        response = api.post(
            f"/programs/{program_id}/participants/bulk", json={"participants": people}
        )
        assert response.status_code == 200, response.text


def run_round(world: PortalWorld, program_id: str) -> dict[str, Any]:
    admin = world.admin_headers()
    with httpx.Client(base_url=world.service_url("matching"), headers=admin, timeout=60) as api:
        result = api.post(f"/programs/{program_id}/rounds", json={}).json()
    assert result["status"] == "published", result
    (pair,) = result["pairs"]
    return dict(pair)


def planned_sessions(world: PortalWorld, pair_id: str) -> list[dict[str, Any]]:
    admin = world.admin_headers()
    with httpx.Client(base_url=world.service_url("scheduling"), headers=admin, timeout=30) as api:

        def sessions() -> list[dict[str, Any]] | None:
            response = api.get(f"/pairs/{pair_id}/sessions")
            return response.json().get("sessions") if response.status_code == 200 else None

        return eventually(sessions, "the pair's series to be planned")


def clocks_at_least(world: PortalWorld, moment: datetime) -> None:
    """Move every service's clock to `moment` unless another test already moved it further."""
    with httpx.Client(headers=world.admin_headers(), timeout=10) as http:
        for name in SERVICES:
            url = f"{world.service_url(name)}/admin/clock"
            now = datetime.fromisoformat(http.get(url).json()["now"])
            if now < moment:
                response = http.post(url, json={"now": moment.isoformat()})
                assert response.status_code == 200, response.text


def complete(world: PortalWorld, session: dict[str, Any]) -> None:
    clocks_at_least(world, datetime.fromisoformat(session["start"]) + timedelta(minutes=5))
    admin = world.admin_headers()
    with httpx.Client(base_url=world.service_url("scheduling"), headers=admin, timeout=30) as api:
        response = api.post(f"/sessions/{session['session_id']}/complete", json={"minutes": 55})
        assert response.status_code == 200, response.text


def feedback_request(world: PortalWorld, program_id: str) -> dict[str, Any]:
    mine = world.bearer(JUNIOR, ["participant"])
    with httpx.Client(base_url=world.service_url("feedback"), headers=mine, timeout=30) as api:

        def found() -> dict[str, Any] | None:
            response = api.get(f"/participants/{JUNIOR}/feedback-requests")
            requests = response.json() if response.status_code == 200 else []
            return next((r for r in requests if r["program_id"] == program_id), None)

        return eventually(found, "the junior's feedback request")


def stored_profile(world: PortalWorld, program_id: str) -> dict[str, Any]:
    admin = world.admin_headers()
    with httpx.Client(base_url=world.service_url("matching"), headers=admin, timeout=30) as api:
        return dict(api.get(f"/programs/{program_id}/participants/{JUNIOR}").json()["participant"])


def checked_page(page: Page, screenshot: ScreenshotTaker, name: str) -> None:
    assert_accessible(page)
    screenshot(page, name)


def test_a_participant_fills_the_profile_meets_the_partner_and_answers_feedback(
    page: Page, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    world, portal = portal_world, portal_world.portal_url
    program_id = f"me-{uuid.uuid4().hex[:8]}"
    launch_program(world, program_id, datetime.now(UTC).date())

    sign_in_to_portal(page, portal, JUNIOR)
    page.goto(f"{portal}/")
    expect(page).to_have_url(f"{portal}/me")
    expect(page.get_by_role("heading", name="Reverse mentoring browser run")).to_be_visible()
    checked_page(page, screenshot, "home-before-match")

    # The profile: a learning goal, and Wednesday evening ticked in the grid (Berlin time).
    page.get_by_role("link", name="Complete my profile").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    checked_page(page, screenshot, "profile")
    page.locator("#goal-0-skill").fill("Negotiation")
    page.locator("#goal-0-priority").select_option("5")
    page.get_by_label("Wed 21:00").check()
    page.get_by_label("Wed 22:00").check()
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Saved. Your next match uses your new profile.")).to_be_visible()
    profile = stored_profile(world, program_id)
    assert {"skill": "negotiation", "priority": 5} in profile["learning_goals"]
    assert {"day": "wed", "start": "21:00", "end": "23:00"} in profile["availability"]
    assert {"day": "mon", "start": "14:00", "end": "20:00"} in profile["availability"]

    pair = run_round(world, program_id)
    sessions = planned_sessions(world, pair["pair_id"])

    # My partner, and why we were matched.
    page.goto(f"{portal}/me")
    page.get_by_role("link", name="Sen Ior - why we matched you").click()
    expect(page.get_by_role("heading", name="About Sen Ior")).to_be_visible()
    expect(page.get_by_text("The senior teaches what the junior wants to learn")).to_be_visible()
    expect(page.locator(".points").first).to_contain_text("points")
    # Berlin 14-20 and New York 08-14 meet on the junior's clock (13-19 in the weeks the two
    # zones change their clocks apart).
    expect(page.get_by_text("You are both free (on your clock, this week)")).to_be_visible()
    expect(page.locator(".partner-facts")).to_contain_text("Mon 14:00-")
    checked_page(page, screenshot, "partner")

    # My sessions on my clock, the invitation, and cancelling a later one.
    page.goto(f"{portal}/me/sessions")
    checked_page(page, screenshot, "sessions")
    first = sessions[0]
    page.goto(f"{portal}/me/sessions/{first['session_id']}")
    expect(page.locator(".session-when")).to_contain_text("Europe/Berlin")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    checked_page(page, screenshot, "session")
    later = sessions[-1]
    page.goto(f"{portal}/me/sessions/{later['session_id']}")
    page.get_by_role("button", name="Yes, cancel this session").click()
    expect(page.get_by_text("The session was cancelled.")).to_be_visible()
    page.goto(f"{portal}/me/sessions/{sessions[-2]['session_id']}")
    page.get_by_role("button", name="Move to the next time we are both free").click()
    expect(page.get_by_text("The session was moved.")).to_be_visible()

    # After the first session, the feedback request waits on the home page.
    complete(world, first)
    request = feedback_request(world, program_id)
    page.goto(f"{portal}/me")
    page.locator(f'a[href="/me/feedback/{request["request_id"]}"]').click()
    expect(page.get_by_role("heading", name="Feedback on your session")).to_be_visible()
    checked_page(page, screenshot, "feedback-form")
    page.locator("#value-5").check()
    page.locator("#preparation-4").check()
    page.locator("#psychological_safety-5").check()
    page.get_by_role("group", name="What did you learn?").get_by_label("negotiation").check()
    page.get_by_role("group", name="What did you teach?").get_by_label("generative ai").check()
    page.get_by_label("Yes").check()
    page.get_by_label("Private note").fill("Ask about the pricing talk next time.")
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_text("Thank you, your feedback is saved.")).to_be_visible()
    answered = feedback_request(world, program_id)
    assert answered["status"] == "answered"
    assert answered["answer"]["topics_learned"] == ["negotiation"]
    assert answered["answer"]["ratings"]["psychological_safety"] == 5

    # Notification preferences, the page every email links to.
    page.get_by_role("navigation").get_by_role("link", name="Notification preferences").click()
    checked_page(page, screenshot, "preferences")
    page.get_by_label("Email").uncheck()
    page.get_by_label("From").fill("22:00")
    page.get_by_label("Until").fill("07:00")
    page.get_by_label("Send me one daily digest instead of single messages").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    mine = world.bearer(JUNIOR, ["participant"])
    stored = httpx.get(
        f"{world.service_url('notifications')}/notifications/preferences/{JUNIOR}", headers=mine
    ).json()
    assert (stored["email"], stored["daily_digest"]) == (False, True)
    assert stored["quiet_hours"] == {"start": "22:00", "end": "07:00"}

    page.goto(f"{portal}/me/inbox")
    checked_page(page, screenshot, "inbox")
    page.goto(f"{portal}/me/programs/{program_id}/self-assessment/pre")
    checked_page(page, screenshot, "self-assessment")

    page.set_viewport_size(PHONE)
    page.goto(f"{portal}/me")
    checked_page(page, screenshot, "home-phone")
    page.goto(f"{portal}/me/programs/{program_id}/profile")
    checked_page(page, screenshot, "profile-phone")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the profile page scrolls sideways at phone width ({width}px)"


def test_the_participant_pages_follow_the_browsers_language(
    browser: Browser, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    japanese = browser.new_context(viewport=PHONE, locale="ja-JP")
    try:
        page = japanese.new_page()
        sign_in_to_portal(page, portal_world.portal_url, "p-senior-2")
        page.goto(f"{portal_world.portal_url}/me")
        expect(page.get_by_role("heading", name="マイプログラム", exact=True)).to_be_visible()
        checked_page(page, screenshot, "home-ja-phone")
        page.goto(f"{portal_world.portal_url}/me/preferences")
        expect(page.get_by_role("button", name="設定を保存")).to_be_visible()
        checked_page(page, screenshot, "preferences-ja-phone")
    finally:
        japanese.close()
