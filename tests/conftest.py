"""Shared fixtures live in tests/fixtures/, one module per owner."""

import pytest

pytest_plugins = [
    "tests.fixtures.db",
    "tests.fixtures.http",
    "tests.fixtures.telegram",
]


@pytest.fixture(autouse=True)
def allow_loopback_feeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The feed servers of the tests listen on 127.0.0.1, which the address guard refuses by
    default: every test runs with MALIWATCH_ALLOW_PRIVATE_FEEDS=1 unless it removes it (the
    guard's own tests do, see tests/feeds/test_netguard.py)."""
    monkeypatch.setenv("MALIWATCH_ALLOW_PRIVATE_FEEDS", "1")
