"""Waiting for a dependency at start-up, written once for the database and the broker."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger("twoway.runtime")

T = TypeVar("T")

STARTUP_WAIT_SECONDS = 300.0
"""How long a starting process waits for its database or broker before giving up."""


async def once_reachable(
    attempt: Callable[[], Awaitable[T]],
    *,
    unreachable: tuple[type[BaseException], ...],
    what: str,
    limit_seconds: float = STARTUP_WAIT_SECONDS,
) -> T:
    """Run `attempt` until it stops raising one of `unreachable`, backing off up to 5 s.

    A process (re)started while its database or Kafka is briefly away waits for it instead of
    exiting; after `limit_seconds` the last error is raised.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_seconds
    delay = 0.5
    while True:
        try:
            return await attempt()
        except unreachable:
            if loop.time() > deadline:
                raise
            log.warning("%s unreachable at start-up; waiting for it", what)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
