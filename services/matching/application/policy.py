"""A program's matching policy as it is sent and stored, and reading a program document's
settings and policy back."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.events import ProgramSettings
from shared.storage.mongo import Document


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeightsIn(_Contract):
    junior_teaches: Annotated[float, Field(ge=0, le=100)] = 0.6
    senior_teaches: Annotated[float, Field(ge=0, le=100)] = 0.4
    availability_per_hour: Annotated[float, Field(ge=0, le=100)] = 2.0
    cross_department: Annotated[float, Field(ge=0, le=100)] = 4.0
    seniority_sweet_spot: Annotated[float, Field(ge=0, le=100)] = 3.0
    timezone_closeness: Annotated[float, Field(ge=0, le=100)] = 3.0
    same_location: Annotated[float, Field(ge=0, le=100)] = 2.0
    match_bonus: Annotated[float, Field(ge=0, le=1000)] = 10.0


class PolicyIn(_Contract):
    """A program's matching policy: hard-rule parameters, score weights, round triggers."""

    min_seniority_gap: Annotated[int, Field(ge=0, le=9)] = 2
    min_weekly_overlap_minutes: Annotated[int, Field(ge=0, le=10_080)] = 60
    default_capacity: Annotated[int, Field(ge=0, le=10)] = 1
    weights: WeightsIn = WeightsIn()
    top_k: Annotated[int, Field(ge=1, le=50)] = 3
    max_candidates_per_senior: Annotated[int, Field(ge=1, le=1000)] = 50
    max_candidates_per_junior: Annotated[int, Field(ge=1, le=1000)] = 30
    explore_candidates: Annotated[int, Field(ge=0, le=100)] = 8
    availability_cap_minutes: Annotated[int, Field(ge=1, le=10_080)] = 240
    seniority_sweet_spot: tuple[
        Annotated[int, Field(ge=0, le=9)], Annotated[int, Field(ge=0, le=9)]
    ] = (3, 6)
    auto_round_min_waiting: Annotated[int, Field(ge=0, le=100_000)] = 0
    auto_round_interval_hours: Annotated[float, Field(ge=0, le=24 * 90)] = 0
    rematch_on_risk: bool = True

    @model_validator(mode="after")
    def _sweet_spot(self) -> PolicyIn:
        low, high = self.seniority_sweet_spot
        if low > high:
            raise ValueError("seniority_sweet_spot must be [low, high] with low <= high")
        return self


def program_settings(doc: Document) -> ProgramSettings:
    return ProgramSettings.model_validate(doc["settings"])


def program_policy(doc: Document) -> PolicyIn:
    return PolicyIn.model_validate(doc["policy"])
