"""The calendar messages of a pair's series (RFC 5545 / iTIP RFC 5546): ONE recurring series.

The series is one VEVENT with DTSTART in the pattern's time zone and an RRULE for the
cadence, EXDATE for occurrences without a session (skipped or cancelled), and an override
VEVENT with RECURRENCE-ID for each session laid or moved off its occurrence. A session that
cannot follow the rule (scheduling says so: no occurrence) is an event with its own UID, sent
as a calendar of its own: one VCALENDAR per iTIP message, as Outlook requires (MS-OXCICAL).
Every component carries the series' SEQUENCE, which rises with each change, so clients
update in place. ORGANIZER is the program's address; both people are ATTENDEEs (only this
service knows their addresses).

Whatever will no longer take place is withdrawn with METHOD:CANCEL (RFC 5546 3.2.5): one
session by its RECURRENCE-ID, the rest of a series by the RECURRENCE-ID of each remaining
occurrence (the sessions held stay in people's calendars), a series none of whose sessions
was held by its UID alone, and a session with its own UID by that UID.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from services.notifications.domain.series_calendar import (
    Attendee,
    CalendarChange,
    CalendarMessage,
    CalendarSession,
    CalendarStyle,
    SeriesCalendar,
    on_rule_only,
    pattern_occurrences,
    series_uid,
    session_uid,
)


def render_calendars(
    series: SeriesCalendar, people: Sequence[Attendee], style: CalendarStyle
) -> list[CalendarMessage]:
    """The calendars this change sends: the series first, then events of their own (if any)."""
    series = on_rule_only(series)
    if series.change is CalendarChange.ENDED:
        return _series_end(series, people, style)
    target = next((s for s in series.sessions if s.session_id == series.session_id), None)
    if series.change is CalendarChange.CANCELLED and target is not None:
        return [_session_cancel(series, target, people, style)]
    messages = [_series_request(series, people, style)]
    standalone = [s for s in series.sessions if s.occurrence is None and not s.cancelled]
    if series.change is CalendarChange.RESCHEDULED:
        standalone = [s for s in standalone if target is not None and s == target]
    messages += [_session_request(series, s, people, style) for s in standalone]
    return messages


def _calendar(method: str, style: CalendarStyle) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", style.product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _component(
    uid: str,
    series: SeriesCalendar,
    people: Sequence[Attendee],
    style: CalendarStyle,
    *,
    start: datetime,
    end: datetime,
    cancelled: bool = False,
) -> CalendarEvent:
    tz = ZoneInfo(series.zone)
    event = CalendarEvent()
    event.add("uid", uid)
    event.add("sequence", series.sequence)
    event.add("dtstamp", series.stamp)
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    event.add("summary", style.summary)
    event.add("description", style.description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organizer = vCalAddress(f"mailto:{style.organizer.removeprefix('mailto:')}")
    organizer.params["cn"] = style.organizer_name
    event.add("organizer", organizer)
    for person in people:
        attendee = vCalAddress(f"mailto:{person.address}")
        attendee.params["cn"] = person.name
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["partstat"] = "NEEDS-ACTION"
        attendee.params["rsvp"] = "TRUE"
        event.add("attendee", attendee)
    return event


def _rule(series: SeriesCalendar) -> dict[str, object]:
    if series.cadence_days % 7 == 0:
        return {"freq": "weekly", "interval": series.cadence_days // 7, "count": series.count}
    return {"freq": "daily", "interval": series.cadence_days, "count": series.count}


def _master(
    series: SeriesCalendar, people: Sequence[Attendee], style: CalendarStyle, *, cancelled: bool
) -> CalendarEvent:
    occurrences = pattern_occurrences(series)
    length = timedelta(minutes=series.session_minutes)
    master = _component(
        series_uid(series.pair_id, style),
        series,
        people,
        style,
        start=occurrences[0],
        end=occurrences[0] + length,
        cancelled=cancelled,
    )
    master.add("rrule", _rule(series))
    held = {s.occurrence for s in series.sessions if s.occurrence is not None and not s.cancelled}
    skipped = [o for o in occurrences if o not in held]
    if skipped:
        master.add("exdate", skipped)
    return master


def _finish(calendar: Calendar, series: SeriesCalendar) -> str:
    occurrences = pattern_occurrences(series)
    calendar.add_missing_timezones(
        first_date=occurrences[0].date() - timedelta(days=366),
        last_date=occurrences[-1].date() + timedelta(days=366),
    )
    ics: bytes = calendar.to_ical()  # icalendar has no type hints: its bytes, by its docs
    return ics.decode("utf-8")


def _series_request(
    series: SeriesCalendar, people: Sequence[Attendee], style: CalendarStyle
) -> CalendarMessage:
    calendar = _calendar("REQUEST", style)
    calendar.add_component(_master(series, people, style, cancelled=False))
    for session in series.sessions:
        moved = session.occurrence is not None and session.start != session.occurrence
        if moved and not session.cancelled:
            override = _component(
                series_uid(series.pair_id, style),
                series,
                people,
                style,
                start=session.start,
                end=session.end,
            )
            assert session.occurrence is not None
            override.add("recurrence-id", session.occurrence.astimezone(ZoneInfo(series.zone)))
            calendar.add_component(override)
    return CalendarMessage(_finish(calendar, series), "REQUEST")


def _series_end(
    series: SeriesCalendar, people: Sequence[Attendee], style: CalendarStyle
) -> list[CalendarMessage]:
    """The rest of the series is off: a CANCEL for everything that will not take place.

    With no session of the rule held, the series' UID is cancelled as a whole. Once some
    took place, cancelling the UID would wipe them from people's calendars too, so each
    cancelled occurrence is withdrawn by its RECURRENCE-ID instead (those cancelled before
    are named again: a client that missed that CANCEL still ends up right). Sessions with
    their own UID are cancelled each by theirs. [] when nothing is left to withdraw."""
    on_rule = [s for s in series.sessions if s.occurrence is not None]
    messages: list[CalendarMessage] = []
    if not any(not s.cancelled for s in on_rule):
        messages.append(_series_cancel(series, people, style))
    elif withdrawn := [s for s in on_rule if s.cancelled]:
        messages.append(_instances_cancel(series, withdrawn, people, style))
    standalone = [s for s in series.sessions if s.occurrence is None and s.cancelled]
    messages += [_session_cancel(series, s, people, style) for s in standalone]
    return messages


def _instances_cancel(
    series: SeriesCalendar,
    sessions: Sequence[CalendarSession],
    people: Sequence[Attendee],
    style: CalendarStyle,
) -> CalendarMessage:
    """One CANCEL of the series' UID naming each withdrawn occurrence by its RECURRENCE-ID:
    one VCALENDAR, one component per instance (RFC 5546 allows several per CANCEL)."""
    calendar = _calendar("CANCEL", style)
    for session in sorted(sessions, key=lambda s: s.occurrence or s.start):
        calendar.add_component(_instance_cancelled(series, session, people, style))
    return CalendarMessage(_finish(calendar, series), "CANCEL")


def _instance_cancelled(
    series: SeriesCalendar,
    session: CalendarSession,
    people: Sequence[Attendee],
    style: CalendarStyle,
) -> CalendarEvent:
    on_rule = session.occurrence is not None
    uid = series_uid(series.pair_id, style) if on_rule else session_uid(session.session_id, style)
    event = _component(
        uid, series, people, style, start=session.start, end=session.end, cancelled=True
    )
    if session.occurrence is not None:
        event.add("recurrence-id", session.occurrence.astimezone(ZoneInfo(series.zone)))
    return event


def _series_cancel(
    series: SeriesCalendar, people: Sequence[Attendee], style: CalendarStyle
) -> CalendarMessage:
    calendar = _calendar("CANCEL", style)
    calendar.add_component(_master(series, people, style, cancelled=True))
    return CalendarMessage(_finish(calendar, series), "CANCEL")


def _session_cancel(
    series: SeriesCalendar,
    session: CalendarSession,
    people: Sequence[Attendee],
    style: CalendarStyle,
) -> CalendarMessage:
    calendar = _calendar("CANCEL", style)
    calendar.add_component(_instance_cancelled(series, session, people, style))
    return CalendarMessage(_finish(calendar, series), "CANCEL")


def _session_request(
    series: SeriesCalendar,
    session: CalendarSession,
    people: Sequence[Attendee],
    style: CalendarStyle,
) -> CalendarMessage:
    calendar = _calendar("REQUEST", style)
    uid = session_uid(session.session_id, style)
    calendar.add_component(
        _component(uid, series, people, style, start=session.start, end=session.end)
    )
    return CalendarMessage(_finish(calendar, series), "REQUEST")
