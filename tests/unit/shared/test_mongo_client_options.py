"""The database client tells an unreachable server from a busy one: operations give up on a
server nobody can reach after `mongo_timeout_ms`, but a server check may take as long as
`mongo_heartbeat_timeout_ms`, because a check that times out marks the server down and
cancels every operation in flight on it (a round's writes among them)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.portal.bootstrap import _mongo
from services.portal.settings import PortalSettings
from shared.settings import ServiceSettings
from shared.storage.mongo import build_client


def service_settings(**values: object) -> ServiceSettings:
    return ServiceSettings(auth_hs256_secret="s" * 32, **values)  # type: ignore[arg-type]


def test_a_busy_server_has_longer_to_answer_a_check_than_an_operation_waits_for_one() -> None:
    client = build_client(service_settings())

    assert client.options.server_selection_timeout == 5.0
    assert client.options.pool_options.connect_timeout == 30.0


def test_both_limits_are_settings() -> None:
    client = build_client(
        service_settings(mongo_timeout_ms=2_000, mongo_heartbeat_timeout_ms=60_000)
    )

    assert client.options.server_selection_timeout == 2.0
    assert client.options.pool_options.connect_timeout == 60.0


def test_a_check_limit_under_a_second_is_refused() -> None:
    with pytest.raises(ValidationError, match="mongo_heartbeat_timeout_ms"):
        service_settings(mongo_heartbeat_timeout_ms=500)


def test_the_portal_client_keeps_the_same_two_limits() -> None:
    settings = PortalSettings(
        oidc_issuer="http://idp.test",  # type: ignore[arg-type]
        oidc_client_id="twoway-portal",
        oidc_client_secret="client-secret",  # type: ignore[arg-type]
        mongo_heartbeat_timeout_ms=45_000,
    )
    client = _mongo(settings)

    assert client.options.server_selection_timeout == 5.0
    assert client.options.pool_options.connect_timeout == 45.0
