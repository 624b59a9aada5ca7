"""Invitation emails written by hand, shaped as the platform sends them: the calendar inline
(text/calendar with `method=`) and again as invite.ics, sessions of their own as more .ics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

LONDON = ZoneInfo("Europe/London")
FIRST = datetime(2026, 3, 3, 13, 0, tzinfo=LONDON)
"""Tuesdays in London from 3 March 2026: the clocks change on 29 March."""
JUNIOR, SENIOR = "junior-1@load.example.com", "senior-1@load.example.com"


@dataclass
class Invitation:
    pair_id: str = "pair-1"
    weeks: int = 6
    method: str = "REQUEST"
    mime_method: str | None = None
    attendees: tuple[str, ...] = (JUNIOR, SENIOR)
    skipped: tuple[int, ...] = ()
    moved: dict[int, datetime] = field(default_factory=dict)
    own_sessions: tuple[datetime, ...] = ()
    with_rule: bool = True
    extra_calendar: bool = False

    def occurrences(self) -> list[datetime]:
        return [FIRST + timedelta(days=7 * k) for k in range(self.weeks)]

    def calendar(self) -> Calendar:
        calendar = _calendar(self.method)
        uid = f"series-{self.pair_id}@twoway"
        if self.with_rule:
            master = self._event(uid, self.occurrences()[0])
            master.add("rrule", {"freq": "weekly", "count": self.weeks})
            if self.skipped:
                master.add("exdate", [self.occurrences()[k] for k in self.skipped])
            calendar.add_component(master)
            for k, start in self.moved.items():
                override = self._event(uid, start)
                override.add("recurrence-id", self.occurrences()[k])
                calendar.add_component(override)
        else:
            for start in self.occurrences():
                calendar.add_component(self._event(uid, start))
        return calendar

    def own(self) -> list[Calendar]:
        calendars = []
        for number, start in enumerate(self.own_sessions, start=1):
            calendar = _calendar(self.method)
            calendar.add_component(self._event(f"session-{number}@twoway", start))
            calendars.append(calendar)
        return calendars

    def write(self, folder: Path, name: str = "invitation.eml", to: str = JUNIOR) -> Path:
        ics = self.calendar().to_ical().decode("utf-8")
        inline = ics + (ics if self.extra_calendar else "")
        message = EmailMessage()
        message["To"] = f"Someone <{to}>"
        message["Subject"] = "Meet your partner"
        message["X-Twoway-Template"] = "series_invitation"
        message.set_content("Here is why you were matched, and your sessions.")
        method = self.mime_method or self.method
        message.add_alternative(inline, subtype="calendar", params={"method": method})
        message.add_attachment(
            ics.encode("utf-8"), maintype="application", subtype="ics", filename="invite.ics"
        )
        for number, calendar in enumerate(self.own(), start=1):
            message.add_attachment(
                calendar.to_ical(),
                maintype="application",
                subtype="ics",
                filename=f"session-{number}.ics",
            )
        path = folder / name
        path.write_bytes(message.as_bytes())
        return path

    def _event(self, uid: str, start: datetime) -> Event:
        event = Event()
        event.add("uid", uid)
        event.add("sequence", 1)
        event.add("dtstamp", FIRST)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=1))
        event.add("summary", "Reverse mentoring")
        event.add("organizer", vCalAddress("mailto:programs@twoway.invalid"))
        for address in self.attendees:
            event.add("attendee", vCalAddress(f"mailto:{address}"))
        return event


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Twoway tests//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar
