"""A service's settings for a test on the real broker and database."""

from __future__ import annotations

from typing import Any, TypeVar

from shared.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def quick_settings(
    settings_type: type[S],
    *,
    bootstrap: str,
    mongo_uri: str,
    prefix: str,
    secret: str,
    **extra: Any,
) -> S:
    """Its own database and topic prefix, the test's signing secret, and retries and an outbox
    relay quick enough for a test to see their effect in seconds."""
    service = settings_type.model_fields["service_name"].default
    fields: dict[str, Any] = {
        "kafka_bootstrap_servers": bootstrap,
        "mongo_uri": mongo_uri,
        "mongo_database": f"{service}_{prefix.strip('.')}",
        "topic_prefix": prefix,
        "auth_hs256_secret": secret,
        "retry_base_delay_seconds": 0.05,
        "retry_max_delay_seconds": 0.1,
        "outbox_relay_interval_seconds": 0.5,
        "outbox_relay_grace_seconds": 1,
    }
    return settings_type(**{**fields, **extra})
