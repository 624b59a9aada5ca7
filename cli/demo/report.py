"""The program report at the end of the demo, read from the services' APIs and events only.

Matching gives the rounds' quality reports and every pair with the reason it ended; scheduling
every series and session; feedback the insights (ratings, two-way learning, skill growth) and
pair health; the notifications audit trail (NotificationSent/Failed) the deliveries by channel.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cli.demo.events import ProgramEvents
from cli.demo.services import TwowayApis

FUNNEL = ("joined", "matched", "scheduled", "held", "gave feedback")


@dataclass
class ProgramReport:
    program_id: str
    region: str
    settings: dict[str, Any]
    participants: int
    rounds: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    series: list[dict[str, Any]]
    insights: dict[str, Any]
    at_risk_now: int
    events: ProgramEvents
    funnel: dict[str, int] = field(default_factory=dict)

    @property
    def sessions(self) -> list[dict[str, Any]]:
        return [s for series in self.series for s in series["sessions"]]

    def sessions_by_status(self) -> Counter[str]:
        return Counter(s["status"] for s in self.sessions)

    def pairs_by_status(self) -> Counter[str]:
        return Counter(p["status"] for p in self.pairs)

    def ended_by_reason(self) -> Counter[str]:
        return Counter(p["ended_reason"] for p in self.pairs if p["status"] == "ended")

    def rematches(self) -> tuple[int, int, int]:
        """(pairs ended at risk, their people, those people paired again in a later round)."""
        order = {r["round_id"]: i for i, r in enumerate(self.rounds)}
        stalled = [p for p in self.pairs if p.get("ended_reason") == "at_risk"]
        people = {
            (person, order.get(p["round_id"], 0))
            for p in stalled
            for person in (p["junior_id"], p["senior_id"])
        }
        again = {
            person
            for person, ended_round in people
            if any(
                person in (q["junior_id"], q["senior_id"])
                and order.get(q["round_id"], 0) > ended_round
                and q["status"] in ("active", "ended")
                for q in self.pairs
            )
        }
        return len(stalled), len({person for person, _ in people}), len(again)


async def collect(
    apis: TwowayApis,
    program_ids: list[str],
    rounds: dict[str, list[dict[str, Any]]],
    events: dict[str, ProgramEvents],
) -> list[ProgramReport]:
    reports = []
    for program_id in program_ids:
        program = await apis.program(program_id)
        report = ProgramReport(
            program_id=program_id,
            region=program["settings"]["region"],
            settings=program["settings"],
            participants=sum(program["participants"].values()),
            rounds=rounds.get(program_id, []),
            pairs=await apis.pairs(program_id),
            series=await apis.series(program_id),
            insights=await apis.insights(program_id),
            at_risk_now=len(await apis.pair_health(program_id, at_risk_only=True)),
            events=events[program_id],
        )
        report.funnel = funnel_of(report)
        reports.append(report)
    return reports


def funnel_of(report: ProgramReport) -> dict[str, int]:
    matched = {
        person
        for p in report.pairs
        if p["status"] in ("active", "ended")
        for person in (p["junior_id"], p["senior_id"])
    }
    scheduled = {
        person
        for s in report.series
        if s["sessions"]
        for person in (s["junior_id"], s["senior_id"])
    }
    held = set()
    for series in report.series:
        for session in series["sessions"]:
            attendance = session.get("attendance") or {}
            if session["status"] == "completed":
                if attendance.get("attended_junior", True):
                    held.add(series["junior_id"])
                if attendance.get("attended_senior", True):
                    held.add(series["senior_id"])
    return dict(
        zip(
            FUNNEL,
            (
                report.participants,
                len(matched),
                len(scheduled),
                len(held),
                len(report.events.feedback_respondents),
            ),
            strict=True,
        )
    )


def summary(reports: list[ProgramReport]) -> dict[str, Any]:
    """The report's key figures as plain data (for `--json` and for checks)."""
    programs = {}
    for r in reports:
        sessions = r.sessions_by_status()
        stalled, people, again = r.rematches()
        activity = r.insights["activity"]
        programs[r.program_id] = {
            "region": r.region,
            "participants": r.participants,
            "rounds": [
                {k: rnd[k] for k in ("round_id", "at", "new_pairs", "unmatched")}
                | {
                    k: rnd["report"][k]
                    for k in (
                        "senior_match_rate",
                        "mean_score",
                        "gap_to_upper_bound",
                        "top_k_share",
                    )
                }
                for rnd in r.rounds
            ],
            "pairs": dict(r.pairs_by_status()),
            "pairs_ended": dict(r.ended_by_reason()),
            "sessions": dict(sessions),
            "feedback_requests": activity["feedback_requests"],
            "feedback_answered": activity["feedback_answered"],
            "ratings": r.insights["ratings"],
            "learning_matrix": r.insights["learning_matrix"],
            "pairs_at_risk": len(r.events.at_risk_pairs),
            "at_risk_reasons": dict(r.events.at_risk_reasons),
            "pairs_ended_at_risk": stalled,
            "people_rematched": again,
            "people_in_stalled_pairs": people,
            "notifications_sent": dict(r.events.sent_by_channel),
            "notifications_failed": dict(r.events.failed_by_channel),
            "funnel": r.funnel,
        }
    return {"programs": programs}
