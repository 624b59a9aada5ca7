"""The local OpenID provider (deploy/local/oidc, npm `oidc-provider`) for the stack and tests.

Python owns everything secret: it makes the RS256 signing key (kept in the work directory, so a
restarted provider signs with the same key), writes the server's configuration and the public
JWKS the services read (TWOWAY_AUTH_JWKS_FILE). Local users sign in with their username as
password; this provider is for local stacks and tests only.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from deploy.local.managed_server import ManagedServer
from deploy.local.process import REPO_ROOT, InfraError, http_status

PACKAGE_DIR = REPO_ROOT / "deploy" / "local" / "oidc"
SERVER_SCRIPT = PACKAGE_DIR / "server.mjs"
CLIENT_ID = "twoway-portal"
AUDIENCE = "twoway"
RESOURCE = "urn:twoway:api"
DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class LocalUser:
    id: str
    roles: tuple[str, ...]
    regions: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    name: str = ""

    def as_config(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "password": self.id,
            "name": self.name or self.id,
            "email": f"{self.id}@twoway.invalid",
            "roles": list(self.roles),
            "regions": list(self.regions),
            "programs": list(self.programs),
        }


def _local_users() -> tuple[LocalUser, ...]:
    """The local users, shared with the container image (deploy/local/oidc/local-users.json)."""
    rows = json.loads((PACKAGE_DIR / "local-users.json").read_text(encoding="utf-8"))
    return tuple(
        LocalUser(
            id=row["id"],
            roles=tuple(row["roles"]),
            regions=tuple(row.get("regions", ())),
            programs=tuple(row.get("programs", ())),
            name=row.get("name", ""),
        )
        for row in rows
    )


LOCAL_USERS: tuple[LocalUser, ...] = _local_users()


@dataclass(frozen=True)
class IdentityClient:
    client_id: str
    client_secret: str
    redirect_uris: Sequence[str]
    post_logout_redirect_uris: Sequence[str] = field(default_factory=list)

    def as_config(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uris": list(self.redirect_uris),
            "post_logout_redirect_uris": list(self.post_logout_redirect_uris),
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
        }


def portal_client(portal_url: str, secret: str) -> IdentityClient:
    """The portal as a confidential client: redirect {portal}/auth/callback."""
    base = portal_url.rstrip("/")
    signed_out = [base, f"{base}/", f"{base}/auth/login", f"{base}/auth/signed-out"]
    return IdentityClient(CLIENT_ID, secret, [f"{base}/auth/callback"], signed_out)


def node_command() -> str:
    found = shutil.which("node")
    if found is None:
        raise InfraError("node not found on PATH: install Node.js 20")
    return found


def ensure_installed() -> Path:
    """`npm install` of the pinned package.json next to the server (once per version)."""
    stamp = PACKAGE_DIR / "node_modules" / ".twoway-installed"
    wanted = (PACKAGE_DIR / "package.json").read_text(encoding="utf-8")
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return PACKAGE_DIR / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        raise InfraError("npm not found on PATH: install Node.js 20 and npm")
    # No lock file: lock files record download addresses, which this repository does not keep.
    subprocess.run(
        [npm, "install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PACKAGE_DIR,
        check=True,
    )
    stamp.write_text(wanted, encoding="utf-8")
    return PACKAGE_DIR / "node_modules"


def signing_key(path: Path) -> dict[str, Any]:
    """The provider's private RSA JWK, made once and kept in `path` (mode 600)."""
    if path.is_file():
        stored = dict(json.loads(path.read_text(encoding="utf-8")))
        stored.pop("key_ops", None)
        return stored
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key))
    # No key_ops: the provider also verifies with this key (ID token hints at sign-out).
    jwk.pop("key_ops", None)
    jwk.update({"kid": f"twoway-local-{secrets.token_hex(4)}", "alg": "RS256", "use": "sig"})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(jwk), encoding="utf-8")
    path.chmod(0o600)
    return dict(jwk)


def public_jwks(private_jwk: dict[str, Any]) -> dict[str, Any]:
    public = {k: v for k, v in private_jwk.items() if k in ("kty", "n", "e", "kid", "alg", "use")}
    return {"keys": [public]}


def client_secret(path: Path) -> str:
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def write_config(
    work_dir: Path,
    *,
    port: int,
    clients: Sequence[IdentityClient],
    users: Sequence[LocalUser] = LOCAL_USERS,
    host: str = "127.0.0.1",
    issuer: str | None = None,
) -> Path:
    """config.json for the server and jwks.json (public) for the services; returns config.json."""
    work_dir.mkdir(parents=True, exist_ok=True)
    private = signing_key(work_dir / "signing-key.json")
    config = {
        "issuer": issuer or f"http://127.0.0.1:{port}",
        "host": host,
        "port": port,
        "audience": AUDIENCE,
        "resource": RESOURCE,
        "clients": [client.as_config() for client in clients],
        "users": [user.as_config() for user in users],
        "jwks": {"keys": [private]},
        "cookie_keys": [secrets.token_urlsafe(24)],
    }
    path = work_dir / "config.json"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    path.chmod(0o600)
    (work_dir / "jwks.json").write_text(json.dumps(public_jwks(private)), encoding="utf-8")
    return path


class IdentityProvider(ManagedServer):
    """The local OpenID provider on a free port, for tests; `make up` runs it through the stack."""

    label = "the identity provider"
    process_name = "identity"
    stop_timeout = 10.0

    def __init__(
        self,
        *,
        portal_url: str = "http://127.0.0.1:8080",
        work_dir: Path | None = None,
        port: int | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        super().__init__(work_dir=work_dir, port=port, startup_timeout=startup_timeout)
        self.portal_url = portal_url
        self.client_secret = secrets.token_urlsafe(24)
        self._config: Path | None = None

    @property
    def issuer(self) -> str:
        if self.port is None:
            raise InfraError("the identity provider is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return self.issuer

    @property
    def jwks_path(self) -> Path:
        if self.work_dir is None:
            raise InfraError("the identity provider is not started")
        return self.work_dir / "jwks.json"

    def prepare(self) -> None:
        assert self.work_dir is not None
        assert self.port is not None
        ensure_installed()
        self._config = write_config(
            self.work_dir,
            port=self.port,
            clients=[portal_client(self.portal_url, self.client_secret)],
        )

    def command(self) -> list[str]:
        return [node_command(), str(SERVER_SCRIPT), str(self._config)]

    def working_directory(self) -> Path:
        return PACKAGE_DIR

    def ready(self) -> bool:
        return http_status(self.issuer + DISCOVERY_PATH) == 200
