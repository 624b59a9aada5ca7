"""Consumer lag of the services' groups, read from the broker: committed offsets vs log ends."""

from __future__ import annotations

import logging
from typing import Any

from aiokafka import TopicPartition

from bench.load.wire import committed, end_offsets
from bench.load.world import World

log = logging.getLogger("bench.load.lag")


def groups(world: World) -> dict[str, str]:
    return {name: world.topics.consumer_group(name) for name in world.service_names()}


async def snapshot_ends(world: World) -> dict[TopicPartition, int]:
    """Log ends of the topics services read (the notifications audit stream has no readers)."""
    read = [t for t in world.stream_topics() if t != world.topics.notifications]
    return await end_offsets(world.bootstrap, read)


async def lag_by_group(
    world: World, ends: dict[TopicPartition, int] | None = None
) -> dict[str, dict[str, int]]:
    """Per service, per topic it consumes: messages not yet committed (behind `ends`)."""
    ends = ends if ends is not None else await snapshot_ends(world)
    result: dict[str, dict[str, int]] = {}
    for service, group in groups(world).items():
        offsets = await committed(world.bootstrap, group)
        consumed = {tp.topic for tp in offsets}
        behind: dict[str, int] = {}
        for tp, end in ends.items():
            if tp.topic in consumed:
                behind[tp.topic] = behind.get(tp.topic, 0) + max(0, end - offsets.get(tp, 0))
        result[service] = behind
    return result


async def caught_up_with(world: World, ends: dict[TopicPartition, int]) -> bool:
    """Every group has committed everything written up to `ends` on the topics it reads."""
    try:
        lag = await lag_by_group(world, ends)
    except Exception as error:  # the broker may be restarting
        log.debug("lag unknown: %s", type(error).__name__)
        return False
    return all(not any(topics.values()) for topics in lag.values()) and all(lag.values())


def total(lag: dict[str, dict[str, int]]) -> dict[str, int]:
    return {service: sum(topics.values()) for service, topics in lag.items()}


def consumed_topics(lag: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    return {service: set(topics) for service, topics in lag.items()}
