"""Scheduling plans a real series for two people in different zones across both DST changes;
the invitation notifications writes from its events expands to exactly the sessions the
scheduling API lists, and its updates change exactly what scheduling changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from services.notifications.application.mapping import series_calendar
from services.notifications.domain.calendar_invitations import render_calendars
from services.notifications.domain.series_calendar import Attendee, CalendarStyle
from services.scheduling.domain.model import Attendance, SessionStatus
from shared.events import SessionSeriesChanged, SessionSeriesPlanned
from tests.unit.notifications.attendee_calendar import expand_applied
from tests.unit.scheduling.builders import joined, pair_created, program_launched
from tests.unit.scheduling.service_harness import Service, build_service

PEOPLE = [Attendee("j-1@example.com", "Person j-1"), Attendee("s-1@example.com", "Person s-1")]
STYLE = CalendarStyle("programs@example.com", "Global pilot", "Global pilot", "link")
BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
ATTENDED = Attendance(attended_junior=True, attended_senior=True, minutes=55, notes_taken=True)


async def planned() -> Service:
    """A junior in Berlin (Tuesdays 14:00-19:00) and a senior in New York (08:00-13:00),
    March to May 2026: the US changes clocks on 8 March, Europe on 29 March."""
    service = build_service()
    await service.read_models.on_program_event(program_launched())
    await service.read_models.on_participant_event(
        joined("j-1", "junior", "Europe/Berlin", [("tue", "14:00", "19:00")])
    )
    await service.read_models.on_participant_event(
        joined("s-1", "senior", "America/New_York", [("tue", "08:00", "13:00")])
    )
    await service.planner.on_pair_created(pair_created())
    return service


def expand(ics: str) -> list[datetime]:
    calendar = Calendar.from_ical(ics)
    found = recurring_ical_events.of(calendar).between(datetime(2026, 1, 1), datetime(2027, 1, 1))
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in found)


def listed(service: Service) -> list[datetime]:
    """What the scheduling API lists for the pair (booked sessions)."""
    return sorted(
        s.start
        for s in service.series.docs["pair-1"].sessions
        if s.status is not SessionStatus.CANCELLED
    )


async def test_the_invitation_expands_to_the_listed_sessions_in_both_zones() -> None:
    service = await planned()
    (event,) = service.of(SessionSeriesPlanned)

    (message,) = render_calendars(series_calendar(event), PEOPLE, STYLE)

    occurrences = expand(message.ics)
    assert occurrences == listed(service)
    assert len(occurrences) >= 10
    for zone in (BERLIN, NEW_YORK):  # the same instants, whichever zone reads them
        assert [o.astimezone(zone) for o in occurrences] == [
            s.astimezone(zone) for s in listed(service)
        ]
    local = {o.astimezone(ZoneInfo(event.pattern.timezone)).strftime("%H:%M") for o in occurrences}
    assert len(local) == 1  # the anchor person's wall clock holds across both DST changes


async def test_a_reschedule_through_scheduling_moves_one_occurrence_of_the_same_series() -> None:
    service = await planned()
    (first,) = service.of(SessionSeriesPlanned)
    (before,) = render_calendars(series_calendar(first), PEOPLE, STYLE)
    session = sorted(service.series.docs["pair-1"].sessions, key=lambda s: s.start)[2]

    await service.commands.reschedule(session.session_id, start=None)  # next time both can

    (change,) = service.of(SessionSeriesChanged)
    messages = render_calendars(series_calendar(change), PEOPLE, STYLE)
    update = messages[0]
    old, new = expand(before.ics), expand(update.ics)
    moved_to = next(s.start for s in change.sessions if s.session_id == session.session_id)
    if len(messages) == 1:  # still an instance of the series
        assert set(old) ^ set(new) == {session.start, moved_to}
    else:  # left the rule: the series drops it, its own event has it
        assert set(old) - set(new) == {session.start}
        assert expand(messages[1].ics) == [moved_to]
    assert sorted([*new, *(expand(messages[1].ics) if len(messages) > 1 else [])]) == listed(
        service
    )
    uids = {str(e["UID"]) for e in Calendar.from_ical(update.ics).walk("VEVENT")}
    assert uids == {"series-pair-1@twoway"}
    assert change.sequence > first.sequence


async def test_a_cancelled_session_is_cancelled_by_its_recurrence_id() -> None:
    service = await planned()
    session = sorted(service.series.docs["pair-1"].sessions, key=lambda s: s.start)[1]

    await service.commands.cancel(session.session_id)

    (change,) = service.of(SessionSeriesChanged)
    (message,) = render_calendars(series_calendar(change), PEOPLE, STYLE)
    calendar = Calendar.from_ical(message.ics)
    assert str(calendar["METHOD"]) == "CANCEL"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == "series-pair-1@twoway"
    assert vevent.decoded("RECURRENCE-ID") == session.occurrence


async def test_ending_after_held_sessions_cancels_exactly_the_rest_in_every_calendar() -> None:
    service = await planned()
    (first,) = service.of(SessionSeriesPlanned)
    (invitation,) = render_calendars(series_calendar(first), PEOPLE, STYLE)
    sessions = sorted(service.series.docs["pair-1"].sessions, key=lambda s: s.start)
    service.clock.advance(sessions[2].start + timedelta(minutes=30) - service.clock.now())
    for session in sessions[:3]:
        await service.commands.complete(session.session_id, ATTENDED)

    await service.commands.cancel_remaining("pair-1")

    (ended,) = [e for e in service.of(SessionSeriesChanged) if e.change == "ended"]
    assert ended.sequence > first.sequence
    messages = render_calendars(series_calendar(ended), PEOPLE, STYLE)
    assert [m.method for m in messages] == ["CANCEL"]
    calendar = Calendar.from_ical(messages[0].ics)
    assert str(calendar["METHOD"]) == "CANCEL"
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {"series-pair-1@twoway"}
    assert sorted(e.decoded("RECURRENCE-ID") for e in events) == [
        s.occurrence for s in sessions[3:]
    ]
    assert {e.decoded("SEQUENCE") for e in events} == {ended.sequence}
    remaining = expand_applied(invitation.ics, messages[0].ics)
    assert remaining == [s.start for s in sessions[:3]] == listed(service)


async def test_a_pair_ended_before_any_session_cancels_its_whole_series() -> None:
    service = await planned()
    (first,) = service.of(SessionSeriesPlanned)
    (invitation,) = render_calendars(series_calendar(first), PEOPLE, STYLE)

    await service.commands.cancel_remaining("pair-1")

    (ended,) = [e for e in service.of(SessionSeriesChanged) if e.change == "ended"]
    (message,) = render_calendars(series_calendar(ended), PEOPLE, STYLE)
    (event,) = Calendar.from_ical(message.ics).walk("VEVENT")
    assert (message.method, str(event["UID"])) == ("CANCEL", "series-pair-1@twoway")
    assert "RECURRENCE-ID" not in event
    assert expand_applied(invitation.ics, message.ics) == [] == listed(service)
