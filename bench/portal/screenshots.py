"""The README's pictures of the portal, taken from the benchmark's program in headless Chromium
(Debian's `chromium`, driven by Playwright): the admin's programs page and a participant's home."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.async_api import Browser, async_playwright

CHROMIUM = Path(os.environ.get("TWOWAY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def _shoot(browser: Browser, portal_url: str, login: str, path: str, target: Path) -> None:
    context = await browser.new_context(viewport={"width": 1200, "height": 760}, locale="en-GB")
    try:
        page = await context.new_page()
        await page.goto(f"{portal_url}/auth/login")
        await page.get_by_label("Username").fill(login)
        await page.get_by_label("Password").fill(login)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url(f"{portal_url}/**")
        await page.goto(f"{portal_url}{path}")
        await page.screenshot(path=str(target), full_page=False)
    finally:
        await context.close()


async def take_screenshots(portal_url: str, participant_id: str, folder: Path) -> list[Path]:
    """Into `folder` (which exists): portal-admin.png and portal-participant.png."""
    shots = [
        ("admin", "/admin/programs", folder / "portal-admin.png"),
        (participant_id, "/me", folder / "portal-participant.png"),
    ]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for login, path, target in shots:
                await _shoot(browser, portal_url, login, path, target)
        finally:
            await browser.close()
    return [target for _, _, target in shots]
