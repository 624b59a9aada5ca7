"""The burst's per-person figures: each person's mail against a welcome plus one email per
new pair (the invitation, or the introduction for a pair that could not be scheduled), and the
captured mail against what notifications recorded as sent."""

from __future__ import annotations

from pathlib import Path

from bench.burst.figures import RoundOutcome, pair_people, per_person_lines, recorded_lines
from bench.burst.watch import Mail

DOMAIN = "@load.example.com"
EMAILS = {pid: f"{pid}{DOMAIN}" for pid in ("j1", "j2", "s1", "s2", "j3")}
PAIRS = [
    {"pair_id": "p1", "junior_id": "j1", "senior_id": "s1"},
    {"pair_id": "p2", "junior_id": "j2", "senior_id": "s1"},
    {"pair_id": "p3", "junior_id": "j2", "senior_id": "s2"},
]


def mail(pid: str, template: str) -> Mail:
    return Mail(0.0, EMAILS[pid], template, Path(f"{pid}-{template}.eml"))


def outcome() -> RoundOutcome:
    pairs = pair_people(PAIRS, EMAILS)
    return RoundOutcome(pairs, frozenset({"p1", "p2"}), frozenset({"p3"}))


def test_each_person_is_held_to_a_welcome_and_one_email_per_new_pair() -> None:
    mails = [
        *(mail(pid, "welcome") for pid in EMAILS),
        mail("j1", "series_invitation"),
        mail("s1", "series_invitation"),
        mail("s1", "series_invitation"),
        mail("j2", "series_invitation"),
        mail("j2", "pair_introduction"),
        mail("s2", "pair_introduction"),
        mail("s2", "pair_introduction"),  # one too many
    ]

    lines = per_person_lines(EMAILS.values(), mails, outcome())

    assert lines[0].startswith("emails per person: min 1, median 3, max 3, mean 2.40 over 5")
    assert "(people by count: 1: 1, 2: 1, 3: 3)" in lines[0]
    # j1, s1 and j3 (unpaired: the welcome alone) have only scheduled pairs, all exact;
    # j2 is exact too; s2 got its introduction twice.
    assert lines[1] == (
        "exactly a welcome + one invitation per new pair: 3 of the 3 people whose pairs were "
        "all scheduled; exactly as expected (an introduction for an unschedulable pair): 4/5"
    )
    assert lines[2] == (
        "emails by kind: total 12 {'pair_introduction': 3, 'series_invitation': 4, 'welcome': 5}"
    )
    assert lines[3] == "people off what they should get, by difference: {'pair_introduction+1': 1}"


def test_captured_mail_is_set_beside_what_notifications_recorded() -> None:
    mails = [mail("j1", "welcome"), mail("j1", "series_invitation")]
    recorded = {("welcome", "sent"): 1, ("series_invitation", "sent"): 1, ("digest", "held"): 2}

    (agreeing,) = recorded_lines(mails, DOMAIN, recorded)
    (differing,) = recorded_lines(mails[:1], DOMAIN, recorded)

    assert " agree; other email deliveries: {'digest/held': 2}" in agreeing
    assert " DIFFER; " in differing
