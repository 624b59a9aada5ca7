"""Settings every service shares, read once in each composition root; bad values fail fast."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AwareDatetime, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KafkaSecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]


class ServiceSettings(BaseSettings):
    """Environment variables prefixed `TWOWAY_`; secrets may also come from files (`*_FILE`)."""

    model_config = SettingsConfigDict(
        env_prefix="TWOWAY_", extra="ignore", frozen=True, validate_default=True
    )

    service_name: str = Field(default="twoway", pattern=r"^[a-z][a-z0-9-]{1,40}$")
    environment: str = Field(default="local", pattern=r"^[a-z0-9-]{1,32}$")
    region: str = Field(default="global", pattern=r"^[A-Za-z0-9_-]{1,32}$")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_security_protocol: KafkaSecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_sasl_password_file: Path | None = None
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None
    topic_prefix: str = Field(default="twoway.", pattern=r"^[A-Za-z0-9._-]{0,40}$")
    consumer_max_poll_records: int = Field(default=200, ge=1, le=10_000)

    mongo_uri: SecretStr = SecretStr("mongodb://127.0.0.1:27017/?directConnection=true")
    mongo_uri_file: Path | None = None
    mongo_database: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,60}$")
    mongo_tls_cafile: Path | None = None
    mongo_timeout_ms: int = Field(default=5_000, ge=100, le=120_000)
    mongo_heartbeat_timeout_ms: int = Field(default=30_000, ge=1_000, le=300_000)
    """How long a new connection or a server check may take (PyMongo's connectTimeoutMS).
    A check that takes longer marks the server down and cancels every operation in flight on
    it, so a server that is only busy (a round's burst) must not trip it."""

    http_host: str = "0.0.0.0"
    http_port: int = Field(default=8000, ge=1, le=65_535)
    max_body_bytes: int = Field(default=1_048_576, ge=1_024, le=50_000_000)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True

    retry_attempts: int = Field(default=4, ge=1, le=20)
    retry_base_delay_seconds: float = Field(default=0.2, gt=0, le=60)
    retry_max_delay_seconds: float = Field(default=5.0, gt=0, le=600)
    outbox_relay_interval_seconds: float = Field(default=5.0, gt=0, le=3_600)
    outbox_relay_grace_seconds: float = Field(default=10.0, ge=0, le=3_600)

    clock_mode: Literal["system", "manual"] = "system"
    clock_start: AwareDatetime | None = None
    """Manual clock only: the instant it starts at, so a restarted process resumes at the
    program time its peers have reached instead of falling back to real time."""

    auth_mode: Literal["jwt", "disabled"] = "jwt"
    auth_issuer: str = "twoway-local"
    """Accepted token issuers, comma-separated (e.g. the IdP's and the CLI's `twoway-local`)."""
    auth_audience: str = "twoway"
    auth_hs256_secret: SecretStr | None = None
    auth_hs256_secret_file: Path | None = None
    auth_jwks_file: Path | None = None
    auth_jwks_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    """The IdP's JWKS endpoint (keys fetched on demand and cached); alternative to the file."""
    auth_subject_claim: str = Field(default="sub", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")
    """The claim naming a participant (their id in programs), e.g. `oid` for Entra ID."""
    auth_roles_claim: str = Field(default="roles", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")
    auth_programs_claim: str = Field(default="programs", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")
    auth_regions_claim: str = Field(default="regions", pattern=r"^[A-Za-z0-9_:/.-]{1,100}$")

    @field_validator("kafka_bootstrap_servers")
    @classmethod
    def _hosts(cls, value: str) -> str:
        hosts = [h.strip() for h in value.split(",") if h.strip()]
        if not hosts or any(":" not in h or not h.rsplit(":", 1)[1].isdigit() for h in hosts):
            raise ValueError("expected host:port[,host:port...]")
        return ",".join(hosts)

    @model_validator(mode="after")
    def _consistent(self) -> ServiceSettings:
        if self.retry_max_delay_seconds < self.retry_base_delay_seconds:
            raise ValueError("retry_max_delay_seconds must be >= retry_base_delay_seconds")
        if self.kafka_security_protocol.startswith("SASL") and not self.kafka_sasl_username:
            raise ValueError("SASL needs kafka_sasl_username and a password (or password file)")
        if (
            self.kafka_security_protocol.startswith("SASL")
            and self.kafka_sasl_password is None
            and self.kafka_sasl_password_file is None
        ):
            raise ValueError("SASL needs kafka_sasl_password or kafka_sasl_password_file")
        for path in (
            self.kafka_sasl_password_file,
            self.kafka_ssl_cafile,
            self.kafka_ssl_certfile,
            self.kafka_ssl_keyfile,
            self.mongo_uri_file,
            self.mongo_tls_cafile,
            self.auth_hs256_secret_file,
            self.auth_jwks_file,
        ):
            if path is not None and not path.is_file():
                raise ValueError(f"configured file does not exist: {path.name}")
        if self.auth_mode == "jwt" and not (
            self.auth_hs256_secret
            or self.auth_hs256_secret_file
            or self.auth_jwks_file
            or self.auth_jwks_url
        ):
            raise ValueError(
                "auth_mode=jwt needs TWOWAY_AUTH_HS256_SECRET(_FILE), TWOWAY_AUTH_JWKS_FILE "
                "or TWOWAY_AUTH_JWKS_URL"
            )
        if not self.auth_issuers:
            raise ValueError("TWOWAY_AUTH_ISSUER names no issuer")
        return self

    @property
    def auth_issuers(self) -> tuple[str, ...]:
        return tuple(i.strip() for i in self.auth_issuer.split(",") if i.strip())

    @property
    def database_name(self) -> str:
        return self.mongo_database or f"twoway_{self.service_name.replace('-', '_')}"

    def secret_value(self, inline: SecretStr | None, file: Path | None) -> str | None:
        """A secret from its file if one is configured (Kubernetes secrets), else inline."""
        if file is not None:
            return file.read_text(encoding="utf-8").strip()
        return inline.get_secret_value() if inline is not None else None
