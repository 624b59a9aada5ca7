"""The burst's invitation checks: an invitation as the platform sends it passes every rule,
and each way an invitation can go wrong fails the rule about it (and only that one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.burst.invitations import InvitationReport, PairPeople, check_invitation
from tests.unit.bench.invitation_mail import FIRST, JUNIOR, SENIOR, Invitation

PAIRS = {
    "pair-1": PairPeople("pair-1", frozenset({JUNIOR, SENIOR})),
    "pair-2": PairPeople("pair-2", frozenset({"junior-2@load.example.com", SENIOR})),
}


def failed(tmp_path: Path, invitation: Invitation, to: str = JUNIOR) -> set[str]:
    check, _, _ = check_invitation(invitation.write(tmp_path, to=to), to, PAIRS)
    return set(check.failed)


def test_a_series_with_a_skipped_and_a_moved_session_passes_and_expands_to_its_sessions(
    tmp_path: Path,
) -> None:
    moved = FIRST + timedelta(days=7 * 3, hours=2)
    own = FIRST + timedelta(days=7 * 10)
    invitation = Invitation(skipped=(1,), moved={3: moved}, own_sessions=(own,))

    check, method, own_sessions = check_invitation(invitation.write(tmp_path), JUNIOR, PAIRS)

    assert check.failed == frozenset()
    assert (check.pair_id, method, own_sessions) == ("pair-1", "REQUEST", 1)
    occurrences = invitation.occurrences()
    expected = {occurrences[0], occurrences[2], moved, occurrences[4], occurrences[5], own}
    assert check.starts == {start.astimezone(UTC) for start in expected}


def test_the_sessions_keep_their_london_time_across_the_clock_change(tmp_path: Path) -> None:
    check, _, _ = check_invitation(Invitation(weeks=6).write(tmp_path), JUNIOR, PAIRS)

    hours = sorted((start, start.hour) for start in check.starts)
    assert [hour for _, hour in hours] == [13, 13, 13, 13, 12, 12]  # GMT, then BST


def test_a_mime_method_other_than_the_calendars_fails_that_rule(tmp_path: Path) -> None:
    assert failed(tmp_path, Invitation(mime_method="CANCEL")) == {"METHOD matches MIME method="}


def test_two_calendars_in_one_part_fail(tmp_path: Path) -> None:
    assert failed(tmp_path, Invitation(extra_calendar=True)) == {"exactly one VCALENDAR"}


def test_sessions_as_unrelated_events_are_not_a_series(tmp_path: Path) -> None:
    assert "one recurring series (RRULE)" in failed(tmp_path, Invitation(with_rule=False))


def test_an_invitation_without_the_partner_fails_the_attendee_rule(tmp_path: Path) -> None:
    assert failed(tmp_path, Invitation(attendees=(JUNIOR,))) == {"both people as ATTENDEE"}


def test_an_invitation_to_someone_outside_the_pair_fails_the_uid_rule(tmp_path: Path) -> None:
    stranger = "junior-2@load.example.com"
    assert failed(tmp_path, Invitation(), to=stranger) == {"UID is the pair's series"}
    assert "UID is the pair's series" in failed(tmp_path, Invitation(pair_id="pair-9"))


def test_two_sessions_on_one_day_fail_the_expansion_rule(tmp_path: Path) -> None:
    same_day = FIRST + timedelta(days=7, hours=3)  # moved onto the day of the second
    invitation = Invitation(moved={0: same_day})

    assert failed(tmp_path, invitation) == {"expands, at most one session a day"}


def test_the_report_counts_people_left_without_an_invitation_and_repeats(tmp_path: Path) -> None:
    report = InvitationReport()
    for name, to in (("a.eml", JUNIOR), ("b.eml", JUNIOR), ("c.eml", SENIOR)):
        check, method, own = check_invitation(Invitation().write(tmp_path, name, to), to, PAIRS)
        report.add(check, method, own)

    assert report.checked == 3
    assert sum(report.failures.values()) == 0
    assert report.coverage(PAIRS.values()) == (2, 1)  # none for pair-2; JUNIOR got two
    assert report.lines()[0].startswith("invitations checked 3 (METHOD {'REQUEST': 3}")
    assert datetime(2026, 1, 1, tzinfo=UTC) < min(report.starts["pair-1"])
