"""Signing in to the portal as a browser does, with httpx: the portal sends the person to the
local OpenID provider, whose login form is posted; the redirects lead back with a session cookie."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import httpx

FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+/login)"')


async def signed_in_client(portal_url: str, login: str) -> httpx.AsyncClient:
    """A client holding the portal's session cookie for `login` (local password = login)."""
    client = httpx.AsyncClient(base_url=portal_url, follow_redirects=True, timeout=120)
    try:
        form_page = await client.get("/auth/login")
        form_page.raise_for_status()
        found = FORM_ACTION.search(form_page.text)
        if found is None:
            raise RuntimeError(f"no login form at {form_page.url.copy_with(query=None)}")
        action = urljoin(str(form_page.url), found.group(1))
        landed = await client.post(action, data={"login": login, "password": login})
        landed.raise_for_status()
        if not str(landed.url).startswith(portal_url):
            raise RuntimeError(f"signing in as {login} did not come back to the portal")
    except BaseException:
        await client.aclose()
        raise
    return client
