"""An attendee's calendar as iTIP messages leave it: the REQUEST, then each CANCEL applied."""

from __future__ import annotations

from datetime import UTC, datetime

import recurring_ical_events
from icalendar import Calendar


def applied(request: str, *cancels: str) -> Calendar:
    """What an attendee's calendar holds after the REQUEST and then each CANCEL, applied as
    RFC 5546 says: without RECURRENCE-ID the UID goes; with one, that instance is cancelled
    (kept as a cancelled override, as calendar stores do). CANCELs for other UIDs do nothing."""
    store = Calendar.from_ical(request)
    for ics in cancels:
        cancel = Calendar.from_ical(ics)
        assert str(cancel["METHOD"]) == "CANCEL"
        for event in cancel.walk("VEVENT"):
            uid = str(event["UID"])
            if "RECURRENCE-ID" not in event:
                store.subcomponents = [c for c in store.subcomponents if c.get("UID") != uid]
                continue
            if any(str(c["UID"]) == uid for c in store.walk("VEVENT")):
                rid = event.decoded("RECURRENCE-ID")
                store.subcomponents = [
                    c
                    for c in store.subcomponents
                    if not ("RECURRENCE-ID" in c and c.decoded("RECURRENCE-ID") == rid)
                ]
                store.add_component(event)
    return store


def expand_applied(request: str, *cancels: str) -> list[datetime]:
    """The occurrences left after the cancellations, expanded by recurring-ical-events."""
    events = recurring_ical_events.of(applied(request, *cancels)).between(
        datetime(2026, 1, 1), datetime(2027, 1, 1)
    )
    return sorted(
        e["DTSTART"].dt.astimezone(UTC) for e in events if str(e.get("STATUS")) != "CANCELLED"
    )
