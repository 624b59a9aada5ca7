"""Where each message points in the portal (its pages are the portal's URL scheme)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

_PARTICIPANT_PAGES: dict[str, str] = {
    "welcome": "profile",
    "program_invitation": "home",
    "pair_introduction": "pair",
    "series_invitation": "pair",
    "pair_ended": "pair",
    "series_cancelled": "pair",
    "session_rescheduled": "session",
    "session_cancelled": "session",
    "session_reminder": "session",
    "session_missed": "session",
    "feedback_requested": "feedback",
    "digest": "inbox",
}
_ADMIN_PAGES: dict[str, str] = {
    "program_launched": "",
    "matching_round_completed": "/matching",
    "series_unschedulable": "/pairs",
    "pair_at_risk": "/health",
    "pair_recovered": "/health",
}


def _part(value: object) -> str:
    return quote(str(value), safe="")


def preferences_url(app_url: str) -> str:
    return f"{app_url}/me/preferences"


def portal_link(
    template: str, program_id: str, facts: Mapping[str, object], *, admin: bool, app_url: str
) -> str:
    """The page a message is about; "" when there is none (the footer still links settings)."""
    program = _part(program_id)
    if admin:
        page = _ADMIN_PAGES.get(template)
        return "" if page is None else f"{app_url}/admin/programs/{program}{page}"
    page = _PARTICIPANT_PAGES.get(template)
    if page == "home":
        return f"{app_url}/me"
    if page == "profile":
        return f"{app_url}/me/programs/{program}/profile"
    if page == "pair" and "pair_id" in facts:
        return f"{app_url}/me/programs/{program}/pairs/{_part(facts['pair_id'])}"
    if page == "session" and "session_id" in facts:
        return f"{app_url}/me/sessions/{_part(facts['session_id'])}"
    if page == "feedback" and "request_id" in facts:
        return f"{app_url}/me/feedback/{_part(facts['request_id'])}"
    if page == "inbox":
        return f"{app_url}/me/inbox"
    return ""
