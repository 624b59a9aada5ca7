"""`twoway dlq list|replay`: inspect dead letters and send them back to their source topic."""

from __future__ import annotations

import asyncio
import os
import sys
from argparse import Namespace, _SubParsersAction
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from cli.api_client import CliError, print_json
from shared.events import Topics
from shared.events.topics import SERVICES


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("dlq", help="dead-letter queues of the services")
    verbs = parser.add_subparsers(dest="verb", required=True)
    for verb, helptext in (
        ("list", "show dead letters with their reasons"),
        ("replay", "republish dead letters to their source topic"),
    ):
        sub = verbs.add_parser(verb, help=helptext)
        sub.add_argument("--service", required=True, choices=SERVICES)
        sub.add_argument(
            "--bootstrap",
            default=os.environ.get("TWOWAY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        )
        sub.add_argument("--topic-prefix", default=os.environ.get("TWOWAY_TOPIC_PREFIX", "twoway."))
        sub.add_argument("--reason", help="only dead letters with this reason")
        sub.add_argument("--json", action="store_true", help="machine-readable output")
    replay = verbs.choices["replay"]
    replay.add_argument("--partition", type=int)
    replay.add_argument("--offset", type=int, help="replay only this offset (with --partition)")
    replay.add_argument(
        "--all", action="store_true", help="replay every dead letter not replayed before"
    )
    verbs.choices["list"].set_defaults(handler=lambda a: asyncio.run(list_letters(a)))
    replay.set_defaults(handler=lambda a: asyncio.run(replay_letters(a)))


def _headers(record: Any) -> dict[str, str]:
    return {k: v.decode("utf-8", "replace") for k, v in (record.headers or ())}


async def _read_all(consumer: AIOKafkaConsumer) -> list[Any]:
    """Everything currently in `topic` from the consumer's position to the end."""
    assigned = sorted(consumer.assignment(), key=lambda tp: tp.partition)
    ends = await consumer.end_offsets(assigned)
    records: list[Any] = []
    while True:
        positions = [await consumer.position(tp) for tp in assigned]
        if all(pos >= ends[tp] for pos, tp in zip(positions, assigned, strict=True)):
            break
        batch = await consumer.getmany(timeout_ms=1000)
        for part in batch.values():
            records.extend(part)
    return records


def _consumer(args: Namespace, group: str | None) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        bootstrap_servers=args.bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )


async def _open(consumer: AIOKafkaConsumer, topic: str, bootstrap: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    partitions = sorted(p["partition"] for p in described.get("partitions", []))
    if described.get("error_code") or not partitions:
        raise CliError(f"topic {topic} does not exist")
    await consumer.start()
    consumer.assign([TopicPartition(topic, p) for p in partitions])


def _row(record: Any) -> dict[str, Any]:
    headers = _headers(record)
    return {
        "partition": record.partition,
        "offset": record.offset,
        "source": f"{headers.get('x-dlq-source-topic')}[{headers.get('x-dlq-source-partition')}]"
        f"@{headers.get('x-dlq-source-offset')}",
        "reason": headers.get("x-dlq-reason"),
        "error_type": headers.get("x-dlq-error-type"),
        "error": headers.get("x-dlq-error-message"),
        "attempts": headers.get("x-dlq-attempts"),
        "failed_at": headers.get("x-dlq-failed-at"),
        "bytes": len(record.value or b""),
    }


async def list_letters(args: Namespace) -> int:
    topic = Topics(args.topic_prefix).dlq(args.service)
    consumer = _consumer(args, None)
    await _open(consumer, topic, args.bootstrap)
    try:
        rows = [_row(r) for r in await _read_all(consumer)]
    finally:
        await consumer.stop()
    rows = [r for r in rows if args.reason in (None, r["reason"])]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(
            f"{r['partition']}:{r['offset']}  {r['reason']:<26} {r['error_type']:<22} "
            f"from {r['source']}  {r['error'][:80] if r['error'] else ''}"
        )
    print(f"{len(rows)} dead letter(s) in {topic}", file=sys.stderr)
    return 0


async def replay_letters(args: Namespace) -> int:
    if not args.all and args.offset is None:
        raise CliError("choose --all or --partition P --offset N")
    topic = Topics(args.topic_prefix).dlq(args.service)
    group = f"twoway-dlq-replay-{args.service}"
    # With --all a consumer group remembers what was replayed, so nothing is replayed twice.
    consumer = _consumer(args, group if args.all else None)
    await _open(consumer, topic, args.bootstrap)
    producer = AIOKafkaProducer(
        bootstrap_servers=args.bootstrap, enable_idempotence=True, acks="all"
    )
    await producer.start()
    replayed = 0
    try:
        if not args.all:
            tp = TopicPartition(topic, args.partition or 0)
            consumer.seek(tp, args.offset)
            batch = await consumer.getmany(tp, timeout_ms=5000, max_records=1)
            records = [r for r in batch.get(tp, []) if r.offset == args.offset]
            if not records:
                raise CliError(f"no dead letter at {tp.partition}:{args.offset}")
        else:
            records = await _read_all(consumer)
        for record in records:
            headers = _headers(record)
            if args.reason and headers.get("x-dlq-reason") != args.reason:
                continue
            source = headers.get("x-dlq-source-topic")
            if not source or "x-dlq-truncated-from" in headers:
                print(
                    f"skipped {record.partition}:{record.offset} (no source or truncated)",
                    file=sys.stderr,
                )
                continue
            kept = [(k, v.encode()) for k, v in headers.items() if not k.startswith("x-dlq-")]
            kept.append(("x-dlq-replayed-from", f"{record.partition}:{record.offset}".encode()))
            await producer.send_and_wait(source, record.value, key=record.key, headers=kept)
            replayed += 1
        if args.all:
            await consumer.commit()
    finally:
        await producer.stop()
        await consumer.stop()
    print(f"replayed {replayed} dead letter(s) from {topic}")
    return 0
