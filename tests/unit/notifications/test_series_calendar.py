"""Every invitation parses with two parsers (`icalendar`, `recurring-ical-events`), and each
series expands to exactly the pair's sessions: in both people's zones, across DST changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from services.notifications.adapters.smtp_email import SmtpConfig, build_message
from services.notifications.domain.calendar_invitations import render_calendars
from services.notifications.domain.model import Attachment, OutgoingEmail
from services.notifications.domain.series_calendar import (
    Attendee,
    CalendarChange,
    CalendarSession,
    CalendarStyle,
    SeriesCalendar,
)
from tests.unit.notifications.attendee_calendar import expand_applied

NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
PEOPLE = [Attendee("ada@example.com", "Ada Junior"), Attendee("grace@example.com", "Grace Senior")]
STYLE = CalendarStyle(
    organizer="programs@example.com",
    organizer_name="Two Way EMEA",
    summary="Two Way EMEA: Ada Junior & Grace Senior",
    description="https://app.example/me/programs/emea/pairs/pair-1",
)
UID = "series-pair-1@twoway"


def weekly_in_new_york(weeks: int = 10) -> list[datetime]:
    """Tuesdays 09:00 in New York from 3 March 2026: the US changes clocks on 8 March, Europe
    on 29 March, so the Berlin wall-clock time moves twice."""
    first = datetime(2026, 3, 3, 9, 0, tzinfo=NEW_YORK)
    return [(first + timedelta(days=7 * k)).astimezone(UTC) for k in range(weeks)]


def series(
    sessions: list[CalendarSession], *, sequence: int = 1, change: str = "planned", **kw: object
) -> SeriesCalendar:
    occurrences = weekly_in_new_york()
    return SeriesCalendar(
        pair_id="pair-1",
        zone="America/New_York",
        first_start=occurrences[0],
        cadence_days=7,
        count=len(occurrences),
        session_minutes=60,
        sessions=tuple(sessions),
        sequence=sequence,
        stamp=datetime(2026, 3, 1, tzinfo=UTC),
        change=CalendarChange(change),
        **kw,  # type: ignore[arg-type]
    )


def planned_sessions() -> list[CalendarSession]:
    """Ten occurrences; the 4th is skipped (a blackout), the 6th laid a day later."""
    found = []
    for k, occurrence in enumerate(weekly_in_new_york()):
        if k == 3:
            continue
        start = occurrence + timedelta(days=1) if k == 5 else occurrence
        found.append(
            CalendarSession(f"s-{k}", start, start + timedelta(hours=1), False, occurrence)
        )
    return found


def laid_at(session: CalendarSession, start: datetime, **changes: object) -> CalendarSession:
    """The session moved to `start`, an hour long."""
    return replace(session, start=start, end=start + timedelta(hours=1), **changes)  # type: ignore[arg-type]


def swapped(sessions: list[CalendarSession], changed: CalendarSession) -> list[CalendarSession]:
    """The sessions with `changed` in place of the one of its id."""
    return [changed if s.session_id == changed.session_id else s for s in sessions]


def parse(ics: str) -> Calendar:
    calendar = Calendar.from_ical(ics)
    assert calendar.name == "VCALENDAR"
    return calendar


def expand(ics: str) -> list[datetime]:
    """Occurrences as UTC instants, expanded by recurring-ical-events."""
    events = recurring_ical_events.of(parse(ics)).between(
        datetime(2026, 1, 1), datetime(2027, 1, 1)
    )
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in events)


def live(sessions: list[CalendarSession]) -> list[datetime]:
    return sorted(s.start for s in sessions if not s.cancelled)


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


def test_ending_the_series_cancels_the_whole_series() -> None:
    sessions = [replace(s, cancelled=True) for s in planned_sessions()]
    (planned,) = render_calendars(series(planned_sessions()), PEOPLE, STYLE)

    (message,) = render_calendars(series(sessions, sequence=4, change="ended"), PEOPLE, STYLE)

    calendar = parse(message.ics)
    assert message.method == "CANCEL" == str(calendar["METHOD"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == UID
    assert "RECURRENCE-ID" not in event
    assert event.decoded("SEQUENCE") == 4
    assert str(event["STATUS"]) == "CANCELLED"
    assert message.ics.count("BEGIN:VCALENDAR") == 1
    assert expand_applied(planned.ics, message.ics) == []


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


def test_ending_after_sessions_took_place_cancels_each_remaining_occurrence() -> None:
    sessions = planned_sessions()
    (planned,) = render_calendars(series(sessions), PEOPLE, STYLE)
    held, rest = sessions[:3], [replace(s, cancelled=True) for s in sessions[3:]]

    (message,) = render_calendars(series([*held, *rest], sequence=5, change="ended"), PEOPLE, STYLE)

    calendar = parse(message.ics)
    assert message.method == "CANCEL" == str(calendar["METHOD"])
    assert message.ics.count("BEGIN:VCALENDAR") == 1
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {UID}
    assert all("RECURRENCE-ID" in e for e in events)  # never the whole UID: held ones stay
    assert sorted(e.decoded("RECURRENCE-ID") for e in events) == [s.occurrence for s in rest]
    assert {e.decoded("SEQUENCE") for e in events} == {5}
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED"}
    # the moved session is cancelled where it was laid, named by its occurrence
    moved = next(e for e in events if e.decoded("RECURRENCE-ID") == sessions[4].occurrence)
    assert moved.decoded("DTSTART") == sessions[4].start
    assert expand_applied(planned.ics, message.ics) == [s.start for s in held]


def test_ending_cancels_a_session_with_its_own_uid_by_that_uid() -> None:
    sessions = planned_sessions()
    loose = laid_at(sessions[6], sessions[6].start + timedelta(hours=5), occurrence=None)
    before = swapped(sessions, loose)
    planned = render_calendars(series(before), PEOPLE, STYLE)
    held, rest = before[:2], [replace(s, cancelled=True) for s in before[2:]]

    messages = render_calendars(series([*held, *rest], sequence=6, change="ended"), PEOPLE, STYLE)

    assert [m.method for m in messages] == ["CANCEL", "CANCEL"]
    rest_of_series, own = (parse(m.ics) for m in messages)
    assert {str(e["UID"]) for e in rest_of_series.walk("VEVENT")} == {UID}
    (own_event,) = own.walk("VEVENT")
    assert str(own_event["UID"]) == "s-7@twoway"
    assert "RECURRENCE-ID" not in own_event
    assert own_event.decoded("SEQUENCE") == 6
    remaining = sorted(
        o for p in planned for o in expand_applied(p.ics, *(m.ics for m in messages))
    )
    assert remaining == [s.start for s in held]


def test_ending_a_series_none_of_whose_sessions_was_held_cancels_every_uid() -> None:
    sessions = planned_sessions()
    loose = laid_at(sessions[1], sessions[1].start + timedelta(hours=5), occurrence=None)
    before = swapped(sessions, loose)
    planned = render_calendars(series(before), PEOPLE, STYLE)

    messages = render_calendars(
        series([replace(s, cancelled=True) for s in before], sequence=2, change="ended"),
        PEOPLE,
        STYLE,
    )

    uids = [
        [(str(e["UID"]), "RECURRENCE-ID" in e) for e in parse(m.ics).walk("VEVENT")]
        for m in messages
    ]
    assert uids == [[(UID, False)], [("s-1@twoway", False)]]
    assert [o for p in planned for o in expand_applied(p.ics, *(m.ics for m in messages))] == []


def test_ending_with_nothing_left_to_withdraw_sends_no_calendar() -> None:
    sessions = planned_sessions()

    assert render_calendars(series(sessions, sequence=3, change="ended"), PEOPLE, STYLE) == []


def test_a_session_whose_occurrence_is_not_on_the_rule_is_still_in_a_calendar() -> None:
    sessions = planned_sessions()
    odd = replace(sessions[0], occurrence=sessions[0].start + timedelta(hours=1))

    messages = render_calendars(series([odd, *sessions[1:]]), PEOPLE, STYLE)

    everything = sorted(o for m in messages for o in expand(m.ics))
    assert everything == live([odd, *sessions[1:]])
