"""Every invitation parses with two parsers (`icalendar`, `recurring-ical-events`), and each
series expands to exactly the pair's sessions: in both people's zones, across DST changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from services.notifications.adapters.smtp_email import SmtpConfig, build_message
from services.notifications.domain.calendar_invitations import render_calendars
from services.notifications.domain.model import Attachment, OutgoingEmail
from tests.unit.notifications.series_calendar_samples import (
    BERLIN,
    NEW_YORK,
    PEOPLE,
    STYLE,
    UID,
    expand,
    laid_at,
    live,
    parse,
    planned_sessions,
    series,
    swapped,
)


def test_a_planned_series_is_one_calendar_object_with_both_attendees() -> None:
    (message,) = render_calendars(series(planned_sessions()), PEOPLE, STYLE)

    calendar = parse(message.ics)
    assert message.method == "REQUEST" == str(calendar["METHOD"])
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {UID}
    (master,) = [e for e in events if "RECURRENCE-ID" not in e]
    assert "RRULE" in master
    assert len(events) == 2  # the master and the session laid a day off its occurrence
    attendees = sorted(str(a) for a in master.get("ATTENDEE"))
    assert attendees == ["mailto:ada@example.com", "mailto:grace@example.com"]
    assert str(master["ORGANIZER"]) == "mailto:programs@example.com"
    assert all(e.decoded("SEQUENCE") == 1 for e in events)
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert message.ics.count("BEGIN:VCALENDAR") == 1


def test_the_series_expands_to_exactly_the_sessions_across_both_dst_changes() -> None:
    sessions = planned_sessions()
    (message,) = render_calendars(series(sessions), PEOPLE, STYLE)

    occurrences = expand(message.ics)

    assert occurrences == live(sessions)
    in_new_york = {o.astimezone(NEW_YORK).strftime("%H:%M") for o in occurrences}
    assert in_new_york == {"09:00"}  # the anchor person's wall clock never moves
    in_berlin = [o.astimezone(BERLIN).strftime("%H:%M") for o in occurrences]
    assert (in_berlin[0], in_berlin[1], in_berlin[-1]) == ("15:00", "14:00", "15:00")
    days = [o.astimezone(NEW_YORK).date() for o in occurrences]
    assert len(days) == len(set(days))  # at most one instance per day (Outlook)


def test_a_reschedule_changes_one_occurrence_under_the_same_uid_with_a_higher_sequence() -> None:
    before = planned_sessions()
    (first,) = render_calendars(series(before), PEOPLE, STYLE)
    moved = laid_at(before[1], before[1].start + timedelta(days=1, hours=2))
    after = swapped(before, moved)

    (update,) = render_calendars(
        series(after, sequence=2, change="rescheduled", session_id=moved.session_id),
        PEOPLE,
        STYLE,
    )

    old, new = expand(first.ics), expand(update.ics)
    assert set(old) ^ set(new) == {before[1].start, moved.start}
    assert new == live(after)
    events = parse(update.ics).walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {UID}
    assert min(e.decoded("SEQUENCE") for e in events) == 2
    overrides = {e.decoded("RECURRENCE-ID"): e for e in events if "RECURRENCE-ID" in e}
    override = overrides[before[1].occurrence]
    assert override.decoded("DTSTART") == moved.start


def test_cancelling_one_session_cancels_its_occurrence_only() -> None:
    sessions = planned_sessions()
    cancelled = replace(sessions[2], cancelled=True)
    after = swapped(sessions, cancelled)

    (message,) = render_calendars(
        series(after, sequence=3, change="cancelled", session_id=cancelled.session_id),
        PEOPLE,
        STYLE,
    )

    calendar = parse(message.ics)
    assert message.method == "CANCEL" == str(calendar["METHOD"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == UID
    assert event.decoded("RECURRENCE-ID") == cancelled.occurrence
    assert event.decoded("SEQUENCE") == 3
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_session_that_left_the_rule_is_an_event_of_its_own() -> None:
    sessions = planned_sessions()
    loose = laid_at(sessions[1], sessions[2].start - timedelta(hours=3), occurrence=None)
    after = swapped(sessions, loose)

    series_update, own = render_calendars(
        series(after, sequence=2, change="rescheduled", session_id=loose.session_id),
        PEOPLE,
        STYLE,
    )

    assert expand(series_update.ics) == sorted(s.start for s in after if s is not loose)
    (event,) = parse(own.ics).walk("VEVENT")
    assert str(event["UID"]) == "s-1@twoway"
    assert expand(own.ics) == [loose.start]


def test_the_email_method_parameter_matches_the_calendar_method() -> None:
    sessions = [replace(s, cancelled=True) for s in planned_sessions()]
    (message,) = render_calendars(series(sessions, change="ended"), PEOPLE, STYLE)
    email = OutgoingEmail(
        to_address="ada@example.com",
        to_name="Ada Junior",
        subject="Sessions cancelled",
        body="...",
        reference="d-1",
        attachment=Attachment(ics=message.ics, method=message.method),
    )

    mime = build_message(
        email,
        SmtpConfig(host="x", port=25, security="none", from_address="t@example.com", from_name="T"),
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )

    parts = [p for p in mime.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "CANCEL"
    assert "METHOD:CANCEL" in parts[0].get_content()


def test_a_session_whose_occurrence_is_not_on_the_rule_is_still_in_a_calendar() -> None:
    sessions = planned_sessions()
    odd = replace(sessions[0], occurrence=sessions[0].start + timedelta(hours=1))

    messages = render_calendars(series([odd, *sessions[1:]]), PEOPLE, STYLE)

    everything = sorted(o for m in messages for o in expand(m.ics))
    assert everything == live([odd, *sessions[1:]])
