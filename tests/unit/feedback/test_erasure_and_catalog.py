"""Programs and people as feedback knows them, self-assessments, and the right to erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.feedback.application.mapping import request_id_for
from services.feedback.domain.model import Ratings
from services.feedback.domain.requests import Draft, SubmissionRejected
from tests.unit.feedback.events import (
    JUNIOR,
    PAIR_ID,
    PROGRAM,
    SENIOR,
    START,
    event,
    pair_created,
    participant_erased,
    session_completed,
)
from tests.unit.feedback.world import FeedbackWorld


async def test_program_settings_and_participants_skills_build_the_topic_vocabulary() -> None:
    world = FeedbackWorld(START)

    await world.catalog.on_program_event(event("ProgramLaunched"))
    await world.catalog.on_participant_event(event("ParticipantJoined"))

    policy = world.programs.policies[PROGRAM]
    assert policy.skills == {"generative ai", "negotiation"}
    assert await world.participants.role_in(PROGRAM, JUNIOR) == "junior"


async def test_participant_can_assess_their_own_skills_of_the_program() -> None:
    world = FeedbackWorld(START)
    await world.catalog.on_participant_event(event("ParticipantJoined"))

    saved = await world.self_assessments.record(PROGRAM, JUNIOR, "pre", [("Negotiation", 2)])

    assert [(level.skill, level.level) for level in saved.levels] == [("negotiation", 2)]
    assert await world.self_assessments.of(PROGRAM, JUNIOR) == [saved]


async def test_someone_outside_the_program_cannot_assess_themselves() -> None:
    world = FeedbackWorld(START)

    with pytest.raises(SubmissionRejected) as refused:
        await world.self_assessments.record(PROGRAM, "stranger", "pre", [("negotiation", 2)])

    assert refused.value.kind == "forbidden"


async def test_self_assessment_of_skills_outside_the_program_is_refused_with_each_problem() -> None:
    world = FeedbackWorld(START)
    await world.catalog.on_participant_event(event("ParticipantJoined"))

    with pytest.raises(SubmissionRejected) as refused:
        await world.self_assessments.record(
            PROGRAM, JUNIOR, "pre", [("juggling", 3), ("negotiation", 9)]
        )

    assert {p.field for p in refused.value.problems} == {"levels[0].skill", "levels[1].level"}
    assert world.assessments.assessments == {}


async def test_erasure_deletes_notes_and_keeps_answers_only_under_a_token() -> None:
    world = FeedbackWorld(START + timedelta(hours=2))
    await world.catalog.on_participant_event(event("ParticipantJoined"))
    await world.activity.on_pair_event(pair_created())
    await world.activity.on_session_event(session_completed(0))
    request_id = request_id_for("s-0", JUNIOR)
    await world.submissions.submit(
        request_id, JUNIOR, Draft(ratings=Ratings(5, 4, 5), private_note="only for me")
    )

    await world.eraser.erase(participant_erased())

    answered = world.requests.requests[request_id]
    assert answered.answer is not None
    assert answered.participant_id not in (JUNIOR, SENIOR)
    assert world.notes.notes == {}
    assert JUNIOR not in (
        world.pairs.pairs[PAIR_ID].junior_id,
        world.pairs.pairs[PAIR_ID].senior_id,
    )
    assert await world.participants.role_in(PROGRAM, JUNIOR) is None
    assert world.erasures.finished == {JUNIOR}


async def test_erased_person_can_no_longer_assess_themselves() -> None:
    world = FeedbackWorld(START)
    await world.catalog.on_participant_event(event("ParticipantJoined"))
    await world.eraser.erase(participant_erased())

    with pytest.raises(SubmissionRejected):
        await world.self_assessments.record(PROGRAM, JUNIOR, "post", [("negotiation", 4)])
