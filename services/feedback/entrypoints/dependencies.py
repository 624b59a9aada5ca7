"""What the feedback routes work with, built once by the composition root and kept on
`app.state.feedback`; each route names the collaborators it needs as `Annotated` parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.feedback.application.insights import InsightsQueries
from services.feedback.application.ports import FeedbackListing
from services.feedback.application.self_assessment import SelfAssessments
from services.feedback.application.submissions import FeedbackSubmissions
from services.feedback.domain.requests import RequestTiming


@dataclass(frozen=True)
class FeedbackApi:
    """The use cases and reads behind the HTTP API, and the longest list it returns."""

    submissions: FeedbackSubmissions
    insights: InsightsQueries
    assessments: SelfAssessments
    lists: FeedbackListing
    timing: RequestTiming
    list_limit: int


STATE_NAME = "feedback"


def feedback_api(request: Request) -> FeedbackApi:
    api: FeedbackApi = getattr(request.app.state, STATE_NAME)
    return api


def _submissions(api: Annotated[FeedbackApi, Depends(feedback_api)]) -> FeedbackSubmissions:
    return api.submissions


def _insights(api: Annotated[FeedbackApi, Depends(feedback_api)]) -> InsightsQueries:
    return api.insights


def _assessments(api: Annotated[FeedbackApi, Depends(feedback_api)]) -> SelfAssessments:
    return api.assessments


def _lists(api: Annotated[FeedbackApi, Depends(feedback_api)]) -> FeedbackListing:
    return api.lists


def _timing(api: Annotated[FeedbackApi, Depends(feedback_api)]) -> RequestTiming:
    return api.timing


def _list_limit(api: Annotated[FeedbackApi, Depends(feedback_api)]) -> int:
    return api.list_limit


Submissions = Annotated[FeedbackSubmissions, Depends(_submissions)]
Insights = Annotated[InsightsQueries, Depends(_insights)]
Assessments = Annotated[SelfAssessments, Depends(_assessments)]
Lists = Annotated[FeedbackListing, Depends(_lists)]
Timing = Annotated[RequestTiming, Depends(_timing)]
ListLimit = Annotated[int, Depends(_list_limit)]
