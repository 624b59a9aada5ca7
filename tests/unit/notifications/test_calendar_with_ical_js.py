"""The invitations read by a second, independent parser: ical.js, the iCalendar library of
JavaScript calendar clients (npm, pinned in deploy/tools/package.json). Its expansion of each
series must give exactly the pair's sessions, with DST, EXDATE and overrides applied."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services.notifications.domain.calendar_invitations import render_calendars
from tests.ops.toolchain import CACHE, node_with
from tests.unit.notifications.series_calendar_samples import (
    PEOPLE,
    STYLE,
    UID,
    laid_at,
    live,
    planned_sessions,
    series,
    swapped,
)

SCRIPT = Path(__file__).with_name("ical_js_expand.mjs")
MODULE = CACHE / "node" / "node_modules" / "ical.js" / "dist" / "ical.js"


def read_with_ical_js(ics: str) -> dict[str, Any]:
    node = node_with("ical.js")
    done = subprocess.run(
        [node, str(SCRIPT), str(MODULE)],
        input=ics,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def instants(texts: list[str]) -> list[datetime]:
    return [datetime.fromisoformat(t.replace("Z", "+00:00")).astimezone(UTC) for t in texts]


def test_a_planned_series_expands_to_exactly_the_sessions_with_both_people() -> None:
    sessions = planned_sessions()
    (message,) = render_calendars(series(sessions), PEOPLE, STYLE)

    read = read_with_ical_js(message.ics)

    assert read["method"] == message.method == "REQUEST"
    (event,) = read["events"]
    assert event["uid"] == UID
    assert instants(event["starts"]) == live(sessions)
    assert sorted(event["attendees"]) == ["mailto:ada@example.com", "mailto:grace@example.com"]
    assert event["organizer"] == "mailto:programs@example.com"
    assert [o["uid"] for o in read["overrides"]] == [UID]  # the session laid a day later


def test_a_rescheduled_session_moves_one_occurrence_with_a_higher_sequence() -> None:
    before = planned_sessions()
    moved = laid_at(before[1], before[1].start + timedelta(days=1, hours=2))
    after = swapped(before, moved)

    (update,) = render_calendars(
        series(after, sequence=2, change="rescheduled", session_id=moved.session_id),
        PEOPLE,
        STYLE,
    )

    read = read_with_ical_js(update.ics)
    (event,) = read["events"]
    assert instants(event["starts"]) == live(after)
    assert event["sequence"] == 2
    assert before[1].start not in instants(event["starts"])


def test_cancelling_one_session_names_its_occurrence_only() -> None:
    sessions = planned_sessions()
    cancelled = replace(sessions[2], cancelled=True)
    after = swapped(sessions, cancelled)

    (message,) = render_calendars(
        series(after, sequence=3, change="cancelled", session_id=cancelled.session_id),
        PEOPLE,
        STYLE,
    )

    read = read_with_ical_js(message.ics)
    assert read["method"] == "CANCEL"
    assert read["events"] == []
    (override,) = read["overrides"]
    assert override["uid"] == UID
    assert override["status"] == "CANCELLED"
    assert override["sequence"] == 3
    assert instants([override["recurrence_id"]]) == [cancelled.occurrence]


def test_ending_the_series_cancels_the_whole_series_under_its_uid() -> None:
    ended = [replace(s, cancelled=True) for s in planned_sessions()]

    (message,) = render_calendars(series(ended, sequence=4, change="ended"), PEOPLE, STYLE)

    read = read_with_ical_js(message.ics)
    assert read["method"] == "CANCEL"
    (event,) = read["events"]
    assert (event["uid"], event["status"], event["sequence"]) == (UID, "CANCELLED", 4)
    assert read["overrides"] == []


def test_a_session_off_the_rule_is_an_event_of_its_own_and_not_in_the_series() -> None:
    sessions = planned_sessions()
    loose = laid_at(sessions[1], sessions[2].start - timedelta(hours=3), occurrence=None)
    after = swapped(sessions, loose)

    series_update, own = render_calendars(
        series(after, sequence=2, change="rescheduled", session_id=loose.session_id),
        PEOPLE,
        STYLE,
    )

    (in_series,) = read_with_ical_js(series_update.ics)["events"]
    (alone,) = read_with_ical_js(own.ics)["events"]
    assert instants(in_series["starts"]) == sorted(s.start for s in after if s is not loose)
    assert instants(alone["starts"]) == [loose.start]
    assert alone["uid"] != UID
