"""The console's enrolment from the company directory and its audit pages, on fake APIs."""

from __future__ import annotations

from typing import Any

from services.portal.application.audit_timeline import ProgramAuditTimeline
from services.portal.application.mapping import audit_entry_from
from services.portal.application.ports import Json, ListPage
from services.portal.domain.audit_view import audit_rows
from services.portal.domain.failures import NotAllowed, Unavailable
from tests.unit.portal.audit_fakes import FakeAuditTrail, entry
from tests.unit.portal.console_data import PROGRAM_ID, console
from tests.unit.portal.fakes import EMEA_ADMIN_CLAIMS, PortalHarness, harness
from tests.unit.portal.service_fakes import FakeService, page

BASE = f"/admin/programs/{PROGRAM_ID}"
ADA = {
    "person_id": "d-ada",
    "display_name": "Ada Directory",
    "email": "ada@example.com",
    "language": "en-GB",
    "timezone": "Europe/London",
    "enrollable": True,
}
GONE = {**ADA, "person_id": "d-gone", "display_name": "Gone Person", "enrollable": False}
ENTRY = {
    "entry_id": "e1",
    "at": "2026-12-07T04:15:54.123000Z",
    "actor_id": "emea-admin",
    "action": "round.approved",
    "program_id": PROGRAM_ID,
    "target": "r-1",
    "changes": {"pairs": 12, "fields": ["display_name", "email"]},
    "redacted": False,
}


