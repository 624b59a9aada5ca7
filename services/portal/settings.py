"""The portal's settings, read once in its composition root; bad values fail fast."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.claims import ClaimNames


class PortalSettings(BaseSettings):
    """Environment variables prefixed `TWOWAY_`; secrets may also come from files (`*_FILE`)."""

    model_config = SettingsConfigDict(
        env_prefix="TWOWAY_", extra="ignore", frozen=True, validate_default=True
    )

    service_name: Literal["portal"] = "portal"
    http_host: str = "0.0.0.0"
    http_port: int = Field(default=8080, ge=1, le=65_535)
    max_body_bytes: int = Field(default=20_000_000, ge=1_024, le=200_000_000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True

    mongo_uri: SecretStr = SecretStr("mongodb://127.0.0.1:27017/?directConnection=true")
    mongo_uri_file: Path | None = None
    mongo_database: str = Field(default="twoway_portal", pattern=r"^[A-Za-z0-9_-]{1,60}$")
    mongo_tls_cafile: Path | None = None
    mongo_timeout_ms: int = Field(default=5_000, ge=100, le=120_000)
    mongo_heartbeat_timeout_ms: int = Field(default=30_000, ge=1_000, le=300_000)
    """As the services' setting of that name: a busy server must not look down."""

    portal_public_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8080")
    oidc_issuer: AnyHttpUrl
    oidc_client_id: str = Field(min_length=1, max_length=200)
    oidc_client_secret: SecretStr | None = None
    oidc_client_secret_file: Path | None = None
    oidc_scopes: str = "openid profile email"
    oidc_resource: str | None = None

    matching_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8001")
    scheduling_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8002")
    feedback_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8003")
    notifications_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8004")
    directory_url: AnyHttpUrl | None = None  # the directory's own audit trail (platform admins)
    service_timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    auth_subject_claim: str = Field(default="sub", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")
    """The same claim names the services read (the same variables), so the portal shows
    each person the pages the services will let them use."""
    auth_roles_claim: str = Field(default="roles", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")
    auth_programs_claim: str = Field(default="programs", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")
    auth_regions_claim: str = Field(default="regions", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")

    session_cookie_secure: bool = True
    session_idle_minutes: int = Field(default=480, ge=5, le=7 * 24 * 60)

    @field_validator("oidc_scopes")
    @classmethod
    def _openid_scope(cls, value: str) -> str:
        scopes = value.split()
        if "openid" not in scopes:
            raise ValueError("TWOWAY_OIDC_SCOPES must include 'openid'")
        return " ".join(scopes)

    @model_validator(mode="after")
    def _consistent(self) -> PortalSettings:
        if self.oidc_client_secret is None and self.oidc_client_secret_file is None:
            raise ValueError("set TWOWAY_OIDC_CLIENT_SECRET or TWOWAY_OIDC_CLIENT_SECRET_FILE")
        for path in (self.oidc_client_secret_file, self.mongo_uri_file, self.mongo_tls_cafile):
            if path is not None and not path.is_file():
                raise ValueError(f"configured file does not exist: {path.name}")
        return self

    @property
    def claim_names(self) -> ClaimNames:
        return ClaimNames(
            subject=self.auth_subject_claim,
            roles=self.auth_roles_claim,
            programs=self.auth_programs_claim,
            regions=self.auth_regions_claim,
        )

    @property
    def public_base(self) -> str:
        return str(self.portal_public_url).rstrip("/")

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_base}/auth/callback"

    @property
    def issuer(self) -> str:
        return str(self.oidc_issuer).rstrip("/")

    def client_secret(self) -> str:
        if self.oidc_client_secret_file is not None:
            return self.oidc_client_secret_file.read_text(encoding="utf-8").strip()
        return self.oidc_client_secret.get_secret_value() if self.oidc_client_secret else ""

    def mongo_uri_value(self) -> str:
        if self.mongo_uri_file is not None:
            return self.mongo_uri_file.read_text(encoding="utf-8").strip()
        return self.mongo_uri.get_secret_value()

    def service_url(self, service: str) -> str:
        urls = {
            "matching": self.matching_url,
            "scheduling": self.scheduling_url,
            "feedback": self.feedback_url,
            "notifications": self.notifications_url,
        }
        return str(urls[service]).rstrip("/")
