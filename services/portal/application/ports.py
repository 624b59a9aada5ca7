"""What the portal needs from the outside world, as Protocols.

The four service APIs are called with the signed-in person's access token (`token`), so every
authorization rule stays in the services. Every method raises a `PortalError` subclass from
`services.portal.domain.failures` on failure; bodies are the services' JSON as plain dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a service's list: `{"items", "next_cursor", "total"}`."""

    items: list[Json] = field(default_factory=list)
    next_cursor: str | None = None
    total: int | None = None
    extra: Json = field(default_factory=dict)
    """Anything else the service sent with the page (counts by status...)."""


class MatchingApi(Protocol):
    async def list_programs(self, token: str) -> list[Json]: ...
    async def get_program(self, token: str, program_id: str) -> Json: ...
    async def launch_program(self, token: str, body: Json) -> Json: ...
    async def change_program(self, token: str, program_id: str, body: Json) -> Json: ...
    async def policy_history(self, token: str, program_id: str) -> list[Json]: ...
    async def list_participants(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage: ...
    async def get_participant(self, token: str, program_id: str, participant_id: str) -> Json: ...
    async def update_participant(
        self, token: str, program_id: str, participant_id: str, profile: Json
    ) -> Json: ...
    async def join_many(self, token: str, program_id: str, profiles: list[Json]) -> list[Json]: ...
    async def withdraw(self, token: str, program_id: str, participant_id: str) -> None: ...
    async def erase(self, token: str, program_id: str, participant_id: str) -> None: ...
    async def run_round(
        self, token: str, program_id: str, *, dry_run: bool, policy: Json | None = None
    ) -> Json: ...
    async def list_rounds(self, token: str, program_id: str, *, limit: int) -> ListPage: ...
    async def get_round(self, token: str, program_id: str, round_id: str) -> Json: ...
    async def round_summary(self, token: str, program_id: str, round_id: str) -> Json: ...
    async def round_pairs(
        self,
        token: str,
        program_id: str,
        round_id: str,
        *,
        limit: int,
        cursor: str | None,
        filters: Json,
    ) -> ListPage: ...
    async def approve_round(
        self, token: str, program_id: str, round_id: str, pair_ids: list[str] | None
    ) -> list[Json]: ...
    async def list_pairs(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage: ...
    async def get_pair(self, token: str, program_id: str, pair_id: str) -> Json: ...
    async def end_pair(self, token: str, program_id: str, pair_id: str, reason: str) -> Json: ...
    async def participant_programs(self, token: str, participant_id: str) -> list[Json]: ...
    async def program_summary(self, token: str, program_id: str) -> Json: ...
    async def partner_card(self, token: str, program_id: str, pair_id: str) -> Json: ...


class SchedulingApi(Protocol):
    async def pair_sessions(self, token: str, pair_id: str) -> Json: ...
    async def get_session(self, token: str, session_id: str) -> Json: ...
    async def invitation(self, token: str, session_id: str) -> bytes: ...
    async def reschedule(self, token: str, session_id: str, body: Json) -> Json: ...
    async def cancel(self, token: str, session_id: str) -> Json: ...
    async def participant_sessions(self, token: str, participant_id: str) -> list[Json]: ...
    async def program_series(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage: ...


class FeedbackApi(Protocol):
    async def pair_health(
        self, token: str, program_id: str, *, at_risk_only: bool, limit: int
    ) -> list[Json]: ...
    async def insights(self, token: str, program_id: str) -> Json: ...
    async def insights_csv(self, token: str, program_id: str) -> str: ...
    async def participant_requests(self, token: str, participant_id: str) -> list[Json]: ...
    async def get_request(self, token: str, request_id: str) -> Json: ...
    async def answer(self, token: str, request_id: str, body: Json, *, edit: bool) -> Json: ...
    async def put_self_assessment(
        self, token: str, program_id: str, phase: str, body: Json
    ) -> Json: ...
    async def my_self_assessments(self, token: str, program_id: str) -> list[Json]: ...


class NotificationsApi(Protocol):
    async def inbox(
        self, token: str, recipient_id: str, *, limit: int, cursor: str | None
    ) -> Json: ...
    async def mark_read(self, token: str, recipient_id: str, body: Json) -> Json: ...
    async def get_preferences(self, token: str, recipient_id: str) -> Json: ...
    async def put_preferences(self, token: str, recipient_id: str, body: Json) -> Json: ...


class ProvisioningApi(Protocol):
    """Enrolment from the company directory (as matching knows it): by the admin, by rule
    or by invitation (which the person answers on their page), and the directory's own
    audit trail."""

    async def search_directory(
        self, token: str, *, q: str | None, limit: int, cursor: str | None
    ) -> ListPage: ...
    async def enrol(self, token: str, program_id: str, body: Json) -> Json: ...
    async def enrolment_rules(self, token: str, program_id: str) -> Json: ...
    async def set_enrolment_rules(self, token: str, program_id: str, body: Json) -> Json: ...
    async def invite(self, token: str, program_id: str, body: Json) -> Json: ...
    async def open_invitations(self, token: str, person_id: str) -> list[Json]: ...
    async def answer_invitation(
        self, token: str, person_id: str, program_id: str, *, accept: bool
    ) -> Json | None:
        """Accept (the join's outcome) or decline (None)."""
        ...

    async def directory_audit(self, token: str, *, limit: int, cursor: str | None) -> ListPage:
        """The directory's SCIM changes (platform admins); Unavailable when the portal is
        not told where the directory is."""
        ...


class ProgramAuditApi(Protocol):
    """One service's audit trail of a program (`GET /programs/{id}/audit`): entries newest
    first, `{"items", "next_cursor", "total"}` with entries as in shared/http/audit_api.py."""

    async def program_audit(
        self, token: str, program_id: str, *, limit: int, cursor: str | None
    ) -> ListPage: ...


@dataclass
class StoredSession:
    """A browser session kept server-side; the browser holds only `session_id`."""

    session_id: str
    csrf_token: str
    expires_at: datetime
    locale: str | None = None
    pending: Json | None = None
    """The sign-in in progress: state, nonce, code_verifier, return_to."""
    access_token: str | None = None
    access_expires_at: datetime | None = None
    id_token: str | None = None
    viewer: Json | None = None
    signed_in_at: datetime | None = None
    left_out: Json | None = None
    """Per round under review, the proposed pairs the admin unticked (see round_ticks)."""


class SessionStore(Protocol):
    async def load(self, session_id: str) -> StoredSession | None: ...
    async def save(self, session: StoredSession) -> None: ...
    async def delete(self, session_id: str) -> None: ...


@dataclass
class ImportJob:
    """A participant file being imported in the background, for the page that polls it."""

    job_id: str
    session_id: str
    """Only the browser session that uploaded the file may read its progress."""
    program_id: str
    filename: str
    total: int
    expires_at: datetime
    sent: int = 0
    done: bool = False
    report: Json | None = None
    failure: Json | None = None


class ImportJobs(Protocol):
    async def begin(self, job: ImportJob) -> None: ...
    async def advance(self, job_id: str, sent: int) -> None: ...
    async def finish(self, job_id: str, *, report: Json | None, failure: Json | None) -> None: ...
    async def find(self, job_id: str) -> ImportJob | None: ...


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What the IdP hands back after a verified callback."""

    access_token: str
    access_expires_at: datetime
    id_token: str
    access_claims: Json
    id_claims: Json


class IdentityProvider(Protocol):
    async def authorization_url(
        self, *, state: str, nonce: str, code_challenge: str, locale: str | None
    ) -> str: ...
    async def exchange_code(self, *, code: str, code_verifier: str, nonce: str) -> SignedIn: ...
    async def logout_url(
        self, *, id_token: str | None, post_logout_redirect: str
    ) -> str | None: ...
