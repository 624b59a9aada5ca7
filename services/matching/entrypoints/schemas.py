"""HTTP contracts of the matching API, apart from the domain objects they map to."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.matching.application.policy import PolicyIn
from shared.events import ParticipantProfile, ProgramSettings
from shared.events.envelope import Identifier
from shared.events.pairs import AdminEndReason
from shared.http.pagination import Page


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProgramLaunch(Strict):
    program_id: Identifier
    settings: ProgramSettings
    policy: PolicyIn = PolicyIn()


class ProgramChange(Strict):
    """New settings, a new policy, or both (at least one of them not null)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "anyOf": [
                {"required": ["settings"], "properties": {"settings": {"type": "object"}}},
                {"required": ["policy"], "properties": {"policy": {"type": "object"}}},
            ]
        },
    )

    settings: ProgramSettings | None = None
    policy: PolicyIn | None = None

    @model_validator(mode="after")
    def _something(self) -> ProgramChange:
        if self.settings is None and self.policy is None:
            raise ValueError("give settings, policy or both")
        return self


class ProgramView(Strict):
    program_id: str
    settings: ProgramSettings
    program_version: int
    policy: PolicyIn
    policy_version: int
    participants: dict[str, int]
    active_pairs: int


class BulkJoin(Strict):
    participants: Annotated[list[ParticipantProfile], Field(min_length=1, max_length=1000)]


class RowOutcome(Strict):
    participant_id: str
    status: Literal["joined", "unchanged", "updated", "rejected"]
    problems: list[str] = []


class ParticipantView(Strict):
    program_id: str
    status: Literal["active", "withdrawn", "erased"]
    profile_version: int
    participant: ParticipantProfile | None


class RoundRequest(Strict):
    dry_run: bool = False
    policy: PolicyIn | None = None
    """Dry runs only: try this policy instead of the saved one (nothing is saved)."""


class ApproveRequest(Strict):
    pair_ids: Annotated[list[Identifier], Field(max_length=100_000)] | None = None


class ReasonView(Strict):
    code: str
    text: str
    points: float


class PairView(Strict):
    pair_id: str
    program_id: str
    junior_id: str
    senior_id: str
    score: float
    reasons: list[ReasonView]
    status: Literal["proposed", "active", "ended", "rejected"]
    round_id: str
    ended_reason: str | None = None
    replaces_pair_id: str | None = None
    """The ended pair this one is the rematch of."""


class UnmatchedView(Strict):
    participant_id: str
    role: str
    reason: str
    detail: str


class RoundView(Strict):
    round_id: str
    program_id: str
    dry_run: bool
    status: Literal["proposed", "published", "dry_run"]
    pairs: list[PairView]
    unmatched: list[UnmatchedView]
    report: dict[str, object]


class EndPair(Strict):
    reason: AdminEndReason = Field(
        default="admin",
        description="Why the pair ends: admin (no reason given), participant_request, "
        "left_company or not_a_fit; carried in PairEnded.",
    )


class ProgramPage(Page[ProgramView]):
    """Programs the caller administers, by id."""


class ParticipantSummary(Strict):
    """One row of a program's participant list (no contact details)."""

    participant_id: str
    role: Literal["junior", "senior"]
    status: Literal["active", "withdrawn", "erased"]
    display_name: str | None
    department: str | None
    location: str | None
    profile_version: int
    joined_at: datetime | None = None


class ParticipantCounts(Strict):
    """The whole program's participants, whatever the filters: by status and by role."""

    by_status: dict[str, int]
    by_role: dict[str, int]


class ParticipantPage(Page[ParticipantSummary]):
    counts: ParticipantCounts


class PairPage(Page[PairView]):
    """Pairs by pair id."""


class RoundSummary(Strict):
    round_id: str
    program_id: str
    round_number: int
    status: Literal["proposed", "published", "dry_run"]
    created_at: datetime
    pairs: int
    unmatched: int
    report: dict[str, object]
    policy_version: int | None = None


class RoundPage(Page[RoundSummary]):
    """Rounds of a program, newest first."""


class RoundOverview(RoundSummary):
    """One round without its pairs (page through them at `/rounds/{round_id}/pairs`)."""

    dry_run: bool
    pairs_by_status: dict[str, int] = Field(
        description="The round's pairs by their status now (proposed, active, ended, rejected)."
    )
    unmatched_people: list[UnmatchedView] = Field(
        description="The first 200 people left unmatched; `unmatched` counts them all."
    )


class ProgramBrief(Strict):
    """What a participant may read of a program they are in."""

    program_id: str
    name: str
    branding_name: str | None = None
    region: str
    timezone: str
    locales: list[str]
    start_date: date
    end_date: date
    cadence_days: int
    session_minutes: int
    feedback_deadline_days: int
    self_assessment: bool = Field(
        default=True, description="Whether the program asks for the pre/post self-assessment."
    )


class Membership(Strict):
    program: ProgramBrief
    role: Literal["junior", "senior"]
    status: Literal["active", "withdrawn", "erased"]
    joined_at: datetime | None = None


class PartnerCard(Strict):
    """A partner's public card, for the other member of a pair: no email, reporting chain,
    exclusions or notes."""

    participant_id: str
    role: Literal["junior", "senior"]
    display_name: str | None
    department: str | None
    location: str | None
    languages: list[str]
    timezone: str | None
    skills_offered: list[dict[str, object]]
    learning_goals: list[dict[str, object]]
    shared_availability: list[dict[str, str]] = Field(
        default=[],
        description="When both members are free in the current week, on the caller's clock "
        '(their own profile\'s time zone), as {"day", "start", "end"}; the partner\'s own '
        "windows are not shown.",
    )
