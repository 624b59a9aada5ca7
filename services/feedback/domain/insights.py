"""Program insights: what pairs achieve, in both directions, without exposing anyone.

Opinions (ratings, topics, self-assessments) are only shown for groups with at least the
program's minimum number of distinct respondents; smaller groups are marked suppressed rather
than given a number. Counts of sessions and requests describe activity, not people's views,
and are shown as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from services.feedback.domain.model import Phase, Role

Dimension = Literal["role", "cohort", "program"]
Direction = Literal["junior_to_senior", "senior_to_junior"]
ROLES: tuple[Role, ...] = ("junior", "senior")
DIRECTIONS: tuple[Direction, ...] = ("junior_to_senior", "senior_to_junior")


@dataclass(frozen=True, slots=True)
class AnswerRow:
    respondent: str  # a participant id, or an anonymous token after erasure
    role: Role
    program_id: str
    cohort: str
    value: int
    preparation: int
    psychological_safety: int | None
    would_continue: bool
    topics_learned: tuple[str, ...] = ()
    topics_taught: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgramActivity:
    program_id: str
    cohort: str
    sessions_held: int = 0
    sessions_missed: int = 0
    requests: dict[Role, int] = field(default_factory=dict)
    answered: dict[Role, int] = field(default_factory=dict)
    pairs_active: int = 0
    pairs_at_risk: int = 0


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    respondent: str
    role: Role
    phase: Phase
    skill: str
    level: int


@dataclass(frozen=True, slots=True)
class ActivityFigures:
    feedback_requests: int
    feedback_answered: int
    feedback_rate: float | None
    sessions_held: int | None = None
    sessions_missed: int | None = None
    completion_rate: float | None = None
    pairs_active: int | None = None
    pairs_at_risk: int | None = None


@dataclass(frozen=True, slots=True)
class RatingSummary:
    suppressed: bool
    respondents: int | None = None
    answers: int | None = None
    value_avg: float | None = None
    preparation_avg: float | None = None
    psychological_safety_avg: float | None = None
    psychological_safety_suppressed: bool = True
    would_continue_rate: float | None = None
    nps: float | None = None


@dataclass(frozen=True, slots=True)
class GroupFigures:
    dimension: Dimension
    group: str
    activity: ActivityFigures
    ratings: RatingSummary


@dataclass(frozen=True, slots=True)
class MatrixCell:
    direction: Direction
    skill: str
    suppressed: bool
    respondents: int | None = None
    mentions: int | None = None


@dataclass(frozen=True, slots=True)
class GrowthCell:
    skill: str
    suppressed: bool
    respondents: int | None = None
    mean_pre: float | None = None
    mean_post: float | None = None
    mean_change: float | None = None


@dataclass(frozen=True, slots=True)
class InsightsReport:
    scope: dict[str, str]
    min_group_size: int
    activity: ActivityFigures
    ratings: RatingSummary
    groups: tuple[GroupFigures, ...]
    learning_matrix: tuple[MatrixCell, ...]
    skill_growth: tuple[GrowthCell, ...]


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def net_promoter_score(values: Sequence[int]) -> float | None:
    """NPS on the 1-5 value rating: 5 promotes, 4 is passive, 1-3 detract; -100..100."""
    if not values:
        return None
    promoters = sum(1 for v in values if v == 5)
    detractors = sum(1 for v in values if v <= 3)
    return round(100 * (promoters - detractors) / len(values), 1)


def summarise_ratings(rows: Sequence[AnswerRow], min_group_size: int) -> RatingSummary:
    respondents = {r.respondent for r in rows}
    if len(respondents) < min_group_size:
        return RatingSummary(suppressed=True)
    # Only junior mentors are asked about psychological safety: judge that subgroup on its own.
    safety = [r for r in rows if r.role == "junior" and r.psychological_safety is not None]
    safety_shown = len({r.respondent for r in safety}) >= min_group_size
    return RatingSummary(
        suppressed=False,
        respondents=len(respondents),
        answers=len(rows),
        value_avg=_mean([r.value for r in rows]),
        preparation_avg=_mean([r.preparation for r in rows]),
        psychological_safety_avg=(
            _mean([r.psychological_safety for r in safety if r.psychological_safety is not None])
            if safety_shown
            else None
        ),
        psychological_safety_suppressed=not safety_shown,
        would_continue_rate=_ratio(sum(1 for r in rows if r.would_continue), len(rows)),
        nps=net_promoter_score([r.value for r in rows]),
    )


def learning_matrix(rows: Iterable[AnswerRow], min_group_size: int) -> tuple[MatrixCell, ...]:
    """Skills that moved in each direction, as reported by the learner or by the teacher."""
    people: dict[tuple[Direction, str], set[str]] = defaultdict(set)
    mentions: dict[tuple[Direction, str], int] = defaultdict(int)
    for row in rows:
        learned_dir: Direction = "junior_to_senior" if row.role == "senior" else "senior_to_junior"
        taught_dir: Direction = "junior_to_senior" if row.role == "junior" else "senior_to_junior"
        reports = ((learned_dir, row.topics_learned), (taught_dir, row.topics_taught))
        for direction, topics in reports:
            for skill in topics:
                people[(direction, skill)].add(row.respondent)
                mentions[(direction, skill)] += 1
    cells = []
    for (direction, skill), who in people.items():
        if len(who) < min_group_size:
            cells.append(MatrixCell(direction=direction, skill=skill, suppressed=True))
        else:
            cells.append(
                MatrixCell(
                    direction=direction,
                    skill=skill,
                    suppressed=False,
                    respondents=len(who),
                    mentions=mentions[(direction, skill)],
                )
            )
    return tuple(sorted(cells, key=lambda c: (DIRECTIONS.index(c.direction), c.skill)))


def skill_growth(rows: Iterable[AssessmentRow], min_group_size: int) -> tuple[GrowthCell, ...]:
    """Change from the pre to the post self-assessment, for people who gave both."""
    levels: dict[tuple[str, str], dict[Phase, int]] = defaultdict(dict)
    for row in rows:
        levels[(row.skill, row.respondent)][row.phase] = row.level
    by_skill: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (skill, _respondent), phases in levels.items():
        if "pre" in phases and "post" in phases:
            by_skill[skill].append((phases["pre"], phases["post"]))
    cells = []
    for skill in sorted(by_skill):
        pairs = by_skill[skill]
        if len(pairs) < min_group_size:
            cells.append(GrowthCell(skill=skill, suppressed=True))
            continue
        pre = [p for p, _ in pairs]
        post = [q for _, q in pairs]
        cells.append(
            GrowthCell(
                skill=skill,
                suppressed=False,
                respondents=len(pairs),
                mean_pre=_mean(pre),
                mean_post=_mean(post),
                mean_change=round(sum(q - p for p, q in pairs) / len(pairs), 2),
            )
        )
    return tuple(cells)


def _activity(programs: Sequence[ProgramActivity], role: Role | None = None) -> ActivityFigures:
    roles = ROLES if role is None else (role,)
    requested = sum(p.requests.get(r, 0) for p in programs for r in roles)
    answered = sum(p.answered.get(r, 0) for p in programs for r in roles)
    if role is not None:
        # Sessions and pairs belong to both roles at once; they are not split by role.
        return ActivityFigures(requested, answered, _ratio(answered, requested))
    held = sum(p.sessions_held for p in programs)
    missed = sum(p.sessions_missed for p in programs)
    return ActivityFigures(
        feedback_requests=requested,
        feedback_answered=answered,
        feedback_rate=_ratio(answered, requested),
        sessions_held=held,
        sessions_missed=missed,
        completion_rate=_ratio(held, held + missed),
        pairs_active=sum(p.pairs_active for p in programs),
        pairs_at_risk=sum(p.pairs_at_risk for p in programs),
    )


_GROUP_OF: dict[Dimension, Callable[[AnswerRow | ProgramActivity], str]] = {
    "cohort": lambda item: item.cohort,
    "program": lambda item: item.program_id,
}


def _groups(
    dimension: Dimension,
    answers: Sequence[AnswerRow],
    programs: Sequence[ProgramActivity],
    min_group_size: int,
) -> list[GroupFigures]:
    if dimension == "role":
        return [
            GroupFigures(
                dimension="role",
                group=role,
                activity=_activity(programs, role),
                ratings=summarise_ratings([a for a in answers if a.role == role], min_group_size),
            )
            for role in ROLES
        ]
    key = _GROUP_OF[dimension]
    names = sorted({key(p) for p in programs} | {key(a) for a in answers})
    return [
        GroupFigures(
            dimension=dimension,
            group=name,
            activity=_activity([p for p in programs if key(p) == name]),
            ratings=summarise_ratings([a for a in answers if key(a) == name], min_group_size),
        )
        for name in names
    ]


def build_report(
    *,
    scope: dict[str, str],
    min_group_size: int,
    answers: Sequence[AnswerRow],
    programs: Sequence[ProgramActivity],
    assessments: Sequence[AssessmentRow] = (),
    breakdowns: Sequence[Dimension] = ("role",),
) -> InsightsReport:
    groups: list[GroupFigures] = []
    for dimension in breakdowns:
        groups.extend(_groups(dimension, answers, programs, min_group_size))
    return InsightsReport(
        scope=dict(scope),
        min_group_size=min_group_size,
        activity=_activity(programs),
        ratings=summarise_ratings(answers, min_group_size),
        groups=tuple(groups),
        learning_matrix=learning_matrix(answers, min_group_size),
        skill_growth=skill_growth(assessments, min_group_size),
    )
