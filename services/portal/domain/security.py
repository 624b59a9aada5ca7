"""Random values of the sign-in flow and the CSRF check, with no I/O.

PKCE (RFC 7636, S256), `state` against forged callbacks, `nonce` against replayed ID tokens, and
one CSRF token per session compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """What the portal remembers between sending someone to the IdP and their return."""

    state: str
    nonce: str
    code_verifier: str
    return_to: str

    @classmethod
    def start(cls, return_to: str) -> PendingSignIn:
        # 64 bytes of entropy -> an 86-character verifier, inside RFC 7636's 43..128.
        return cls(
            state=random_token(),
            nonce=random_token(),
            code_verifier=random_token(64),
            return_to=safe_return_path(return_to),
        )

    @property
    def code_challenge(self) -> str:
        return pkce_challenge(self.code_verifier)


def state_matches(expected: str | None, received: str | None) -> bool:
    if not expected or not received:
        return False
    return hmac.compare_digest(expected.encode(), received.encode())


def csrf_matches(expected: str | None, received: str | None) -> bool:
    return state_matches(expected, received)


def safe_return_path(candidate: str | None) -> str:
    """Only a local path: an open redirect to another site through `?next=` is refused."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return "/"
    if "\\" in candidate or any(ord(c) < 32 for c in candidate):
        return "/"
    if candidate.startswith("/auth/"):
        return "/"
    return candidate
