"""The console's participants: CSV import reported row by row, server-side filters and
pages, erasure confirmed by typing the id again."""

from __future__ import annotations

from tests.unit.portal.console_session import BASE, CSV_HEADER, signed_in


def test_an_uploaded_csv_reports_the_bad_row_by_line_and_imports_the_rest() -> None:
    h, matching, _, _ = signed_in()
    content = (
        CSV_HEADER
        + "n1,junior,Ada,ada@example.com,IT,Berlin,Europe/Berlin,en,2,python:4,sales:3,mon 09:00-12:00\n"
        + "n2,boss,Bob,bob@example.com,HR,Berlin,Europe/Berlin,en,7,sales:4,python:3,mon 09:00-12:00\n"
        + "n3,senior,Cy,cy@example.com,Sales,Paris,Europe/Paris,en;fr,8,sales:4,ai:3,tue 09:00-12:00\n"
    )
    answer = h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", content.encode(), "text/csv")},
    )
    assert answer.status_code == 200
    assert "Line 3" in answer.text
    assert "role" in answer.text
    assert [p["participant_id"] for p in matching.joined] == ["n1", "n3"]
    assert "bob@example.com" not in answer.text


def test_a_file_that_is_not_utf8_is_refused_readably() -> None:
    h, matching, _, _ = signed_in()
    answer = h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", "é".encode("latin-1"), "text/csv")},
    )
    assert answer.status_code == 422
    assert "UTF-8" in answer.text
    assert matching.joined == []


def test_participants_are_filtered_and_paged_on_the_server() -> None:
    h, matching, _, _ = signed_in()
    page = h.client.get(f"{BASE}/participants?q=Person&role=junior&status=bogus&limit=2")
    name, args = matching.calls[-1]
    assert name == "list_participants"
    assert args[2] == 2  # limit
    assert args[4] == {"q": "Person", "role": "junior", "status": None}
    assert 'rel="next"' in page.text
    assert "cursor=2" in page.text


def test_erasing_needs_the_id_typed_again() -> None:
    h, matching, _, _ = signed_in()
    refused = h.client.post(
        f"{BASE}/participants/j1/erase", data={"csrf_token": h.csrf(), "confirm_id": "j2"}
    )
    assert refused.status_code == 422
    assert not any(name == "erase" for name, _ in matching.calls)
    done = h.client.post(
        f"{BASE}/participants/j1/erase",
        data={"csrf_token": h.csrf(), "confirm_id": "j1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert matching.calls[-1][0] == "erase"


def test_a_refused_upload_by_htmx_keeps_the_report_area_for_the_next_try() -> None:
    h, *_ = signed_in()
    answer = h.client.post(
        f"{BASE}/participants/upload",
        data={"csrf_token": h.csrf()},
        files={"file": ("people.csv", "é".encode("latin-1"), "text/csv")},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<div id="import-report"')
    assert "UTF-8" in answer.text
