"""The reliability suite runs on its own Kafka and SecantusDB, which it stops and restarts."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "reliability: fault injection on the services as processes (slow)"
    )
