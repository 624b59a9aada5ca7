"""Bounded retries with backoff and jitter, then the dead-letter topic; the consumer moves on."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, NodeNotReadyError
from faststream import BaseMiddleware
from faststream.kafka import KafkaBroker
from faststream.message import StreamMessage
from pydantic import ValidationError
from pymongo.errors import ConnectionFailure, ExecutionTimeout, WTimeoutError

from shared.events import EventDecodeError, Topics, decode_event
from shared.events.codec import describe_validation_error
from shared.messaging.batches import run_batch
from shared.messaging.producer import FATAL_PRODUCER_ERRORS, with_live_producer
from shared.observability.logging import correlation_id_var, event_id_var
from shared.observability.metrics import ServiceMetrics

log = logging.getLogger("twoway.dead_letter")

DLQ_BODY_LIMIT = 900_000
"""Kafka's default message limit is 1 MB: a larger poison message is kept truncated, flagged."""


class PermanentError(Exception):
    """The handler knows retrying cannot help (e.g. a rule violation): dead-letter at once."""


_OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionFailure,
    ExecutionTimeout,
    WTimeoutError,
    KafkaConnectionError,
    KafkaTimeoutError,
    NodeNotReadyError,
    ConnectionError,
    TimeoutError,
    # A producer that stays dead even after renewal is not the message's fault either.
    *FATAL_PRODUCER_ERRORS,
)


def is_outage(error: BaseException) -> bool:
    """A database or broker being unreachable is not the message's fault.

    Such messages are not dead-lettered: the offset stays uncommitted and the message comes
    back once the dependency is up, so an outage loses nothing and floods no DLQ.
    """
    return isinstance(error, _OUTAGE_ERRORS)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.2
    max_delay: float = 5.0
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)


def _reason(error: BaseException) -> str:
    if isinstance(error, EventDecodeError):
        return error.reason
    if isinstance(error, ValidationError):
        return "invalid_field"
    if isinstance(error, PermanentError):
        return "rejected"
    return "handler_failed"


def _error_text(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(describe_validation_error(error))[:1_000]
    return str(error)[:1_000] or type(error).__name__


class DeadLetterRouter:
    """Runs one message's handler with retries and dead-letters what cannot be processed."""

    def __init__(
        self,
        *,
        service: str,
        topics: Topics,
        policy: RetryPolicy,
        metrics: ServiceMetrics,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.service = service
        self.topics = topics
        self.policy = policy
        self.metrics = metrics
        self._sleep = sleep
        self._broker: KafkaBroker | None = None

    def bind(self, broker: KafkaBroker) -> None:
        self._broker = broker

    def middleware(self) -> type[BaseMiddleware]:
        router = self

        class RetryDeadLetterMiddleware(BaseMiddleware):
            async def consume_scope(
                self, call_next: Callable[[Any], Awaitable[Any]], msg: StreamMessage[Any]
            ) -> Any:
                return await router.process(call_next, msg)

        return RetryDeadLetterMiddleware

    async def process(
        self, call_next: Callable[[Any], Awaitable[Any]], msg: StreamMessage[Any]
    ) -> Any:
        if isinstance(msg.raw_message, tuple):  # a batch subscriber's message
            return await run_batch(self, call_next, msg)
        return await self.process_record(call_next, msg, msg.raw_message, bytes(msg.body))

    async def process_record(
        self,
        call_next: Callable[[Any], Awaitable[Any]],
        msg: StreamMessage[Any],
        record: Any,
        body: bytes,
    ) -> Any:
        """One record's handler with retries; the DLQ for what cannot be processed."""
        topic = getattr(record, "topic", "?")
        # A consumer task handles one message after another: without a reset, a message that
        # cannot be decoded would be logged under the previous message's ids.
        correlation_id_var.set(None)
        event_id_var.set(None)
        try:
            event = decode_event(body)
        except EventDecodeError as error:
            await self.dead_letter_record(record, body, error, attempts=1)
            return None
        correlation_id_var.set(str(event.correlation_id))
        event_id_var.set(str(event.event_id))
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call_next(msg)
            except (EventDecodeError, ValidationError, PermanentError) as error:
                await self.dead_letter_record(record, body, error, attempts=attempt)
                return None
            except Exception as error:
                if attempt >= self.policy.attempts:
                    if is_outage(error):
                        log.warning(
                            "dependency unavailable, message left for redelivery",
                            extra={"topic": topic, "error_type": type(error).__name__},
                        )
                        raise
                    await self.dead_letter_record(record, body, error, attempts=attempt)
                    return None
                self.metrics.handler_retries.labels(self.service, topic, type(error).__name__).inc()
                await self._sleep(self.policy.delay(attempt))

    async def dead_letter(
        self, msg: StreamMessage[Any], error: BaseException, *, attempts: int
    ) -> None:
        await self.dead_letter_record(msg.raw_message, bytes(msg.body), error, attempts=attempts)

    async def dead_letter_record(
        self, record: Any, body: bytes, error: BaseException, *, attempts: int
    ) -> None:
        await self.dead_letter_body(
            body,
            source_topic=str(getattr(record, "topic", "?")),
            partition=int(getattr(record, "partition", -1)),
            offset=int(getattr(record, "offset", -1)),
            key=getattr(record, "key", None),
            headers=[
                (key, value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value))
                for key, value in (getattr(record, "headers", None) or ())
            ],
            reason=_reason(error),
            error_type=type(error).__name__,
            error_message=_error_text(error),
            attempts=attempts,
        )

    async def dead_letter_body(
        self,
        body: bytes,
        *,
        source_topic: str,
        partition: int,
        offset: int,
        key: bytes | None,
        headers: list[tuple[str, str]],
        reason: str,
        error_type: str,
        error_message: str,
        attempts: int,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        """Dead-letter a message that is no longer in hand (e.g. a delivery that failed later,
        outside the consumer), with the same headers the middleware writes."""
        if self._broker is None:
            raise RuntimeError("DeadLetterRouter is not bound to a broker")
        kept = {k: v for k, v in headers if not k.startswith("x-dlq-")}
        kept.update(extra_headers or {})
        kept.update(
            {
                "x-dlq-service": self.service,
                "x-dlq-source-topic": source_topic,
                "x-dlq-source-partition": str(partition),
                "x-dlq-source-offset": str(offset),
                "x-dlq-reason": reason,
                "x-dlq-error-type": error_type,
                "x-dlq-error-message": error_message[:1_000] or error_type,
                "x-dlq-attempts": str(attempts),
                "x-dlq-failed-at": datetime.now(UTC).isoformat(),
            }
        )
        if len(body) > DLQ_BODY_LIMIT:
            kept["x-dlq-truncated-from"] = str(len(body))
            body = body[:DLQ_BODY_LIMIT]
        broker, topic = self._broker, self.topics.dlq(self.service)
        await with_live_producer(
            broker, lambda: broker.publish(body, topic=topic, key=key, headers=kept)
        )
        self.metrics.dead_letters.labels(self.service, source_topic, reason).inc()
        log.warning(
            "message dead-lettered",
            extra={
                "topic": source_topic,
                "partition": partition,
                "offset": offset,
                "reason": reason,
                "error_type": error_type,
                "attempts": attempts,
            },
        )
