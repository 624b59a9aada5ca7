"""What several scheduling routes share: typed path parts, strict bodies, documented errors."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from services.scheduling.entrypoints.schemas import CompletionRequest, RescheduleRequest
from shared.http.error_docs import error_responses
from shared.http.strict_body import strict_json

ERRORS = error_responses(401, 403, 404, 409, 422, 503)
_ID = r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$"
PairId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
SessionId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
ParticipantId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
ProgramId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
RescheduleRequestBody = Annotated[RescheduleRequest, strict_json(RescheduleRequest)]
CompletionRequestBody = Annotated[CompletionRequest, strict_json(CompletionRequest)]
