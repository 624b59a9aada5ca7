"""Events of the `programs` stream (key: program_id)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    Field,
    HttpUrl,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from shared.events.envelope import Contract, Event, Identifier, ShortText
from shared.events.timezones import IanaTimezone
from shared.events.wire_types import AS_WHOLE, WireDate, WireUuid

Locale = Literal["en", "de", "fr", "es", "ja"]
ApprovalMode = Literal["auto", "admin"]
_URL_MAX = 2083
_HTTP_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://(%[0-9A-Fa-f]{2}|[A-Za-z0-9._~:/?#@!$&'()*+,;=-])+$"
"""http(s) and then only the characters RFC 3986 lets a URI carry as they are (an IPv6
literal host aside): a space, a newline or an accented letter must come percent-encoded."""


def _http_url(value: str) -> str:
    # Checked as a URL but kept as sent: a normalised copy (a "/" added, characters
    # percent-encoded) could outgrow the limit and then never load again.
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError:
        raise ValueError("not an http(s) URL") from None
    return value


WebhookUrl = Annotated[
    str,
    Field(
        min_length=1,
        max_length=_URL_MAX,
        pattern=URL_PATTERN,
        json_schema_extra={"format": "uri"},
        description=(
            "An http(s) URL, kept as sent. Rule the schema cannot state: text that a URL "
            "parser cannot read as an absolute URL with a host is not an http(s) URL."
        ),
    ),
    AfterValidator(_http_url),
]


class ProgramSettings(Contract):
    """A full snapshot of a program's settings; every service keeps the parts it needs.

    Rule the schema cannot state: end_date must be after start_date."""

    name: ShortText
    region: Annotated[str, Field(min_length=2, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
    timezone: IanaTimezone
    locales: Annotated[
        list[Locale], Field(min_length=1, max_length=10, json_schema_extra={"uniqueItems": True})
    ]
    start_date: WireDate
    end_date: WireDate
    cadence_days: Annotated[int, Field(ge=1, le=90), AS_WHOLE] = 14
    session_minutes: Annotated[int, Field(ge=15, le=240), AS_WHOLE] = 60
    approval_mode: ApprovalMode = "auto"
    blackout_dates: Annotated[list[WireDate], Field(max_length=366)] = []
    reminder_offsets_minutes: Annotated[
        list[Annotated[int, Field(ge=5, le=10080), AS_WHOLE]], Field(max_length=5)
    ] = [1440, 60]
    missed_after_hours: Annotated[int, Field(ge=1, le=168), AS_WHOLE] = 12
    feedback_deadline_days: Annotated[int, Field(ge=1, le=60), AS_WHOLE] = 7
    health_threshold: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    min_group_size: Annotated[int, Field(ge=1, le=1000), AS_WHOLE] = 5
    cohort: Annotated[str, Field(min_length=1, max_length=64)] = "default"
    admin_recipient_ids: Annotated[list[Identifier], Field(max_length=50)] = []
    chat_webhook_url: WebhookUrl | None = None
    branding_name: Annotated[str, Field(max_length=80)] | None = None
    self_assessment: bool = Field(
        default=True,
        description=(
            "Whether participants are asked to rate their skills before and after the program "
            "(the pre/post self-assessment); absent means yes, as before the setting existed."
        ),
    )

    @property
    def default_locale(self) -> str:
        return self.locales[0]

    def is_over(self, now: datetime) -> bool:
        """Whether the program's last day is over at `now`, in the program's time zone."""
        return now.astimezone(ZoneInfo(self.timezone)).date() > self.end_date

    @model_validator(mode="after")
    def _dates_in_order(self) -> ProgramSettings:
        if self.end_date <= self.start_date:
            raise ValueError("end_date must be after start_date")
        return self

    @field_validator("locales")
    @classmethod
    def _unique_locales(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("locales must not repeat")
        return value


class ProgramLaunched(Event):
    event_type: Literal["ProgramLaunched"] = "ProgramLaunched"
    settings: ProgramSettings
    program_version: Annotated[int, Field(ge=1), AS_WHOLE] = 1


class ProgramUpdated(Event):
    event_type: Literal["ProgramUpdated"] = "ProgramUpdated"
    settings: ProgramSettings
    program_version: Annotated[int, Field(ge=2), AS_WHOLE]


class MatchingRoundCompleted(Event):
    """A published (not dry-run) matching round; figures only, no people."""

    event_type: Literal["MatchingRoundCompleted"] = "MatchingRoundCompleted"
    round_id: WireUuid
    pairs_proposed: Annotated[int, Field(ge=0), AS_WHOLE]
    pairs_created: Annotated[int, Field(ge=0), AS_WHOLE]
    unmatched_juniors: Annotated[int, Field(ge=0), AS_WHOLE]
    unmatched_seniors: Annotated[int, Field(ge=0), AS_WHOLE]
    match_rate: Annotated[float, Field(ge=0.0, le=1.0)]
    mean_score: float
    lowest_score: float
    gap_to_bound: Annotated[float, Field(ge=0.0)]
    duration_seconds: Annotated[float, Field(ge=0.0)]
    awaiting_approval: bool = False
