"""The delivery loop: new deliveries go out by id at once; queues are scanned on the interval."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, cast

from services.notifications.application.delivery_loop import DeliveryLoop, Wakeup
from services.notifications.application.dispatch import ProgramsOnce
from services.notifications.domain.model import Priority


class RecordingDispatcher:
    def __init__(self) -> None:
        self.sent_by_id: list[list[str]] = []
        self.full_passes = 0

    async def run_claimed(self, records: Sequence[Any]) -> None:
        self.sent_by_id.append([r.delivery_id for r in records])
        await asyncio.sleep(0.001)  # sending is I/O: others get their turn meanwhile

    async def run_due(self) -> int:
        self.full_passes += 1
        return 0

    async def recover_stuck(self) -> int:
        return 0

    async def report_queue(self) -> None:
        return None


def claimed(
    *ids: str, program: str = "prog-a", template: str = "welcome", priority: str = "normal"
) -> list[Any]:
    """Deliveries as the consumer hands them over (the loop orders and passes them on)."""
    return [
        SimpleNamespace(
            delivery_id=i, program_id=program, template=template, priority=Priority(priority)
        )
        for i in ids
    ]


class NoDigests:
    async def run(self) -> None:
        return None


def loop_with(dispatcher: RecordingDispatcher, wakeup: Wakeup, batch: int = 100) -> DeliveryLoop:
    return DeliveryLoop(
        dispatcher=cast(Any, dispatcher),
        assembler=cast(Any, NoDigests()),
        wakeup=wakeup,
        interval_seconds=60,
        housekeeping_seconds=60,
        batch=batch,
        turn=batch,
    )


async def test_new_deliveries_are_sent_by_id_without_scanning_the_queues() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup)
    running = asyncio.create_task(loop.send_fresh_until(asyncio.get_running_loop().time() + 60))
    wakeup(claimed("d-1", "d-2"))
    await asyncio.sleep(0.05)
    wakeup(claimed("d-3"))
    await asyncio.sleep(0.05)
    running.cancel()
    assert dispatcher.sent_by_id == [["d-1", "d-2"], ["d-3"]]
    assert dispatcher.full_passes == 0


async def test_a_wake_without_ids_ends_the_wait_for_a_full_pass() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup)
    wakeup(claimed("d-1"))
    wakeup()  # e.g. a digest was sealed: only the full pass finds it
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 60), 1)
    assert dispatcher.sent_by_id == [["d-1"]]


async def test_many_new_deliveries_are_sent_a_turn_at_a_time() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=2)
    wakeup(claimed("a", "b", "c", "d", "e"))
    wakeup()
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 60), 1)
    assert dispatcher.sent_by_id == [["a", "b"]]  # then the full pass that was asked for
    assert len(loop.waiting) == 3  # the rest stays in line for the next turns
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 0.1), 1)
    assert dispatcher.sent_by_id == [["a", "b"], ["c", "d"], ["e"]]


async def test_a_reminder_handed_over_during_another_programs_burst_goes_next() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=4)
    burst = [f"a-{n}" for n in range(1000)]
    wakeup(claimed(*burst, program="prog-a", template="series_invitation", priority="high"))
    wakeup(claimed("b-welcome", program="prog-b"))
    running = asyncio.create_task(loop.send_fresh_until(asyncio.get_running_loop().time() + 60))
    await asyncio.sleep(0.02)
    already = sum(len(turn) for turn in dispatcher.sent_by_id)
    wakeup(claimed("b-reminder", program="prog-b", template="session_reminder", priority="high"))
    await asyncio.sleep(0.05)
    running.cancel()
    sent = [i for turn in dispatcher.sent_by_id for i in turn]
    assert already < 900  # the burst was still going out
    assert sent.index("b-reminder") < already + 8  # after the turn in progress, not the burst
    assert "b-welcome" not in sent[: sent.index("b-reminder")]  # time-critical before bulk


async def test_programs_take_turns_within_the_same_urgency() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=4)
    wakeup(claimed(*(f"a-{n}" for n in range(6)), program="prog-a"))
    wakeup(claimed("b-1", "b-2", program="prog-b"))
    wakeup()
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 60), 1)
    assert dispatcher.sent_by_id == [["a-0", "b-1", "a-1", "b-2"]]


async def test_the_wait_ends_at_the_interval_when_nothing_happens() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup)
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 0.05), 1)
    assert dispatcher.sent_by_id == []


class CountingPrograms:
    def __init__(self) -> None:
        self.reads: list[str] = []

    async def get(self, program_id: str) -> None:
        self.reads.append(program_id)
        await asyncio.sleep(0.01)
        return None

    async def save(self, profile: Any) -> bool:
        return True


async def test_a_batch_reads_each_program_once_however_many_deliveries_it_has() -> None:
    programs = CountingPrograms()
    once = ProgramsOnce(cast(Any, programs))
    await asyncio.gather(*(once.get(p) for p in ("prog-1", "prog-1", "prog-2", "prog-1")))
    assert sorted(programs.reads) == ["prog-1", "prog-2"]


class DrainingDispatcher(RecordingDispatcher):
    """A due scan that keeps finding full batches (a backlog), and records the order."""

    def __init__(self, wakeup: Wakeup) -> None:
        super().__init__()
        self.calls: list[str] = []
        self._wakeup = wakeup

    async def run_due(self) -> int:
        self.calls.append("due")
        if len(self.calls) == 2:  # a reminder is handed over while the backlog drains
            self._wakeup(claimed("b-reminder", template="session_reminder", priority="high"))
        return 100

    async def run_claimed(self, records: Sequence[Any]) -> None:
        self.calls.append(",".join(r.delivery_id for r in records))


async def test_a_reminder_goes_between_the_batches_of_a_long_drain() -> None:
    wakeup = Wakeup()
    dispatcher = DrainingDispatcher(wakeup)
    loop = loop_with(dispatcher, wakeup)

    await loop.run_once()

    assert dispatcher.calls[:4] == ["due", "due", "b-reminder", "due"]
