"""Whether the pairs of a round can meet: a weekly session slot of its own for every pair.

Scheduling plans each pair one recurring session of the program's length, starting on a
quarter hour (UTC quarter hours are quarter hours in every time zone in use), inside both
people's availability and clear of the sessions of their other pairs. Matching holds its
pairs to the same definition, measured on the reference week: two people share a slot when
their common time holds one whole session, and a junior with several pairs can take them
only if every one of those pairs gets a slot of its own in the same week. A pair that breaks
this is never announced, so a pair that is announced can meet.

The week is looked at from Monday 00:00 UTC to the next Monday, so time that runs across
that boundary counts as two pieces: the check can refuse a rare pair scheduling could plan,
never the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence

Interval = tuple[int, int]
GRID_MINUTES = 15
# Juniors with more pairs than this are checked greedily instead of exactly (2**k states).
EXACT_PAIRS = 12


def session_step(length: int) -> int:
    """Minutes from one session's start to the next one's, back to back on the grid."""
    return -(-length // GRID_MINUTES) * GRID_MINUTES


def _ceil_grid(minute: int) -> int:
    return -(-minute // GRID_MINUTES) * GRID_MINUTES


def earliest_start(intervals: Sequence[Interval], not_before: int, length: int) -> int | None:
    """The first grid start at or after `not_before` whose session lies in one interval."""
    for start, end in intervals:
        if end - length < not_before:
            continue
        candidate = _ceil_grid(max(start, not_before))
        if candidate + length <= end:
            return candidate
    return None


def sessions_in(intervals: Sequence[Interval], length: int) -> int:
    """How many sessions fit side by side in these intervals (back to back, on the grid)."""
    step = session_step(length)
    count = 0
    for start, end in intervals:
        first = _ceil_grid(start)
        if first + length <= end:
            count += 1 + (end - length - first) // step
    return count


def common_time(first: Sequence[Interval], second: Sequence[Interval]) -> list[Interval]:
    both: list[Interval] = []
    i = k = 0
    while i < len(first) and k < len(second):
        start, end = max(first[i][0], second[k][0]), min(first[i][1], second[k][1])
        if start < end:
            both.append((start, end))
        if first[i][1] < second[k][1]:
            i += 1
        else:
            k += 1
    return both


def sessions_fit(pairs: Sequence[Sequence[Interval]], length: int) -> bool:
    """Whether each pair (its common time) gets a session of its own, none overlapping.

    Sessions laid in time order, each as early as it can go, are as good as any other
    layout of that order; so the earliest end reachable with each subset of pairs placed
    decides, over every order at once (2**k subsets for k pairs).
    """
    count = len(pairs)
    if count <= 1:
        return all(earliest_start(p, -(2**62), length) is not None for p in pairs)
    # A session overlaps at most two side-by-side sessions of another pair: a pair whose
    # common time holds 2k - 1 of them always finds room, whatever the others took.
    if all(sessions_in(p, length) >= 2 * count - 1 for p in pairs):
        return True
    if count > EXACT_PAIRS:
        return _greedy_fit(pairs, length)
    unreachable = 2**62
    frontier = [unreachable] * (1 << count)
    frontier[0] = -unreachable
    for placed in range(1 << count):
        after = frontier[placed]
        if after == unreachable:
            continue
        for pair in range(count):
            bit = 1 << pair
            if placed & bit:
                continue
            start = earliest_start(pairs[pair], after, length)
            if start is not None and start + length < frontier[placed | bit]:
                frontier[placed | bit] = start + length
    return frontier[-1] != unreachable


def _greedy_fit(pairs: Sequence[Sequence[Interval]], length: int) -> bool:
    """Pairs with the fewest sessions' room first, each at its earliest free grid start."""
    taken: list[Interval] = []
    for common in sorted(pairs, key=lambda p: sessions_in(p, length)):
        free = common
        for busy_start, busy_end in taken:
            free = [
                piece
                for start, end in free
                for piece in ((start, min(end, busy_start)), (max(start, busy_end), end))
                if piece[1] - piece[0] >= length
            ]
        start = earliest_start(free, -(2**62), length)
        if start is None:
            return False
        taken.append((start, start + length))
    return True


def pairs_that_fit(
    kept: Sequence[Sequence[Interval]], ranked: Sequence[Sequence[Interval]], length: int
) -> list[bool]:
    """Which of `ranked` (best first) a junior can take on top of `kept`, one at a time."""
    accepted = list(kept)
    fits: list[bool] = []
    for common in ranked:
        ok = sessions_fit([*accepted, common], length)
        fits.append(ok)
        if ok:
            accepted.append(common)
    return fits
