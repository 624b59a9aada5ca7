"""The notification preferences form, parsed into the notifications API's preferences body.

Channels are checkboxes (absent means off); quiet hours are two clock times, or none when the
box "no quiet hours" is ticked or both times are equal; the digest is a checkbox.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from services.portal.domain.participant_feedback_form import FormResult
from services.portal.domain.participant_profile_form import FormData, first, known_timezones

CHANNELS: tuple[str, ...] = ("email", "chat", "inbox")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def parse_preferences_form(form: FormData) -> FormResult:
    errors: dict[str, str] = {}
    body: dict[str, Any] = {channel: first(form, channel) == "on" for channel in CHANNELS}
    if first(form, "quiet_off") == "on":
        body["quiet_hours"] = None
    else:
        start, end = first(form, "quiet_start"), first(form, "quiet_end")
        for name, value in (("quiet_start", start), ("quiet_end", end)):
            if not _CLOCK.match(value):
                errors[name] = "clock_invalid"
        body["quiet_hours"] = None if start == end else {"start": start, "end": end}
    timezone = first(form, "timezone")
    if timezone and timezone not in known_timezones():
        errors["timezone"] = "timezone_unknown"
    body["timezone"] = timezone or None
    body["daily_digest"] = first(form, "daily_digest") == "on"
    if errors:
        return FormResult(body=None, errors=errors)
    return FormResult(body=body)


def preferences_form_values(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for the stored preferences."""
    quiet = stored.get("quiet_hours")
    return {
        **{channel: bool(stored.get(channel)) for channel in CHANNELS},
        "quiet_off": quiet is None,
        "quiet_start": (quiet or {}).get("start", "21:00"),
        "quiet_end": (quiet or {}).get("end", "08:00"),
        "timezone": stored.get("timezone") or "",
        "daily_digest": bool(stored.get("daily_digest")),
    }
