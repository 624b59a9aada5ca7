"""Ending a series withdraws exactly what is left of it: the whole series, each remaining
occurrence, sessions with their own uid by that uid, and nothing when nothing is left."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from services.notifications.domain.calendar_invitations import render_calendars
from tests.unit.notifications.attendee_calendar import expand_applied
from tests.unit.notifications.series_calendar_samples import (
    PEOPLE,
    STYLE,
    UID,
    laid_at,
    parse,
    planned_sessions,
    series,
    swapped,
)


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