class FakeProvisioning(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.people = [ADA, GONE]
        self.enrolled: list[Json] = []
        self.rules: list[Json] = []
        self.invited: list[Json] = []
        self.open: list[Json] = []
        self.answers: list[tuple[str, str, bool]] = []

    async def search_directory(
        self, token: str, *, q: str | None, limit: int, cursor: str | None
    ) -> ListPage:
        self._record("search_directory", q, limit, cursor)
        found = [p for p in self.people if not q or q.lower() in str(p["display_name"]).lower()]
        return page(found[:limit], next_cursor="c2" if len(found) > limit else None, total=2)

    async def enrol(self, token: str, program_id: str, body: Json) -> Json:
        self._record("enrol", program_id, body)
        self.enrolled.append(body)
        items = [
            {"participant_id": pid, "status": "joined", "problems": []}
            for pid in body["person_ids"]
        ]
        return {"items": items, "joined": len(items), "unchanged": 0, "rejected": 0}

    async def enrolment_rules(self, token: str, program_id: str) -> Json:
        self._record("enrolment_rules", program_id)
        return {"rules": list(self.rules), "joined": 0}

    async def set_enrolment_rules(self, token: str, program_id: str, body: Json) -> Json:
        self._record("set_enrolment_rules", program_id, body)
        self.rules = list(body["rules"])
        return {"rules": list(self.rules), "joined": 3 * len(self.rules)}

    async def invite(self, token: str, program_id: str, body: Json) -> Json:
        self._record("invite", program_id, body)
        self.invited.append(body)
        items = [{"person_id": p, "status": "invited", "problems": []} for p in body["person_ids"]]
        return {"items": items, "invited": len(items), "unchanged": 0, "rejected": 0}

    async def open_invitations(self, token: str, person_id: str) -> list[Json]:
        self._record("open_invitations", person_id)
        return list(self.open)

    async def answer_invitation(
        self, token: str, person_id: str, program_id: str, *, accept: bool
    ) -> Json | None:
        self._record("answer_invitation", person_id, program_id, accept)
        self.answers.append((person_id, program_id, accept))
        return {"participant_id": person_id, "status": "joined", "problems": []} if accept else None

    async def directory_audit(self, token: str, *, limit: int, cursor: str | None) -> ListPage:
        self._record("directory_audit", limit, cursor)
        scim = {**ENTRY, "actor_id": "scim:okta", "action": "person.patched", "program_id": None}
        return page([scim], total=1)


def signed_in(
    claims: Any = None, trails: dict[str, FakeAuditTrail] | None = None
) -> tuple[PortalHarness, FakeProvisioning]:
    matching, feedback, scheduling = console()
    provisioning = FakeProvisioning()
    h = harness(
        matching=matching,
        feedback=feedback,
        scheduling=scheduling,
        provisioning=provisioning,
        audit_timeline=ProgramAuditTimeline(trails or {"matching": FakeAuditTrail([ENTRY])}),
    )
    h.client.__enter__()
    h.sign_in(claims)
    return h, provisioning


def test_enrol_page_lists_directory_people_and_only_active_ones_can_be_ticked() -> None:
    h, _ = signed_in()
    answer = h.client.get(f"{BASE}/enrol")
    assert answer.status_code == 200
    assert "Ada Directory" in answer.text
    assert "Europe/London" in answer.text
    assert 'value="d-gone" id="pick-2" disabled' in answer.text


def test_enrolling_sends_the_ticked_people_with_role_and_seniority() -> None:
    h, provisioning = signed_in()
    answer = h.client.post(
        f"{BASE}/enrol",
        data={
            "csrf_token": h.csrf(),
            "person_id": ["d-ada"],
            "role": "senior",
            "seniority_level": "6",
            "department": "",
            "location": "Lyon",
        },
    )
    assert answer.status_code == 200
    assert provisioning.enrolled == [
        {"person_ids": ["d-ada"], "role": "senior", "seniority_level": 6, "location": "Lyon"}
    ]
    assert "1 enrolled, 0 already enrolled, 0 refused." in answer.text


def test_enrolling_nobody_is_refused_without_calling_matching() -> None:
    h, provisioning = signed_in()
    answer = h.client.post(
        f"{BASE}/enrol",
        data={"csrf_token": h.csrf(), "role": "junior", "seniority_level": "11"},
    )
    assert answer.status_code == 422
    assert "Tick at least one person." in answer.text
    assert "whole number from 1 to 10" in answer.text
    assert provisioning.enrolled == []


def test_enrolment_refused_by_matching_reads_as_a_message() -> None:
    h, provisioning = signed_in(EMEA_ADMIN_CLAIMS)
    provisioning.fail_with = NotAllowed("matching", "forbidden")
    answer = h.client.post(
        f"{BASE}/enrol",
        data={
            "csrf_token": h.csrf(),
            "person_id": "d-ada",
            "role": "junior",
            "seniority_level": "2",
        },
    )
    assert answer.status_code == 403
    assert "You are not allowed to see or change this." in answer.text
    assert "Traceback" not in answer.text


def test_program_audit_shows_who_did_what() -> None:
    matching = FakeAuditTrail([ENTRY])
    h, _ = signed_in(trails={"matching": matching})
    answer = h.client.get(f"{BASE}/audit")
    assert answer.status_code == 200
    assert "emea-admin" in answer.text
    assert "Round approved" in answer.text
    assert "2026-12-07 04:15:54 UTC" in answer.text
    assert "display_name, email" in answer.text
    assert matching.calls[0] == ("program_audit", (PROGRAM_ID, 50, None))


def test_directory_audit_is_for_platform_admins_only() -> None:
    h, _ = signed_in()
    answer = h.client.get("/admin/audit")
    assert answer.status_code == 200
    assert "scim:okta" in answer.text
    assert "identity provider" in answer.text
    h.sign_in(EMEA_ADMIN_CLAIMS)
    assert h.client.get("/admin/audit").status_code == 403


def test_directory_down_leaves_the_audit_page_readable() -> None:
    h, provisioning = signed_in()
    provisioning.fail_with = Unavailable("directory", "not_configured")
    answer = h.client.get("/admin/audit")
    assert answer.status_code == 200
    assert "company directory part of Twoway is unavailable" in answer.text


def test_audit_rows_show_lists_briefly_and_erased_entries_as_cleared() -> None:
    listed = {**ENTRY, "changes": {"subjects": [f"p{i}" for i in range(15)]}}
    [row] = audit_rows([audit_entry_from("matching", listed)])
    assert row.changes == (("subjects", "p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11 (+3)"),)
    [erased] = audit_rows(
        [audit_entry_from("matching", {**ENTRY, "changes": {}, "redacted": True})]
    )
    assert erased.redacted
    assert erased.at == "2026-12-07 04:15:54"


def timeline_of_three() -> dict[str, FakeAuditTrail]:
    return {
        "matching": FakeAuditTrail(
            [ENTRY, {**ENTRY, "entry_id": "e0", "at": "2026-12-06T09:00:00Z"}]
        ),
        "scheduling": FakeAuditTrail(
            [
                entry(
                    "s1",
                    30,
                    "session.cancelled",
                    actor_id="admin",
                    target="sess-9",
                    changes={"pair_id": "pair-1", "reason": "admin"},
                )
            ]
        ),
        "notifications": FakeAuditTrail([entry("n1", 10, "contact.changed")]),
    }


def test_program_audit_merges_every_part_of_twoway_newest_first() -> None:
    h, _ = signed_in(trails=timeline_of_three())
    answer = h.client.get(f"{BASE}/audit")
    assert answer.status_code == 200
    sources = [line.split('"')[1] for line in answer.text.split("data-source=")[1:]]
    assert sources == ["scheduling", "matching", "notifications", "matching"]
    assert "Recorded by" in answer.text
    assert "<td>Sessions</td>" in answer.text
    assert "Session cancelled" in answer.text
    assert "sess-9" in answer.text
    assert "contact.changed" in answer.text  # an action without a label shows as it is
    assert "1-4 of 4" in answer.text


def test_program_audit_pages_across_the_parts_and_back() -> None:
    h, _ = signed_in(trails=timeline_of_three())
    first = h.client.get(f"{BASE}/audit", params={"limit": "3"})
    assert first.status_code == 200
    next_link = first.text.split('" rel="next"')[0].rsplit('href="', 1)[1].replace("&amp;", "&")
    second = h.client.get(next_link)
    assert second.status_code == 200
    assert second.text.count("data-source=") == 1
    assert "4-4 of 4" in second.text
    assert 'rel="next"' not in second.text


def test_a_part_that_does_not_answer_is_named_and_the_rest_still_shows() -> None:
    trails = timeline_of_three()
    trails["scheduling"].fail_with = Unavailable("scheduling", "unreachable")
    h, _ = signed_in(trails=trails)
    answer = h.client.get(f"{BASE}/audit")
    assert answer.status_code == 200
    assert "The sessions part of Twoway is unavailable right now." in answer.text
    assert "Entries recorded by Sessions are missing from this list" in answer.text
    assert 'data-service="scheduling"' in answer.text
    assert "Round approved" in answer.text
    assert 'data-source="scheduling"' not in answer.text


def test_a_tampered_audit_cursor_reads_as_a_message() -> None:
    h, _ = signed_in(trails=timeline_of_three())
    answer = h.client.get(f"{BASE}/audit", params={"cursor": "tampered"})
    assert answer.status_code == 200
    assert "Traceback" not in answer.text
    assert "Some values were not accepted." in answer.text
