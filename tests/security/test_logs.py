"""No personal data in logs: after the whole flow (join, match, schedule, hold a session,
answer feedback with a private note, rename someone, erase someone, refused and invalid
requests), no service log holds a participant's email, name or private note."""

from __future__ import annotations

import json

import pytest

from tests.security.world import SecuredWorld

pytestmark = pytest.mark.integration


def test_service_logs_hold_no_email_name_or_note(secured: SecuredWorld) -> None:
    logs = {path.name: path.read_text(errors="replace") for path in secured.platform.log_paths()}
    assert len(logs) == 4
    assert all(logs.values()), "every service wrote a log"
    leaks = {
        (name, secret)
        for name, text in logs.items()
        for secret in secured.personal_strings()
        if secret in text
    }
    assert leaks == set()


def test_every_log_line_is_structured_json(secured: SecuredWorld) -> None:
    for path in secured.platform.log_paths():
        records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        assert records, path.name
        assert all({"ts", "level", "service", "logger", "msg"} <= set(r) for r in records)
