"""Which HTTP status a page answers with when a part of it failed: the failures are the
domain's (domain/failures.py); their statuses are the web's, decided here at the boundary."""

from __future__ import annotations

from services.portal.domain.failures import (
    Conflict,
    FormRejected,
    Invalid,
    NotAllowed,
    NotFound,
    PortalError,
    SignInRequired,
    Unavailable,
)

STATUS_OF: tuple[tuple[type[PortalError], int], ...] = (
    (SignInRequired, 401),
    (NotAllowed, 403),
    (NotFound, 404),
    (Conflict, 409),
    (Invalid, 422),
    (Unavailable, 503),
    (FormRejected, 400),
)


def status_of(failure: PortalError) -> int:
    for kind, status in STATUS_OF:
        if isinstance(failure, kind):
            return status
    return 500
