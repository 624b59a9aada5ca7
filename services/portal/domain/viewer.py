"""Who is signed in, read from the access token's claims the way the services read them.

Only for showing or hiding navigation: every authorization decision stays in the services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.claims import ClaimNames

ROLES = frozenset({"platform_admin", "program_admin", "participant"})


@dataclass(frozen=True, slots=True)
class Viewer:
    subject: str
    roles: frozenset[str]
    programs: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    display_name: str | None = None

    @property
    def is_platform_admin(self) -> bool:
        return "platform_admin" in self.roles

    @property
    def is_admin(self) -> bool:
        return self.is_platform_admin or "program_admin" in self.roles

    @property
    def is_participant(self) -> bool:
        return "participant" in self.roles

    @property
    def home(self) -> str:
        """Where `/` sends this person: admins to the console, participants to their page."""
        if self.is_admin:
            return "/admin"
        if self.is_participant:
            return "/me"
        return "/auth/no-role"

    @property
    def scope_label(self) -> str:
        if self.is_platform_admin:
            return "platform"
        parts = sorted(self.regions) + sorted(self.programs)
        return ", ".join(parts)

    @classmethod
    def from_claims(
        cls,
        claims: Mapping[str, Any],
        names: ClaimNames | None = None,
        display_name: str | None = None,
    ) -> Viewer:
        names = names or ClaimNames()
        return cls(
            subject=str(claims.get(names.subject) or ""),
            roles=frozenset(str(r) for r in _strings(claims.get(names.roles)) if r in ROLES),
            programs=frozenset(_strings(claims.get(names.programs))),
            regions=frozenset(_strings(claims.get(names.regions))),
            display_name=display_name,
        )

    def to_document(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "roles": sorted(self.roles),
            "programs": sorted(self.programs),
            "regions": sorted(self.regions),
            "display_name": self.display_name,
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Viewer:
        return cls(
            subject=str(doc["subject"]),
            roles=frozenset(doc.get("roles", ())),
            programs=frozenset(doc.get("programs", ())),
            regions=frozenset(doc.get("regions", ())),
            display_name=doc.get("display_name"),
        )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []
