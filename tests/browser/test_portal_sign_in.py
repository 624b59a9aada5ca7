"""The portal's sign-in round trip through the real OpenID provider, on the real stack."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import ScreenshotTaker
from tests.browser.portal_world import PortalWorld
from tests.browser.sign_in import sign_in_to_portal


def test_the_platform_admin_signs_in_through_the_provider_and_reaches_the_console(
    page: Page, portal_world: PortalWorld, screenshot: ScreenshotTaker
) -> None:
    sign_in_to_portal(page, portal_world.portal_url, "admin")
    page.goto(portal_world.portal_url + "/")

    assert page.url.startswith(portal_world.portal_url + "/admin"), page.url
    assert_accessible(page)
    screenshot(page, "admin-home")
