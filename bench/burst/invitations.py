"""Every captured invitation, checked the way a calendar client would import it.

An invitation email carries its calendar inline (a text/calendar part whose `method=` Outlook
compares with the calendar's METHOD) and again as invite.ics; a session that cannot follow
the series' rule travels as a further .ics of its own. Each invitation must parse as exactly
one VCALENDAR holding ONE recurring series (a VEVENT with an RRULE, overrides of it sharing
its UID) whose UID is the pair's series, with an ORGANIZER and both people as ATTENDEEs, and
expand (recurring-ical-events) to at most one session a day. Each person of a pair receives
exactly one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import recurring_ical_events
from icalendar import Calendar

RULES = (
    "one text/calendar part",
    "exactly one VCALENDAR",
    "METHOD matches MIME method=",
    "one recurring series (RRULE)",
    "UID is the pair's series",
    "ORGANIZER",
    "both people as ATTENDEE",
    "expands, at most one session a day",
    "invite.ics is the same calendar",
)
SERIES_PREFIX = "series-"


@dataclass(frozen=True, slots=True)
class PairPeople:
    pair_id: str
    addresses: frozenset[str]


@dataclass(frozen=True, slots=True)
class InvitationCheck:
    recipient: str
    pair_id: str | None
    failed: frozenset[str]
    starts: frozenset[datetime]
    """Every session the invitation puts in a calendar (UTC): the series' expanded
    occurrences and the sessions of their own."""


@dataclass
class InvitationReport:
    checked: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    methods: Counter[str] = field(default_factory=Counter)
    own_sessions: int = 0
    per_pair_person: Counter[tuple[str, str]] = field(default_factory=Counter)
    starts: dict[str, frozenset[datetime]] = field(default_factory=dict)

    def add(self, check: InvitationCheck, method: str, own_sessions: int) -> None:
        self.checked += 1
        self.failures.update(check.failed)
        self.methods[method] += 1
        self.own_sessions += own_sessions
        if check.pair_id is not None:
            self.per_pair_person[(check.pair_id, check.recipient)] += 1
            self.starts.setdefault(check.pair_id, check.starts)

    def coverage(self, planned: Iterable[PairPeople]) -> tuple[int, int]:
        """(people of planned pairs with no invitation, (pair, person) with more than one)."""
        missing = sum(
            1
            for pair in planned
            for address in pair.addresses
            if self.per_pair_person[(pair.pair_id, address)] == 0
        )
        repeated = sum(1 for count in self.per_pair_person.values() if count > 1)
        return missing, repeated

    def lines(self) -> list[str]:
        lines = [
            f"invitations checked {self.checked} (METHOD {dict(self.methods)}; "
            f"{self.own_sessions} sessions off the rule as calendars of their own)"
        ]
        lines += [f"  {rule:<40}{self.failures[rule]:>6} failing" for rule in RULES]
        return lines


def series_pair(uid: str) -> str | None:
    if not uid.startswith(SERIES_PREFIX) or "@" not in uid:
        return None
    return uid[len(SERIES_PREFIX) : uid.rindex("@")]


def check_invitation(
    path: Path, recipient: str, pairs: Mapping[str, PairPeople]
) -> tuple[InvitationCheck, str, int]:
    """The rules this invitation fails, with its METHOD and its sessions of their own."""
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    inline = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    attached = {
        str(p.get_filename()): _text(p.get_content())
        for p in message.walk()
        if p.get_content_type() == "application/ics"
    }
    failed: set[str] = set()
    if len(inline) != 1:
        failed.add("one text/calendar part")
        return InvitationCheck(recipient, None, frozenset(failed), frozenset()), "", 0
    text = _text(inline[0].get_content())
    mime_method = str(inline[0].get_param("method") or "").upper()
    calendars = _parse(text)
    if len(calendars) != 1:
        failed.add("exactly one VCALENDAR")
        return InvitationCheck(recipient, None, frozenset(failed), frozenset()), mime_method, 0
    (calendar,) = calendars
    method = str(calendar.get("METHOD", "")).upper()
    if method != mime_method or not method:
        failed.add("METHOD matches MIME method=")
    if [c.to_ical() for c in _parse(attached.get("invite.ics", ""))] != [calendar.to_ical()]:
        failed.add("invite.ics is the same calendar")
    pair_id, series_failed, starts = _series(calendar, recipient, pairs)
    failed |= series_failed
    people = pairs.get(pair_id) if pair_id is not None else None
    own = [c for name, ics in attached.items() if name != "invite.ics" for c in _parse(ics)]
    for own_calendar in own:
        failed |= _people(own_calendar, people)
        starts |= {_utc(start) for e in own_calendar.walk("VEVENT") if (start := _start(e))}
    check = InvitationCheck(recipient, pair_id, frozenset(failed), frozenset(starts))
    return check, method, len(own)


def _series(
    calendar: Calendar, recipient: str, pairs: Mapping[str, PairPeople]
) -> tuple[str | None, set[str], set[datetime]]:
    failed: set[str] = set()
    events = list(calendar.walk("VEVENT"))
    masters = [e for e in events if "RRULE" in e and "RECURRENCE-ID" not in e]
    if len(masters) != 1 or any(
        str(e.get("UID")) != str(masters[0].get("UID")) or "RECURRENCE-ID" not in e
        for e in events
        if e is not masters[0]
    ):
        failed.add("one recurring series (RRULE)")
    uids = {str(e.get("UID")) for e in events}
    pair_id = series_pair(next(iter(uids))) if len(uids) == 1 else None
    people = pairs.get(pair_id) if pair_id is not None else None
    if people is None or recipient not in people.addresses:
        failed.add("UID is the pair's series")
    failed |= _people(calendar, people)
    first = _start(masters[0]) if len(masters) == 1 else None
    starts = _expand(first, calendar) if first is not None else None
    if not starts:
        failed.add("expands, at most one session a day")
    return pair_id, failed, set(starts or ())


def _people(calendar: Calendar, people: PairPeople | None) -> set[str]:
    failed: set[str] = set()
    for event in calendar.walk("VEVENT"):
        if not str(event.get("ORGANIZER", "")).lower().startswith("mailto:"):
            failed.add("ORGANIZER")
        if people is None or _attendees(event) != people.addresses:
            failed.add("both people as ATTENDEE")
    return failed


def _attendees(event: Any) -> frozenset[str]:
    values = event.get("ATTENDEE", [])
    if not isinstance(values, list):
        values = [values]
    return frozenset(str(v).lower().removeprefix("mailto:") for v in values)


def _expand(first: datetime, calendar: Calendar) -> list[datetime] | None:
    """The series' sessions (UTC); None if it does not expand or has two on one local day."""
    try:
        occurrences = recurring_ical_events.of(calendar).between(
            first - timedelta(days=1), first + timedelta(days=3 * 366)
        )
    except (ValueError, TypeError):
        return None
    held = [
        start
        for o in occurrences
        if str(o.get("STATUS", "")).upper() != "CANCELLED" and (start := _start(o))
    ]
    days: set[date] = {start.date() for start in held}
    if len(days) != len(held):
        return None
    return [_utc(start) for start in held]


def _start(event: Any) -> datetime | None:
    """The event's DTSTART as a time of day (a whole-day date is not a session)."""
    start = event.decoded("DTSTART", None)
    return start if isinstance(start, datetime) else None


def _parse(text: str) -> list[Calendar]:
    if not text:
        return []
    try:
        parsed = Calendar.from_ical(text, multiple=True)
    except ValueError:
        return []
    return list(parsed) if isinstance(parsed, list) else [parsed]


def _text(content: object) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else str(content)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
