"""Deterministic ids: the same cause and purpose always give the same id.

A handler that crashes between writing and publishing replays with identical ids, so
downstream consumers recognise the duplicate instead of acting twice.
"""

from __future__ import annotations

from uuid import UUID, uuid5

TWOWAY_NAMESPACE = UUID("6f0b1f5e-3c0e-5d3a-9a57-2d7a1e0c4b11")


def derive_id(cause: UUID | str, purpose: str) -> UUID:
    """uuid5 of the causing id and what the new id is for (e.g. "session-scheduled:3")."""
    if not purpose:
        raise ValueError("purpose must name what the id is for")
    return uuid5(TWOWAY_NAMESPACE, f"{cause}|{purpose}")


def derive_key(cause: UUID | str, purpose: str) -> str:
    """A short, stable string id (pair ids, session ids) derived the same way."""
    return derive_id(cause, purpose).hex[:24]
