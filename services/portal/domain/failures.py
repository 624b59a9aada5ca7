"""What can go wrong when the portal asks a service, as typed errors with a message key.

The adapters turn HTTP statuses and connection errors into these; the pages turn them into a
readable sentence in the person's language (never a JSON body, never a traceback).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


class PortalError(Exception):
    """Base of every failure a page can show; `text_key` names the sentence in the catalog."""

    text_key = "error.unexpected"

    def __init__(self, service: str | None = None, code: str | None = None) -> None:
        super().__init__(f"{type(self).__name__}({service}, {code})")
        self.service = service
        self.code = code


class SignInRequired(PortalError):
    """No session, or the access token is expired or refused: sign in again."""

    text_key = "error.sign_in_required"


class SignInFailed(SignInRequired):
    """The IdP refused or the callback did not check out (state, nonce, signature)."""

    text_key = "error.sign_in_failed"


class TokenRefused(SignInRequired):
    """A service refused a token the IdP has just issued: signing in again would loop."""

    text_key = "error.token_refused"


class NotAllowed(PortalError):
    text_key = "error.not_allowed"


class NotFound(PortalError):
    text_key = "error.not_found"


class Conflict(PortalError):
    text_key = "error.conflict"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with what was submitted: where (field path or line) and why."""

    where: str
    why: str


class Invalid(PortalError):
    text_key = "error.invalid"

    def __init__(
        self,
        service: str | None = None,
        code: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(service, code)
        self.problems = problems or []


class Unavailable(PortalError):
    """The service is down, timed out or answered 5xx: that part of the page is unavailable."""

    text_key = "error.unavailable"


class FormRejected(PortalError):
    """The portal's own form checks (CSRF, malformed numbers) refused the submission."""

    text_key = "error.form_rejected"


@dataclass
class Section(Generic[T]):
    """A part of a page filled from one service, or marked unavailable if that service failed."""

    value: T | None = None
    failure: PortalError | None = None
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.failure is None
