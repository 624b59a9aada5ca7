"""One running feedback service for both modules of the flow, as when they were one module:
its clock moves forward from test to test, in file order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.feedback.conftest import FeedbackHarness, running_feedback


@pytest.fixture(scope="package")
async def feedback(kafka_server: Any, mongo_server: Any) -> AsyncIterator[FeedbackHarness]:
    async with running_feedback(kafka_server, mongo_server) as harness:
        yield harness
