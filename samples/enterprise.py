"""Seeded, realistic enterprise programs for tests and benchmarks.

Regions with their time zones, cities and languages; departments with reporting trees; a
skills taxonomy where a few skills (generative AI above all) are wanted by many seniors;
weekly availability in local office hours with some early birds and night owls; junior
capacities 1-3. The same seed and size always give the same participants.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


@lru_cache(maxsize=16)
def _zipf_weights(count: int, exponent: float) -> tuple[float, ...]:
    return tuple(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


def _zipf_pick(rng: random.Random, items: tuple[str, ...], exponent: float, k: int) -> list[str]:
    """k distinct items; the first items of the taxonomy are by far the most popular."""
    weights = _zipf_weights(len(items), exponent)
    chosen: list[str] = []
    while len(chosen) < min(k, len(items)):
        item = rng.choices(items, cum_weights=weights)[0]
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


@dataclass
class _Draft:
    participant_id: str
    role: Role
    department: str
    region: str
    timezone: str
    location: str
    languages: tuple[str, ...]
    level: int
    chain: tuple[str, ...] = ()


def generate_program(size: int, seed: int = 7, junior_share: float = 0.45) -> list[Participant]:
    rng = random.Random(seed)
    drafts: list[_Draft] = []
    for number in range(size):
        region = rng.choices(REGIONS, [region.share for region in REGIONS])[0]
        timezone, city, local_language = rng.choice(region.sites)
        is_junior = rng.random() < junior_share
        languages = ["English"] if rng.random() < 0.93 or not local_language else []
        if local_language and (not languages or rng.random() < 0.6):
            languages.append(local_language)
        drafts.append(
            _Draft(
                participant_id=f"p{number:06d}",
                role=Role.JUNIOR if is_junior else Role.SENIOR,
                department=rng.choice(DEPARTMENTS),
                region=region.name,
                timezone=timezone,
                location=city,
                languages=tuple(languages),
                level=rng.randint(1, 4) if is_junior else rng.randint(5, 10),
            )
        )
    _reporting_chains(rng, drafts)
    return [_participant(rng, draft) for draft in drafts]


def _reporting_chains(rng: random.Random, drafts: list[_Draft]) -> None:
    """Each person reports to someone more senior in the same department and region (a
    participant when there is one, otherwise a manager outside the program)."""
    by_unit: dict[tuple[str, str], list[_Draft]] = {}
    for draft in sorted(drafts, key=lambda d: (-d.level, d.participant_id)):
        unit = by_unit.setdefault((draft.department, draft.region), [])
        bosses = [boss for boss in unit[-40:] if boss.level > draft.level]
        if bosses:
            boss = rng.choice(bosses)
            draft.chain = (boss.participant_id, *boss.chain[:4])
        else:
            draft.chain = (f"outside-{draft.department}-{draft.region}".replace(" ", "-"),)
        unit.append(draft)


def _participant(rng: random.Random, draft: _Draft) -> Participant:
    is_junior = draft.role is Role.JUNIOR
    teach, learn = (DIGITAL_SKILLS, LEADERSHIP_SKILLS) if is_junior else (
        LEADERSHIP_SKILLS, DIGITAL_SKILLS
    )  # fmt: skip
    offered = _zipf_pick(rng, teach, 1.0 if is_junior else 0.6, rng.randint(2, 5))
    goals = _zipf_pick(
        rng, learn, 0.7 if is_junior else 1.2, rng.randint(1, 3) if is_junior else rng.randint(2, 4)
    )
    lowest_level = 2 if is_junior else 3
    return Participant(
        participant_id=draft.participant_id,
        role=draft.role,
        display_name=f"Person {draft.participant_id}",
        email=f"{draft.participant_id}@example.com",
        department=draft.department,
        location=draft.location,
        timezone=draft.timezone,
        languages=draft.languages,
        seniority_level=draft.level,
        reporting_chain=draft.chain,
        skills_offered=tuple(SkillLevel(s, rng.randint(lowest_level, 5)) for s in offered),
        learning_goals=tuple(LearningGoal(s, rng.randint(1, 5)) for s in goals),
        availability=_availability(rng),
        capacity=rng.choices((1, 2, 3), (0.5, 0.3, 0.2))[0] if is_junior else None,
        exclude=(f"p{rng.randrange(10**6):06d}",) if rng.random() < 0.01 else (),
    )


LANGUAGE_CODES = {
    "English": "en", "German": "de", "French": "fr", "Spanish": "es", "Portuguese": "pt",
    "Arabic": "ar", "Japanese": "ja", "Mandarin": "zh", "Hindi": "hi",
}  # fmt: skip


def participant_line(person: Participant) -> dict[str, object]:
    """The JSON Lines record of the participant contract (`twoway match plan`, the API)."""
    return {
        "participant_id": person.participant_id,
        "role": person.role.value,
        "display_name": person.display_name,
        "email": person.email,
        "department": person.department,
        "location": person.location,
        "timezone": person.timezone,
        "languages": [LANGUAGE_CODES[name] for name in person.languages],
        "seniority_level": person.seniority_level,
        "reporting_chain": list(person.reporting_chain),
        "skills_offered": [{"skill": s.skill, "level": s.level} for s in person.skills_offered],
        "learning_goals": [
            {"skill": g.skill, "priority": g.priority} for g in person.learning_goals
        ],
        "availability": [
            {"day": w.day, "start": w.start, "end": w.end} for w in person.availability
        ],
        "capacity": person.capacity,
        "exclude": list(person.exclude),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a generated program as JSON Lines.")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args(argv)
    with options.out.open("w", encoding="utf-8") as out:
        for person in generate_program(options.size, seed=options.seed):
            out.write(json.dumps(participant_line(person)) + "\n")


if __name__ == "__main__":
    main()
