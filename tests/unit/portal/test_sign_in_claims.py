"""The portal reads who signed in through the claim names the services read (the same
`TWOWAY_AUTH_*_CLAIM` settings), so the pages it shows are the ones the services allow."""

from __future__ import annotations

from datetime import timedelta

from services.portal.application.sign_in import SignInFlow
from services.portal.domain.viewer import Viewer
from shared.claims import ClaimNames
from tests.unit.portal.fakes import FakeIdentityProvider, FakeSessionStore

ENTRA = ClaimNames(subject="oid", roles="app_roles")


async def test_a_participant_is_known_by_the_claim_the_idp_names_people_by() -> None:
    identity = FakeIdentityProvider(
        next_claims={"sub": "pairwise-7f", "oid": "c0ffee-42", "app_roles": ["participant"]}
    )
    flow = SignInFlow(
        sessions=FakeSessionStore(),
        identity=identity,
        idle=timedelta(minutes=30),
        claims=ENTRA,
    )
    started = flow.new_session()
    await flow.begin(started, "/me")
    assert started.pending is not None

    session, going_to = await flow.finish(started, state=started.pending["state"], code="c-1")

    viewer = Viewer.from_document(session.viewer or {})
    assert (viewer.subject, viewer.home, going_to) == ("c0ffee-42", "/me", "/me")
    assert viewer.is_participant


def test_without_settings_the_standard_claims_are_read() -> None:
    viewer = Viewer.from_claims({"sub": "p-1", "roles": ["program_admin"], "regions": "emea"})
    assert (viewer.subject, viewer.is_admin, viewer.regions) == ("p-1", True, {"emea"})
