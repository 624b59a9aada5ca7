"""The portal's sign-in and sign-out round trips through the real OpenID provider."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.portal_world import PortalWorld
from tests.browser.sign_in import sign_in_to_portal


def test_the_platform_admin_signs_in_through_the_provider_and_signs_out_again(
    page: Page, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    sign_in_to_portal(page, portal_world.portal_url, "admin")
    page.goto(portal_world.portal_url + "/")

    assert page.url.startswith(portal_world.portal_url + "/admin"), page.url
    expect(page.get_by_text("Platform admin")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "admin-home")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{portal_world.portal_url}/**")
    page.goto(portal_world.portal_url + "/admin")

    expect(page.get_by_text("Platform admin")).to_have_count(0)
    screenshot(page, "signed-out")
