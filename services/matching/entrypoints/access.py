"""Who may read what of a program: its admins, and participants for their own things."""

from __future__ import annotations

from services.matching.application.ports import ProgramScope, ProgramStore
from shared.http.auth import Forbidden, Principal
from shared.http.errors import NotFound
from shared.storage.mongo import Document


async def admin_program(store: ProgramStore, principal: Principal, program_id: str) -> Document:
    """The program, if the principal administers it; 404 to admins, 403 to anyone else."""
    program = await store.get_program(program_id)
    if program is None:
        # Don't tell outsiders which programs exist.
        if principal.is_platform_admin or "program_admin" in principal.roles:
            raise NotFound("program")
        raise Forbidden()
    principal.require_admin_of(program_id, program["settings"]["region"])
    return program


def scope_of(principal: Principal) -> ProgramScope:
    """Which programs the principal may list: every one, those it administers, or none."""
    if principal.is_platform_admin:
        return ProgramScope(everything=True)
    if "program_admin" not in principal.roles:
        return ProgramScope(everything=False)
    return ProgramScope(everything=False, ids=principal.programs, regions=principal.regions)
