"""Every matching integration test gets `env`: its own topics and database, on the
session's broker and SecantusDB."""

from __future__ import annotations

from tests.integration.matching.matching_env import env  # noqa: F401
