"""Sessions and signing in: start the code flow, finish it, sign out, check a session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from services.portal.application.ports import (
    IdentityProvider,
    Json,
    SessionStore,
    StoredSession,
)
from services.portal.domain.failures import SignInFailed, SignInRequired
from services.portal.domain.security import PendingSignIn, random_token, state_matches
from services.portal.domain.viewer import Viewer
from shared.claims import ClaimNames

Now = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SignInFlow:
    def __init__(
        self,
        *,
        sessions: SessionStore,
        identity: IdentityProvider,
        idle: timedelta,
        now: Now = _utc_now,
        claims: ClaimNames | None = None,
    ) -> None:
        self._claims = claims or ClaimNames()
        self._sessions = sessions
        self._identity = identity
        self._idle = idle
        self._now = now

    def new_session(self, locale: str | None = None) -> StoredSession:
        return StoredSession(
            session_id=random_token(),
            csrf_token=random_token(),
            expires_at=self._now() + self._idle,
            locale=locale,
        )

    async def load(self, session_id: str | None) -> StoredSession | None:
        if not session_id:
            return None
        found = await self._sessions.load(session_id)
        if found is None or _aware(found.expires_at) <= self._now():
            return None
        return found

    async def begin(self, session: StoredSession, return_to: str) -> str:
        """Remember state, nonce and verifier in the session; the URL to send the browser to."""
        pending = PendingSignIn.start(return_to)
        session.pending = {
            "state": pending.state,
            "nonce": pending.nonce,
            "code_verifier": pending.code_verifier,
            "return_to": pending.return_to,
        }
        session.expires_at = self._now() + self._idle
        await self._sessions.save(session)
        return await self._identity.authorization_url(
            state=pending.state,
            nonce=pending.nonce,
            code_challenge=pending.code_challenge,
            locale=session.locale,
        )

    async def finish(
        self, session: StoredSession | None, *, state: str, code: str
    ) -> tuple[StoredSession, str]:
        """Check the state, exchange the code, start a fresh session (new id: no fixation)."""
        pending = session.pending if session else None
        if session is None or not pending or not state_matches(pending.get("state"), state):
            raise SignInFailed("identity", "state_mismatch")
        signed = await self._identity.exchange_code(
            code=code, code_verifier=str(pending["code_verifier"]), nonce=str(pending["nonce"])
        )
        names = self._claims
        access = signed.access_claims
        claims = access if access.get(names.roles) else signed.id_claims
        if names.subject not in claims:
            claims = {**claims, names.subject: signed.id_claims.get(names.subject)}
        name = signed.id_claims.get("name") or signed.id_claims.get("preferred_username")
        viewer = Viewer.from_claims(claims, names, display_name=str(name) if name else None)
        await self._sessions.delete(session.session_id)
        fresh = self.new_session(session.locale)
        fresh.access_token = signed.access_token
        fresh.access_expires_at = signed.access_expires_at
        fresh.id_token = signed.id_token
        fresh.viewer = viewer.to_document()
        fresh.signed_in_at = self._now()
        await self._sessions.save(fresh)
        return fresh, str(pending.get("return_to") or "/")

    def signed_in_viewer(self, session: StoredSession | None) -> Viewer:
        """The person of a session whose access token is still good, or SignInRequired."""
        if session is None or not session.access_token or not session.viewer:
            raise SignInRequired(None, "no_session")
        expires = session.access_expires_at
        if expires is None or _aware(expires) <= self._now():
            raise SignInRequired(None, "token_expired")
        return Viewer.from_document(session.viewer)

    async def touch(self, session: StoredSession) -> None:
        """Slide the idle expiry forward (at most once a minute, to spare the database)."""
        wanted = self._now() + self._idle
        if wanted - _aware(session.expires_at) > timedelta(minutes=1):
            session.expires_at = wanted
            await self._sessions.save(session)

    async def sign_out(self, session: StoredSession | None, post_logout_redirect: str) -> str:
        id_token = session.id_token if session else None
        if session is not None:
            await self._sessions.delete(session.session_id)
        url = await self._identity.logout_url(
            id_token=id_token, post_logout_redirect=post_logout_redirect
        )
        return url or post_logout_redirect

    def just_signed_in(self, session: StoredSession | None, within: timedelta) -> bool:
        """A service refusing a token this fresh will refuse the next one too: no loop."""
        at = session.signed_in_at if session else None
        return at is not None and self._now() - _aware(at) < within

    async def remember_left_out(self, session: StoredSession, left_out: Json) -> None:
        session.left_out = left_out
        await self._sessions.save(session)

    async def remember_locale(self, session: StoredSession, locale: str) -> None:
        session.locale = locale
        await self._sessions.save(session)
