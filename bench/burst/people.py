"""The burst's two programs: a large one and a small one whose reminder falls due during the
burst.

The large one is the matching benchmark's realistic population (skills drawn from a Zipf law,
varied levels, capacities and weekly availability; almost every senior can be paired), all in
one time zone so that quiet hours hold no one's mail back, with weekly sessions for a quarter.
The load run's population is not used: its people are identical but for their ids, and the
matching engine keeps each person's best 30 (junior) or 50 (senior) candidates, tie-broken the
same way for everyone, so among identical people a round pairs at most 80.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bench.load.population import Person, Program, Timing
from samples.enterprise import generate_program, participant_line

LARGE_TIMING = Timing(cadence_days=7, program_days=90, reminder_minutes=60)
SMALL_PROGRAM = "burst-reminder"
# The small pair meets in the early afternoon, so its reminder (an hour before) and the large
# program's mail both fall outside everyone's quiet hours.
AFTERNOON = [
    {"day": day, "start": "13:00", "end": "16:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


LARGE_PROGRAM, ZONE = "burst-large", "Europe/London"
LARGE_DOMAIN = "@load.example.com"


@dataclass(frozen=True, slots=True)
class Roster:
    program: Program
    rows: list[dict[str, Any]]

    @property
    def emails(self) -> set[str]:
        return {str(row["email"]) for row in self.rows}

    def of_role(self, role: str) -> list[str]:
        return [str(row["participant_id"]) for row in self.rows if row["role"] == role]


def large_program(participants: int, seed: int) -> Roster:
    rows = []
    for person in generate_program(participants, seed=seed):
        row = participant_line(person)
        row["timezone"] = ZONE
        row["email"] = f"{row['participant_id']}{LARGE_DOMAIN}"
        rows.append(row)
    return Roster(Program(LARGE_PROGRAM, "emea", ZONE, "en", ()), rows)


def small_program() -> Roster:
    people = tuple(
        Person(
            program_id=SMALL_PROGRAM,
            participant_id=f"{SMALL_PROGRAM}-{role[0]}0",
            role=role,
            display_name=f"Reminder {role.title()}",
            email=f"{role}@reminder.example.com",
            unmatchable=False,
        )
        for role in ("junior", "senior")
    )
    program = Program(SMALL_PROGRAM, "emea", ZONE, "en", people)
    rows = program.profiles()
    for row in rows:
        row["availability"] = AFTERNOON
    return Roster(program, rows)


def launch_body(program: Program, start: date) -> dict[str, Any]:
    return program.launch_body(start, LARGE_TIMING)


def large_start(today: date) -> date:
    """A week out, so moving the clock to the small pair's reminder reaches none of its own."""
    return today + timedelta(days=7)
