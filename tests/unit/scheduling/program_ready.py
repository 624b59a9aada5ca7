"""A launched program whose junior and senior scheduling already knows, so a pair of them
can be planned."""

from __future__ import annotations

from tests.unit.scheduling.builders import joined, program_launched
from tests.unit.scheduling.service_harness import Service

TUESDAY_MORNING = [("tue", "10:00", "12:00")]


Windows = list[tuple[str, str, str]]


async def ready(
    service: Service,
    *,
    senior_windows: Windows | None = None,
    junior_windows: Windows | None = None,
) -> None:
    await service.read_models.on_program_event(program_launched())
    await service.read_models.on_participant_event(
        joined("j-1", "junior", "Europe/Berlin", junior_windows or TUESDAY_MORNING)
    )
    await service.read_models.on_participant_event(
        joined("s-1", "senior", "Europe/Berlin", senior_windows or TUESDAY_MORNING)
    )
