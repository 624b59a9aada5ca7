"""What the matching routes read of a request besides the path: strict JSON bodies and the
correlation header every event of the request carries."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import Header
from starlette.convertors import Convertor, register_url_convertor

from services.matching.entrypoints.schemas import (
    ApproveRequest,
    BulkJoin,
    EndPair,
    ProgramChange,
    ProgramLaunch,
    RoundRequest,
)
from shared.events import ParticipantProfile
from shared.http.strict_body import strict_json

CorrelationHeader = Annotated[
    UUID,
    Header(
        alias="X-Correlation-ID",
        default_factory=uuid4,
        description="Carried into every event this request causes (a new one if absent)",
    ),
]
ProgramLaunchBody = Annotated[ProgramLaunch, strict_json(ProgramLaunch)]
ProgramChangeBody = Annotated[ProgramChange, strict_json(ProgramChange)]
ParticipantProfileBody = Annotated[ParticipantProfile, strict_json(ParticipantProfile)]
BulkJoinBody = Annotated[BulkJoin, strict_json(BulkJoin)]
RoundRequestBody = Annotated[RoundRequest, strict_json(RoundRequest)]
ApproveRequestBody = Annotated[ApproveRequest, strict_json(ApproveRequest)]
EndPairBody = Annotated[EndPair, strict_json(EndPair)]


def correlation_of(value: UUID | None) -> UUID:
    return value or uuid4()


class ParticipantSegment(Convertor[str]):
    """A participant id in a path, except `bulk`: `/participants/bulk` is the bulk import, so
    it only serves POST (and a 405 there names POST alone)."""

    regex = "(?!bulk$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("participant_segment", ParticipantSegment())
