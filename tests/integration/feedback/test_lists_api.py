"""Feedback's paged pair health and a person's requests by status, on the real broker and DB."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.feedback.conftest import FeedbackHarness, wait_for
from tests.integration.feedback.scenario import Pair, answer, new_id, program_launched

pytestmark = pytest.mark.integration


async def test_pair_health_pages_through_every_active_pair_once_and_filters_at_risk(
    feedback: FeedbackHarness,
) -> None:
    program_id = new_id("prog")
    await feedback.publish(program_launched(program_id, feedback.now()))
    pairs = [Pair(program_id) for _ in range(23)]
    await feedback.publish(*(p.created(feedback.now()) for p in pairs))

    async def all_assessed() -> bool:
        # A new pair is stored, then assessed once: wait for both, or the first assessment
        # could overwrite the edit below.
        assessed = {"program_id": program_id, "health.evaluated_at": {"$ne": None}}
        return await feedback.db["pairs"].count_documents(assessed) == len(pairs)

    await wait_for(all_assessed)
    # Three pairs as the health check leaves them when it finds a pair at risk.
    risky = sorted(p.pair_id for p in pairs)[::8]
    await feedback.db["pairs"].update_many(
        {"_id": {"$in": risky}},
        {"$set": {"health.at_risk": True, "health.episode": 1}, "$inc": {"version": 1}},
    )
    admin = feedback.token("hr", "program_admin", programs=[program_id])
    path = f"/programs/{program_id}/pair-health"

    seen: list[str] = []
    params: dict[str, Any] = {"limit": 5}
    while True:
        page = (await feedback.http.get(path, params=params, headers=admin)).json()
        seen.extend(p["pair_id"] for p in page["items"])
        assert page["total"] == 23
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    at_risk = await feedback.http.get(path, params={"at_risk_only": "true"}, headers=admin)
    reused = await feedback.http.get(
        path, params={"at_risk_only": "true", "cursor": params["cursor"]}, headers=admin
    )
    stranger = await feedback.http.get(
        path, headers=feedback.token("x", "program_admin", programs=["elsewhere"])
    )
    participant = await feedback.http.get(path, headers=feedback.token(pairs[0].junior_id))

    assert seen == sorted(p.pair_id for p in pairs)
    assert [p["pair_id"] for p in at_risk.json()["items"]] == risky
    assert at_risk.json()["total"] == 3
    assert reused.status_code == 422
    assert reused.json()["error"] == "invalid_cursor"
    assert stranger.status_code == 403
    assert participant.status_code == 403


async def test_a_person_lists_pending_and_answered_requests_apart(
    feedback: FeedbackHarness,
) -> None:
    program_id = new_id("prog")
    await feedback.publish(program_launched(program_id, feedback.now()))
    pair = Pair(program_id)
    await feedback.publish(pair.created(feedback.now()), pair.completed(feedback.now()))
    request_id = await feedback.request_for(pair.pair_id, pair.junior_id)
    me = feedback.token(pair.junior_id)
    path = f"/participants/{pair.junior_id}/feedback-requests"

    pending_before = await feedback.http.get(path, params={"status": "pending"}, headers=me)
    body = answer(4, junior=True)
    sent = await feedback.http.post(
        f"/feedback-requests/{request_id}/answer", json=body, headers=me
    )
    pending_after = await feedback.http.get(path, params={"status": "pending"}, headers=me)
    answered = await feedback.http.get(path, params={"status": "answered"}, headers=me)
    everything = await feedback.http.get(path, headers=me)
    bad = await feedback.http.get(path, params={"status": "lost"}, headers=me)
    other = await feedback.http.get(path, headers=feedback.token(pair.senior_id))

    assert [r["request_id"] for r in pending_before.json()] == [request_id]
    assert sent.status_code == 201, sent.text
    assert pending_after.json() == []
    assert [r["request_id"] for r in answered.json()] == [request_id]
    assert [r["request_id"] for r in everything.json()] == [request_id]
    assert bad.status_code == 422
    assert other.status_code == 403
