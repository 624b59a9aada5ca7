"""Insights: small groups are suppressed, learning is counted in both directions."""

from __future__ import annotations

from services.feedback.domain.insights import (
    AnswerRow,
    AssessmentRow,
    ProgramActivity,
    build_report,
    learning_matrix,
    net_promoter_score,
    skill_growth,
    summarise_ratings,
)
from services.feedback.domain.model import Role


def answer(
    who: str,
    role: Role = "senior",
    *,
    value: int = 4,
    learned: tuple[str, ...] = (),
    taught: tuple[str, ...] = (),
    program: str = "emea-1",
    cohort: str = "2026",
    safety: int | None = None,
) -> AnswerRow:
    return AnswerRow(
        respondent=who,
        role=role,
        program_id=program,
        cohort=cohort,
        value=value,
        preparation=value,
        psychological_safety=(safety or value) if role == "junior" else None,
        would_continue=value >= 3,
        topics_learned=learned,
        topics_taught=taught,
    )


def test_group_below_minimum_is_suppressed_not_counted() -> None:
    rows = [answer(f"s{i}") for i in range(4)]
    summary = summarise_ratings(rows, min_group_size=5)
    assert summary.suppressed
    assert summary.respondents is None
    assert summary.value_avg is None
    assert summary.nps is None


def test_group_at_minimum_is_shown() -> None:
    rows = [answer(f"s{i}", value=v) for i, v in enumerate([5, 5, 4, 3, 2])]
    summary = summarise_ratings(rows, min_group_size=5)
    assert not summary.suppressed
    assert summary.respondents == 5
    assert summary.value_avg == 3.8


def test_many_answers_from_few_people_are_still_a_small_group() -> None:
    rows = [answer(f"s{i % 3}") for i in range(30)]
    assert summarise_ratings(rows, min_group_size=5).suppressed


def test_psychological_safety_is_suppressed_when_few_juniors_answered() -> None:
    rows = [answer(f"s{i}") for i in range(6)] + [answer("j1", "junior", safety=2)]
    summary = summarise_ratings(rows, min_group_size=5)
    assert not summary.suppressed
    assert summary.psychological_safety_suppressed
    assert summary.psychological_safety_avg is None


def test_net_promoter_score_counts_fives_against_threes_and_below() -> None:
    assert net_promoter_score([5, 5, 5, 4, 1]) == 40.0
    assert net_promoter_score([3, 3, 4, 4]) == -50.0
    assert net_promoter_score([]) is None


def test_learning_matrix_counts_skills_in_both_directions() -> None:
    rows = [answer(f"s{i}", "senior", learned=("generative ai",)) for i in range(3)]
    rows += [answer(f"j{i}", "junior", taught=("generative ai",)) for i in range(3)]
    rows += [answer(f"j{i}", "junior", learned=("negotiation",)) for i in range(5)]
    cells = {(c.direction, c.skill): c for c in learning_matrix(rows, min_group_size=5)}
    juniors_teach = cells[("junior_to_senior", "generative ai")]
    assert not juniors_teach.suppressed
    assert juniors_teach.respondents == 6
    assert juniors_teach.mentions == 6
    seniors_teach = cells[("senior_to_junior", "negotiation")]
    assert seniors_teach.respondents == 5
    assert ("senior_to_junior", "generative ai") not in cells


def test_learning_matrix_cell_with_few_people_is_suppressed() -> None:
    rows = [answer("s1", learned=("tiktok",)) for _ in range(10)]
    rows += [answer(f"s{i}", learned=("python",)) for i in range(5)]
    cells = {c.skill: c for c in learning_matrix(rows, min_group_size=5)}
    assert cells["tiktok"].suppressed
    assert cells["tiktok"].respondents is None
    assert cells["tiktok"].mentions is None
    assert not cells["python"].suppressed


def test_senior_teaching_is_counted_senior_to_junior() -> None:
    rows = [answer(f"s{i}", "senior", taught=("strategy",)) for i in range(5)]
    [cell] = learning_matrix(rows, min_group_size=5)
    assert (cell.direction, cell.skill, cell.respondents) == ("senior_to_junior", "strategy", 5)


def test_skill_growth_needs_both_assessments_and_a_large_enough_group() -> None:
    rows = []
    for i in range(5):
        rows.append(AssessmentRow(f"s{i}", "senior", "pre", "generative ai", 1))
        rows.append(AssessmentRow(f"s{i}", "senior", "post", "generative ai", 3 + i % 2))
    rows.append(AssessmentRow("s9", "senior", "pre", "generative ai", 5))  # no post: left out
    rows += [AssessmentRow("j1", "junior", phase, "negotiation", 2) for phase in ("pre", "post")]
    cells = {c.skill: c for c in skill_growth(rows, min_group_size=5)}
    growth = cells["generative ai"]
    assert (growth.respondents, growth.mean_pre, growth.mean_post) == (5, 1.0, 3.4)
    assert growth.mean_change == 2.4
    assert cells["negotiation"].suppressed


def test_report_breaks_down_by_role_and_keeps_activity_counts() -> None:
    answers = [answer(f"s{i}", "senior", value=5) for i in range(5)]
    answers += [answer(f"j{i}", "junior", value=3) for i in range(2)]
    activity = [
        ProgramActivity(
            program_id="emea-1",
            cohort="2026",
            sessions_held=9,
            sessions_missed=1,
            requests={"junior": 8, "senior": 8},
            answered={"junior": 2, "senior": 5},
            pairs_active=4,
            pairs_at_risk=1,
        )
    ]
    report = build_report(
        scope={"program_id": "emea-1"}, min_group_size=5, answers=answers, programs=activity
    )
    assert report.activity.sessions_held == 9
    assert report.activity.completion_rate == 0.9
    assert report.activity.feedback_rate == round(7 / 16, 4)
    assert report.activity.pairs_at_risk == 1
    roles = {g.group: g for g in report.groups}
    assert roles["senior"].ratings.value_avg == 5.0
    assert roles["junior"].ratings.suppressed
    assert roles["junior"].activity.feedback_requests == 8
    assert roles["junior"].activity.sessions_held is None


def test_region_report_groups_by_cohort_and_program() -> None:
    answers = [answer(f"a{i}", program="p1", cohort="spring") for i in range(5)]
    answers += [answer(f"b{i}", program="p2", cohort="autumn") for i in range(3)]
    programs = [ProgramActivity("p1", "spring"), ProgramActivity("p2", "autumn")]
    report = build_report(
        scope={"region": "EMEA"},
        min_group_size=5,
        answers=answers,
        programs=programs,
        breakdowns=("cohort", "program"),
    )
    groups = {(g.dimension, g.group): g.ratings.suppressed for g in report.groups}
    assert groups == {
        ("cohort", "autumn"): True,
        ("cohort", "spring"): False,
        ("program", "p1"): False,
        ("program", "p2"): True,
    }
    assert report.ratings.respondents == 8
