"""Invitations in the portal: the admin invites from the Enrol tab, the person finds the
invitation on their home page and accepts or declines it; on fake APIs."""

from __future__ import annotations

from services.portal.domain.failures import Conflict
from tests.unit.portal.console_data import PROGRAM_ID
from tests.unit.portal.fakes import PortalHarness
from tests.unit.portal.participant_fakes import ME, participant_portal
from tests.unit.portal.test_enrolment_and_audit_pages import (
    BASE,
    FakeProvisioning,
    signed_in,
)

PROGRAM = {
    "program_id": PROGRAM_ID,
    "name": "EMEA reverse mentoring",
    "branding_name": None,
    "start_date": "2027-01-11",
    "end_date": "2027-06-30",
}


def invited_person() -> tuple[PortalHarness, FakeProvisioning]:
    provisioning = FakeProvisioning()
    portal, _ = participant_portal(provisioning)
    return portal, provisioning


def test_the_admin_invites_the_people_ticked_instead_of_enrolling_them() -> None:
    h, provisioning = signed_in()
    answer = h.client.post(
        f"{BASE}/enrol",
        data={
            "csrf_token": h.csrf(),
            "person_id": ["d-ada"],
            "role": "junior",
            "seniority_level": "2",
            "action": "invite",
        },
    )
    assert answer.status_code == 200
    assert provisioning.invited == [
        {"person_ids": ["d-ada"], "role": "junior", "seniority_level": 2}
    ]
    assert provisioning.enrolled == []
    assert "1 invited, 0 invited already, 0 refused." in answer.text


def test_an_invited_person_sees_the_invitation_and_accepts_it() -> None:
    h, provisioning = invited_person()
    provisioning.open = [
        {"program": PROGRAM, "role": "senior", "invited_at": "2027-01-02T09:00:00Z"}
    ]
    home = h.client.get("/me")
    assert home.status_code == 200
    assert "You are invited" in home.text
    assert (
        "EMEA reverse mentoring, as a Senior" in home.text or "EMEA reverse mentoring" in home.text
    )
    assert f'action="/me/invitations/{PROGRAM_ID}/accept"' in home.text

    accepted = h.client.post(
        f"/me/invitations/{PROGRAM_ID}/accept",
        data={"csrf_token": h.csrf()},
        follow_redirects=False,
    )

    assert accepted.status_code == 303
    assert accepted.headers["location"] == f"/me?invitation=joined&program={PROGRAM_ID}"
    assert provisioning.answers == [(ME, PROGRAM_ID, True)]
    provisioning.open = []
    back = h.client.get(accepted.headers["location"])
    assert f"Welcome: you joined {PROGRAM_ID}." in back.text
    assert "You are invited" not in back.text


def test_declining_and_answering_twice_read_as_messages() -> None:
    h, provisioning = invited_person()
    declined = h.client.post(
        f"/me/invitations/{PROGRAM_ID}/decline",
        data={"csrf_token": h.csrf()},
        follow_redirects=False,
    )
    assert declined.headers["location"] == f"/me?invitation=declined&program={PROGRAM_ID}"
    provisioning.fail_with = Conflict("matching", "invitation_closed")
    again = h.client.post(
        f"/me/invitations/{PROGRAM_ID}/accept",
        data={"csrf_token": h.csrf()},
        follow_redirects=False,
    )
    assert again.headers["location"] == f"/me?invitation=answered&program={PROGRAM_ID}"


def test_an_answer_without_the_forms_token_is_refused() -> None:
    h, provisioning = invited_person()
    refused = h.client.post(f"/me/invitations/{PROGRAM_ID}/accept", follow_redirects=False)
    assert refused.status_code == 400
    assert provisioning.answers == []
