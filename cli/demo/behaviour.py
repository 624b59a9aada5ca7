"""How the demo's simulated people behave: who meets, who drifts, what they say afterwards.

Most pairs thrive; a few stall in the ways programs really see (they stop meeting, they do not
click, the junior mentor does not feel safe to speak) so the platform's early warning, the end
of those pairs and their rematching all happen. Pairs take their kind in the order the demo
first meets them, spread over the mix like a low-discrepancy sequence rather than drawn one by
one: among any ten pairs every 15 % share of the mix is met at least once, so even a small demo
shows stalls (with 15 % of the mix stalling, the 10 to 15 pairs of a 30-person demo drawn one by
one have none in 9 to 20 % of runs). Every
other choice is seeded by the pair, session or request id.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["thriving", "steady", "ghosting", "poor_fit", "unsafe"]
GOLDEN_STEP = 0.6180339887498949  # the golden ratio's fractional part spreads points most evenly
KINDS: tuple[tuple[Kind, float], ...] = (
    ("thriving", 0.55),
    ("steady", 0.30),
    ("ghosting", 0.07),
    ("poor_fit", 0.06),
    ("unsafe", 0.02),
)


@dataclass(frozen=True)
class Temperament:
    attends: float  # chance a session takes place (else it is missed)
    both_attend: float  # chance both people came, when it took place
    answers: float  # chance a person answers a feedback request at all
    prompt: float  # chance they answer at once rather than days later
    value: tuple[int, int]
    preparation: tuple[int, int]
    safety: tuple[int, int]
    continues: float


TEMPERAMENTS: dict[Kind, Temperament] = {
    "thriving": Temperament(0.97, 0.97, 0.92, 0.8, (4, 5), (4, 5), (4, 5), 0.99),
    "steady": Temperament(0.88, 0.9, 0.8, 0.6, (3, 5), (3, 4), (3, 5), 0.9),
    "ghosting": Temperament(0.0, 0.5, 0.5, 0.3, (2, 3), (1, 3), (3, 4), 0.5),
    "poor_fit": Temperament(0.9, 0.8, 1.0, 0.9, (1, 2), (1, 2), (3, 3), 0.0),
    "unsafe": Temperament(0.95, 1.0, 1.0, 1.0, (2, 3), (3, 4), (1, 2), 0.3),
}


def kind_at(point: float) -> Kind:
    """The kind whose share of the mix covers `point` in [0, 1)."""
    edge = 0.0
    for kind, weight in KINDS:
        edge += weight
        if point < edge:
            return kind
    return KINDS[-1][0]


def _skills(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["skill"]).strip().lower() for item in items]


def _overlap(offered: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> list[str]:
    """What one side can teach that the other wants; else the teacher's first skill."""
    goals = set(_skills(wanted))
    return [s for s in _skills(offered) if s in goals] or _skills(offered)[:1]


class Behaviour:
    def __init__(self, seed: int, profiles: dict[str, dict[str, Any]]) -> None:
        self._seed = seed
        self._profiles = profiles
        self._kinds: dict[str, Kind] = {}
        self._offset = random.Random(f"{seed}:kinds").random()

    def _rng(self, *parts: str) -> random.Random:
        return random.Random(":".join((str(self._seed), *parts)))

    def kind_of(self, pair_id: str) -> Kind:
        kind = self._kinds.get(pair_id)
        if kind is None:
            kind = kind_at((self._offset + len(self._kinds) * GOLDEN_STEP) % 1.0)
            self._kinds[pair_id] = kind
        return kind

    def attendance(self, pair_id: str, session_id: str, index: int) -> dict[str, Any] | None:
        """What to report for a session that has started; None leaves it to be missed."""
        kind = self.kind_of(pair_id)
        temper = TEMPERAMENTS[kind]
        rng = self._rng("session", session_id)
        attends = temper.attends
        if kind == "ghosting" and index == 0:
            attends = 0.3  # some ghosting pairs meet once, then drift apart
        if rng.random() >= attends:
            return None
        junior = senior = True
        if rng.random() >= temper.both_attend:
            junior, senior = (True, False) if rng.random() < 0.5 else (False, True)
        return {
            "attended_junior": junior,
            "attended_senior": senior,
            "minutes": rng.choice((40, 45, 50, 55, 60, 60, 60)),
            "notes_taken": rng.random() < 0.6,
        }

    def completer(self, pair: dict[str, Any], session_id: str) -> str:
        """Either person may confirm that the session took place."""
        junior_confirms = self._rng("confirm", session_id).random() < 0.6
        return str(pair["junior_id"] if junior_confirms else pair["senior_id"])

    def answer_delay(self, pair_id: str, request_id: str) -> int | None:
        """Steps until this request is answered; None when it never is."""
        temper = TEMPERAMENTS[self.kind_of(pair_id)]
        rng = self._rng("answers", request_id)
        if rng.random() >= temper.answers:
            return None
        return 0 if rng.random() < temper.prompt else rng.randint(1, 5)

    def answer(
        self, request: dict[str, Any], pair: dict[str, Any], session_index: int
    ) -> dict[str, Any]:
        kind = self.kind_of(pair["pair_id"])
        temper = TEMPERAMENTS[kind]
        rng = self._rng("answer", request["request_id"])
        role = request["role"]
        junior = self._profiles.get(pair.get("junior_id", ""), {})
        senior = self._profiles.get(pair.get("senior_id", ""), {})
        me, other = (junior, senior) if role == "junior" else (senior, junior)
        ratings: dict[str, int] = {
            "value": rng.randint(*temper.value),
            "preparation": rng.randint(*temper.preparation),
        }
        if role == "junior":
            safe = temper.safety
            if kind == "unsafe" and session_index == 0:
                safe = (3, 4)  # the first meeting still felt fine
            ratings["psychological_safety"] = rng.randint(*safe)
        learnable = _overlap(other.get("skills_offered", []), me.get("learning_goals", []))
        teachable = _overlap(me.get("skills_offered", []), other.get("learning_goals", []))
        engaged = kind not in ("poor_fit", "ghosting")
        return {
            "ratings": ratings,
            "topics_learned": rng.sample(learnable, min(len(learnable), rng.randint(1, 2)))
            if engaged
            else [],
            "topics_taught": rng.sample(teachable, min(len(teachable), rng.randint(0, 2)))
            if engaged
            else [],
            "would_continue": rng.random() < temper.continues,
        }

    def self_levels(self, participant_id: str, phase: str, grew: bool) -> list[dict[str, Any]]:
        """A participant's own view of their learning goals, before and after the program."""
        profile = self._profiles[participant_id]
        rng = self._rng("levels", participant_id)
        levels = []
        for goal in _skills(profile.get("learning_goals", []))[:4]:
            before = rng.randint(1, 3)
            gain = rng.choice((0, 1, 1, 2)) if grew else rng.choice((0, 0, 1))
            levels.append({"skill": goal, "level": before if phase == "pre" else before + gain})
        return levels
