"""The matching HTTP API, put together: the paged lists, then programs, participants, rounds
and pairs, a program's audit trail, enrolment from the company directory, its rules and invitations
(each in a module of its own), in the order their paths are documented.

The routes live at module level and take their collaborators as `Annotated` dependencies
(`dependencies.py`), which read the `MatchingApi` the composition root keeps on `app.state`.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.entrypoints import (
    audit_api,
    enrolment_api,
    enrolment_rules_api,
    invitations_api,
    list_api,
    pairs_api,
    participants_api,
    programs_api,
    rounds_api,
)
from services.matching.entrypoints.dependencies import STATE_NAME, MatchingApi

__all__ = ["STATE_NAME", "MatchingApi", "router"]

router = APIRouter()
for part in (
    list_api,
    programs_api,
    participants_api,
    rounds_api,
    pairs_api,
    audit_api,
    enrolment_api,
    enrolment_rules_api,
    invitations_api,
):
    router.include_router(part.router)
