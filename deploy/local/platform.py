"""What `make up` runs besides the infrastructure: a mail catcher, the local OpenID provider,
the four services, the portal and Prometheus scraping them."""

from __future__ import annotations

import hashlib
import json
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from deploy.local import identity
from deploy.local.process import REPO_ROOT, preferred_port
from deploy.local.stack import Database, ProcessSpec

SERVICE_PORTS = {
    "matching": 8001,
    "scheduling": 8002,
    "feedback": 8003,
    "notifications": 8004,
    "directory": 8005,
}
MAIL_PORT = 1025
PROMETHEUS_PORT = 9090
PORTAL_PORT = 8080
IDENTITY_PORT = 8180
PORTAL_PACKAGE = REPO_ROOT / "services" / "portal" / "__main__.py"


# The local stack's clock jumps forward in the demo: events are "old" by program time only,
# so they must still be delivered, and timers must keep up with the jumps.
LOCAL_OVERRIDES: dict[str, dict[str, str]] = {
    "notifications": {
        "TWOWAY_SMTP_HOST": "127.0.0.1",
        "TWOWAY_SMTP_PORT": "{mailbox_port}",
        "TWOWAY_SMTP_SECURITY": "none",
        "TWOWAY_MAX_EVENT_AGE_HOURS": "1440",
        "TWOWAY_EMAIL_RATE_PER_SECOND": "500",
    },
    "feedback": {"TWOWAY_TIMER_INTERVAL_SECONDS": "5"},
    "directory": {"TWOWAY_SCIM_CONNECTIONS_FILE": "{run_dir}/scim/connections"},
}


def auth_secret(run_dir: Path) -> Path:
    """A signing secret for local tokens, made once; `twoway token` and the CLI read it."""
    path = run_dir / "auth-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path


def scim_connection(run_dir: Path) -> Path:
    """The local IdP connection `local` of the directory: its bearer token in
    .run/scim/token (made once), the directory's settings hold only its hash."""
    work = run_dir / "scim"
    token_path = work / "token"
    if not token_path.exists():
        work.mkdir(parents=True, exist_ok=True)
        token_path.write_text(secrets.token_urlsafe(32) + "\n", encoding="utf-8")
        token_path.chmod(0o600)
    digest = hashlib.sha256(token_path.read_text(encoding="utf-8").strip().encode()).hexdigest()
    (work / "connections").write_text(f"local={digest}\n", encoding="utf-8")
    return token_path


@dataclass(frozen=True)
class SignIn:
    """Where the portal and the provider listen; chosen before either starts (the provider's
    client needs the portal's redirect URI, the portal and the services the issuer)."""

    identity_port: int
    portal_port: int
    config_path: Path
    jwks_path: Path
    client_secret_path: Path

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.identity_port}"

    @property
    def portal_url(self) -> str:
        return f"http://127.0.0.1:{self.portal_port}"


