"""The demo's enterprise: three regional programs and their people, as the APIs take them.

People come from the benchmark's seeded enterprise generator (reporting trees, Zipf-popular
skills, office-hours availability), split by region and mapped to the JSON participant
contract. Every id carries the run's tag, so a demo can run again on the same stack.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from samples.enterprise import REGIONS, generate_program
from services.matching.domain.model import Participant

LANGUAGE_CODES = {
    "English": "en", "German": "de", "French": "fr", "Spanish": "es", "Portuguese": "pt",
    "Arabic": "ar", "Japanese": "ja", "Mandarin": "zh", "Hindi": "hi",
}  # fmt: skip

FIRST_NAMES = {
    "EMEA": ("Ada", "Lukas", "Amelie", "Omar", "Sofia", "Thabo", "Claire", "Jonas", "Leila",
             "Mateo", "Freya", "Youssef", "Ines", "Noah", "Zanele", "Elena"),
    "APAC": ("Yuki", "Wei", "Priya", "Haruto", "Mei", "Arjun", "Chloe", "Kenji", "Ananya",
             "Jun", "Isla", "Rohan", "Sakura", "Li", "Aarav", "Hana"),
    "Americas": ("Maya", "Diego", "Olivia", "Lucas", "Camila", "Ethan", "Valentina", "Liam",
                 "Isabela", "Mason", "Ava", "Gabriel", "Sofia", "Caleb", "Lucia", "Noah"),
}  # fmt: skip
LAST_NAMES = {
    "EMEA": ("Schmidt", "Dubois", "Okafor", "Garcia", "Muller", "Haddad", "Smith", "Nkosi",
             "Rossi", "Laurent", "Weber", "Santos"),
    "APAC": ("Tanaka", "Chen", "Sharma", "Sato", "Wang", "Iyer", "Kim", "Nguyen", "Suzuki",
             "Patel", "Lim", "Wong"),
    "Americas": ("Johnson", "Silva", "Martinez", "Brown", "Oliveira", "Lopez", "Davis",
                 "Tremblay", "Hernandez", "Miller", "Costa", "Wilson"),
}  # fmt: skip


@dataclass(frozen=True)
class RegionalProgram:
    """How one region runs its program: its clock, languages, rhythm and calendar."""

    region: str
    timezone: str
    locales: tuple[str, ...]
    session_minutes: int
    fixed_holidays: tuple[tuple[int, int], ...]
    # (month, weekday 0=Mon, nth; -1 = last) for holidays such as Thanksgiving.
    floating_holidays: tuple[tuple[int, int, int], ...] = ()


REGIONAL_PROGRAMS = (
    RegionalProgram(
        "EMEA", "Europe/London", ("en", "de", "fr", "es"), 60,
        ((1, 1), (5, 1), (10, 3), (12, 24), (12, 25), (12, 26), (12, 31)),
    ),
    RegionalProgram(
        "APAC", "Asia/Singapore", ("en", "ja"), 45,
        ((1, 1), (1, 2), (1, 3), (2, 11), (4, 29), (5, 3), (5, 5), (8, 9), (11, 3), (11, 23),
         (12, 25)),
        ((1, 0, 2),),  # Coming of Age Day
    ),
    RegionalProgram(
        "Americas", "America/New_York", ("en", "es", "fr"), 60,
        ((1, 1), (6, 19), (7, 4), (9, 16), (12, 24), (12, 25)),
        ((1, 0, 3), (2, 0, 3), (5, 0, -1), (9, 0, 1), (11, 3, 4)),
    ),
)  # fmt: skip


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holidays(program: RegionalProgram, start: date, end: date) -> list[date]:
    """The region's public holidays between start and end: no sessions on those days."""
    found: set[date] = set()
    for year in range(start.year, end.year + 1):
        found.update(date(year, month, day) for month, day in program.fixed_holidays)
        found.update(nth_weekday(year, *rule) for rule in program.floating_holidays)
    return sorted(d for d in found if start <= d <= end)


def program_id_of(program: RegionalProgram, tag: str) -> str:
    return f"{program.region.lower()}-{tag}"


