"""The delivery loop: new deliveries go out by id at once; queues are scanned on the interval
into the same fair queue; several turns are in flight, the next taken when a sender is free."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, cast

from services.notifications.application.delivery_loop import DeliveryLoop, Wakeup
from services.notifications.application.handful import ProgramsOnce
from services.notifications.domain.model import Priority


class RecordingDispatcher:
    def __init__(self, due: Sequence[Any] = ()) -> None:
        self.sent_by_id: list[list[str]] = []
        self.full_passes = 0
        self.urgent_passes = 0
        self.due = list(due)
        self.batch = 100

    async def run_claimed(self, records: Sequence[Any]) -> None:
        self.sent_by_id.append([r.delivery_id for r in records])
        await asyncio.sleep(0.001)  # sending is I/O: others get their turn meanwhile

    async def claim_due(self, *, high_only: bool = False) -> list[Any]:
        if high_only:
            self.urgent_passes += 1
        else:
            self.full_passes += 1
        wanted = [r for r in self.due if not high_only or r.priority is Priority.HIGH]
        found = wanted[: self.batch]
        self.due = [r for r in self.due if r not in found]
        return found

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


def loop_with(
    dispatcher: RecordingDispatcher,
    wakeup: Wakeup,
    batch: int = 100,
    senders: int = 1,
    turn: int | None = None,
) -> DeliveryLoop:
    return DeliveryLoop(
        dispatcher=dispatcher,
        assembler=cast(Any, NoDigests()),
        wakeup=wakeup,
        interval_seconds=60,
        housekeeping_seconds=60,
        batch=batch,
        turn=turn or batch,
        senders=senders,
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
    await loop.settle()
    assert dispatcher.sent_by_id == [["d-1"]]


async def test_many_new_deliveries_are_sent_a_turn_at_a_time() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=2)
    wakeup(claimed("a", "b", "c", "d", "e"))
    wakeup()
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 60), 1)
    await loop.settle()
    assert dispatcher.sent_by_id == [["a", "b"]]  # then the full pass that was asked for
    assert len(loop.waiting) == 3  # the rest stays in line for the next turns
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 0.1), 1)
    await loop.settle()
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
    await loop.settle()
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


class SlowDispatcher(RecordingDispatcher):
    """Sends take a while; records how many turns were in flight at most."""

    def __init__(self, due: Sequence[Any] = ()) -> None:
        super().__init__(due)
        self.in_flight = 0
        self.most_in_flight = 0

    async def run_claimed(self, records: Sequence[Any]) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        self.sent_by_id.append([r.delivery_id for r in records])
        await asyncio.sleep(0.02)
        self.in_flight -= 1


async def test_several_turns_are_in_flight_and_a_reminder_takes_the_first_free_sender() -> None:
    dispatcher, wakeup = SlowDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=4, senders=3)
    wakeup(claimed(*(f"a-{n}" for n in range(400)), program="prog-a", priority="high"))
    running = asyncio.create_task(loop.send_fresh_until(asyncio.get_running_loop().time() + 60))
    await asyncio.sleep(0.03)
    wakeup(claimed("b-reminder", program="prog-b", template="session_reminder", priority="high"))
    await asyncio.sleep(0.03)
    running.cancel()
    await loop.settle()
    turns_before = next(n for n, t in enumerate(dispatcher.sent_by_id) if "b-reminder" in t)
    assert dispatcher.most_in_flight == 3
    assert turns_before <= 3 * 3  # the turns in flight when it came, then it
    assert len(loop.waiting) > 300  # the burst was far from over


async def test_the_due_scan_fills_the_same_queue_and_a_reminder_goes_before_its_bulk() -> None:
    scanned = claimed(*(f"due-{n}" for n in range(100)), program="prog-a")
    dispatcher, wakeup = RecordingDispatcher(due=scanned), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=100, turn=4)

    await loop.run_once()
    wakeup(claimed("b-reminder", program="prog-b", template="session_reminder", priority="high"))
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 0.05), 1)
    await loop.settle()

    sent = [i for turn in dispatcher.sent_by_id for i in turn]
    assert sent[0] == "b-reminder"
    assert set(sent[1:]) <= {r.delivery_id for r in scanned}
    assert len(sent) + len(loop.waiting) == 101  # a full scan: back to scan once it runs short


async def test_no_scan_while_the_queue_is_long_and_a_full_scan_is_followed_up() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=10)
    dispatcher.batch = 10
    wakeup(claimed(*(f"a-{n}" for n in range(20))))

    await loop.run_once()
    assert dispatcher.full_passes == 0  # 20 already waiting: the scan waits for room

    dispatcher.due = claimed(*(f"d-{n}" for n in range(25)))
    loop.waiting.take(20)
    await loop.run_once()
    assert dispatcher.full_passes == 1
    assert len(loop.waiting) == 10
    # A full batch: as soon as the queue runs short the loop comes back to scan again.
    await asyncio.wait_for(loop.send_fresh_until(asyncio.get_running_loop().time() + 60), 1)
    await loop.settle()
    await loop.run_once()
    assert dispatcher.full_passes == 2


class SlowScanDispatcher(RecordingDispatcher):
    """A due scan that takes long (a busy database)."""

    async def claim_due(self, *, high_only: bool = False) -> list[Any]:
        self.full_passes += 1
        await asyncio.sleep(0.5)
        return []


async def test_a_slow_full_pass_does_not_hold_back_what_is_handed_over() -> None:
    dispatcher, wakeup = SlowScanDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup)
    running = asyncio.create_task(loop.run_forever())
    await asyncio.sleep(0.05)  # the first pass is scanning
    wakeup(claimed("b-reminder", program="prog-b", template="session_reminder", priority="high"))
    await asyncio.sleep(0.05)
    sent = [i for turn in dispatcher.sent_by_id for i in turn]
    passes = dispatcher.full_passes
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    assert sent == ["b-reminder"]
    assert passes == 1  # still in its first scan


async def test_a_long_queue_of_bulk_mail_still_lets_due_invitations_in_ahead_of_it() -> None:
    """An import's thousands of welcomes fill the queue; an invitation that waited for the
    partner's contact falls due meanwhile. The scan takes it in ahead of the welcomes, and
    leaves the bulk it would have claimed for later."""
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=10, turn=1)
    wakeup(claimed(*(f"welcome-{n}" for n in range(50))))
    dispatcher.due = [
        *claimed("late-welcome"),
        *claimed("invitation", template="series_invitation", priority="high"),
    ]

    await loop.run_once()

    assert (dispatcher.full_passes, dispatcher.urgent_passes) == (0, 1)
    assert dispatcher.due == claimed("late-welcome")
    assert [r.delivery_id for r in loop.waiting.take(1)] == ["invitation"]
    assert len(loop.waiting) == 50


async def test_a_queue_long_with_urgent_deliveries_is_not_scanned_again() -> None:
    dispatcher, wakeup = RecordingDispatcher(), Wakeup()
    loop = loop_with(dispatcher, wakeup, batch=10, turn=1)
    wakeup(claimed(*(f"invitation-{n}" for n in range(10)), priority="high"))
    dispatcher.due = claimed("invitation-late", priority="high")

    await loop.run_once()

    assert (dispatcher.full_passes, dispatcher.urgent_passes) == (0, 0)
    assert len(loop.waiting) == 10
