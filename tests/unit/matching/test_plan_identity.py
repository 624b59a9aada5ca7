"""A plan for a fixed input is pinned: faster reading, encoding or reporting must not move a
single pair, score, reason or report figure.

The digests were computed by the planner before its reading and reporting were reworked for
speed; a change of the algorithm itself (rules, scores, candidates) changes them on purpose,
and then they are recomputed with `plan_digest`.
"""

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from samples.enterprise import generate_program, participant_line
from services.matching.adapters.participant_files import read_participants, read_valid_participants
from services.matching.application.mapping import DomainParticipants, to_domain_participant
from services.matching.entrypoints.planning import plan_from_files

WEEK = date(2025, 3, 10)


def plan_digest(plan: dict[str, Any]) -> str:
    """Everything in the plan but the timings, in a canonical form."""
    report = {key: value for key, value in plan["report"].items() if key != "timings_seconds"}
    canonical = {"pairs": plan["pairs"], "unmatched": plan["unmatched"], "report": report}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def planned(tmp_path: Path, size: int, seed: int) -> dict[str, Any]:
    participants = tmp_path / "participants.jsonl"
    with participants.open("w", encoding="utf-8") as out:
        for person in generate_program(size, seed=seed):
            out.write(json.dumps(participant_line(person)) + "\n")
    policy = tmp_path / "policy.json"
    policy.write_text("{}", encoding="utf-8")
    return plan_from_files(participants, policy, reference_week=WEEK)


@pytest.mark.parametrize(
    ("size", "seed", "digest"),
    [
        pytest.param(
            1_200,
            3,
            "ea9ebcca2d595405ee7cdb4fa34be926a0b79feacc36adc41a337ed8ac34456b",
            id="every-free-pair-compared",
        ),
        pytest.param(
            4_000,
            11,
            "e01560fe5778f9a85addeb18f8d9eed9053902f79ee0aa8146fd4d08aa9f4196",
            id="indexed-candidates-and-a-scanned-person",
        ),
    ],
)
def test_plan_of_a_generated_program_is_unchanged(tmp_path, size, seed, digest):
    assert plan_digest(planned(tmp_path, size, seed)) == digest


def test_planner_maps_profiles_as_the_service_does(tmp_path):
    people = generate_program(300, seed=5)
    path = tmp_path / "participants.jsonl"
    path.write_text("".join(json.dumps(participant_line(p)) + "\n" for p in people), "utf-8")
    profiles = [profile for _, profile in read_participants(path).rows]
    assert DomainParticipants().of(profiles) == [to_domain_participant(p, "") for p in profiles]


def test_fast_reader_gives_what_the_shared_reader_gives(tmp_path):
    lines = [json.dumps(participant_line(p)) for p in generate_program(200, seed=9)]
    path = tmp_path / "participants.jsonl"
    path.write_bytes(("\n".join(lines[:100]) + "\r\n  \n" + "\r".join(lines[100:])).encode())
    fast, shared = read_valid_participants(path), read_participants(path)
    assert fast.rows == shared.rows
    assert fast.errors == shared.errors == []


@pytest.mark.parametrize(
    "spoiler",
    [
        b'{"participant_id": "p1"}',  # missing fields
        b"not json",
        b"[1, 2]",
        b"\xef\xbb\xbf{}",  # a byte order mark
        b'{"email": "\xff"}',  # not UTF-8
    ],
)
def test_a_bad_line_is_reported_as_the_shared_reader_reports_it(tmp_path, spoiler):
    lines = [json.dumps(participant_line(p)).encode() for p in generate_program(50, seed=2)]
    path = tmp_path / "participants.jsonl"
    path.write_bytes(b"\n".join([*lines[:20], spoiler, *lines[20:], lines[3]]) + b"\n")
    try:
        expected = read_participants(path)
    except UnicodeDecodeError:
        with pytest.raises(UnicodeDecodeError):
            read_valid_participants(path)
        return
    found = read_valid_participants(path)
    assert found.errors == expected.errors
    assert found.errors
    assert found.rows == expected.rows
