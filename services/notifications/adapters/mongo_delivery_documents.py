"""Delivery records as MongoDB documents, and the updates that settle them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.notifications.domain.digest import HeldItem
from services.notifications.domain.model import (
    Audience,
    Channel,
    DeliveryRecord,
    Outcome,
    Priority,
    SourceRef,
    Status,
)
from shared.events import Event
from shared.storage.mongo import Document
from shared.storage.outbox import push_outbox


def to_document(record: DeliveryRecord) -> Document:
    return {
        "_id": record.delivery_id,
        "cause_event_id": str(record.cause_event_id),
        "event_type": record.event_type,
        "program_id": record.program_id,
        "correlation_id": str(record.correlation_id),
        "occurred_at": record.occurred_at,
        "recipient_id": record.recipient_id,
        "audience": record.audience.value,
        "channel": record.channel.value,
        "template": record.template,
        "priority": record.priority.value,
        "status": record.status.value,
        "not_before": record.not_before,
        "created_at": record.created_at,
        "source": {
            "topic": record.source.topic,
            "partition": record.source.partition,
            "offset": record.source.offset,
            "key": record.source.key.decode("utf-8", "replace") if record.source.key else None,
        },
        "cause": record.cause,
        "expires_at": record.expires_at,
        "attempts": record.attempts,
        "resumed": record.resumed,
        "claimed_at": record.claimed_at,
        "digest_date": record.digest_date,
        "item_ids": list(record.item_ids),
    }


def from_document(doc: Document) -> DeliveryRecord:
    source = doc.get("source") or {}
    key = source.get("key")
    return DeliveryRecord(
        delivery_id=doc["_id"],
        cause_event_id=UUID(doc["cause_event_id"]),
        event_type=doc["event_type"],
        program_id=doc["program_id"],
        correlation_id=UUID(doc["correlation_id"]),
        occurred_at=doc["occurred_at"],
        recipient_id=doc["recipient_id"],
        audience=Audience(doc["audience"]),
        channel=Channel(doc["channel"]),
        template=doc["template"],
        priority=Priority(doc["priority"]),
        status=Status(doc["status"]),
        not_before=doc["not_before"],
        created_at=doc["created_at"],
        source=SourceRef(
            topic=source.get("topic", ""),
            partition=int(source.get("partition", -1)),
            offset=int(source.get("offset", -1)),
            key=key.encode("utf-8") if key else None,
        ),
        cause=doc.get("cause"),
        expires_at=doc.get("expires_at"),
        attempts=int(doc.get("attempts", 0)),
        resumed=bool(doc.get("resumed", False)),
        claimed_at=doc.get("claimed_at"),
        digest_date=doc.get("digest_date"),
        item_ids=tuple(doc.get("item_ids") or ()),
    )


def finish_update(
    outcome: Outcome[Event], now: datetime, *, outbox: bool = True, token: str | None = None
) -> Document:
    update: Document = {
        "$set": {
            "status": outcome.status.value,
            "attempts": outcome.attempts,
            "finished_at": now,
            "last_error": outcome.error_type,
            **({"settled_by": token} if token else {}),
        },
        # The causing event may hold personal data (a ParticipantJoined): keep it only
        # while the delivery can still need it.
        "$unset": {"cause": ""},
    }
    if outbox and outcome.events:
        update.update(push_outbox(outcome.events))
    return update


def held_item(doc: Document) -> HeldItem:
    return HeldItem(
        delivery_id=doc["_id"],
        recipient_id=doc["recipient_id"],
        program_id=doc["program_id"],
        template=doc["template"],
        created_at=doc["created_at"],
        digest_date=doc.get("digest_date") or doc["not_before"].date().isoformat(),
        audience=doc["audience"],
    )