def _saved_ports(run_dir: Path) -> dict[str, int]:
    try:
        return {str(k): int(v) for k, v in json.loads((run_dir / "ports.json").read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def prepare_sign_in(run_dir: Path) -> SignIn:
    """The provider's configuration under .run/identity (its signing key is kept across runs)."""
    identity.ensure_installed()
    saved = _saved_ports(run_dir)
    identity_port = preferred_port(saved.get("identity", IDENTITY_PORT))
    portal_port = preferred_port(saved.get("portal", PORTAL_PORT))
    work = run_dir / "identity"
    secret_path = work / "portal-client-secret"
    portal_url = f"http://127.0.0.1:{portal_port}"
    config = identity.write_config(
        work,
        port=identity_port,
        clients=[identity.portal_client(portal_url, identity.client_secret(secret_path))],
    )
    return SignIn(identity_port, portal_port, config, work / "jwks.json", secret_path)


def portal_available() -> bool:
    """The portal is added to the stack once its package is there."""
    return PORTAL_PACKAGE.is_file()


def identity_spec(sign_in: SignIn) -> ProcessSpec:
    return ProcessSpec(
        name="identity",
        argv=[identity.node_command(), str(identity.SERVER_SCRIPT), str(sign_in.config_path)],
        ready_path=identity.DISCOVERY_PATH,
        port=sign_in.identity_port,
        startup_timeout=30.0,
        database="none",
    )


def portal_spec(sign_in: SignIn, database: Database) -> ProcessSpec:
    return ProcessSpec(
        name="portal",
        argv=[sys.executable, "-m", "services.portal"],
        port=sign_in.portal_port,
        database=database,
        env={
            "TWOWAY_SERVICE_NAME": "portal",
            "TWOWAY_MONGO_DATABASE": "twoway_portal",
            "TWOWAY_PORTAL_PUBLIC_URL": sign_in.portal_url,
            "TWOWAY_OIDC_ISSUER": sign_in.issuer,
            "TWOWAY_OIDC_CLIENT_ID": identity.CLIENT_ID,
            "TWOWAY_OIDC_CLIENT_SECRET_FILE": str(sign_in.client_secret_path),
            # Local only: the portal is served over plain HTTP on the loopback address.
            "TWOWAY_SESSION_COOKIE_SECURE": "false",
            **{
                f"TWOWAY_{name.upper()}_URL": f"http://127.0.0.1:{{{name}_port}}"
                for name in SERVICE_PORTS
            },
        },
    )


def service_specs(run_dir: Path, *, own_databases: bool = False) -> list[ProcessSpec]:
    """The mail catcher, the provider, the services and the portal; with `own_databases`, each
    service and the portal on a SecantusDB server of its own (what `make up` runs), else all on
    one shared server."""
    database: Database = "own" if own_databases else "shared"
    secret = auth_secret(run_dir)
    scim_connection(run_dir)
    sign_in = prepare_sign_in(run_dir)
    common = {
        "TWOWAY_AUTH_HS256_SECRET_FILE": str(secret),
        # Tokens from the local provider (the portal) and from `twoway token` (the CLI).
        "TWOWAY_AUTH_JWKS_FILE": str(sign_in.jwks_path),
        "TWOWAY_AUTH_ISSUER": f"twoway-local,{sign_in.issuer}",
        # The local stack runs on a movable clock so the demo can advance program time.
        "TWOWAY_CLOCK_MODE": "manual",
        "TWOWAY_OUTBOX_RELAY_INTERVAL_SECONDS": "2",
    }
    mail = ProcessSpec(
        name="mailbox",
        argv=[
            sys.executable,
            "-m",
            "deploy.local.mailbox",
            "--port",
            "{port}",
            "--dir",
            "{run_dir}/mail",
        ],
        ready_path=None,
        scheme="smtp",
        database="none",
    )
    services = [
        ProcessSpec(
            name=name,
            argv=[sys.executable, "-m", f"services.{name}"],
            database=database,
            env={
                **common,
                "TWOWAY_SERVICE_NAME": name,
                **LOCAL_OVERRIDES.get(name, {}),
                **({"TWOWAY_APP_BASE_URL": sign_in.portal_url} if name == "notifications" else {}),
            },
        )
        for name in SERVICE_PORTS
    ]
    portal = [portal_spec(sign_in, database)] if portal_available() else []
    return [mail, identity_spec(sign_in), *services, *portal]


def preferred_ports() -> dict[str, int]:
    return {
        **SERVICE_PORTS,
        "mailbox": MAIL_PORT,
        "prometheus": PROMETHEUS_PORT,
        "identity": IDENTITY_PORT,
        "portal": PORTAL_PORT,
    }


def local_users() -> list[str]:
    """`name (roles[, regions])` of each local user, for `make up` to print."""
    rows = []
    for user in identity.LOCAL_USERS:
        scope = ", ".join(user.regions)
        rows.append(f"{user.id} ({', '.join(user.roles)}{', ' + scope if scope else ''})")
    return rows
