"""Stopping a service's runtime ends its background loops, then closes what asked to be
closed (change-stream watchers) while the database client is still open."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from shared.runtime.lifecycle import ServiceRuntime


def bare_runtime() -> ServiceRuntime:
    unused = cast(Any, None)
    return ServiceRuntime(
        settings=unused,
        topics=unused,
        metrics=unused,
        broker=unused,
        dead_letters=unused,
        client=unused,
        db=unused,
        publisher=unused,
        outbox=unused,
        clock=unused,
        collections=(),
    )


async def test_stop_ends_the_loops_and_then_closes_the_closers_in_order() -> None:
    runtime = bare_runtime()
    happened: list[str] = []
    looping = asyncio.Event()

    async def loop() -> None:
        looping.set()
        try:
            await asyncio.sleep(3600)
        finally:
            happened.append("loop ended")

    async def close_first() -> None:
        happened.append("first closed")

    async def close_second() -> None:
        happened.append("second closed")

    runtime.background.append(loop)
    runtime.closers.extend([close_first, close_second])
    runtime.start_after_broker()
    await asyncio.wait_for(looping.wait(), 5)

    await runtime.stop()

    assert happened == ["loop ended", "first closed", "second closed"]
