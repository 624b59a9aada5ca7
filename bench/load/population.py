"""The programs and people of a load run: deterministic from a seed, sized by one number.

Most people can be matched (complementary skills, a seniority gap, shared daytime
availability in the program's time zone); a few seniors are deliberately unmatchable (no
seniority gap with any junior), so "matched or explained" has explanations to check.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

REGIONS = (
    ("emea", "Europe/London", "en"),
    ("apac", "Asia/Singapore", "en"),
    ("americas", "America/New_York", "es"),
)
JUNIOR_SKILLS = ("generative ai", "social media", "data literacy", "collaboration tools")
SENIOR_SKILLS = ("negotiation", "strategy", "leadership", "stakeholder management")
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson")
EVERY_DAY = [
    {"day": day, "start": "08:00", "end": "20:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


@dataclass(frozen=True, slots=True)
class Timing:
    """Program time of a run: short cadences so a whole series fits in a few clock steps."""

    cadence_days: int = 2
    program_days: int = 6
    reminder_minutes: int = 720
    missed_after_hours: int = 12
    feedback_deadline_days: int = 2


@dataclass(frozen=True, slots=True)
class Person:
    program_id: str
    participant_id: str
    role: str
    display_name: str
    email: str
    unmatchable: bool

    def profile(self, timezone: str) -> dict[str, Any]:
        junior = self.role == "junior"
        skills = JUNIOR_SKILLS if junior else SENIOR_SKILLS
        goals = SENIOR_SKILLS if junior else JUNIOR_SKILLS
        return {
            "participant_id": self.participant_id,
            "role": self.role,
            "display_name": self.display_name,
            "email": self.email,
            "department": "Engineering" if junior else "Sales",
            "location": "Remote",
            "timezone": timezone,
            "languages": ["en"],
            "seniority_level": 2 if junior else (3 if self.unmatchable else 7),
            "skills_offered": [{"skill": s, "level": 4} for s in skills[:2]],
            "learning_goals": [{"skill": s, "priority": 4} for s in goals[:2]],
            "availability": EVERY_DAY,
        }


@dataclass(frozen=True, slots=True)
class Program:
    program_id: str
    region: str
    timezone: str
    locale: str
    people: tuple[Person, ...]

    def launch_body(self, start: date, timing: Timing) -> dict[str, Any]:
        return {
            "program_id": self.program_id,
            "settings": {
                "name": f"Load {self.region}",
                "region": self.region,
                "timezone": self.timezone,
                "locales": [self.locale],
                "start_date": start.isoformat(),
                "end_date": (start + timedelta(days=timing.program_days)).isoformat(),
                "cadence_days": timing.cadence_days,
                "session_minutes": 60,
                "reminder_offsets_minutes": [timing.reminder_minutes],
                "missed_after_hours": timing.missed_after_hours,
                "feedback_deadline_days": timing.feedback_deadline_days,
                "approval_mode": "auto",
            },
            "policy": {"min_seniority_gap": 2, "min_weekly_overlap_minutes": 60},
        }

    def profiles(self) -> list[dict[str, Any]]:
        return [p.profile(self.timezone) for p in self.people]


def build_programs(
    participants: int, *, programs: int = 2, seed: int = 7, unmatchable_share: float = 0.03
) -> list[Program]:
    """`participants` people split over `programs` regional programs, half juniors."""
    rng = random.Random(seed)
    built = []
    per_program = max(2, participants // programs)
    for index in range(programs):
        region, timezone, locale = REGIONS[index % len(REGIONS)]
        program_id = f"load-{region}-{index}"
        people = []
        for n in range(per_program):
            role = "junior" if n % 2 == 0 else "senior"
            pid = f"{program_id}-{role[0]}{n:05d}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            people.append(
                Person(
                    program_id=program_id,
                    participant_id=pid,
                    role=role,
                    display_name=f"{first} {last}-{index}-{n:05d}",
                    email=f"{first.lower()}.{last.lower()}.{index}.{n:05d}@load.example.com",
                    unmatchable=role == "senior" and rng.random() < unmatchable_share,
                )
            )
        built.append(Program(program_id, region, timezone, locale, tuple(people)))
    return built
