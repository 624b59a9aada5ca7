"""The console's enrolment rules: rows of department or place, role and seniority, saved as
the program's whole list, on a fake matching API."""

from __future__ import annotations

from services.portal.domain.enrolment_rules_form import read_rules_form
from services.portal.domain.failures import NotAllowed
from tests.unit.portal.fakes import EMEA_ADMIN_CLAIMS
from tests.unit.portal.test_enrolment_and_audit_pages import BASE, signed_in

TREASURY = {"department": "Treasury", "role": "junior", "seniority_level": 2}


def test_the_rules_page_shows_the_rules_and_room_for_more() -> None:
    h, provisioning = signed_in()
    provisioning.rules = [TREASURY]
    answer = h.client.get(f"{BASE}/enrol/rules")
    assert answer.status_code == 200
    assert 'name="rule-0-department" maxlength="100" value="Treasury"' in answer.text
    assert 'name="rule-2-department"' in answer.text  # two empty rows to add rules
    assert 'name="rule-3-department"' not in answer.text
    assert f'href="{BASE}/enrol/rules"' in h.client.get(f"{BASE}/enrol").text


def test_saving_sends_the_filled_rows_and_drops_the_removed_ones() -> None:
    h, provisioning = signed_in()
    provisioning.rules = [TREASURY]
    answer = h.client.post(
        f"{BASE}/enrol/rules",
        data={
            "csrf_token": h.csrf(),
            "rule-0-department": "Treasury",
            "rule-0-role": "junior",
            "rule-0-seniority_level": "2",
            "rule-0-remove": "1",
            "rule-1-department": "",
            "rule-1-location": " Nairobi ",
            "rule-1-role": "senior",
            "rule-1-seniority_level": "7",
            "rule-2-department": "",
            "rule-2-location": "",
            "rule-2-role": "junior",
            "rule-2-seniority_level": "3",
        },
    )
    assert answer.status_code == 200, answer.text
    assert provisioning.rules == [{"location": "Nairobi", "role": "senior", "seniority_level": 7}]
    assert "1 rule(s) saved; 3 people enrolled now." in answer.text


def test_a_bad_row_is_refused_without_calling_matching() -> None:
    h, provisioning = signed_in()
    answer = h.client.post(
        f"{BASE}/enrol/rules",
        data={
            "csrf_token": h.csrf(),
            "rule-0-department": "Legal",
            "rule-0-role": "chief",
            "rule-0-seniority_level": "12",
        },
    )
    assert answer.status_code == 422
    assert "Choose junior or senior for each rule." in answer.text
    assert "Seniority is a whole number from 1 to 10." in answer.text
    assert not [c for c in provisioning.calls if c[0] == "set_enrolment_rules"]


def test_a_program_of_another_region_reads_as_a_message() -> None:
    h, provisioning = signed_in(EMEA_ADMIN_CLAIMS)
    csrf = h.csrf()
    provisioning.fail_with = NotAllowed("matching", "forbidden")
    answer = h.client.post(
        f"{BASE}/enrol/rules",
        data={
            "csrf_token": csrf,
            "rule-0-location": "Oslo",
            "rule-0-role": "junior",
            "rule-0-seniority_level": "2",
        },
    )
    assert answer.status_code == 403
    assert 'role="alert"' in answer.text


def test_rows_without_a_department_or_place_are_left_out() -> None:
    form = read_rules_form(
        {
            "rule-0-department": " ",
            "rule-0-role": "senior",
            "rule-1-location": "Lima",
            "rule-1-role": "junior",
            "rule-1-seniority_level": "4",
        }
    )
    assert form.problems == ()
    assert form.body() == {"rules": [{"location": "Lima", "role": "junior", "seniority_level": 4}]}
