"""HTTP request and response models, mapped explicitly to and from the domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from services.feedback.domain.model import (
    MAX_NOTE_CHARS,
    MAX_TOPICS,
    FeedbackRequest,
    Ratings,
    SelfAssessment,
)
from services.feedback.domain.pairs import Pair
from services.feedback.domain.requests import Draft
from shared.http.pagination import Page

Topic = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
Score = Annotated[int, Field(ge=1, le=5)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatingsIn(_Strict):
    value: Score
    preparation: Score
    psychological_safety: Score | None = Field(
        default=None, description="Could you speak freely? Asked of the junior mentor only."
    )


class AnswerIn(_Strict):
    ratings: RatingsIn
    topics_learned: Annotated[list[Topic], Field(max_length=MAX_TOPICS)] = []
    topics_taught: Annotated[list[Topic], Field(max_length=MAX_TOPICS)] = []
    would_continue: bool
    private_note: Annotated[str, Field(max_length=MAX_NOTE_CHARS)] | None = Field(
        default=None, description="Seen by you only: never shared, exported or counted."
    )

    @field_validator("private_note")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    def to_draft(self) -> Draft:
        return Draft(
            ratings=Ratings(
                value=self.ratings.value,
                preparation=self.ratings.preparation,
                psychological_safety=self.ratings.psychological_safety,
            ),
            topics_learned=tuple(self.topics_learned),
            topics_taught=tuple(self.topics_taught),
            would_continue=self.would_continue,
            private_note=self.private_note,
        )


class RatingsOut(BaseModel):
    value: int
    preparation: int
    psychological_safety: int | None


class AnswerOut(BaseModel):
    ratings: RatingsOut
    topics_learned: list[str]
    topics_taught: list[str]
    would_continue: bool
    revision: int
    first_submitted_at: datetime | None
    editable_until: datetime | None
    private_note: str | None = Field(default=None, description="Present for its author only.")


class FeedbackRequestOut(BaseModel):
    request_id: str
    program_id: str
    pair_id: str
    session_id: str
    participant_id: str
    role: Literal["junior", "senior"]
    session_start: datetime
    due_at: datetime
    closes_at: datetime
    status: Literal["open", "answered", "withdrawn"]
    nudged: bool
    answer: AnswerOut | None

    @classmethod
    def of(
        cls,
        request: FeedbackRequest,
        *,
        editable_until: datetime | None,
        private_note: str | None = None,
    ) -> FeedbackRequestOut:
        answer = request.answer
        return cls(
            request_id=request.request_id,
            program_id=request.program_id,
            pair_id=request.pair_id,
            session_id=request.session_id,
            participant_id=request.participant_id,
            role=request.role,
            session_start=request.session_start,
            due_at=request.due_at,
            closes_at=request.closes_at,
            status=request.status,
            nudged=request.nudged,
            answer=None
            if answer is None
            else AnswerOut(
                ratings=RatingsOut(
                    value=answer.ratings.value,
                    preparation=answer.ratings.preparation,
                    psychological_safety=answer.ratings.psychological_safety,
                ),
                topics_learned=list(answer.topics_learned),
                topics_taught=list(answer.topics_taught),
                would_continue=answer.would_continue,
                revision=request.revision,
                first_submitted_at=request.first_submitted_at,
                editable_until=editable_until,
                private_note=private_note,
            ),
        )


class PairHealthOut(BaseModel):
    pair_id: str
    junior_id: str
    senior_id: str
    at_risk: bool
    episode: int
    score: float | None
    concerns: list[str]
    components: dict[str, float]
    last_session_at: datetime | None
    evaluated_at: datetime | None

    @classmethod
    def of(cls, pair: Pair) -> PairHealthOut:
        return cls(
            pair_id=pair.pair_id,
            junior_id=pair.junior_id,
            senior_id=pair.senior_id,
            at_risk=pair.health.state.at_risk,
            episode=pair.health.state.episode,
            score=pair.health.score,
            concerns=list(pair.health.reasons),
            components=dict(pair.health.components),
            last_session_at=pair.last_session_at,
            evaluated_at=pair.health.evaluated_at,
        )


class PairHealthPage(Page[PairHealthOut]):
    """Active pairs' health, by pair id."""


class SkillLevelIn(_Strict):
    skill: Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
    level: Score


class SelfAssessmentIn(_Strict):
    levels: Annotated[list[SkillLevelIn], Field(min_length=1, max_length=50)]


class SkillLevelOut(BaseModel):
    skill: str
    level: int


class SelfAssessmentOut(BaseModel):
    program_id: str
    phase: Literal["pre", "post"]
    levels: list[SkillLevelOut]
    submitted_at: datetime | None

    @classmethod
    def of(cls, assessment: SelfAssessment) -> SelfAssessmentOut:
        return cls(
            program_id=assessment.program_id,
            phase=assessment.phase,
            levels=[SkillLevelOut(skill=s.skill, level=s.level) for s in assessment.levels],
            submitted_at=assessment.submitted_at,
        )


class ActivityOut(BaseModel):
    feedback_requests: int
    feedback_answered: int
    feedback_rate: float | None
    sessions_held: int | None = None
    sessions_missed: int | None = None
    completion_rate: float | None = None
    pairs_active: int | None = None
    pairs_at_risk: int | None = None


class RatingSummaryOut(BaseModel):
    suppressed: bool
    respondents: int | None
    answers: int | None
    value_avg: float | None
    preparation_avg: float | None
    psychological_safety_avg: float | None
    psychological_safety_suppressed: bool
    would_continue_rate: float | None
    nps: float | None = Field(description="Promoters (value 5) minus detractors (1-3), in %.")


class GroupOut(BaseModel):
    dimension: Literal["role", "cohort", "program"]
    group: str
    activity: ActivityOut
    ratings: RatingSummaryOut


class MatrixCellOut(BaseModel):
    direction: Literal["junior_to_senior", "senior_to_junior"]
    skill: str
    suppressed: bool
    respondents: int | None
    mentions: int | None


class GrowthCellOut(BaseModel):
    skill: str
    suppressed: bool
    respondents: int | None
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None


class InsightsOut(BaseModel):
    """Groups under `min_group_size` distinct respondents are `suppressed`, not counted."""

    model_config = ConfigDict(from_attributes=True)

    scope: dict[str, str]
    min_group_size: int
    activity: ActivityOut
    ratings: RatingSummaryOut
    groups: list[GroupOut]
    learning_matrix: list[MatrixCellOut]
    skill_growth: list[GrowthCellOut]
