"""Settings of the notifications service (environment `TWOWAY_*`); bad values fail at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class NotificationSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="TWOWAY_", extra="ignore", frozen=True, validate_default=True
    )

    service_name: str = "notifications"
    consumer_heartbeat_ms: int = Field(default=3_000, ge=100, le=10_000)
    """Five subscribers share one consumer group; each member joining makes the others rejoin on
    their next heartbeat, so this bounds how long a start or a rolling deploy rebalances."""

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65_535)
    smtp_security: Literal["none", "starttls", "tls"] = "starttls"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_password_file: Path | None = None
    smtp_from_address: str = "twoway@example.com"
    smtp_from_name: str = Field(default="Twoway", min_length=1, max_length=100)
    smtp_timeout_seconds: float = Field(default=20.0, gt=0, le=300)

    chat_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    chat_require_https: bool = True

    app_base_url: str = Field(default="http://localhost:8080", pattern=r"^https?://\S+$")

    delivery_max_attempts: int = Field(default=6, ge=1, le=30)
    delivery_base_delay_seconds: float = Field(default=5.0, gt=0, le=3_600)
    delivery_max_delay_seconds: float = Field(default=900.0, gt=0, le=86_400)
    dispatch_interval_seconds: float = Field(default=2.0, gt=0, le=600)
    dispatch_batch: int = Field(default=100, ge=1, le=5_000)
    dispatch_concurrency: int = Field(default=8, ge=1, le=200)
    """Deliveries sent together in one turn (claimed, read and recorded together)."""
    dispatch_senders: int = Field(default=4, ge=1, le=64)
    """Turns in flight at once; the next turn is taken from the fair queue when one ends."""
    claim_timeout_seconds: float = Field(default=300.0, ge=1, le=86_400)
    """Real seconds after which a delivery claimed by a sender that died is taken back
    (whatever the service's clock does); longer than any one handful's sends take."""
    housekeeping_interval_seconds: float = Field(default=30.0, gt=0, le=3_600)
    max_event_age_hours: float = Field(default=72.0, gt=0, le=24 * 60)
    finished_retention_days: int = Field(default=30, ge=1, le=3_650)

    email_rate_per_second: float = Field(default=20.0, gt=0, le=10_000)
    email_burst: int = Field(default=50, ge=1, le=100_000)
    chat_rate_per_second: float = Field(default=1.0, gt=0, le=1_000)
    chat_burst: int = Field(default=5, ge=1, le=10_000)

    calendar_organizer: str = "programs@twoway.invalid"
    """ORGANIZER of every calendar invitation: the programs' address (replies go there)."""
    introduction_wait_seconds: float = Field(default=600.0, ge=0, le=86_400)
    """How long an introduction's email waits for its series invitation, which carries it
    (0: it goes out at once, on its own)."""
    partner_wait_seconds: float = Field(default=600.0, ge=0, le=86_400)
    """How long a message naming someone's partner waits for the partner's contact."""

    daily_email_cap: int = Field(default=4, ge=0, le=1_000)
    """Non-urgent emails a person gets per local day (0: no cap); the rest wait for the
    digest and are in the inbox at once. Invitations and reminders are never capped."""

    default_quiet_start: str = "21:00"
    default_quiet_end: str = "08:00"

    @field_validator("smtp_from_address", "calendar_organizer")
    @classmethod
    def _from_address(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError("smtp_from_address is not an email address")
        return value

    @field_validator("default_quiet_start", "default_quiet_end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError("quiet hours must be HH:MM between 00:00 and 23:59")
        return value

    @model_validator(mode="after")
    def _notifications_consistent(self) -> NotificationSettings:
        if self.delivery_max_delay_seconds < self.delivery_base_delay_seconds:
            raise ValueError("delivery_max_delay_seconds must be >= delivery_base_delay_seconds")
        if self.smtp_password_file is not None and not self.smtp_password_file.is_file():
            raise ValueError("configured file does not exist: smtp_password_file")
        if (self.smtp_password or self.smtp_password_file) and not self.smtp_username:
            raise ValueError("an SMTP password needs smtp_username")
        return self

    def smtp_password_value(self) -> str | None:
        return self.secret_value(self.smtp_password, self.smtp_password_file)
