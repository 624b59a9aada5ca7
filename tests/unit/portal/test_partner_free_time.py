"""The partner page shows when both members are free this week, as matching works it out."""

from __future__ import annotations

from tests.unit.portal.participant_fakes import PAIR, PROGRAM, participant_portal


def test_the_partner_page_shows_when_we_are_both_free() -> None:
    portal, _ = participant_portal()
    page = portal.client.get(f"/me/programs/{PROGRAM}/pairs/{PAIR}")
    assert page.status_code == 200, page.text
    shared = page.text.split("You are both free (on your clock, this week)")[1]
    assert "<li>Tue 09:00-11:00</li>" in shared


def test_no_overlap_says_so_and_suggests_adding_free_time() -> None:
    portal, apis = participant_portal()
    card = apis["matching"].partner_card

    async def without_overlap(token: str, program_id: str, pair_id: str) -> dict[str, object]:
        return {**await card(token, program_id, pair_id), "shared_availability": []}

    apis["matching"].partner_card = without_overlap
    page = portal.client.get(f"/me/programs/{PROGRAM}/pairs/{PAIR}")
    assert "do not overlap this week" in page.text
