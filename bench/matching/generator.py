"""Seeded, realistic enterprise programs for tests and benchmarks.

Regions with their time zones, cities and languages; departments with reporting trees; a
skills taxonomy where a few skills (generative AI above all) are wanted by many seniors;
weekly availability in local office hours with some early birds and night owls; junior
capacities 1-3. The same seed and size always give the same participants.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from services.matching.domain.model import (
    LearningGoal,
    Participant,
    Role,
    SkillLevel,
    WeeklyWindow,
)


@dataclass(frozen=True)
class Region:
    name: str
    share: float
    # (time zone, city, local language or "")
    sites: tuple[tuple[str, str, str], ...]


REGIONS = (
    Region(
        "Americas",
        0.38,
        (
            ("America/New_York", "New York", ""),
            ("America/Chicago", "Chicago", ""),
            ("America/Los_Angeles", "San Francisco", ""),
            ("America/Toronto", "Toronto", "French"),
            ("America/Mexico_City", "Mexico City", "Spanish"),
            ("America/Sao_Paulo", "Sao Paulo", "Portuguese"),
        ),
    ),
    Region(
        "EMEA",
        0.37,
        (
            ("Europe/London", "London", ""),
            ("Europe/Berlin", "Berlin", "German"),
            ("Europe/Paris", "Paris", "French"),
            ("Europe/Madrid", "Madrid", "Spanish"),
            ("Africa/Johannesburg", "Johannesburg", ""),
            ("Asia/Dubai", "Dubai", "Arabic"),
        ),
    ),
    Region(
        "APAC",
        0.25,
        (
            ("Asia/Tokyo", "Tokyo", "Japanese"),
            ("Asia/Singapore", "Singapore", "Mandarin"),
            ("Asia/Kolkata", "Bangalore", "Hindi"),
            ("Australia/Sydney", "Sydney", ""),
            ("Asia/Shanghai", "Shanghai", "Mandarin"),
        ),
    ),
)
DEPARTMENTS = (
    "Engineering", "Finance", "Marketing", "Sales", "People", "Legal", "Operations",
    "Product", "Design", "Data", "Procurement", "Customer Success",
)  # fmt: skip
DIGITAL_SKILLS = (
    "generative AI", "prompt engineering", "social media", "TikTok", "data visualization",
    "Python", "no-code automation", "cybersecurity hygiene", "remote collaboration",
    "Gen Z culture", "personal branding online", "spreadsheets", "cloud basics",
    "mobile-first design", "podcasting", "video editing", "LinkedIn", "AI ethics",
    "product analytics", "low-code apps", "digital payments", "crypto basics", "metaverse",
    "open source", "agile tools", "customer communities", "SEO", "e-commerce",
    "data privacy", "inclusive language", "sustainability tech", "gaming culture",
    "chatbots", "machine learning basics", "smart home", "streaming culture", "memes",
    "design thinking", "UX research", "APIs",
)  # fmt: skip
LEADERSHIP_SKILLS = (
    "negotiation", "strategy", "stakeholder management", "public speaking",
    "career navigation", "budgeting", "leading teams", "giving feedback", "decision making",
    "board communication", "change management", "conflict resolution", "hiring",
    "executive presence", "networking", "business acumen", "crisis management",
    "mentoring others", "prioritisation", "storytelling", "corporate politics",
    "managing up", "time management", "international business", "product strategy",
)  # fmt: skip
DAYS = ("mon", "tue", "wed", "thu", "fri")


def _zipf_pick(rng: random.Random, items: tuple[str, ...], exponent: float, k: int) -> list[str]:
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(items))]
    chosen: list[str] = []
    while len(chosen) < min(k, len(items)):
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _availability(rng: random.Random) -> tuple[WeeklyWindow, ...]:
    style = rng.random()
    if style < 0.1:
        first, last = 6 * 60, 9 * 60  # early bird
    elif style < 0.2:
        first, last = 18 * 60, 22 * 60  # night owl
    else:
        first, last = 8 * 60, 18 * 60
    step = 15 if rng.random() < 0.1 else 30
    windows = []
    for day in rng.sample(DAYS, rng.randint(2, 4)):
        length = rng.choice((60, 90, 120, 180))
        start = first + step * rng.randrange(max(1, (last - first - 60) // step))
        windows.append(WeeklyWindow(day, _hhmm(start), _hhmm(min(start + length, 24 * 60))))
    return tuple(windows)


def generate_program(size: int, seed: int = 7, junior_share: float = 0.45) -> list[Participant]:
    rng = random.Random(seed)
    people: list[dict[str, object]] = []
    for number in range(size):
        region = rng.choices(REGIONS, [region.share for region in REGIONS])[0]
        timezone, city, local_language = rng.choice(region.sites)
        is_junior = rng.random() < junior_share
        languages = ["English"] if rng.random() < 0.93 or not local_language else []
        if local_language and (not languages or rng.random() < 0.6):
            languages.append(local_language)
        people.append(
            {
                "participant_id": f"p{number:06d}",
                "role": Role.JUNIOR if is_junior else Role.SENIOR,
                "department": rng.choice(DEPARTMENTS),
                "region": region.name,
                "timezone": timezone,
                "location": city,
                "languages": tuple(languages),
                "level": rng.randint(1, 4) if is_junior else rng.randint(5, 10),
            }
        )
    _reporting_chains(rng, people)
    return [_participant(rng, person) for person in people]


def _reporting_chains(rng: random.Random, people: list[dict[str, object]]) -> None:
    """Each person reports to someone more senior in the same department and region (a
    participant when there is one, otherwise a manager outside the program)."""
    by_unit: dict[tuple[object, object], list[dict[str, object]]] = {}
    for person in sorted(people, key=lambda p: (-int(str(p["level"])), str(p["participant_id"]))):
        unit = by_unit.setdefault((person["department"], person["region"]), [])
        bosses = [
            boss for boss in unit[-40:] if int(str(boss["level"])) > int(str(person["level"]))
        ]
        if bosses:
            boss = rng.choice(bosses)
            chain = (str(boss["participant_id"]), *tuple(boss["chain"])[:4])  # type: ignore[arg-type]
        else:
            chain = (f"outside-{person['department']}-{person['region']}",)
        person["chain"] = chain
        unit.append(person)


def _participant(rng: random.Random, person: dict[str, object]) -> Participant:
    is_junior = person["role"] is Role.JUNIOR
    teach, learn = (
        (DIGITAL_SKILLS, LEADERSHIP_SKILLS) if is_junior else (LEADERSHIP_SKILLS, DIGITAL_SKILLS)
    )
    offered = _zipf_pick(rng, teach, 1.0 if is_junior else 0.6, rng.randint(2, 5))
    goals = _zipf_pick(
        rng,
        learn,
        1.2 if not is_junior else 0.7,
        rng.randint(1, 3) if is_junior else rng.randint(2, 4),
    )
    others_id = f"p{rng.randrange(10**6):06d}"
    return Participant(
        participant_id=str(person["participant_id"]),
        role=person["role"],  # type: ignore[arg-type]
        display_name=f"Person {person['participant_id']}",
        email=f"{person['participant_id']}@example.com",
        department=str(person["department"]),
        location=str(person["location"]),
        timezone=str(person["timezone"]),
        languages=person["languages"],  # type: ignore[arg-type]
        seniority_level=int(str(person["level"])),
        reporting_chain=person["chain"],  # type: ignore[arg-type]
        skills_offered=tuple(
            SkillLevel(skill, rng.randint(2 if is_junior else 3, 5)) for skill in offered
        ),
        learning_goals=tuple(LearningGoal(skill, rng.randint(1, 5)) for skill in goals),
        availability=_availability(rng),
        capacity=rng.choices((1, 2, 3), (0.5, 0.3, 0.2))[0] if is_junior else None,
        exclude=(others_id,) if rng.random() < 0.01 else (),
    )
