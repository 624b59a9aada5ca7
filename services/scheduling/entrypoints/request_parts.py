"""What several scheduling routes share: typed path parts, strict bodies, documented errors."""

from __future__ import annotations

from typing import Annotated

from services.scheduling.entrypoints.schemas import CompletionRequest, RescheduleRequest
from shared.http.error_docs import error_responses
from shared.http.paths import IdPath
from shared.http.strict_body import strict_json

ERRORS = error_responses(401, 403, 404, 409, 422, 503)
PairId = IdPath
SessionId = IdPath
ParticipantId = IdPath
ProgramId = IdPath
RescheduleRequestBody = Annotated[RescheduleRequest, strict_json(RescheduleRequest)]
CompletionRequestBody = Annotated[CompletionRequest, strict_json(CompletionRequest)]
