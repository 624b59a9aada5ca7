"""Durable timers a series implies, and what a timer should do when it comes due.

Catch-up policy after downtime (or a clock jump): every due timer is claimed and decided once.
- A missed-session check always fires late: the session is still not completed, and feedback
  needs to know.
- A reminder is only sent while it is still the closest reminder that applies. Once the
  session has started, or once the next, shorter reminder is itself due, the reminder is marked
  stale instead of being sent late (no "in 24 hours" message twenty minutes before the start,
  and never two reminders at once). A late reminder that is still useful says how many
  minutes are really left.
- A reminder whose due time had already passed when it was armed (a session moved to short
  notice) is never armed: the change itself is what people are told about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from services.scheduling.domain.model import Series, SeriesStatus, Session, SessionStatus


class TimerKind(StrEnum):
    REMINDER = "reminder"
    MISSED = "missed"
    WAITING = "waiting"  # a pair still waits for a person or program: the admins should know


class TimerOutcome(StrEnum):
    SENT = "sent"
    STALE = "stale"  # too late to be useful, or the session changed since it was armed


@dataclass(frozen=True, slots=True)
class TimerSpec:
    timer_id: str
    kind: TimerKind
    pair_id: str
    program_id: str
    due_at: datetime
    session_id: str | None = None
    session_start: datetime | None = None
    minutes_before: int | None = None
    stale_after: datetime | None = None


def reminder_id(session_id: str, minutes_before: int) -> str:
    return f"{session_id}:reminder:{minutes_before}"


def timers_for(series: Series, *, waiting_alert_after: timedelta) -> list[TimerSpec]:
    """Every timer the series needs right now; anything else it had is obsolete."""
    if series.status is SeriesStatus.WAITING and series.waiting_since is not None:
        return [
            TimerSpec(
                timer_id=f"{series.pair_id}:waiting",
                kind=TimerKind.WAITING,
                pair_id=series.pair_id,
                program_id=series.program_id,
                due_at=series.waiting_since + waiting_alert_after,
            )
        ]
    if series.status is not SeriesStatus.PLANNED:
        return []
    specs: list[TimerSpec] = []
    offsets = sorted(set(series.reminder_offsets_minutes), reverse=True)
    for session in series.booked():
        for position, offset in enumerate(offsets):
            closer = offsets[position + 1] if position + 1 < len(offsets) else 0
            specs.append(
                TimerSpec(
                    timer_id=reminder_id(session.session_id, offset),
                    kind=TimerKind.REMINDER,
                    pair_id=series.pair_id,
                    program_id=series.program_id,
                    due_at=session.start - timedelta(minutes=offset),
                    session_id=session.session_id,
                    session_start=session.start,
                    minutes_before=offset,
                    stale_after=session.start - timedelta(minutes=closer),
                )
            )
        specs.append(
            TimerSpec(
                timer_id=f"{session.session_id}:missed",
                kind=TimerKind.MISSED,
                pair_id=series.pair_id,
                program_id=series.program_id,
                due_at=session.end + timedelta(hours=series.missed_after_hours),
                session_id=session.session_id,
                session_start=session.start,
            )
        )
    return specs


def worth_arming(spec: TimerSpec, now: datetime) -> bool:
    return spec.kind is not TimerKind.REMINDER or spec.due_at > now


def still_applies(spec: TimerSpec, session: Session | None) -> bool:
    """The session the timer was armed for is still booked at the same time."""
    return (
        session is not None
        and session.status is SessionStatus.SCHEDULED
        and session.start == spec.session_start
    )


def reminder_outcome(spec: TimerSpec, session: Session | None, now: datetime) -> TimerOutcome:
    if not still_applies(spec, session):
        return TimerOutcome.STALE
    if spec.stale_after is not None and now >= spec.stale_after:
        return TimerOutcome.STALE
    return TimerOutcome.SENT


def minutes_left(spec: TimerSpec, now: datetime) -> int:
    """The configured lead time, or what is really left when the reminder fires late."""
    assert spec.session_start is not None
    assert spec.minutes_before is not None
    remaining = int((spec.session_start - now).total_seconds() // 60)
    return max(0, min(spec.minutes_before, remaining))


DueTimer = tuple[str, str, str]
"""A claimable timer as the due scan sees it: (timer id, program id, kind)."""


def fair_pick(candidates: Sequence[DueTimer], limit: int) -> list[str]:
    """Up to `limit` timer ids to fire now: reminders first (late, they lose their point),
    then the rest; within each, the programs take turns one timer each, so one program's
    hundreds of due timers (a clock jump, downtime) do not hold back another program's one."""
    lanes: dict[bool, dict[str, list[str]]] = {True: {}, False: {}}
    for timer_id, program_id, kind in candidates:
        reminder = kind == TimerKind.REMINDER.value
        lanes[reminder].setdefault(program_id, []).append(timer_id)
    picked: list[str] = []
    for programs in (lanes[True], lanes[False]):
        depth = 0
        while len(picked) < limit:
            turn = [lane[depth] for lane in programs.values() if depth < len(lane)]
            if not turn:
                break
            picked.extend(turn[: limit - len(picked)])
            depth += 1
    return picked
