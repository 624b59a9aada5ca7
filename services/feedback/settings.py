"""Settings of the feedback service (environment `TWOWAY_*`); bad values fail at start."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="TWOWAY_", extra="ignore", frozen=True, validate_default=True
    )

    service_name: str = "feedback"
    timer_interval_seconds: float = Field(default=60.0, gt=0, le=3_600)
    timer_batch: int = Field(default=200, ge=1, le=10_000)
    health_recheck_hours: float = Field(default=24.0, gt=0, le=24 * 14)
    edit_window_hours: float = Field(default=48.0, ge=0, le=24 * 60)
    late_submission_days: float = Field(default=14.0, ge=0, le=120)
    insights_max_rows: int = Field(default=500_000, ge=1_000, le=10_000_000)
    list_limit: int = Field(default=200, ge=1, le=5_000)
