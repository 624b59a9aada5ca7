"""Reviewing a large proposed round: its pairs page by page, ticks kept across the pages, and
"approve ticked" approving every ticked pair of the round, not only the page in view."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from services.portal.domain.round_ticks import keep, kept_for, left_out_after, to_approve
from tests.unit.portal.console_data import PAIR, PROGRAM_ID, console
from tests.unit.portal.fakes import PortalHarness, harness

BASE = f"/admin/programs/{PROGRAM_ID}"
ROUND = f"{BASE}/rounds/r-1"


def with_proposed_pairs(count: int) -> tuple[PortalHarness, Any]:
    matching, feedback, scheduling = console()
    matching.rounds[PROGRAM_ID]["pairs"] = [
        {**PAIR, "pair_id": f"pr-{n:03d}", "junior_id": f"j{n}", "score": 100.0 - n}
        for n in range(count)
    ]
    h = harness(matching=matching, feedback=feedback, scheduling=scheduling)
    h.client.__enter__()
    h.sign_in()
    return h, matching


def next_page_button(text: str) -> str:
    found = re.search(r'formaction="[^"]*/ticks" name="go" value="([^"]*)">Next', text)
    assert found, "the pager of a round awaiting approval submits the ticks"
    return unescape(found.group(1))


def test_a_page_left_out_in_the_form_is_remembered_and_ticked_again_brings_it_back() -> None:
    left = left_out_after(set(), shown=["a", "b", "c"], ticked=["a", "c"])
    assert left == {"b"}
    assert left_out_after(left, shown=["d", "e"], ticked=["d"]) == {"b", "e"}
    assert left_out_after({"b", "e"}, shown=["a", "b", "c"], ticked=["a", "b", "c"]) == {"e"}
    assert to_approve(["a", "b", "c", "e"], {"e"}) == ["a", "b", "c"]


def test_the_session_keeps_the_latest_rounds_only() -> None:
    kept: dict[str, Any] = {}
    for n in range(8):
        kept = keep(kept, f"r{n}", {f"p{n}"})
    assert len(kept) == 5
    assert kept_for(kept, "r7") == {"p7"}
    assert kept_for(kept, "r0") == set()
    assert "r7" not in keep(kept, "r7", set())


def test_a_round_is_read_as_a_summary_and_one_page_of_pairs_never_whole() -> None:
    h, matching = with_proposed_pairs(120)
    page = h.client.get(ROUND)
    assert page.status_code == 200
    names = [name for name, _ in matching.calls]
    assert "get_round" not in names
    assert ("round_pairs", 50) in [(n, a[3]) for n, a in matching.calls if n == "round_pairs"]
    assert page.text.count('name="pair_ids"') == 50
    assert "Proposed pairs (120)" in page.text
    assert "120 proposed pairs, 0 of them unticked so far" in page.text


def test_approving_ticked_pairs_covers_every_page_not_only_the_one_in_view() -> None:
    h, matching = with_proposed_pairs(120)
    first = h.client.get(ROUND)
    shown_first = re.findall(r'name="shown" value="([^"]+)"', first.text)
    ticked_first = [p for p in shown_first if p != "pr-003"]
    turned = h.client.post(
        f"{ROUND}/ticks",
        data={
            "csrf_token": h.csrf(),
            "shown": shown_first,
            "pair_ids": ticked_first,
            "go": next_page_button(first.text),
        },
        follow_redirects=False,
    )
    assert turned.status_code == 303
    second = h.client.get(turned.headers["location"])
    assert "120 proposed pairs, 1 of them unticked so far" in second.text
    shown_second = re.findall(r'name="shown" value="([^"]+)"', second.text)
    assert "pr-060" in shown_second
    assert "pr-003" not in shown_second
    h.client.post(
        f"{ROUND}/approve",
        data={
            "csrf_token": h.csrf(),
            "scope": "selected",
            "shown": shown_second,
            "pair_ids": [p for p in shown_second if p != "pr-060"],
        },
        follow_redirects=False,
    )
    name, args = matching.calls[-1]
    assert name == "approve_round"
    approved = args[3]
    assert len(approved) == 118
    assert "pr-003" not in approved
    assert "pr-060" not in approved
    assert "pr-119" in approved  # on the third page, never opened
    again = h.client.get(ROUND)
    assert (
        "120 proposed pairs, 0 of them unticked so far" in again.text
    )  # the round's ticks are let go


def test_approve_every_pair_or_every_ticked_one_with_none_left_out() -> None:
    h, matching = with_proposed_pairs(3)
    page = h.client.get(ROUND)
    assert "These pairs wait for your approval" in page.text
    h.client.post(
        f"{ROUND}/approve", data={"csrf_token": h.csrf(), "scope": "all"}, follow_redirects=False
    )
    assert matching.calls[-1][0] == "approve_round"
    assert matching.calls[-1][1][3] is None
    shown = ["pr-000", "pr-001", "pr-002"]
    h.client.post(
        f"{ROUND}/approve",
        data={"csrf_token": h.csrf(), "scope": "selected", "shown": shown, "pair_ids": shown},
        follow_redirects=False,
    )
    assert matching.calls[-1][1][3] is None  # nothing left out: the whole round


def test_the_pager_keeps_only_its_own_fields_so_it_cannot_redirect_elsewhere() -> None:
    h, _ = with_proposed_pairs(3)
    h.client.get(ROUND)
    turned = h.client.post(
        f"{ROUND}/ticks",
        data={"csrf_token": h.csrf(), "go": "https://elsewhere.example/x?cursor=2&next=//evil"},
        follow_redirects=False,
    )
    assert turned.headers["location"] == f"{ROUND}?cursor=2"
