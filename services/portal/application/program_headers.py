"""Programs as the console's page headers show them, kept briefly per person and program.

Nearly every admin page names its program on top (name, region, approval mode). Asking matching
for the whole program on each click cost about a third of matching's requests in the portal
benchmark; a header a few seconds old is fine, and every page still asks the services for its
own data (so every authorization rule still applies). Saving the settings or the policy forgets
the program at once.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from services.portal.application.ports import Json

HEADER_SECONDS = 30.0
MAX_HEADERS = 2000


class ProgramHeaders:
    def __init__(
        self,
        *,
        ttl_seconds: float = HEADER_SECONDS,
        max_entries: int = MAX_HEADERS,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._now = now
        self._held: OrderedDict[tuple[str, str], tuple[float, Json]] = OrderedDict()

    def get(self, subject: str, program_id: str) -> Json | None:
        found = self._held.get((subject, program_id))
        if found is None or self._now() - found[0] > self._ttl:
            return None
        return found[1]

    def put(self, subject: str, program_id: str, program: Json) -> None:
        self._held[(subject, program_id)] = (self._now(), program)
        self._held.move_to_end((subject, program_id))
        while len(self._held) > self._max:
            self._held.popitem(last=False)

    def forget(self, program_id: str) -> None:
        for key in [k for k in self._held if k[1] == program_id]:
            del self._held[key]
