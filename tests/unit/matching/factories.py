"""Small, readable participants for matching tests."""

from __future__ import annotations

from datetime import date

from services.matching.domain import (
    LearningGoal,
    Participant,
    Role,
    SkillLevel,
    WeeklyWindow,
)

# Neither side has just switched to or from daylight saving time in this week.
QUIET_WEEK = date(2025, 6, 2)
OFFICE_HOURS = tuple(WeeklyWindow(day, "09:00", "17:00") for day in ("mon", "tue", "wed"))


def junior(
    participant_id: str,
    *,
    teaches: dict[str, int] | None = None,
    wants: dict[str, int] | None = None,
    level: int = 2,
    capacity: int | None = 1,
    languages: tuple[str, ...] = ("English",),
    timezone: str = "Europe/Berlin",
    availability: tuple[WeeklyWindow, ...] = OFFICE_HOURS,
    department: str = "Engineering",
    location: str = "Berlin",
    reporting_chain: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> Participant:
    return Participant(
        participant_id=participant_id,
        role=Role.JUNIOR,
        display_name=f"Junior {participant_id}",
        email=f"{participant_id}@example.com",
        department=department,
        location=location,
        timezone=timezone,
        languages=languages,
        seniority_level=level,
        reporting_chain=reporting_chain,
        skills_offered=tuple(
            SkillLevel(s, v) for s, v in (teaches or {"generative AI": 4}).items()
        ),
        learning_goals=tuple(LearningGoal(s, v) for s, v in (wants or {"negotiation": 3}).items()),
        availability=availability,
        capacity=capacity,
        exclude=exclude,
    )


def senior(
    participant_id: str,
    *,
    teaches: dict[str, int] | None = None,
    wants: dict[str, int] | None = None,
    level: int = 7,
    languages: tuple[str, ...] = ("English",),
    timezone: str = "Europe/Berlin",
    availability: tuple[WeeklyWindow, ...] = OFFICE_HOURS,
    department: str = "Finance",
    location: str = "Berlin",
    reporting_chain: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> Participant:
    return Participant(
        participant_id=participant_id,
        role=Role.SENIOR,
        display_name=f"Senior {participant_id}",
        email=f"{participant_id}@example.com",
        department=department,
        location=location,
        timezone=timezone,
        languages=languages,
        seniority_level=level,
        reporting_chain=reporting_chain,
        skills_offered=tuple(SkillLevel(s, v) for s, v in (teaches or {"negotiation": 5}).items()),
        learning_goals=tuple(
            LearningGoal(s, v) for s, v in (wants or {"generative AI": 5}).items()
        ),
        availability=availability,
        exclude=exclude,
    )
