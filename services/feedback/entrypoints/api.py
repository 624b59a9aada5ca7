"""The feedback HTTP API: answering requests, pair health, insights and self-assessments.

Every route needs a principal. Answers are given and edited by the person asked only; a
participant reads only their own requests (and only they ever see their private note);
program admins read their programs' requests, pair health and insights. No route lets an admin
change anything (answers and self-assessments come from participants only), so feedback has
no admin actions to put on an audit trail; the trail lives where admins act (matching,
scheduling, the directory).

The routes live at module level by resource (`requests_api`, `insights_api`,
`self_assessments_api`) and take their collaborators as `Annotated` dependencies
(`dependencies.py`), which read the `FeedbackApi` the composition root keeps on `app.state`.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.feedback.entrypoints import insights_api, requests_api, self_assessments_api
from services.feedback.entrypoints.dependencies import STATE_NAME, FeedbackApi

__all__ = ["STATE_NAME", "FeedbackApi", "router"]

router = APIRouter()
router.include_router(requests_api.router)
router.include_router(insights_api.router)
router.include_router(self_assessments_api.router)
