"""A small program as the services would describe it, for the admin console's tests."""

from __future__ import annotations

from typing import Any

from tests.unit.portal.matching_fakes import FakeMatching
from tests.unit.portal.service_fakes import FakeFeedback, FakeScheduling

PROGRAM_ID = "emea-2026"


def settings(**changes: Any) -> dict[str, Any]:
    return {
        "name": "EMEA 2026",
        "region": "emea",
        "timezone": "Europe/Berlin",
        "locales": ["en", "de"],
        "start_date": "2026-03-01",
        "end_date": "2026-09-30",
        "cadence_days": 14,
        "session_minutes": 60,
        "approval_mode": "admin",
        "blackout_dates": [],
        "reminder_offsets_minutes": [1440, 60],
        "missed_after_hours": 12,
        "feedback_deadline_days": 7,
        "health_threshold": 0.5,
        "min_group_size": 5,
        "cohort": "default",
        "admin_recipient_ids": [],
        "chat_webhook_url": None,
        "branding_name": None,
        **changes,
    }


def profile(pid: str, role: str) -> dict[str, Any]:
    return {
        "participant_id": pid,
        "role": role,
        "display_name": f"Person {pid}",
        "email": f"{pid}@example.com",
        "department": "IT" if role == "junior" else "Sales",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en"],
        "seniority_level": 2 if role == "junior" else 7,
        "reporting_chain": [],
        "skills_offered": [{"skill": "generative ai", "level": 4}],
        "learning_goals": [{"skill": "negotiation", "priority": 3}],
        "availability": [{"day": "tue", "start": "09:00", "end": "12:00"}],
        "capacity": 1,
        "exclude": [],
    }


PAIR = {
    "pair_id": "pr-1",
    "program_id": PROGRAM_ID,
    "junior_id": "j1",
    "senior_id": "s1",
    "score": 21.5,
    "reasons": [
        {"code": "junior_teaches", "text": "j1 can teach generative ai: +12.00", "points": 12.0},
        {"code": "availability", "text": "3 shared hours a week: +6.00", "points": 6.0},
    ],
    "status": "proposed",
    "round_id": "r-1",
}
REPORT = {
    "junior_match_rate": 0.5,
    "senior_match_rate": 1.0,
    "new_pairs": 1,
    "kept_pairs": 0,
    "mean_score": 21.5,
    "lowest_score": 21.5,
    "gap_to_upper_bound": 0.02,
    "top_k": 3,
    "top_k_share": 1.0,
    "unmatched_by_reason": {"nobody_to_pair_with": 1},
}
INSIGHTS = {
    "scope": {"program_id": PROGRAM_ID},
    "min_group_size": 5,
    "activity": {
        "feedback_requests": 10,
        "feedback_answered": 8,
        "feedback_rate": 0.8,
        "sessions_held": 6,
        "sessions_missed": 1,
        "completion_rate": 0.85,
        "pairs_active": 1,
        "pairs_at_risk": 1,
    },
    "ratings": {
        "suppressed": False,
        "respondents": 6,
        "answers": 8,
        "value_avg": 4.2,
        "preparation_avg": 3.9,
        "psychological_safety_avg": None,
        "psychological_safety_suppressed": True,
        "would_continue_rate": 0.9,
        "nps": 40.0,
    },
    "groups": [
        {
            "dimension": "role",
            "group": "junior",
            "activity": {"feedback_requests": 5, "feedback_answered": 4, "feedback_rate": 0.8},
            "ratings": {"suppressed": True},
        }
    ],
    "learning_matrix": [
        {
            "direction": "junior_to_senior",
            "skill": "generative ai",
            "suppressed": False,
            "respondents": 6,
            "mentions": 9,
        },
        {
            "direction": "senior_to_junior",
            "skill": "negotiation",
            "suppressed": True,
            "respondents": None,
            "mentions": None,
        },
    ],
    "skill_growth": [],
}


def console() -> tuple[FakeMatching, FakeFeedback, FakeScheduling]:
    matching, feedback, scheduling = FakeMatching(), FakeFeedback(), FakeScheduling()
    matching.programs[PROGRAM_ID] = {
        "program_id": PROGRAM_ID,
        "settings": settings(),
        "program_version": 1,
        "policy": {"min_seniority_gap": 2, "weights": {"junior_teaches": 0.6}, "top_k": 3},
        "policy_version": 1,
        "participants": {"active": 3},
        "active_pairs": 1,
    }
    matching.participants[PROGRAM_ID] = {
        pid: {
            "participant_id": pid,
            "program_id": PROGRAM_ID,
            "status": "active",
            "profile_version": 1,
            "role": role,
            "display_name": f"Person {pid}",
            "participant": profile(pid, role),
        }
        for pid, role in (("j1", "junior"), ("j2", "junior"), ("s1", "senior"))
    }
    matching.rounds[PROGRAM_ID] = {
        "round_id": "r-1",
        "program_id": PROGRAM_ID,
        "dry_run": False,
        "status": "proposed",
        "pairs": [dict(PAIR)],
        "unmatched": [
            {
                "participant_id": "j2",
                "role": "junior",
                "reason": "nobody_to_pair_with",
                "detail": "",
            }
        ],
        "report": REPORT,
    }
    matching.pairs[PROGRAM_ID] = {"pr-1": {**PAIR, "status": "active"}}
    matching.history[PROGRAM_ID] = [
        {"version": 1, "policy": {"min_seniority_gap": 2}, "at": "2026-03-01T08:00:00+00:00"},
        {"version": 2, "policy": {"min_seniority_gap": 3}, "at": "2026-03-02T08:00:00+00:00"},
    ]
    feedback.insight[PROGRAM_ID] = INSIGHTS
    feedback.health[PROGRAM_ID] = [
        {
            "pair_id": "pr-1",
            "junior_id": "j1",
            "senior_id": "s1",
            "at_risk": True,
            "episode": 1,
            "score": 0.31,
            "concerns": ["missed_sessions", "low_ratings"],
            "components": {},
            "last_session_at": "2026-04-01T09:00:00+00:00",
            "evaluated_at": None,
        }
    ]
    feedback.requests["j1"] = [
        {
            "request_id": "fr-1",
            "program_id": PROGRAM_ID,
            "pair_id": "pr-1",
            "session_id": "se-1",
            "participant_id": "j1",
            "role": "junior",
            "session_start": "2026-03-10T09:00:00+00:00",
            "status": "answered",
            "answer": {
                "ratings": {"value": 4, "preparation": 3},
                "would_continue": True,
                "private_note": "PRIVATE-NOTE-TEXT",
            },
        }
    ]
    scheduling.series["pr-1"] = {
        "pair_id": "pr-1",
        "program_id": PROGRAM_ID,
        "junior_id": "j1",
        "senior_id": "s1",
        "status": "planned",
        "sessions": [
            {
                "session_id": "se-1",
                "index": 1,
                "start": "2026-03-10T09:00:00+00:00",
                "status": "completed",
                "attendance": {
                    "attended_junior": True,
                    "attended_senior": True,
                    "minutes": 55,
                    "notes_taken": True,
                },
            },
            {
                "session_id": "se-2",
                "index": 2,
                "start": "2026-03-24T09:00:00+00:00",
                "status": "missed",
                "attendance": None,
            },
        ],
    }
    return matching, feedback, scheduling
