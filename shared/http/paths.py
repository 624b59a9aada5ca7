"""Ids in URL paths, checked as every contract checks them before a route runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from shared.events.envelope import ID_PATTERN

IdPath = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]
"""An opaque id (program, participant, pair, session, recipient) in a path."""
