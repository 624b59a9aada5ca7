"""Settings of the scheduling service (environment `TWOWAY_*`); bad values fail at start."""

from __future__ import annotations

from pydantic import Field, field_validator

from shared.settings import ServiceSettings


class SchedulingSettings(ServiceSettings):
    service_name: str = Field(default="scheduling", pattern=r"^[a-z][a-z0-9-]{1,40}$")
    timer_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    timer_batch_size: int = Field(default=100, ge=1, le=10_000)
    timer_lease_seconds: float = Field(default=30.0, ge=1, le=3_600)
    timer_sync_interval_seconds: float = Field(default=10.0, gt=0, le=3_600)
    plan_notice_hours: float = Field(default=24.0, ge=0, le=24 * 30)
    change_notice_minutes: int = Field(default=120, ge=0, le=7 * 24 * 60)
    slot_granularity_minutes: int = Field(default=15, ge=1, le=60)
    waiting_alert_minutes: int = Field(default=360, ge=1, le=30 * 24 * 60)
    lock_wait_seconds: float = Field(default=15.0, gt=0, le=300)
    ics_organizer: str = Field(
        default="mailto:scheduling@twoway.invalid", pattern=r"^mailto:[^@\s]+@[^@\s]+$"
    )

    @field_validator("slot_granularity_minutes")
    @classmethod
    def _divides_an_hour(cls, value: int) -> int:
        if 60 % value:
            raise ValueError("slot_granularity_minutes must divide 60 (5, 10, 15, 30, ...)")
        return value
