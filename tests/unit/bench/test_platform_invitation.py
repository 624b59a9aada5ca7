"""The burst's checks accept the invitation notifications really builds: the same rendering
and MIME layout, for a series with a skipped session and one laid off the rule."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.burst.invitations import PairPeople, check_invitation
from services.notifications.adapters.smtp_email import SmtpConfig, build_message
from services.notifications.domain.calendar_invitations import render_calendars
from services.notifications.domain.model import Attachment, OutgoingEmail
from services.notifications.domain.series_calendar import (
    Attendee,
    CalendarSession,
    CalendarStyle,
    SeriesCalendar,
)

JUNIOR, SENIOR = "junior-1@load.example.com", "senior-1@load.example.com"
FIRST = datetime(2026, 3, 3, 13, 0, tzinfo=ZoneInfo("Europe/London"))
"""Tuesdays in London, across the clock change of 29 March."""


def sessions() -> list[CalendarSession]:
    weekly = [FIRST + timedelta(days=7 * k) for k in range(6)]
    laid = [
        CalendarSession(f"s{k}", start, start + timedelta(hours=1), False, start)
        for k, start in enumerate(weekly)
        if k != 2
    ]
    elsewhere = FIRST + timedelta(days=7 * 2 + 1)  # the third, a day later: off the rule
    return [*laid, CalendarSession("s2", elsewhere, elsewhere + timedelta(hours=1), False, None)]


def test_notifications_invitation_passes_every_check(tmp_path: Path) -> None:
    series = SeriesCalendar(
        pair_id="pair-1",
        zone="Europe/London",
        first_start=FIRST,
        cadence_days=7,
        count=6,
        session_minutes=60,
        sessions=tuple(sessions()),
        sequence=1,
        stamp=FIRST - timedelta(days=7),
    )
    people = [Attendee(JUNIOR, "Ada Junior"), Attendee(SENIOR, "Grace Senior")]
    style = CalendarStyle("programs@twoway.invalid", "Two Way", "Two Way: Ada & Grace", "...")
    first, *others = render_calendars(series, people, style)
    email = OutgoingEmail(
        to_address=JUNIOR,
        to_name="Ada Junior",
        subject="Meet Grace Senior",
        body="...",
        reference="d-1",
        attachment=Attachment(first.ics, first.method, tuple(m.ics for m in others)),
        headers={"X-Twoway-Template": "series_invitation"},
    )
    config = SmtpConfig("x", 25, "none", "programs@twoway.invalid", "Two Way")
    path = tmp_path / "invitation.eml"
    path.write_bytes(build_message(email, config, now=FIRST).as_bytes())

    check, method, own = check_invitation(
        path, JUNIOR, {"pair-1": PairPeople("pair-1", frozenset({JUNIOR, SENIOR}))}
    )

    assert check.failed == frozenset()
    assert (method, own) == ("REQUEST", 1)
    assert check.starts == {s.start for s in sessions()}
