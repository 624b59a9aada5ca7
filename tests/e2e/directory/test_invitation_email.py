"""Someone invited into a program from the company directory is told by email, in their
language, once, with a link to the portal page where they accept or decline; on the real
stack (the directory, matching and notifications on real Kafka and SecantusDB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from deploy.local.harness import Platform
from tests.e2e.directory.enrolment_world import USER, clients, launch
from tests.e2e.platform_world import SmtpSink, eventually

pytestmark = pytest.mark.integration

AWAKE_SOMEWHERE = (
    "Europe/Madrid",
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Honolulu",
    "Pacific/Auckland",
    "Asia/Tokyo",
    "Asia/Kolkata",
)
"""Time zones around the world: one of them is in the day now, outside default quiet hours."""


def _awake_zone() -> str:
    now = datetime.now(UTC)
    return next(z for z in AWAKE_SOMEWHERE if 9 <= now.astimezone(ZoneInfo(z)).hour < 20)


def _invitations_to(sink: SmtpSink, address: str) -> list[EmailMessage]:
    return [
        m
        for m in sink.messages
        if address in str(m["To"]) and str(m["X-Twoway-Template"]) == "program_invitation"
    ]


async def test_an_invited_person_is_told_by_email_in_their_language_once(
    enrolment_platform: tuple[Platform, str, SmtpSink],
) -> None:
    stack, _, sink = enrolment_platform
    program_id = "enrol-invite"
    start = (datetime.now(UTC) + timedelta(days=1)).date()
    zone = _awake_zone()
    async with clients(stack) as (scim, api):
        await launch(api, program_id, start)
        ids = {}
        for name, language in (("lucia", "es-ES"), ("yuki", "ja-JP")):
            created = await scim.post(
                "/scim/v2/Users",
                json={
                    "schemas": [USER],
                    "userName": f"{name}@corp.example",
                    "displayName": name.title(),
                    "preferredLanguage": language,
                    "timezone": zone,
                    "emails": [{"value": f"{name}@corp.example", "type": "work"}],
                },
            )
            assert created.status_code == 201, created.text
            ids[name] = created.json()["id"]

        async def enrollable(name: str) -> bool:
            page = (await api.get("/directory/people", params={"q": name})).json()
            return any(p["person_id"] == ids[name] and p["enrollable"] for p in page["items"])

        for name in ids:
            await eventually(lambda n=name: enrollable(n), "the person in matching's directory")

        async def invite(person_id: str) -> str:
            answer = await api.post(
                f"/programs/{program_id}/invitations",
                json={"person_ids": [person_id], "role": "junior", "seniority_level": 2},
            )
            assert answer.status_code == 200, answer.text
            return str(answer.json()["items"][0]["status"])

        assert await invite(ids["lucia"]) == "invited"
        [email] = await eventually(
            lambda: _ok(_invitations_to(sink, "lucia@corp.example")), "Lucia's invitation email"
        )
        assert str(email["Subject"]) == "Te invitamos a Reverse mentoring end to end"
        body = email.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        assert "Hola, Lucia:" in text
        # Her portal home page, where she accepts or declines:
        assert any(line.rstrip().endswith("/me") for line in text.splitlines())

        # Asked again while it is open, nothing is sent again: Yuki's invitation, asked
        # after it, arrives after anything a second one to Lucia would have.
        assert await invite(ids["lucia"]) == "unchanged"
        assert await invite(ids["yuki"]) == "invited"
        [to_yuki] = await eventually(
            lambda: _ok(_invitations_to(sink, "yuki@corp.example")), "Yuki's invitation email"
        )
        assert "ご招待" in str(to_yuki["Subject"])
        assert len(_invitations_to(sink, "lucia@corp.example")) == 1

        page = (await api.get(f"/programs/{program_id}/audit")).json()
        invited = [e for e in page["items"] if e["action"] == "participants.invited"]
        assert len(invited) == 3
        assert "corp.example" not in str(page["items"])


async def _ok(found: list[EmailMessage]) -> list[EmailMessage]:
    return found
