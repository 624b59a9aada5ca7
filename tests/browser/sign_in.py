"""Signing in through the local OpenID provider's login page, as a person does."""

from __future__ import annotations

from playwright.sync_api import Page


def fill_login_form(page: Page, login: str, password: str | None = None) -> None:
    """On the provider's login page: username and password (local password = username)."""
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(login if password is None else password)
    page.get_by_role("button", name="Sign in").click()


def sign_in_to_portal(page: Page, portal_url: str, login: str) -> None:
    """From the portal's sign-in through the provider and back to the portal."""
    page.goto(f"{portal_url}/auth/login")
    fill_login_form(page, login)
    page.wait_for_url(f"{portal_url}/**")
