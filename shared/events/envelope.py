"""The envelope every Twoway event carries, and the value types events share."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.events.wire_types import (
    AS_WHOLE,
    WHOLE_NUMBER_NOTE,
    ShortText,
    SkillName,
    UtcDatetime,
    WireUuid,
)

SCHEMA_VERSION = 1
"""Major version of the event contracts this code writes and reads.

A breaking change to any event bumps it; consumers reject newer majors with a typed error
instead of guessing at fields they do not understand.
"""


IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$"
"""An opaque id as every contract accepts it (1 to 128 characters)."""

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$"
"""The characters of an opaque id; `Identifier` and `shared.http.paths.IdPath` bound its length."""

Identifier = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=ID_PATTERN)]
"""Opaque ids (program, participant, pair, session): no spaces, no personal data by design."""

ENVELOPE_REQUIRED = ("event_type", "schema_version")
"""Defaulted in code (a class knows its own type and version) but required on the wire: the
decoder reads both before anything else, so the schema lists them as required."""


def _envelope_schema(schema: dict[str, Any]) -> None:
    required = schema.setdefault("required", [])
    for name in ENVELOPE_REQUIRED:
        if name not in required:
            required.append(name)
    version = schema.get("properties", {}).get("schema_version")
    if version is not None:
        version["description"] = (
            f"Major version of the contract; this document is version {SCHEMA_VERSION}, and a "
            f"decoder refuses any other. {WHOLE_NUMBER_NOTE}"
        )


class Contract(BaseModel):
    """Base of every wire model: immutable and strict about unknown fields."""

    # No infinities or NaN: JSON has no way to write them, so an event carrying one could not
    # be re-encoded as itself.
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=False, allow_inf_nan=False
    )


class Event(Contract):
    """Common envelope. Subclasses pin `event_type` with a Literal."""

    model_config = ConfigDict(json_schema_extra=_envelope_schema)

    event_id: WireUuid
    event_type: str
    schema_version: Annotated[int, Field(ge=1, le=SCHEMA_VERSION), AS_WHOLE] = SCHEMA_VERSION
    occurred_at: UtcDatetime
    program_id: Identifier
    correlation_id: WireUuid
    causation_id: WireUuid | None = None

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


__all__ = [
    "ENVELOPE_REQUIRED",
    "SCHEMA_VERSION",
    "Contract",
    "Event",
    "Identifier",
    "ShortText",
    "SkillName",
    "UtcDatetime",
]
