"""What a participant's pages gather from the services: programs, partners, sessions, feedback.

Each part comes from one service and is a `Section`, so a service that is down leaves its part
marked unavailable while the rest of the page still shows. Times are put on the person's own
clock (the time zone of their profile).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from services.portal.application.ports import FeedbackApi, Json, MatchingApi, SchedulingApi
from services.portal.domain.failures import PortalError, Section, SignInRequired
from services.portal.domain.local_time import LocalSpan, session_in_zone
from services.portal.domain.self_assessment_phase import Phase, assessment_phase

T = TypeVar("T")
FALLBACK_ZONE = "UTC"
NEXT_SESSIONS = 5
VISIBLE_PAIRS = ("active", "ended")


@dataclass(frozen=True)
class PairLine:
    pair_id: str
    program_id: str
    partner_id: str
    partner_name: str | None
    status: str


@dataclass(frozen=True)
class SessionLine:
    session_id: str
    pair_id: str
    program_id: str
    number: int
    span: LocalSpan
    status: str


@dataclass(frozen=True)
class FeedbackLine:
    request_id: str
    program_id: str
    session: LocalSpan
    due: LocalSpan


@dataclass
class ProgramCard:
    program_id: str
    name: str
    role: str
    status: str
    pairs: Section[list[PairLine]] = field(default_factory=Section)
    profile_incomplete: bool = False
    """The profile lacks what matching needs from the person (first visit after an import)."""
    assessment_phase: Phase = "pre"
    """The self-assessment to offer now: before the program, or after it."""
    self_assessment: bool = True
    """Whether the program asks for the self-assessment at all (a program setting)."""


@dataclass
class Overview:
    zone: str
    programs: Section[list[ProgramCard]]
    sessions: Section[list[SessionLine]]
    feedback: Section[list[FeedbackLine]]


async def guarded(call: Awaitable[T]) -> Section[T]:
    """The call's value, or its failure kept for the page (an expired sign-in still ends it)."""
    try:
        return Section(value=await call)
    except SignInRequired:
        raise
    except PortalError as failure:
        return Section(failure=failure)


async def my_zone(matching: MatchingApi, token: str, me: str, program_ids: list[str]) -> str:
    """The time zone of the person's profile in their first program that answers."""
    for program_id in program_ids:
        try:
            found = await matching.get_participant(token, program_id, me)
        except SignInRequired:
            raise
        except PortalError:
            continue
        zone = (found.get("participant") or {}).get("timezone")
        if zone:
            return str(zone)
    return FALLBACK_ZONE


def profile_incomplete(profile: Json | None) -> bool:
    """Nothing to teach, nothing to learn or no free time: the person has a form to fill."""
    if not profile:
        return False
    return not (
        profile.get("skills_offered")
        and profile.get("learning_goals")
        and profile.get("availability")
    )


def partner_of(pair: Json, me: str) -> str:
    return str(pair["senior_id"] if pair["junior_id"] == me else pair["junior_id"])


async def _pairs(matching: MatchingApi, token: str, program_id: str, me: str) -> list[PairLine]:
    page = await matching.list_pairs(token, program_id, limit=50, cursor=None, filters={})
    pairs = [p for p in page.items if p.get("status") in VISIBLE_PAIRS]
    cards = await asyncio.gather(
        *(guarded(matching.partner_card(token, program_id, p["pair_id"])) for p in pairs)
    )
    return [
        PairLine(
            pair_id=str(pair["pair_id"]),
            program_id=program_id,
            partner_id=partner_of(pair, me),
            partner_name=(card.value or {}).get("display_name") if card.ok else None,
            status=str(pair["status"]),
        )
        for pair, card in zip(pairs, cards, strict=True)
    ]


def session_lines(series: list[Json], zone: str) -> list[SessionLine]:
    lines = [
        SessionLine(
            session_id=str(s["session_id"]),
            pair_id=str(one["pair_id"]),
            program_id=str(one["program_id"]),
            number=int(s["index"]) + 1,
            span=session_in_zone(instant_of(s["start"]), _minutes(s), zone),
            status=str(s["status"]),
        )
        for one in series
        for s in one.get("sessions") or []
    ]
    return sorted(lines, key=lambda line: line.span.start)


def upcoming(lines: list[SessionLine], now: datetime, limit: int) -> list[SessionLine]:
    return [line for line in lines if line.status == "scheduled" and line.span.end > now][:limit]


def feedback_lines(requests: list[Json], zone: str) -> list[FeedbackLine]:
    pending = [r for r in requests if r.get("status") == "open" and r.get("answer") is None]
    return sorted(
        (
            FeedbackLine(
                request_id=str(r["request_id"]),
                program_id=str(r["program_id"]),
                session=session_in_zone(instant_of(r["session_start"]), 0, zone),
                due=session_in_zone(instant_of(r["due_at"]), 0, zone),
            )
            for r in pending
        ),
        key=lambda line: line.due.start,
    )


async def overview(
    *,
    matching: MatchingApi,
    scheduling: SchedulingApi,
    feedback: FeedbackApi,
    token: str,
    me: str,
    now: datetime,
) -> Overview:
    memberships, series, requests = await asyncio.gather(
        guarded(matching.participant_programs(token, me)),
        guarded(scheduling.participant_sessions(token, me)),
        guarded(feedback.participant_requests(token, me)),
    )
    current = [m for m in memberships.value or [] if m.get("status") == "active"]
    cards = [
        ProgramCard(
            program_id=str(m["program"]["program_id"]),
            name=str(m["program"].get("branding_name") or m["program"]["name"]),
            role=str(m["role"]),
            status=str(m["status"]),
            assessment_phase=assessment_phase(
                m["program"].get("start_date"), m["program"].get("end_date"), now.date()
            ),
            self_assessment=bool(m["program"].get("self_assessment", True)),
        )
        for m in current
    ]
    # Two rounds of calls in all: the programs (with everything not needing them), then per program.
    pair_sections, profiles = await asyncio.gather(
        asyncio.gather(*(guarded(_pairs(matching, token, c.program_id, me)) for c in cards)),
        asyncio.gather(
            *(guarded(matching.get_participant(token, c.program_id, me)) for c in cards)
        ),
    )
    zone = FALLBACK_ZONE
    for card, pairs, found in zip(cards, pair_sections, profiles, strict=True):
        card.pairs = pairs
        profile = (found.value or {}).get("participant") if found.ok else None
        card.profile_incomplete = profile_incomplete(profile)
        if zone == FALLBACK_ZONE and profile and profile.get("timezone"):
            zone = str(profile["timezone"])
    programs: Section[list[ProgramCard]] = (
        Section(value=cards) if memberships.ok else Section(failure=memberships.failure)
    )
    sessions: Section[list[SessionLine]] = (
        Section(value=upcoming(session_lines(series.value or [], zone), now, NEXT_SESSIONS))
        if series.ok
        else Section(failure=series.failure)
    )
    pending: Section[list[FeedbackLine]] = (
        Section(value=feedback_lines(requests.value or [], zone))
        if requests.ok
        else Section(failure=requests.failure)
    )
    return Overview(zone=zone, programs=programs, sessions=sessions, feedback=pending)


def instant_of(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _minutes(session: Json) -> int:
    if "end" not in session:
        return 60
    return max(
        0, int((instant_of(session["end"]) - instant_of(session["start"])).total_seconds() // 60)
    )
