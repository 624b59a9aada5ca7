"""A bare aiokafka consumer doing a service's main work: the yardstick for the service.

`python -m bench.pipeline.baseline SERVICE --bootstrap H:P --mongo URI --database NAME
 --prefix P [--smtp-port N] [--batch N]`

Same group semantics as the services: an explicit group, earliest, offsets committed only
after the writes of what was read. `--batch 1` reads and commits one message at a time; with
`--bulk`, up to `--batch` records of one `getmany` are handled together, with bulk writes
(the handler's `handle_batch`), and committed once after them: the batching baseline.
`--workers N` runs N such consumers in the group in one process.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo import AsyncMongoClient

from bench.pipeline.bare import BareHandler, Publisher
from bench.pipeline.bare.feedback import FeedbackRequests
from bench.pipeline.bare.matching import MatchingIngest
from bench.pipeline.bare.notifications import NotificationSender
from bench.pipeline.bare.scheduling import SchedulingPlanner
from shared.events import Topics
from shared.storage.mongo import ensure_indexes

HANDLERS: dict[str, type] = {
    "matching": MatchingIngest,
    "scheduling": SchedulingPlanner,
    "feedback": FeedbackRequests,
    "notifications": NotificationSender,
}
MAIN_STREAM = {
    "matching": "participants",
    "scheduling": "pairs",
    "feedback": "sessions",
    "notifications": "pairs",
}


def group_of(service: str, bulk: bool = False) -> str:
    return f"bench-{'batching' if bulk else 'baseline'}-{service}"


async def consume(args: argparse.Namespace) -> None:
    topics = Topics(args.prefix)
    client: AsyncMongoClient = AsyncMongoClient(args.mongo, tz_aware=True)
    db = client[args.database]
    producer = AIOKafkaProducer(
        bootstrap_servers=args.bootstrap, enable_idempotence=True, acks="all", linger_ms=5
    )
    await producer.start()
    handler: BareHandler = HANDLERS[args.service](db, Publisher(producer, topics), args.smtp_port)
    await ensure_indexes(db, handler.collections)
    consumers = [
        AIOKafkaConsumer(
            args.prefix + MAIN_STREAM[args.service],
            bootstrap_servers=args.bootstrap,
            group_id=group_of(args.service, args.bulk),
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            max_poll_records=200,
        )
        for _ in range(args.workers)
    ]
    await asyncio.gather(*(c.start() for c in consumers))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("baseline consuming", flush=True)
    try:
        handle = handler.handle_batch if args.bulk else handler.handle
        await asyncio.gather(*(_loop(c, handle, args.batch, stop) for c in consumers))
    finally:
        await asyncio.gather(*(c.stop() for c in consumers))
        await producer.stop()
        await client.close()


async def _loop(
    consumer: AIOKafkaConsumer,
    handle: Callable[[Sequence[bytes]], Awaitable[None]],
    batch: int,
    stop: asyncio.Event,
) -> None:
    while not stop.is_set():
        records = await consumer.getmany(timeout_ms=200, max_records=batch)
        values = [r.value for partition in records.values() for r in partition]
        if values:
            await handle(values)
            await consumer.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", choices=sorted(HANDLERS))
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--mongo", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--smtp-port", type=int, default=25)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--bulk", action="store_true", help="handle a batch with bulk writes")
    parser.add_argument("--workers", type=int, default=1, help="consumers in the group")
    args = parser.parse_args()
    try:
        asyncio.run(consume(args))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
