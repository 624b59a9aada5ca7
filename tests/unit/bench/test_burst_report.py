"""The burst's closing report, from a finished run's state (no stack): invitations checked
against the rules and against scheduling's list of each pair's sessions (a hand-written
scheduling API), and the figures the issue asks for in the report."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx

from bench.burst.invitations import InvitationReport
from bench.burst.run import Burst
from bench.burst.stack import BurstStack
from bench.burst.verify import check_captured
from tests.unit.bench.invitation_mail import Invitation

JUNIOR, SENIOR = "p000000@load.example.com", "p000001@load.example.com"
PAIR = {"pair_id": "pair-1", "junior_id": "p000000", "senior_id": "p000001"}


def finished_burst(tmp_path: Path) -> Burst:
    state = {"processes": [{"name": "kafka", "address": "127.0.0.1:9"}], "topic_prefix": "t."}
    burst = Burst(BurstStack(tmp_path, state, {}), participants=4, seed=7, timeout=1)
    burst.pairs = [PAIR]
    burst.series.planned_at["pair-1"] = 50.0
    burst.stages = {"import": 1.0, "round": 3.0, "planned": 50.0, "invited": 80.0}
    burst.reminder_due, burst.reminder_accepted = 40.0, 45.5
    mail_dir = burst.stack.mail_dir
    mail_dir.mkdir()
    for number, to in enumerate((JUNIOR, SENIOR), start=1):
        invitation = Invitation(attendees=(JUNIOR, SENIOR))
        invitation.write(mail_dir, f"i{number}.eml", to=to)
    for pid in ("p000000", "p000001", "p000002", "p000003"):
        (mail_dir / f"w-{pid}.eml").write_bytes(
            f"To: <{pid}@load.example.com>\r\nX-Twoway-Template: welcome\r\n\r\nHi\r\n".encode()
        )
    burst.mail.scan()
    return burst


def scheduling(sessions: list[str]) -> httpx.AsyncClient:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/pairs/pair-1/sessions"
        body = {"sessions": [{"start": start, "status": "scheduled"} for start in sessions]}
        return httpx.Response(200, json=body)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer), base_url="http://scheduling")


def test_the_invitations_agree_with_the_sessions_scheduling_lists(tmp_path: Path) -> None:
    burst = finished_burst(tmp_path)
    invited = [m for m in burst.mail.mails if m.template == "series_invitation"]
    starts = sorted(Invitation().occurrences())
    report, verdicts = InvitationReport(), Counter[str]()

    api = scheduling([s.isoformat() for s in starts])
    asyncio.run(check_captured(invited, burst.outcome(), api, report, verdicts))
    assert (report.checked, sum(report.failures.values()), verdicts) == (2, 0, {"same": 1})

    api = scheduling([s.isoformat() for s in starts[1:]])
    verdicts.clear()
    asyncio.run(check_captured(invited, burst.outcome(), api, InvitationReport(), verdicts))
    assert verdicts == {"differ": 1}


def test_the_report_has_the_figures_of_the_closing_note(tmp_path: Path) -> None:
    burst = finished_burst(tmp_path)
    burst.recorded.update({("welcome", "sent"): 4, ("series_invitation", "sent"): 2})
    invited = [m for m in burst.mail.mails if m.template == "series_invitation"]
    api = scheduling([s.isoformat() for s in Invitation().occurrences()])
    outcome = burst.outcome()
    asyncio.run(check_captured(invited, outcome, api, burst.invitations, burst.against_scheduling))

    report = burst.report((1.0, 1.0, 1.0), (2.0, 2.0, 2.0))

    assert "every invitation accepted by SMTP (2)" in report
    assert "last invitation accepted 77.0 s after the round" in report
    assert "emails per person: min 1, median 1.5, max 2, mean 1.50 over 4 people" in report
    assert "exactly a welcome + one invitation per new pair: 4 of the 4 people" in report
    assert "emails by kind: total 6 {'series_invitation': 2, 'welcome': 4}" in report
    assert " agree; other email deliveries: none" in report
    assert "reminder accepted 5.5 s after it fell due, with 2 of the burst's" in report
    assert "invitations checked 2 (METHOD {'REQUEST': 2}; 0 sessions off the rule" in report
    assert "  both people as ATTENDEE                      0 failing" in report
    assert (
        "people of scheduled pairs without their invitation 0, with more than one for a pair 0;"
        " each pair's sessions against scheduling's list: {'same': 1}"
    ) in report


def test_a_run_that_stopped_early_says_its_invitations_were_not_checked(tmp_path: Path) -> None:
    report = finished_burst(tmp_path).report((1.0, 1.0, 1.0), (2.0, 2.0, 2.0))

    assert report.endswith("invitations: none checked (the run did not get that far)")
