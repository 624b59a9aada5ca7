"""A person's answer to an invitation into a program (shown on their home page): accepting
joins them on the admin's terms; either way they come back home with the outcome."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.domain.failures import (
    Conflict,
    NotFound,
    PortalError,
    SignInRequired,
)
from services.portal.entrypoints.web import FormPage
from shared.http.paths import IdPath

router = APIRouter(prefix="/me/invitations")


def _home(outcome: str, program_id: str) -> Response:
    return RedirectResponse("/me?" + urlencode({"invitation": outcome, "program": program_id}), 303)


async def _answer(context: FormPage, program_id: str, *, accept: bool) -> Response:
    provisioning = context.portal.provisioning
    if provisioning is None:
        return _home("unavailable", program_id)
    me = context.signed_in_viewer.subject
    try:
        answer = await provisioning.answer_invitation(context.token, me, program_id, accept=accept)
    except SignInRequired:
        raise
    except NotFound:
        return _home("gone", program_id)
    except Conflict:
        return _home("answered", program_id)
    except PortalError:
        return _home("refused", program_id)
    if not accept:
        return _home("declined", program_id)
    joined = answer is not None and answer.get("status") in ("joined", "unchanged")
    return _home("joined" if joined else "refused", program_id)


@router.post("/{program_id}/accept")
async def accept(context: FormPage, program_id: IdPath) -> Response:
    return await _answer(context, program_id, accept=True)


@router.post("/{program_id}/decline")
async def decline(context: FormPage, program_id: IdPath) -> Response:
    return await _answer(context, program_id, accept=False)
