"""The envelope every Twoway event carries, and the value types events share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = 1
"""Major version of the event contracts this code writes and reads.

A breaking change to any event bumps it; consumers reject newer majors with a typed error
instead of guessing at fields they do not understand.
"""


def _require_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must carry a time zone (UTC)")
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_require_utc)]
"""A timezone-aware instant, normalised to UTC; naive datetimes are rejected."""

Identifier = Annotated[
    str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$")
]
"""Opaque ids (program, participant, pair, session): no spaces, no personal data by design."""

ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
SkillName = Annotated[
    str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True, to_lower=True)
]


class Contract(BaseModel):
    """Base of every wire model: immutable and strict about unknown fields."""

    # No infinities or NaN: JSON has no way to write them, so an event carrying one could not
    # be re-encoded as itself.
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=False, allow_inf_nan=False
    )


class Event(Contract):
    """Common envelope. Subclasses pin `event_type` with a Literal."""

    event_id: UUID
    event_type: str
    schema_version: int = Field(default=SCHEMA_VERSION, ge=1)
    occurred_at: UtcDatetime
    program_id: Identifier
    correlation_id: UUID
    causation_id: UUID | None = None

    def envelope_headers(self) -> dict[str, str]:
        """Kafka headers mirroring the envelope, so tools can route without decoding."""
        headers = {
            "event_type": self.event_type,
            "event_id": str(self.event_id),
            "schema_version": str(self.schema_version),
            "correlation_id": str(self.correlation_id),
        }
        if self.causation_id is not None:
            headers["causation_id"] = str(self.causation_id)
        return headers

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
