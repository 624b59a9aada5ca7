"""Whether a delivery goes out now, later, in tomorrow's digest, or not at all.

Decided at send time, not when the event arrives, so a preference changed in the meantime
(email switched off, quiet hours moved, a digest requested) is honoured by waiting messages too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from services.notifications.domain.model import Audience, Channel, Preferences, Priority
from services.notifications.domain.quiet_hours import next_local_time, quiet_until


class Action(StrEnum):
    SEND = "send"
    SKIP = "skip"
    DEFER = "defer"
    """Quiet hours: try again when they end."""
    HOLD = "hold"
    """Wait for the recipient's daily digest."""


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DeliveryFacts:
    channel: Channel
    audience: Audience
    priority: Priority
    occurred_at: datetime
    expires_at: datetime | None
    has_address: bool
    in_digest: bool = False
    """The delivery is itself a digest: never held again, and due at the quiet-hours end."""
    over_daily_cap: bool = False
    """The person has had their non-urgent emails for today: this one joins the digest."""


DIGEST_FALLBACK_TIME = "08:00"


def digest_time(preferences: Preferences) -> str:
    """Digests go out when the recipient's morning starts: the end of their quiet hours."""
    quiet = preferences.quiet_hours
    return quiet.end if quiet.start != quiet.end else DIGEST_FALLBACK_TIME


def decide(
    facts: DeliveryFacts,
    preferences: Preferences,
    timezone: str | None,
    *,
    now: datetime,
    max_age: timedelta,
) -> Decision:
    personal = facts.audience is not Audience.PROGRAM_CHANNEL
    if personal and not preferences.allows(facts.channel):
        return Decision(Action.SKIP, reason="opted_out")
    if not facts.has_address:
        return Decision(Action.SKIP, reason="no_address")
    if facts.channel is Channel.INBOX:
        # The inbox is read when the person chooses to: no quiet hours, no expiry.
        return Decision(Action.SEND)
    if now - facts.occurred_at > max_age:
        # Replayed history (a new consumer group, a restored backup) must not spam people.
        return Decision(Action.SKIP, reason="stale")
    if facts.expires_at is not None and now >= facts.expires_at:
        return Decision(Action.SKIP, reason="expired")
    if not personal:
        return Decision(Action.SEND)
    tz = preferences.timezone or timezone
    if (
        facts.channel is Channel.EMAIL
        and facts.priority is Priority.LOW
        and preferences.daily_digest
        and not facts.in_digest
    ):
        return Decision(Action.HOLD, at=next_local_time(now, tz, digest_time(preferences)))
    if facts.channel is Channel.EMAIL and facts.over_daily_cap and not facts.in_digest:
        at = next_local_time(now, tz, digest_time(preferences))
        return Decision(Action.HOLD, at=at, reason="daily_cap")
    ends = quiet_until(now, tz, preferences.quiet_hours)
    if ends is None:
        return Decision(Action.SEND)
    if facts.expires_at is not None and ends >= facts.expires_at:
        # Waiting for the morning would make the message useless (a reminder for a session
        # booked inside quiet hours): the person chose that time, so it goes out now.
        return Decision(Action.SEND, reason="expires_before_morning")
    return Decision(Action.DEFER, at=ends, reason="quiet_hours")
