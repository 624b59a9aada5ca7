"""Fixtures of the browser tests: headless Debian Chromium driven by Playwright, the session's
OpenID provider, and the portal on a real stack (see README.md)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from deploy.local.identity import IdentityProvider
from deploy.local.kafka import KafkaServer
from deploy.local.mongo import MongoServer
from deploy.local.process import REPO_ROOT, make_temp_dir, remove_temp_dir
from tests.browser.portal_world import (
    PortalWorld,
    portal_missing_reason,
    start_portal_world,
    stop_portal_world,
)
from tests.identity_fixtures import portal_port

CHROMIUM = Path(os.environ.get("TWOWAY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO_ROOT / "out" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium (`apt-get install chromium`); Playwright downloads no browser here."""
    if not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None:
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (the CI script does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile per test (no cookies shared between tests), desktop size, English."""
    created = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    created.set_default_timeout(15_000)
    yield created
    created.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> ScreenshotTaker:
    """`screenshot(page, "name")` saves out/screenshots/<test>/<nn>-<name>.png (gitignored)."""
    return ScreenshotTaker(SCREENSHOTS / _safe(request.node.name))


class ScreenshotTaker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        shutil.rmtree(folder, ignore_errors=True)

    def __call__(self, page: Page, name: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{_safe(name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:100]


@pytest.fixture(scope="session")
def portal_world(
    kafka_server: KafkaServer,
    mongo_server: MongoServer,
    identity_provider: IdentityProvider,
    pytestconfig: pytest.Config,
) -> Iterator[PortalWorld]:
    """The four services, a mail catcher and the portal, once per session."""
    reason = portal_missing_reason()
    if reason is not None:
        pytest.skip(reason)
    work_dir = make_temp_dir("twoway-portal-world-")
    world, mail = start_portal_world(
        kafka=kafka_server,
        mongo=mongo_server,
        identity=identity_provider,
        portal_port=portal_port(pytestconfig),
        work_dir=work_dir,
    )
    try:
        yield world
    finally:
        stop_portal_world(world, mail)
        remove_temp_dir(work_dir)
