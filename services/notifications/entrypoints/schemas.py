"""HTTP request and response models of the notifications API, mapped explicitly to the domain."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.notifications.domain.model import Contact, InboxItem, Preferences, QuietHours
from shared.events.envelope import Identifier
from shared.events.programs import Locale
from shared.events.timezones import IanaTimezone
from shared.http.pagination import Page

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InboxMessage(_Strict):
    id: str
    program_id: str
    template: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None
    read: bool

    @classmethod
    def of(cls, item: InboxItem) -> InboxMessage:
        return cls(
            id=item.item_id,
            program_id=item.program_id,
            template=item.template,
            subject=item.subject,
            body=item.body,
            created_at=item.created_at,
            read_at=item.read_at,
            read=item.read_at is not None,
        )


class InboxPage(Page[InboxMessage]):
    """A person's in-app messages, newest first."""


class MarkRead(_Strict):
    """Either the `message_ids` to mark, or `all: true`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["message_ids"],
                    "properties": {"message_ids": {"type": "array"}, "all": {"const": False}},
                },
                {
                    "required": ["all"],
                    "properties": {"all": {"const": True}, "message_ids": {"type": "null"}},
                },
            ]
        },
    )

    message_ids: Annotated[list[Identifier], Field(max_length=500)] | None = None
    all: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> MarkRead:
        if self.all == (self.message_ids is not None):
            raise ValueError("give either message_ids or all=true")
        return self


class MarkedRead(_Strict):
    marked: int


class QuietHoursIn(_Strict):
    start: str = "21:00"
    end: str = "08:00"

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError("time must be HH:MM between 00:00 and 23:59")
        return value


class PreferencesBody(_Strict):
    """Quiet hours with start == end, or null, mean none."""

    email: bool = True
    chat: bool = False
    inbox: bool = True
    quiet_hours: QuietHoursIn | None = QuietHoursIn()
    timezone: IanaTimezone | None = None
    daily_digest: bool = False

    def to_domain(self) -> Preferences:
        quiet = self.quiet_hours
        return Preferences(
            email=self.email,
            chat=self.chat,
            inbox=self.inbox,
            quiet_hours=QuietHours(quiet.start, quiet.end)
            if quiet
            else QuietHours("00:00", "00:00"),
            timezone=self.timezone,
            daily_digest=self.daily_digest,
        )

    @classmethod
    def of(cls, preferences: Preferences) -> PreferencesBody:
        quiet = preferences.quiet_hours
        return cls(
            email=preferences.email,
            chat=preferences.chat,
            inbox=preferences.inbox,
            quiet_hours=None
            if quiet.start == quiet.end
            else QuietHoursIn(start=quiet.start, end=quiet.end),
            timezone=preferences.timezone,
            daily_digest=preferences.daily_digest,
        )


class AdminContactBody(_Strict):
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str, Field(max_length=254, json_schema_extra={"pattern": _EMAIL.pattern})]
    locale: Locale | None = None
    timezone: IanaTimezone = "UTC"

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError("not a valid email address")
        return value

    def to_domain(self, program_id: str, admin_id: str) -> Contact:
        return Contact(
            recipient_id=admin_id,
            program_id=program_id,
            display_name=self.display_name.strip(),
            email=self.email,
            timezone=self.timezone,
            locale=self.locale,
        )


class AdminContactView(AdminContactBody):
    admin_id: str
    program_id: str

    @classmethod
    def of(cls, contact: Contact) -> AdminContactView:
        return cls(
            admin_id=contact.recipient_id,
            program_id=contact.program_id,
            display_name=contact.display_name,
            email=contact.email or "",
            locale=contact.locale if contact.locale in ("en", "de", "fr", "es", "ja") else None,  # type: ignore[arg-type]
            timezone=contact.timezone,
        )
