"""What every page of one program shows on top: its name and the tabs of the console."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TABS = (
    ("overview", ""),
    ("settings", "/settings"),
    ("policy", "/policy"),
    ("participants", "/participants"),
    ("matching", "/matching"),
    ("pairs", "/pairs"),
    ("health", "/health"),
    ("insights", "/insights"),
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
