"""The console's page headers: a program is asked of matching once per person for a short while,
and forgotten as soon as its settings or policy are saved."""

from __future__ import annotations

from services.portal.application.program_headers import ProgramHeaders
from tests.unit.portal.console_data import PROGRAM_ID
from tests.unit.portal.console_session import BASE, signed_in


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_header_is_kept_per_person_for_a_while_then_asked_again() -> None:
    clock = Clock()
    headers = ProgramHeaders(ttl_seconds=30, now=clock)
    headers.put("admin", "p1", {"program_id": "p1"})
    assert headers.get("admin", "p1") == {"program_id": "p1"}
    assert headers.get("someone-else", "p1") is None
    clock.now = 31
    assert headers.get("admin", "p1") is None


def test_the_oldest_headers_leave_first_and_a_program_can_be_forgotten() -> None:
    headers = ProgramHeaders(max_entries=2)
    for program in ("p1", "p2", "p3"):
        headers.put("admin", program, {"program_id": program})
    assert headers.get("admin", "p1") is None
    headers.forget("p3")
    assert headers.get("admin", "p3") is None
    assert headers.get("admin", "p2") is not None


def test_pages_of_one_program_ask_matching_for_it_once_until_its_settings_are_saved() -> None:
    h, matching, _, _ = signed_in()
    for tab in ("participants", "pairs", "health", "insights", "matching"):
        assert h.client.get(f"{BASE}/{tab}").status_code == 200
    asked = [args for name, args in matching.calls if name == "get_program"]
    assert len(asked) == 1
    h.client.post(
        f"{BASE}/policy",
        data={"csrf_token": h.csrf(), "min_seniority_gap": "3"},
        follow_redirects=False,
    )
    h.client.get(f"{BASE}/health")
    asked = [args for name, args in matching.calls if name == "get_program"]
    assert asked[-1][1] == PROGRAM_ID
    assert len(asked) >= 2
