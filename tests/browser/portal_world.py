"""The portal on a real stack for browser tests: the four services and the portal as processes on
the session's Kafka and SecantusDB, trusting the session's OpenID provider, mailing a catcher."""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from deploy.local.harness import Platform
from deploy.local.identity import CLIENT_ID, IdentityProvider
from deploy.local.kafka import KafkaServer
from deploy.local.mailbox import SaveToFolder
from deploy.local.mongo import MongoServer
from deploy.local.process import REPO_ROOT, ManagedProcess, free_port, wait_until
from deploy.local.prometheus import http_status
from shared.events.topics import all_topics
from shared.http.auth import issue_token

PORTAL_PACKAGE = REPO_ROOT / "services" / "portal" / "__main__.py"
SECRET = "browser-tests-platform-secret-of-enough-length"

# Fast timers and retries, as in the end-to-end suite.
FAST_SERVICE_ENV = {
    "TWOWAY_LOG_LEVEL": "WARNING",
    "TWOWAY_RETRY_BASE_DELAY_SECONDS": "0.05",
    "TWOWAY_RETRY_MAX_DELAY_SECONDS": "0.2",
    "TWOWAY_TIMER_POLL_SECONDS": "0.3",
    "TWOWAY_TIMER_SYNC_INTERVAL_SECONDS": "0.5",
    "TWOWAY_TIMER_INTERVAL_SECONDS": "0.5",
    "TWOWAY_DISPATCH_INTERVAL_SECONDS": "0.3",
    "TWOWAY_HOUSEKEEPING_INTERVAL_SECONDS": "1",
    "TWOWAY_SMTP_SECURITY": "none",
    "TWOWAY_EMAIL_RATE_PER_SECOND": "500",
}


def portal_missing_reason() -> str | None:
    if PORTAL_PACKAGE.is_file():
        return None
    return "services/portal is not there yet (no services/portal/__main__.py)"


@dataclass
class PortalWorld:
    """Addresses of everything a browser test talks to; `admin_headers` seeds data via the APIs."""

    platform: Platform
    identity: IdentityProvider
    portal_url: str
    mail_dir: Path
    started_seconds: float
    _portal: ManagedProcess | None = field(default=None, repr=False)

    def service_url(self, name: str) -> str:
        return self.platform.url(name)

    def bearer(self, subject: str, roles: list[str], **scope: list[str]) -> dict[str, str]:
        """An HS256 token as `twoway token` mints it, for seeding data without a browser."""
        token = issue_token(
            secret=SECRET,
            issuer="twoway-local",
            audience="twoway",
            subject=subject,
            roles=roles,
            programs=scope.get("programs"),
            regions=scope.get("regions"),
        )
        return {"Authorization": f"Bearer {token}"}

    def admin_headers(self) -> dict[str, str]:
        return self.bearer("seed-admin", ["platform_admin"])

    def emails(self) -> list[EmailMessage]:
        messages = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            assert isinstance(message, EmailMessage)
            messages.append(message)
        return messages

    def portal_log_tail(self, lines: int = 60) -> str:
        return "" if self._portal is None else self._portal.log_tail(lines)


def start_portal_world(
    *,
    kafka: KafkaServer,
    mongo: MongoServer,
    identity: IdentityProvider,
    portal_port: int,
    work_dir: Path,
) -> tuple[PortalWorld, Controller]:
    """Start the services, the mail catcher and the portal; stop them with `stop_portal_world`."""
    started = time.monotonic()
    suffix = uuid.uuid4().hex[:8]
    prefix = f"browser{suffix}."
    kafka.create_topics(dict(all_topics(prefix)))
    mail_dir = work_dir / "mail"
    mail = Controller(SaveToFolder(mail_dir), hostname="127.0.0.1", port=free_port())
    mail.start()
    portal_url = f"http://127.0.0.1:{portal_port}"
    platform = Platform(
        bootstrap_servers=kafka.bootstrap_servers,
        mongo_uri=mongo.uri,
        work_dir=work_dir,
        topic_prefix=prefix,
        database_suffix=f"_{suffix}",
        auth_secret=SECRET,
        extra_env={
            **FAST_SERVICE_ENV,
            "TWOWAY_SMTP_HOST": "127.0.0.1",
            "TWOWAY_SMTP_PORT": str(mail.port),
            "TWOWAY_AUTH_JWKS_FILE": str(identity.jwks_path),
            "TWOWAY_AUTH_ISSUER": f"twoway-local,{identity.issuer}",
            "TWOWAY_APP_BASE_URL": portal_url,
        },
    )
    world = PortalWorld(platform, identity, portal_url, mail_dir, 0.0)
    try:
        platform.start_all()
        world._portal = _start_portal(platform, identity, portal_port, suffix, work_dir)
    except BaseException:
        stop_portal_world(world, mail)
        raise
    world.started_seconds = time.monotonic() - started
    print(f"portal world ready at {portal_url} in {world.started_seconds:.1f}s", file=sys.stderr)
    return world, mail


def _start_portal(
    platform: Platform, identity: IdentityProvider, port: int, suffix: str, work_dir: Path
) -> ManagedProcess:
    secret_file = work_dir / "portal-client-secret"
    secret_file.write_text(identity.client_secret, encoding="utf-8")
    env = {
        "PYTHONPATH": str(REPO_ROOT),
        "TWOWAY_LOG_LEVEL": "WARNING",
        "TWOWAY_HTTP_HOST": "127.0.0.1",
        "TWOWAY_HTTP_PORT": str(port),
        "TWOWAY_MONGO_URI": platform.mongo_uri,
        "TWOWAY_MONGO_DATABASE": f"twoway_portal_{suffix}",
        "TWOWAY_PORTAL_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "TWOWAY_OIDC_ISSUER": identity.issuer,
        "TWOWAY_OIDC_CLIENT_ID": CLIENT_ID,
        "TWOWAY_OIDC_CLIENT_SECRET_FILE": str(secret_file),
        "TWOWAY_SESSION_COOKIE_SECURE": "false",
        **{f"TWOWAY_{name.upper()}_URL": platform.url(name) for name in _SERVICES},
    }
    portal = ManagedProcess(
        "portal",
        [sys.executable, "-m", "services.portal"],
        work_dir / "logs" / "portal.log",
        env=env,
        cwd=REPO_ROOT,
    )
    portal.start()
    url = f"http://127.0.0.1:{port}"
    wait_until(
        lambda: http_status(url + "/readyz") == 200,
        process=portal,
        what="portal ready",
        timeout=60.0,
    )
    return portal


_SERVICES = ("matching", "scheduling", "feedback", "notifications")


def stop_portal_world(world: PortalWorld, mail: Controller) -> None:
    if world._portal is not None:
        world._portal.stop()
    world.platform.stop_all()
    mail.stop()
