"""Which self-assessment a participant is asked for: "before" in the first half of the program,
"after" from its midpoint on (both stay open on the assessment page itself)."""

from __future__ import annotations

from datetime import date
from typing import Literal

Phase = Literal["pre", "post"]


def assessment_phase(start: date | str | None, end: date | str | None, today: date) -> Phase:
    """The phase to offer on `today`; "pre" when the program's dates are unknown."""
    if start is None or end is None:
        return "pre"
    first = start if isinstance(start, date) else date.fromisoformat(str(start))
    last = end if isinstance(end, date) else date.fromisoformat(str(end))
    midpoint = first + (last - first) / 2
    return "pre" if today < midpoint else "post"
