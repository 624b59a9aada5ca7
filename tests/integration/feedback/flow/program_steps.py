"""Launching a program the feedback service knows, and picking one session's requests or
one person's answers out of the feedback topic."""

from __future__ import annotations

from typing import Any

from shared.events import FeedbackRequested, FeedbackSubmitted
from tests.integration.feedback.conftest import FeedbackHarness, wait_for
from tests.integration.feedback.scenario import new_id, program_launched


def requested_for(events: list[Any], session_id: str) -> list[FeedbackRequested]:
    return [e for e in events if isinstance(e, FeedbackRequested) and e.session_id == session_id]


def submitted_by(events: list[Any], participant_id: str) -> list[FeedbackSubmitted]:
    return [
        e for e in events if isinstance(e, FeedbackSubmitted) and e.participant_id == participant_id
    ]


async def launched_program(feedback: FeedbackHarness, **settings: Any) -> str:
    program_id = new_id("prog")
    await feedback.publish(program_launched(program_id, feedback.now(), **settings))
    await wait_for(lambda: feedback.db["programs"].find_one({"_id": program_id, "version": 1}))
    return program_id
