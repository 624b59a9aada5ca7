"""RFC 5545 invitations for sessions.

One session is one VEVENT whose UID never changes; SEQUENCE goes up with every change a
calendar must apply, so a client updates the entry in place instead of adding a second one.
Times are written in UTC: calendar clients show them in each reader's own zone, and no
VTIMEZONE definitions have to be kept in step with tzdata. DTSTAMP is the time of the last
change, so the same state always renders the same bytes (the API and the events agree).
Attendee addresses are not known here (no personal data in this service); the notification
service addresses each copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from services.scheduling.domain.model import Series, Session, SessionStatus


@dataclass(frozen=True, slots=True)
class InvitationStyle:
    organizer: str = "mailto:scheduling@twoway.invalid"
    organizer_name: str = "Twoway"
    uid_domain: str = "twoway"
    product_id: str = "-//Twoway//Scheduling//EN"


def invitation_uid(session: Session, style: InvitationStyle) -> str:
    return f"{session.session_id}@{style.uid_domain}"


def render_invitation(
    series: Series, session: Session, *, program_name: str, style: InvitationStyle
) -> str:
    cancelled = session.status is SessionStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", style.product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = CalendarEvent()
    event.add("uid", invitation_uid(session, style))
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at or series.pair_created_at)
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", f"{program_name}: reverse-mentoring session {session.index + 1}")
    event.add(
        "description",
        "Your reverse-mentoring session, planned by Twoway. "
        "Reschedule or cancel it in Twoway so both calendars stay in step.",
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organizer = vCalAddress(style.organizer)
    organizer.params["cn"] = style.organizer_name
    event.add("organizer", organizer)
    calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))
