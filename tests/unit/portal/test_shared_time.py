"""When both members of a pair are free, on the viewer's clock, across time zones and DST."""

from __future__ import annotations

from datetime import date

from services.portal.domain.availability_grid import Window
from services.portal.domain.local_time import shared_windows
from tests.unit.portal.participant_fakes import PAIR, PROGRAM, participant_portal

BERLIN_MORNING = [{"day": "tue", "start": "09:00", "end": "12:00"}]
TOKYO_AFTERNOON = [{"day": "tue", "start": "15:00", "end": "19:00"}]


def test_a_tokyo_afternoon_meets_a_berlin_morning_for_two_hours_in_winter() -> None:
    found = shared_windows(
        BERLIN_MORNING, TOKYO_AFTERNOON, "Asia/Tokyo", "Europe/Berlin", date(2027, 1, 12)
    )
    assert found == [Window("tue", "09:00", "11:00")]


def test_after_berlin_moves_its_clocks_the_same_windows_meet_for_three_hours() -> None:
    found = shared_windows(
        BERLIN_MORNING, TOKYO_AFTERNOON, "Asia/Tokyo", "Europe/Berlin", date(2027, 4, 13)
    )
    assert found == [Window("tue", "09:00", "12:00")]


def test_a_window_that_crosses_my_midnight_meets_on_the_next_day() -> None:
    mine = [{"day": "wed", "start": "00:00", "end": "02:00"}]
    theirs = [
        {"day": "tue", "start": "17:00", "end": "20:00"}
    ]  # New York, winter: Wed 00-02 Berlin
    found = shared_windows(mine, theirs, "America/New_York", "Europe/Berlin", date(2027, 1, 12))
    assert found == [Window("wed", "00:00", "02:00")]


def test_no_overlap_gives_nothing() -> None:
    theirs = [{"day": "fri", "start": "09:00", "end": "10:00"}]
    assert (
        shared_windows(BERLIN_MORNING, theirs, "Europe/Berlin", "Europe/Berlin", date(2027, 1, 12))
        == []
    )


def test_the_partner_page_shows_when_we_are_both_free() -> None:
    portal, _ = participant_portal()
    page = portal.client.get(f"/me/programs/{PROGRAM}/pairs/{PAIR}")
    assert page.status_code == 200, page.text
    assert "You are both free (on your clock, this week)" in page.text
    shared = page.text.split("You are both free")[1]
    assert "<li>Tue 09:00-1" in shared  # 11:00 in winter, 12:00 in summer
