"""The README's program file is one the API takes, with every settings and policy field."""

from __future__ import annotations

import json
from pathlib import Path

from services.matching.entrypoints.schemas import PolicyIn, ProgramLaunch
from shared.events import ProgramSettings

README = Path(__file__).resolve().parents[3] / "README.md"


def program_file() -> dict[str, object]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Program file", 1)[1]
    block = section.split("```json\n", 1)[1].split("```", 1)[0]
    return dict(json.loads(block))


def test_the_readme_program_file_launches_a_program() -> None:
    launch = ProgramLaunch.model_validate(program_file())
    assert launch.program_id == "emea-2026"


def test_the_readme_program_file_shows_every_field() -> None:
    body = program_file()
    assert set(body["settings"]) == set(ProgramSettings.model_fields)  # type: ignore[arg-type]
    assert set(body["policy"]) == set(PolicyIn.model_fields)  # type: ignore[arg-type]
