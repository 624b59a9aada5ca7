"""Where a token carries who someone is and what they may do in Twoway.

IdPs name these claims differently (Entra ID puts app roles in `roles` and the user's object id
in `oid`), so each is a setting (`TWOWAY_AUTH_*_CLAIM`); the services and the portal read
tokens through the same names. Pure: no framework.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClaimNames:
    subject: str = "sub"
    """The claim naming the person: a participant's id in programs (their directory id)."""
    roles: str = "roles"
    programs: str = "programs"
    regions: str = "regions"
