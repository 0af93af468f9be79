"""Async tests in tests/bot run on asyncio through anyio's pytest plugin (bundled with anyio)."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
