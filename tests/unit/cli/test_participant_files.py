from pathlib import Path

from services.matching.adapters.participant_files import read_participants

HEADER = (
    "participant_id,role,display_name,email,department,location,timezone,languages,"
    "seniority_level,reporting_chain,skills_offered,learning_goals,availability,capacity,exclude\n"
)


def test_csv_rows_map_to_the_participant_contract(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        HEADER + "j1,junior,Ada,ada@example.com,IT,Berlin,Europe/Berlin,en;de,2,m1;m2,"
        "generative ai:4;python:3,negotiation:5,mon 09:00-12:00;thu 14:00-16:00,2,s9\n",
        encoding="utf-8",
    )
    parsed = read_participants(path)
    assert parsed.errors == []
    [(line, profile)] = parsed.rows
    assert line == 2
    assert profile.languages == ["en", "de"]
    assert profile.reporting_chain == ["m1", "m2"]
    assert [(s.skill, s.level) for s in profile.skills_offered] == [
        ("generative ai", 4),
        ("python", 3),
    ]
    assert [(w.day, w.start, w.end) for w in profile.availability] == [
        ("mon", "09:00", "12:00"),
        ("thu", "14:00", "16:00"),
    ]
    assert profile.capacity == 2
    assert profile.exclude == ["s9"]


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    good = "j1,junior,Ada,ada@example.com,IT,Berlin,Europe/Berlin,en,2,,,,,,\n"
    bad_level = "j2,junior,Bo,bo@example.com,IT,Berlin,Europe/Berlin,en,12,,,,,,\n"
    bad_zone = "s1,senior,Cy,cy@example.com,HR,Paris,Mars/Base,fr,8,,,,,,\n"
    repeat = "j1,junior,Ada,ada@example.com,IT,Berlin,Europe/Berlin,en,2,,,,,,\n"
    path.write_text(HEADER + good + bad_level + bad_zone + repeat, encoding="utf-8")
    parsed = read_participants(path)
    assert [p.participant_id for _, p in parsed.rows] == ["j1"]
    problems = dict(parsed.errors)
    assert set(problems) == {3, 4, 5}
    assert "seniority_level" in problems[3]
    assert "timezone" in problems[4]
    assert "line 2" in problems[5]


def test_json_lines_unknown_fields_and_broken_lines_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(
        '{"participant_id": "j1", "role": "junior", "display_name": "Ada", '
        '"email": "ada@example.com", "department": "IT", "location": "Berlin", '
        '"timezone": "Europe/Berlin", "languages": ["en"], "seniority_level": 2, "shoe_size": 9}\n'
        "\n"
        "{not json\n"
        "[1, 2]\n",
        encoding="utf-8",
    )
    parsed = read_participants(path)
    assert parsed.rows == []
    problems = dict(parsed.errors)
    assert "shoe_size" in problems[1]
    assert "not JSON" in problems[3]
    assert "JSON object" in problems[4]
    assert "ada@example.com" not in str(parsed.errors)
