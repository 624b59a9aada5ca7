"""What the notifications core reasons about: people to reach, how, and what happened."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar
from uuid import UUID

from services.notifications.domain.series_calendar import SeriesCalendar


class Channel(StrEnum):
    EMAIL = "email"
    CHAT = "chat"
    INBOX = "inbox"


class Audience(StrEnum):
    PARTICIPANT = "participant"
    ADMIN = "admin"
    PROGRAM_CHANNEL = "program_channel"
    """The program's chat channel (its incoming webhook), not a person."""


class Priority(StrEnum):
    HIGH = "high"
    """Time-critical or carries a calendar invitation: always its own message."""
    NORMAL = "normal"
    LOW = "low"
    """May wait for the recipient's daily digest if they asked for one."""


SUPPORTED_LOCALES: tuple[str, ...] = ("en", "de", "fr", "es", "ja")
DEFAULT_LOCALE = "en"


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local wall-clock window without email or chat; start == end means no quiet hours."""

    start: str = "21:00"
    end: str = "08:00"


@dataclass(frozen=True, slots=True)
class Preferences:
    email: bool = True
    chat: bool = False
    """Chat reaches a participant by a mention in the program's shared channel: opt-in only."""
    inbox: bool = True
    quiet_hours: QuietHours = field(default_factory=QuietHours)
    timezone: str | None = None
    """Overrides the directory's time zone for quiet hours and digests (e.g. while travelling)."""
    daily_digest: bool = False

    def allows(self, channel: Channel) -> bool:
        return {Channel.EMAIL: self.email, Channel.CHAT: self.chat, Channel.INBOX: self.inbox}[
            channel
        ]


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach one person; participants come from events, admins from the admin API."""

    recipient_id: str
    program_id: str
    display_name: str
    email: str | None
    timezone: str
    locale: str | None = None
    languages: tuple[str, ...] = ()
    chat_handle: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class ProgramProfile:
    program_id: str
    version: int
    name: str
    region: str
    timezone: str
    locales: tuple[str, ...]
    admin_recipient_ids: tuple[str, ...] = ()
    chat_webhook_url: str | None = None
    branding_name: str | None = None

    @property
    def display_name(self) -> str:
        return self.branding_name or self.name

    @property
    def default_locale(self) -> str:
        return self.locales[0] if self.locales else DEFAULT_LOCALE


@dataclass(frozen=True, slots=True)
class Attachment:
    """A calendar invitation travelling with an email (METHOD REQUEST or CANCEL)."""

    ics: str
    method: str
    extra: tuple[str, ...] = ()
    """Further calendars of the same method (a session with its own UID), as attachments:
    one VCALENDAR per iTIP part, as Outlook requires."""


@dataclass(frozen=True, slots=True)
class Occasion:
    """Something happened that people should hear about, already mapped off the wire.

    `facts` holds plain values (str, int, float, datetime, lists of str) the templates use.
    """

    template: str
    program_id: str
    participants: tuple[str, ...] = ()
    to_admins: bool = False
    to_program_channel: bool = False
    priority: Priority = Priority.NORMAL
    expires_at: datetime | None = None
    """After this instant the message is pointless on email and chat (e.g. the session began)."""
    attachment: Attachment | None = None
    pair: tuple[str, str] | None = None
    """(junior_id, senior_id) when the message is about a pair: each learns about the other."""
    facts: dict[str, Any] = field(default_factory=dict)
    mentions: tuple[str, ...] = ()
    """Participants whose names a rendered message may contain (redacted on their erasure)."""
    calendar: SeriesCalendar | None = None
    """The pair's series; its invitation is written per recipient, with both attendees."""
    waits_for_series: bool = False
    """An introduction (a pair's end): its email waits (bounded) for the series invitation
    (the series' cancellation) that carries it."""


@dataclass(frozen=True, slots=True)
class PlannedDelivery:
    recipient_id: str
    audience: Audience
    channel: Channel


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str
    chat: str


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    RETRY = "retry"
    DEFERRED = "deferred"
    HELD = "held"
    """Waiting for the recipient's daily digest."""
    IN_DIGEST = "in_digest"
    ASSEMBLING = "assembling"
    """A digest whose items are still being attached; not sendable yet."""
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


SENDABLE = (Status.PENDING, Status.RETRY, Status.DEFERRED)
FINAL = (Status.SENT, Status.FAILED, Status.SKIPPED, Status.CANCELLED)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where the causing event was read, for the dead-letter headers."""

    topic: str
    partition: int = -1
    offset: int = -1
    key: bytes | None = None


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """One (event, recipient, channel): the durable unit of exactly-once delivery."""

    delivery_id: str
    cause_event_id: UUID
    event_type: str
    program_id: str
    correlation_id: UUID
    occurred_at: datetime
    recipient_id: str
    audience: Audience
    channel: Channel
    template: str
    priority: Priority
    status: Status
    not_before: datetime
    created_at: datetime
    source: SourceRef
    cause: str | None = None
    """The causing event as JSON, kept until the delivery is final (rendering, DLQ)."""
    expires_at: datetime | None = None
    attempts: int = 0
    resumed: bool = False
    claimed_at: datetime | None = None
    """When the sender's claim began or was last renewed, in real time: a claim is a lease,
    and a service clock moved forward must not make the sends in flight look abandoned."""
    digest_date: str | None = None
    item_ids: tuple[str, ...] = ()
    """For a digest: the held deliveries it carries."""


AuditEvent = TypeVar("AuditEvent", covariant=True)


@dataclass(frozen=True, slots=True)
class Outcome(Generic[AuditEvent]):
    """How a delivery ended, with the audit events that tell others (the application's
    events: the domain does not know the wire)."""

    status: Status
    attempts: int
    error_type: str | None = None
    events: Sequence[AuditEvent] = ()


@dataclass(frozen=True, slots=True)
class InboxItem:
    item_id: str
    recipient_id: str
    program_id: str
    template: str
    locale: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None = None
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    to_address: str
    to_name: str | None
    subject: str
    body: str
    reference: str
    """Stable per delivery: becomes the Message-ID, so a rare resend is recognisably the same."""
    attachment: Attachment | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BacklogLine:
    """Deliveries due and not yet sent, for one program and priority."""

    program_id: str
    priority: str
    count: int
    oldest_due: datetime


class DeliveryError(Exception):
    """A channel refused or failed; `transient` says whether trying again can help."""

    def __init__(self, error_type: str, *, transient: bool, detail: str = "") -> None:
        super().__init__(f"{error_type}: {detail}" if detail else error_type)
        self.error_type = error_type[:100]
        self.transient = transient
