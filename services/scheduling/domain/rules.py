"""Which changes a session accepts, with a stable reason code when it refuses."""

from __future__ import annotations

from datetime import datetime

from services.scheduling.domain.model import Session, SessionStatus


class SchedulingRefused(Exception):
    """A request that cannot be carried out as asked; `code` is stable for clients.

    `conflict` marks refusals caused by the current state (HTTP 409) rather than by the
    request itself (HTTP 422).
    """

    def __init__(self, code: str, message: str, *, conflict: bool) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.conflict = conflict


class UnknownSession(SchedulingRefused):
    def __init__(self, what: str = "session") -> None:
        super().__init__(f"{what}_not_found", f"{what} not found", conflict=False)


SLOT_REFUSALS: dict[str, tuple[str, bool]] = {
    "outside_program": ("the time is outside the program's dates", False),
    "blackout_date": ("the program has a blackout date then", False),
    "outside_availability": ("the time is outside one person's availability", False),
    "slot_taken": ("one of the two already has a session then", True),
}

_STATE_REFUSALS = {
    SessionStatus.COMPLETED: ("session_completed", "the session is already completed"),
    SessionStatus.CANCELLED: ("session_cancelled", "the session was cancelled"),
    SessionStatus.MISSED: ("session_missed", "the session was recorded as missed"),
}


def require_scheduled(session: Session) -> None:
    if session.status is not SessionStatus.SCHEDULED:
        code, message = _STATE_REFUSALS[session.status]
        raise SchedulingRefused(code, message, conflict=True)


def check_new_time(session: Session, start: datetime, now: datetime) -> None:
    require_scheduled(session)
    if session.start <= now:
        raise SchedulingRefused("already_started", "the session has already started", conflict=True)
    if start <= now:
        raise SchedulingRefused("in_the_past", "the new time is in the past", conflict=False)


def check_cancellation(session: Session, now: datetime) -> None:
    require_scheduled(session)
    if session.start <= now:
        raise SchedulingRefused("already_started", "the session has already started", conflict=True)


def check_completion(session: Session, now: datetime) -> None:
    require_scheduled(session)
    if session.start > now:
        raise SchedulingRefused(
            "not_started", "a session can be completed once it has started", conflict=False
        )


def refuse_slot(code: str) -> SchedulingRefused:
    message, conflict = SLOT_REFUSALS.get(code, ("the time cannot be booked", False))
    return SchedulingRefused(code, message, conflict=conflict)
