import dataclasses
import json
from datetime import date

import pytest

from samples.enterprise import LANGUAGE_CODES, generate_program, participant_line
from services.matching.entrypoints.planning import (
    PlanningInputError,
    load_participants,
    plan_from_files,
)

WEEK = date(2025, 6, 4)


def person(participant_id: str, role: str, **changes: object) -> dict[str, object]:
    line: dict[str, object] = {
        "participant_id": participant_id,
        "role": role,
        "display_name": participant_id.title(),
        "email": f"{participant_id}@example.com",
        "department": "Finance" if role == "senior" else "Engineering",
        "location": "Berlin",
        "timezone": "Europe/Berlin",
        "languages": ["en"],
        "seniority_level": 8 if role == "senior" else 2,
        "reporting_chain": [],
        "skills_offered": [{"skill": "negotiation" if role == "senior" else "generative AI",
                            "level": 4}],
        "learning_goals": [{"skill": "generative AI" if role == "senior" else "negotiation",
                            "priority": 5}],
        "availability": [{"day": "mon", "start": "09:00", "end": "12:00"}],
    }  # fmt: skip
    line.update(changes)
    return line


def write_files(tmp_path, people, policy=None):
    participants = tmp_path / "participants.jsonl"
    participants.write_text("\n".join(json.dumps(p) for p in people) + "\n", encoding="utf-8")
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps(policy or {}), encoding="utf-8")
    return participants, policy_file


def test_plan_pairs_people_and_explains_every_pair(tmp_path):
    files = write_files(
        tmp_path,
        [person("j1", "junior", capacity=2), person("s1", "senior"), person("s2", "senior")],
        {"min_seniority_gap": 3, "weights": {"match_bonus": 5}},
    )
    plan = plan_from_files(*files, reference_week=WEEK)
    assert {(p["junior_id"], p["senior_id"]) for p in plan["pairs"]} == {("j1", "s1"), ("j1", "s2")}
    reasons = plan["pairs"][0]["reasons"]
    assert {"code", "text", "points"} == set(reasons[0])
    assert sum(r["points"] for r in reasons) == pytest.approx(plan["pairs"][0]["score"])
    assert plan["unmatched"] == []
    report = plan["report"]
    assert report["reference_week"] == "2025-06-02"
    assert report["senior_match_rate"] == 1.0
    assert set(report["timings_seconds"]) == {
        "read",
        "encode",
        "candidates",
        "assignment",
        "report",
    }
    json.dumps(plan)  # the plan is plain JSON


def test_unmatched_people_carry_their_reason(tmp_path):
    files = write_files(
        tmp_path, [person("j1", "junior"), person("s1", "senior", languages=["th"])]
    )
    plan = plan_from_files(*files, reference_week=WEEK)
    assert [(u["participant_id"], u["reason"]) for u in plan["unmatched"]] == [
        ("j1", "no_common_language"),
        ("s1", "no_common_language"),
    ]


def test_every_bad_line_is_reported_with_its_line_number(tmp_path):
    participants = tmp_path / "participants.jsonl"
    participants.write_text(
        "\n".join(
            [
                json.dumps(person("j1", "junior")),
                "{not json",
                json.dumps(person("s1", "senior", favourite_colour="blue")),
                "",
                json.dumps(person("j1", "junior")),
                json.dumps(person("s2", "boss", timezone="Mars/Olympus", seniority_level=11)),
                json.dumps(person("s3", "senior", availability=[
                    {"day": "funday", "start": "09:00", "end": "10:00"},
                    {"day": "mon", "start": "11:00", "end": "10:00"},
                    {"day": "tue", "start": "25:00", "end": "26:00"},
                ])),
                json.dumps({k: v for k, v in person("s4", "senior").items() if k != "email"}),
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    policy = tmp_path / "policy.json"
    policy.write_text("{}", encoding="utf-8")
    with pytest.raises(PlanningInputError) as raised:
        plan_from_files(participants, policy, reference_week=WEEK)
    messages = [str(problem) for problem in raised.value.problems]
    where = [(problem.line, problem.message) for problem in raised.value.problems]
    assert where[0][0] == 2
    assert "not JSON" in where[0][1]
    assert (3, "favourite_colour: Extra inputs are not permitted") in where
    assert any(line == 5 and "repeats line 1" in m for line, m in where)
    assert any(line == 6 and "role" in m for line, m in where)
    assert any(line == 6 and "unknown IANA time zone" in m for line, m in where)
    assert not any("Mars/Olympus" in m for m in messages)  # what was sent is never echoed
    assert any(line == 6 and "seniority_level" in m for line, m in where)
    assert any(line == 7 and "availability.0.day" in m for line, m in where)
    assert any(
        line == 7 and "availability.1" in m and "end must be after start" in m for line, m in where
    )
    assert any(line == 7 and "availability.2.start" in m for line, m in where)
    assert any(line == 8 and "email: Field required" in m for line, m in where)
    assert all(m.startswith(f"{participants}:") for m in messages)


def test_policy_with_unknown_or_bad_fields_is_refused(tmp_path):
    files = write_files(
        tmp_path,
        [person("j1", "junior")],
        {"min_seniority_gap": "two", "weights": {"junior_teachs": 1, "match_bonus": -1},
         "colour": "red"},
    )  # fmt: skip
    with pytest.raises(PlanningInputError) as raised:
        plan_from_files(*files, reference_week=WEEK)
    text = str(raised.value)
    assert "colour: Extra inputs are not permitted" in text
    assert "weights.junior_teachs: Extra inputs are not permitted" in text
    assert "min_seniority_gap: Input should be a valid integer" in text


def test_policy_values_out_of_range_are_refused(tmp_path):
    files = write_files(
        tmp_path, [person("j1", "junior")], {"top_k": 0, "weights": {"match_bonus": -1}}
    )
    with pytest.raises(PlanningInputError) as raised:
        plan_from_files(*files, reference_week=WEEK)
    assert "top_k: Input should be greater than or equal to 1" in str(raised.value)
    assert "weights.match_bonus: Input should be greater than or equal to 0" in str(raised.value)


def test_missing_file_is_a_planning_error(tmp_path):
    with pytest.raises(PlanningInputError, match="cannot read"):
        plan_from_files(tmp_path / "nope.jsonl", tmp_path / "nope.json", reference_week=WEEK)


def test_progress_is_reported_from_reading_to_done(tmp_path):
    files = write_files(tmp_path, [person("j1", "junior"), person("s1", "senior")])
    heard: list[str] = []
    plan_from_files(*files, reference_week=WEEK, progress=lambda phase, _: heard.append(phase))
    assert heard == ["read", "encode", "candidates", "assignment", "report", "done"]


def test_generated_program_round_trips_through_the_file_format(tmp_path):
    people = generate_program(200, seed=9)
    path = tmp_path / "participants.jsonl"
    path.write_text("".join(json.dumps(participant_line(p)) + "\n" for p in people), "utf-8")
    loaded = load_participants(path)

    def as_written(person):  # the contract stores language codes and lower-case skills
        return dataclasses.replace(
            person,
            program_id="",
            languages=tuple(LANGUAGE_CODES.get(name, name) for name in person.languages),
            skills_offered=tuple(
                dataclasses.replace(s, skill=s.skill.lower()) for s in person.skills_offered
            ),
            learning_goals=tuple(
                dataclasses.replace(g, skill=g.skill.lower()) for g in person.learning_goals
            ),
        )

    assert loaded == [as_written(p) for p in people]
