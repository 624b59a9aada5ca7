"""Events of the `notifications` stream (key: recipient id): the delivery audit trail."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shared.events.envelope import Event, Identifier
from shared.events.wire_types import AS_WHOLE, WireUuid

Channel = Literal["email", "chat", "inbox"]


class NotificationSent(Event):
    event_type: Literal["NotificationSent"] = "NotificationSent"
    delivery_id: Identifier
    recipient_id: Identifier
    channel: Channel
    template: Annotated[str, Field(min_length=1, max_length=64)]
    cause_event_id: WireUuid
    attempts: Annotated[int, Field(ge=1), AS_WHOLE] = 1


class NotificationFailed(Event):
    event_type: Literal["NotificationFailed"] = "NotificationFailed"
    delivery_id: Identifier
    recipient_id: Identifier
    channel: Channel
    template: Annotated[str, Field(min_length=1, max_length=64)]
    cause_event_id: WireUuid
    error_type: Annotated[str, Field(min_length=1, max_length=100)]
    permanent: bool
    attempts: Annotated[int, Field(ge=1), AS_WHOLE] = 1
