"""What every page of one program shows on top: its name and the tabs of the console."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.portal.application.ports import Json
from services.portal.domain.failures import Section
from services.portal.entrypoints.web import PageContext, section

TABS = (
    ("overview", ""),
    ("settings", "/settings"),
    ("policy", "/policy"),
    ("participants", "/participants"),
    ("matching", "/matching"),
    ("pairs", "/pairs"),
    ("health", "/health"),
    ("insights", "/insights"),
    ("enrol", "/enrol"),
    ("audit", "/audit"),
)


@dataclass(frozen=True, slots=True)
class ProgramHeader:
    program_id: str
    name: str | None
    region: str | None
    approval_mode: str | None

    @property
    def base(self) -> str:
        return f"/admin/programs/{self.program_id}"

    @property
    def tabs(self) -> list[tuple[str, str]]:
        return [(name, f"{self.base}{suffix}") for name, suffix in TABS]


def program_header(program_id: str, program: dict[str, Any] | None) -> ProgramHeader:
    settings = (program or {}).get("settings") or {}
    return ProgramHeader(
        program_id=program_id,
        name=settings.get("branding_name") or settings.get("name"),
        region=settings.get("region"),
        approval_mode=settings.get("approval_mode"),
    )


async def header_program(context: PageContext, program_id: str) -> Section[Json]:
    """The program for a page's header: kept briefly per person, else asked of matching."""
    headers = context.portal.headers
    subject = context.signed_in_viewer.subject
    held = headers.get(subject, program_id)
    if held is not None:
        return Section(value=held)
    found = await section(context.portal.matching.get_program(context.token, program_id))
    if found.value is not None:
        headers.put(subject, program_id, found.value)
    return found
