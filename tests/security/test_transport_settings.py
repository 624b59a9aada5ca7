"""Kafka SASL/TLS and MongoDB TLS/auth come from settings, secrets from the environment or
files, and reach the clients exactly as configured. No server needed: these check what the
clients are given."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from faststream.kafka.security import parse_security
from pydantic import ValidationError

from shared.http.auth import TokenVerifier
from shared.messaging.broker import build_security
from shared.settings import ServiceSettings
from shared.storage.mongo import build_client
from tests.security.tokens import KEY_ID, KeyPair, claims


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    """A self-signed CA certificate and a client certificate with its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "twoway-test-ca")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    files = {
        "ca": tmp_path / "ca.pem",
        "cert": tmp_path / "client.pem",
        "key": tmp_path / "client.key",
    }
    files["ca"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


def settings(**values: object) -> ServiceSettings:
    return ServiceSettings(auth_hs256_secret="s" * 32, **values)  # type: ignore[arg-type]


def test_plaintext_gives_the_client_no_security() -> None:
    assert build_security(settings()) is None
    assert parse_security(build_security(settings())) == {}


def test_tls_uses_the_configured_ca_and_client_certificate(pki: dict[str, Path]) -> None:
    config = parse_security(
        build_security(
            settings(
                kafka_security_protocol="SSL",
                kafka_ssl_cafile=pki["ca"],
                kafka_ssl_certfile=pki["cert"],
                kafka_ssl_keyfile=pki["key"],
            )
        )
    )
    assert config["security_protocol"] == "SSL"
    context: ssl.SSLContext = config["ssl_context"]
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert [c["subject"] for c in context.get_ca_certs()] == [
        ((("commonName", "twoway-test-ca"),),)
    ]


def test_sasl_over_tls_with_the_password_from_a_file(pki: dict[str, Path], tmp_path: Path) -> None:
    secret = tmp_path / "kafka-password"
    secret.write_text("s3cr3t-from-a-mounted-secret\n")
    config = parse_security(
        build_security(
            settings(
                kafka_security_protocol="SASL_SSL",
                kafka_sasl_mechanism="SCRAM-SHA-512",
                kafka_sasl_username="twoway-matching",
                kafka_sasl_password_file=secret,
                kafka_ssl_cafile=pki["ca"],
            )
        )
    )
    assert config["security_protocol"] == "SASL_SSL"
    assert config["sasl_mechanism"] == "SCRAM-SHA-512"
    assert config["sasl_plain_username"] == "twoway-matching"
    assert config["sasl_plain_password"] == "s3cr3t-from-a-mounted-secret"
    assert config["ssl_context"].get_ca_certs()


@pytest.mark.parametrize(
    ("mechanism", "expected"),
    [("PLAIN", "PLAIN"), ("SCRAM-SHA-256", "SCRAM-SHA-256"), ("SCRAM-SHA-512", "SCRAM-SHA-512")],
)
def test_sasl_without_tls_names_its_mechanism(mechanism: str, expected: str) -> None:
    config = parse_security(
        build_security(
            settings(
                kafka_security_protocol="SASL_PLAINTEXT",
                kafka_sasl_mechanism=mechanism,
                kafka_sasl_username="u",
                kafka_sasl_password="p",
            )
        )
    )
    assert config["security_protocol"] == "SASL_PLAINTEXT"
    assert config["sasl_mechanism"] == expected
    assert config["ssl_context"] is None


def test_secrets_come_from_the_environment_and_never_show_in_repr(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    uri_file = tmp_path / "mongo-uri"
    uri_file.write_text("mongodb://twoway:p%40ss-from-file@db.internal:27017/?authSource=admin\n")
    monkeypatch.setenv("TWOWAY_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("TWOWAY_KAFKA_SASL_USERNAME", "svc")
    monkeypatch.setenv("TWOWAY_KAFKA_SASL_PASSWORD", "kafka-env-password")
    monkeypatch.setenv("TWOWAY_MONGO_URI_FILE", str(uri_file))
    monkeypatch.setenv("TWOWAY_AUTH_HS256_SECRET", "jwt-env-secret-of-some-length")
    loaded = ServiceSettings()
    assert parse_security(build_security(loaded))["sasl_plain_password"] == "kafka-env-password"
    shown = repr(loaded) + str(loaded.model_dump())
    for secret in ("kafka-env-password", "jwt-env-secret-of-some-length"):
        assert secret not in shown
    client = build_client(loaded)
    credentials = client.options.pool_options._credentials
    assert credentials is not None
    assert (credentials.username, credentials.password) == ("twoway", "p@ss-from-file")


def test_mongodb_tls_uses_the_configured_ca(pki: dict[str, Path]) -> None:
    client = build_client(settings(mongo_tls_cafile=pki["ca"]))
    assert client.options._options["tls"] is True
    assert client.options._options["tlscafile"] == str(pki["ca"])
    assert client.options.pool_options._ssl_context is not None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kafka_security_protocol": "SASL_SSL"}, "SASL needs kafka_sasl_username"),
        (
            {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_username": "u"},
            "kafka_sasl_password",
        ),
        (
            {"kafka_ssl_cafile": Path("/nonexistent/ca.pem")},
            "configured file does not exist: ca.pem",
        ),
        ({"kafka_security_protocol": "TLS"}, "kafka_security_protocol"),
        ({"kafka_sasl_mechanism": "GSSAPI"}, "kafka_sasl_mechanism"),
        ({"auth_hs256_secret": None}, "auth_mode=jwt needs"),
    ],
)
def test_incomplete_security_settings_fail_at_start(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message.replace("=", "=")):
        ServiceSettings(**{"auth_hs256_secret": "s" * 32, **values})  # type: ignore[arg-type]


def test_a_missing_file_is_named_without_its_directory() -> None:
    with pytest.raises(ValidationError) as error:
        settings(kafka_sasl_password_file=Path("/run/secrets/deep/dir/kafka-password"))
    assert "kafka-password" in str(error.value)
    assert "/run/secrets/deep" not in str(error.value)


def test_token_verification_reads_its_secret_and_key_set_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "jwt-secret"
    secret.write_text("file-secret-of-a-recommended-length-32b\n")
    jwks = tmp_path / "jwks.json"
    keys = KeyPair.generate()
    jwks.write_text(keys.jwks())
    verifier = TokenVerifier.from_settings(
        ServiceSettings(auth_hs256_secret_file=secret, auth_jwks_file=jwks)
    )
    by_secret = jwt.encode(claims("a", ["participant"]), "file-secret-of-a-recommended-length-32b")
    by_key = jwt.encode(claims("b", ["participant"]), keys.private, "RS256", {"kid": KEY_ID})
    assert verifier.verify(by_secret).subject == "a"
    assert verifier.verify(by_key).subject == "b"


def test_an_empty_key_set_stops_the_service_at_start(tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text('{"keys": []}')
    with pytest.raises(jwt.PyJWKSetError):
        TokenVerifier.from_settings(ServiceSettings(auth_jwks_file=jwks))
