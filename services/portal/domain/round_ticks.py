"""Which proposed pairs of a round an admin leaves out, kept while they page through it.

Every proposed pair starts ticked. A page's form says which pairs it showed and which of them
are still ticked; the pairs shown but not ticked are left out, and ticking one again brings it
back. "Approve ticked" then approves every proposed pair of the round except those left out, on
whichever page they were unticked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

MAX_ROUNDS_KEPT = 5
MAX_LEFT_OUT = 20_000


def left_out_after(
    previous: Iterable[str], *, shown: Sequence[str], ticked: Sequence[str]
) -> set[str]:
    """The pairs left out once a page with `shown` pairs came back with `ticked` ones."""
    on_page = set(shown)
    still_ticked = set(ticked) & on_page
    return (set(previous) - still_ticked) | (on_page - still_ticked)


def to_approve(proposed: Iterable[str], left_out: Iterable[str]) -> list[str]:
    """The proposed pairs to approve, in the order they came."""
    skipped = set(left_out)
    return [pair_id for pair_id in proposed if pair_id not in skipped]


def kept_for(rounds: Mapping[str, Any] | None, round_id: str) -> set[str]:
    """The pairs left out of one round, from what the session keeps."""
    found = (rounds or {}).get(round_id)
    return {str(p) for p in found} if isinstance(found, list) else set()


def keep(rounds: Mapping[str, Any] | None, round_id: str, left_out: set[str]) -> dict[str, Any]:
    """What the session keeps after a change to one round: the latest few rounds only."""
    kept = {k: v for k, v in (rounds or {}).items() if k != round_id}
    if left_out:
        kept[round_id] = sorted(left_out)[:MAX_LEFT_OUT]
    while len(kept) > MAX_ROUNDS_KEPT:
        kept.pop(next(iter(kept)))
    return kept
