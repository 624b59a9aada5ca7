"""A batch is handled at once; a poison record goes to the DLQ alone and the rest proceeds."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, cast
from uuid import UUID

import pytest
from faststream.message import StreamMessage

from shared.events import Event, Topics, decode_event, encode_event
from shared.messaging.batches import entity_key, in_key_order
from shared.messaging.dead_letter import DeadLetterRouter, PermanentError, RetryPolicy
from shared.observability.metrics import ServiceMetrics
from tests.unit.shared.sample_events import sample


@dataclass(frozen=True)
class Record:
    value: bytes
    offset: int
    topic: str = "twoway.pairs"
    partition: int = 0
    key: bytes = b"pair"
    headers: tuple[tuple[str, bytes], ...] = ()


class RecordingRouter(DeadLetterRouter):
    """The real retry and DLQ logic; dead letters are kept here instead of sent to Kafka."""

    def __init__(self) -> None:
        async def no_sleep(_seconds: float) -> None:
            return None

        super().__init__(
            service="test",
            topics=Topics("twoway."),
            policy=RetryPolicy(attempts=2, base_delay=0.0),
            metrics=ServiceMetrics("batches_test"),
            sleep=no_sleep,
        )
        self.letters: list[dict[str, Any]] = []

    async def dead_letter_body(self, body: bytes, **details: Any) -> None:  # type: ignore[override]
        self.letters.append({"body": body, **details})


@dataclass
class BatchHandler:
    """Stands in for FastStream's call: decodes the batch, then hands it to the handler."""

    refuse: set[UUID] = field(default_factory=set)
    calls: list[list[UUID]] = field(default_factory=list)

    async def __call__(self, msg: StreamMessage[Any]) -> None:
        bodies = cast(list[bytes], msg.body)
        events = [decode_event(body) for body in bodies]
        self.calls.append([e.event_id for e in events])
        if any(e.event_id in self.refuse for e in events):
            raise PermanentError("refused")


def events(n: int) -> list[Event]:
    base = sample("PairCreated")
    return [
        base.model_copy(update={"event_id": UUID(int=i + 1), "pair_id": f"pair-{i}"})
        for i in range(n)
    ]


def batch(bodies: list[bytes]) -> StreamMessage[Any]:
    records = tuple(Record(body, offset) for offset, body in enumerate(bodies))
    return StreamMessage(raw_message=records, body=list(bodies))


def run(router: RecordingRouter, handler: BatchHandler, msg: StreamMessage[Any]) -> None:
    asyncio.run(router.process(handler, msg))


def test_a_healthy_batch_is_handled_in_one_call() -> None:
    router, handler = RecordingRouter(), BatchHandler()
    sent = events(5)
    run(router, handler, batch([encode_event(e) for e in sent]))
    assert handler.calls == [[e.event_id for e in sent]]
    assert router.letters == []


def test_an_undecodable_record_is_dead_lettered_alone_and_the_rest_runs_together() -> None:
    router, handler = RecordingRouter(), BatchHandler()
    sent = events(4)
    bodies = [encode_event(e) for e in sent]
    bodies.insert(2, b"{not an event")
    run(router, handler, batch(bodies))
    assert [letter["offset"] for letter in router.letters] == [2]
    assert router.letters[0]["reason"] == "malformed_json"
    assert handler.calls[-1] == [e.event_id for e in sent]  # in order, one call


def test_a_record_its_handler_refuses_is_dead_lettered_and_the_others_are_handled() -> None:
    sent = events(3)
    router, handler = RecordingRouter(), BatchHandler(refuse={sent[1].event_id})
    run(router, handler, batch([encode_event(e) for e in sent]))
    assert [letter["offset"] for letter in router.letters] == [1]
    assert router.letters[0]["reason"] == "rejected"
    handled_alone = [call for call in handler.calls if len(call) == 1]
    assert handled_alone == [[e.event_id] for e in sent]


def test_a_single_record_message_still_takes_the_one_message_path() -> None:
    router, handler = RecordingRouter(), BatchHandler()
    (event,) = events(1)
    record = Record(encode_event(event), 7)

    async def one(msg: StreamMessage[Any]) -> None:
        handler.calls.append([decode_event(msg.body).event_id])

    asyncio.run(router.process(one, StreamMessage(raw_message=record, body=record.value)))
    assert handler.calls == [[event.event_id]]


def test_events_of_one_key_run_in_order_and_keys_run_side_by_side() -> None:
    seen: list[tuple[str, int]] = []
    running: set[str] = set()
    overlapped: list[bool] = []

    async def handle(item: tuple[str, int]) -> None:
        running.add(item[0])
        overlapped.append(len(running) > 1)
        await asyncio.sleep(0.01)
        seen.append(item)
        running.discard(item[0])

    items = [("a", 1), ("b", 1), ("a", 2), ("b", 2), ("a", 3)]
    asyncio.run(in_key_order(items, handle, key=lambda item: item[0]))
    assert [n for k, n in seen if k == "a"] == [1, 2, 3]
    assert [n for k, n in seen if k == "b"] == [1, 2]
    assert any(overlapped)


def test_a_failing_key_fails_the_batch_after_the_others_finished() -> None:
    seen: list[str] = []

    async def handle(item: str) -> None:
        if item == "bad":
            raise RuntimeError("refused")
        await asyncio.sleep(0.01)
        seen.append(item)

    with pytest.raises(RuntimeError):
        asyncio.run(in_key_order(["bad", "good"], handle, key=lambda item: item))
    assert seen == ["good"]


def test_a_participants_events_are_keyed_by_the_person_and_others_by_their_topic_key() -> None:
    joined = sample("ParticipantJoined")
    withdrew = sample("ParticipantWithdrew")
    created = sample("PairCreated")
    assert entity_key(joined) == f"participant:{joined.participant.participant_id}"  # type: ignore[attr-defined]
    assert entity_key(withdrew) == f"participant:{withdrew.participant_id}"  # type: ignore[attr-defined]
    assert entity_key(created) == created.pair_id  # type: ignore[attr-defined]
