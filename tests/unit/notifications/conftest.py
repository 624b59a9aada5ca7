"""A fresh harness with the program and its people known, for each delivery test."""

from __future__ import annotations

import pytest

from tests.unit.notifications.delivery_harness import Harness


@pytest.fixture
async def harness() -> Harness:
    h = Harness()
    await h.setup_program()
    return h
