"""Events of the `participants` stream (key: program_id) and the participant profile."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from shared.events.envelope import Contract, Event, Identifier, ShortText, SkillName
from shared.events.timezones import IanaTimezone
from shared.events.wire_types import AS_WHOLE, WHITESPACE_CLASS

Role = Literal["junior", "senior"]
"""`junior` is the reverse mentor, `senior` the reverse mentee."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]

PersonEmail = Annotated[
    str,
    Field(
        min_length=3,
        max_length=254,
        pattern=f"^[^@{WHITESPACE_CLASS}]+@[^@{WHITESPACE_CLASS}]+$",
    ),
]
"""An address as the company directory holds it (a program profile's is stricter)."""

_ADDRESS_CHAR = f"[^@{WHITESPACE_CLASS}]"
EMAIL_PATTERN = f"^{_ADDRESS_CHAR}{{1,64}}@{_ADDRESS_CHAR}+\\.{_ADDRESS_CHAR}{{2,}}$"
CLOCK_PATTERN = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
_EMAIL = re.compile(EMAIL_PATTERN.strip("^$"))
_CLOCK = re.compile(CLOCK_PATTERN.strip("^$"))


def clock_minutes(value: str) -> int:
    """Minutes after local midnight of an "HH:MM" string (24:00 is the end of the day)."""
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


class SkillLevel(Contract):
    skill: SkillName
    level: Annotated[int, Field(ge=1, le=5), AS_WHOLE]


class LearningGoal(Contract):
    skill: SkillName
    priority: Annotated[int, Field(ge=1, le=5), AS_WHOLE]


class AvailabilityWindow(Contract):
    """A weekly window in the participant's own local time.

    Rule the schema cannot state: end must be after start within the same day (so a window
    never starts at 24:00)."""

    day: Weekday
    start: Annotated[
        str, Field(description="HH:MM, local time", json_schema_extra={"pattern": CLOCK_PATTERN})
    ]
    end: Annotated[
        str,
        Field(
            description="HH:MM, local time; 24:00 allowed",
            json_schema_extra={"pattern": CLOCK_PATTERN},
        ),
    ]

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.fullmatch(value):
            raise ValueError("time must be HH:MM between 00:00 and 24:00")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> AvailabilityWindow:
        if clock_minutes(self.end) <= clock_minutes(self.start):
            raise ValueError("end must be after start within the same day")
        return self


class ParticipantProfile(Contract):
    """Everything a program knows about a participant; one contract for API, files and events.

    Rules the schema cannot state: reporting_chain must not contain the participant; exclude
    must not contain the participant; skills_offered must name each skill once; learning_goals
    must name each skill once (skills compare trimmed and lower-cased)."""

    participant_id: Identifier
    role: Role
    display_name: ShortText
    email: Annotated[str, Field(max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN})]
    department: Annotated[str, Field(min_length=1, max_length=100)]
    location: Annotated[str, Field(min_length=1, max_length=100)]
    timezone: IanaTimezone
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=10)]
    seniority_level: Annotated[int, Field(ge=1, le=10), AS_WHOLE]
    reporting_chain: Annotated[list[Identifier], Field(max_length=20)] = []
    skills_offered: Annotated[list[SkillLevel], Field(max_length=50)] = []
    learning_goals: Annotated[list[LearningGoal], Field(max_length=50)] = []
    availability: Annotated[list[AvailabilityWindow], Field(max_length=50)] = []
    capacity: Annotated[int, Field(ge=1, le=10), AS_WHOLE] | None = None
    exclude: Annotated[list[Identifier], Field(max_length=100)] = []
    chat_handle: Annotated[str, Field(max_length=100)] | None = None
    locale: Literal["en", "de", "fr", "es", "ja"] | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.fullmatch(value):
            raise ValueError("not a valid email address")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ParticipantProfile:
        if self.participant_id in self.reporting_chain:
            raise ValueError("reporting_chain must not contain the participant")
        if self.participant_id in self.exclude:
            raise ValueError("exclude must not contain the participant")
        if len({s.skill for s in self.skills_offered}) != len(self.skills_offered):
            raise ValueError("skills_offered must name each skill once")
        if len({g.skill for g in self.learning_goals}) != len(self.learning_goals):
            raise ValueError("learning_goals must name each skill once")
        return self


class ParticipantJoined(Event):
    event_type: Literal["ParticipantJoined"] = "ParticipantJoined"
    participant: ParticipantProfile
    profile_version: Annotated[int, Field(ge=1), AS_WHOLE] = 1


class ParticipantUpdated(Event):
    event_type: Literal["ParticipantUpdated"] = "ParticipantUpdated"
    participant: ParticipantProfile
    profile_version: Annotated[int, Field(ge=2), AS_WHOLE]


class ParticipantWithdrew(Event):
    event_type: Literal["ParticipantWithdrew"] = "ParticipantWithdrew"
    participant_id: Identifier
    role: Role


class ParticipantInvited(Event):
    """An admin invited a person of the company directory into the program; they accept or
    decline in the portal. Not a participant yet, so the event carries how to reach them, as
    the directory described them when invited (the same person id is their participant id once
    they accept). Published when an invitation opens, again after a decline."""

    event_type: Literal["ParticipantInvited"] = "ParticipantInvited"
    participant_id: Identifier
    role: Role
    display_name: ShortText
    email: PersonEmail
    locale: Literal["en", "de", "fr", "es", "ja"] | None = None
    timezone: IanaTimezone | None = None


class ParticipantErased(Event):
    """Right to erasure: every service removes this person's personal data."""

    event_type: Literal["ParticipantErased"] = "ParticipantErased"
    participant_id: Identifier