def program_body(
    program: RegionalProgram,
    *,
    tag: str,
    start: date,
    weeks: int,
    missed_after_hours: int,
    min_group_size: int,
) -> dict[str, Any]:
    """A POST /programs body: settings every service reads, and the matching policy."""
    end = start + timedelta(weeks=weeks)
    return {
        "program_id": program_id_of(program, tag),
        "settings": {
            "name": f"Reverse mentoring {program.region} {start.year}/{(start.year + 1) % 100:02d}",
            "region": program.region,
            "timezone": program.timezone,
            "locales": list(program.locales),
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "cadence_days": 14,
            "session_minutes": program.session_minutes,
            "approval_mode": "auto",
            "blackout_dates": [d.isoformat() for d in holidays(program, start, end)],
            "reminder_offsets_minutes": [1440],
            "missed_after_hours": missed_after_hours,
            "feedback_deadline_days": 7,
            "health_threshold": 0.5,
            "min_group_size": min_group_size,
            "cohort": f"{start.year}-wave-1",
            "admin_recipient_ids": [admin_id_of(program, tag)],
        },
        "policy": {"min_seniority_gap": 2, "min_weekly_overlap_minutes": 60},
    }


def admin_id_of(program: RegionalProgram, tag: str) -> str:
    return f"{tag}-hr-{program.region.lower()}"


def admin_contact(program: RegionalProgram, tag: str) -> dict[str, Any]:
    return {
        "display_name": f"HR {program.region} programs",
        "email": f"{admin_id_of(program, tag)}@example.com",
        "locale": "en",
        "timezone": program.timezone,
    }


@dataclass
class Cohort:
    """One program's people: who joins at launch, and who joins a few weeks later."""

    program: RegionalProgram
    program_id: str
    at_launch: list[dict[str, Any]] = field(default_factory=list)
    late: list[dict[str, Any]] = field(default_factory=list)

    @property
    def everyone(self) -> list[dict[str, Any]]:
        return self.at_launch + self.late


def _region_of_timezone() -> dict[str, str]:
    return {tz: region.name for region in REGIONS for tz, _city, _lang in region.sites}


def _safe_id(tag: str, raw: str) -> str:
    return f"{tag}-" + "".join(c if c.isalnum() or c in "._:@-" else "_" for c in raw)


def _locale(languages: list[str], locales: tuple[str, ...]) -> str:
    local = [code for code in languages if code != "en" and code in locales]
    if local:
        return local[0]
    return "en" if "en" in languages else locales[0]


def profile_of(
    person: Participant, tag: str, program: RegionalProgram, rng: random.Random
) -> dict[str, Any]:
    languages = [LANGUAGE_CODES[name] for name in person.languages]
    first = rng.choice(FIRST_NAMES[program.region])
    last = rng.choice(LAST_NAMES[program.region])
    profile: dict[str, Any] = {
        "participant_id": _safe_id(tag, person.participant_id),
        "role": person.role.value,
        "display_name": f"{first} {last}",
        "email": f"{_safe_id(tag, person.participant_id)}@example.com",
        "department": person.department,
        "location": person.location,
        "timezone": person.timezone,
        "languages": languages,
        "seniority_level": person.seniority_level,
        "reporting_chain": [_safe_id(tag, boss) for boss in person.reporting_chain],
        "skills_offered": [{"skill": s.skill, "level": s.level} for s in person.skills_offered],
        "learning_goals": [
            {"skill": g.skill, "priority": g.priority} for g in person.learning_goals
        ],
        "availability": [
            {"day": w.day, "start": w.start, "end": w.end} for w in person.availability
        ],
        "exclude": [_safe_id(tag, other) for other in person.exclude],
        "locale": _locale(languages, program.locales),
    }
    if person.capacity is not None:
        profile["capacity"] = person.capacity
    return profile


def build_cohorts(*, size: int, seed: int, tag: str, late_share: float) -> list[Cohort]:
    """`size` people across the three regions, a `late_share` of each region joining late."""
    region_of = _region_of_timezone()
    rng = random.Random(f"{seed}:names")
    cohorts = {p.region: Cohort(p, program_id_of(p, tag)) for p in REGIONAL_PROGRAMS}
    people: dict[str, list[dict[str, Any]]] = {region: [] for region in cohorts}
    for person in generate_program(size, seed=seed):
        region = region_of[person.timezone]
        people[region].append(profile_of(person, tag, cohorts[region].program, rng))
    for region, profiles in people.items():
        late = round(len(profiles) * late_share)
        cohorts[region].at_launch = profiles[: len(profiles) - late]
        cohorts[region].late = profiles[len(profiles) - late :]
    return list(cohorts.values())
