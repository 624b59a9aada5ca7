"""Once every email is out: every captured invitation against the rules, then each pair's
sessions as the invitation puts them in a calendar against the sessions scheduling lists."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import httpx

from bench.burst.figures import RoundOutcome
from bench.burst.invitations import InvitationReport, check_invitation
from bench.burst.watch import Mail


async def check_captured(
    invited: list[Mail],
    outcome: RoundOutcome,
    scheduling: httpx.AsyncClient,
    report: InvitationReport,
    against_scheduling: Counter[str],
) -> None:
    def check_all() -> None:
        for mail in invited:
            report.add(*check_invitation(mail.path, mail.to.lower(), outcome.pairs))

    await asyncio.to_thread(check_all)
    gate = asyncio.Semaphore(8)

    async def compare(pair_id: str) -> None:
        async with gate:
            response = await scheduling.get(f"/pairs/{pair_id}/sessions")
        if response.status_code != 200:
            against_scheduling["pair not readable"] += 1
            return
        listed = {
            datetime.fromisoformat(s["start"]).astimezone(UTC)
            for s in response.json()["sessions"]
            if s["status"] != "cancelled"
        }
        in_calendar = report.starts.get(pair_id)
        if in_calendar is None:
            against_scheduling["no invitation"] += 1
        else:
            against_scheduling["same" if in_calendar == listed else "differ"] += 1

    await asyncio.gather(*(compare(pair_id) for pair_id in sorted(outcome.planned)))
