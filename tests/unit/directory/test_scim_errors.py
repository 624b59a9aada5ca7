"""Each refusal of the directory answers with its SCIM status and scimType at the boundary."""

from __future__ import annotations

import json

import pytest

from services.directory.domain.errors import (
    ChangedMeanwhile,
    DirectoryRefused,
    InvalidFilter,
    InvalidRequest,
    InvalidValue,
    UnknownPerson,
    UserNameTaken,
    VersionMismatch,
)
from services.directory.entrypoints.scim_errors import BodyTooLarge, as_scim_response


@pytest.mark.parametrize(
    ("refused", "status", "scim_type"),
    [
        (UnknownPerson(), 404, None),
        (UserNameTaken(), 409, "uniqueness"),
        (VersionMismatch(), 412, None),
        (ChangedMeanwhile(), 409, None),
        (InvalidFilter("filter is too complex"), 400, "invalidFilter"),
        (InvalidRequest("the body is not JSON"), 400, "invalidSyntax"),
        (BodyTooLarge(), 413, None),
        (InvalidValue("bad"), 400, "invalidValue"),
        (DirectoryRefused("refused"), 400, None),
    ],
)
def test_a_refusal_answers_with_its_status_and_scim_type(
    refused: DirectoryRefused, status: int, scim_type: str | None
) -> None:
    response = as_scim_response(refused)
    body = json.loads(bytes(response.body))
    assert response.status_code == status
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type
    assert body["detail"] == refused.detail
