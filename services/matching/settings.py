"""Settings of the matching service (environment `TWOWAY_*`); bad values fail at start."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class MatchingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TWOWAY_", extra="ignore", frozen=True)

    service_name: str = "matching"
    auto_round_check_seconds: float = Field(default=60.0, gt=0, le=86_400)
