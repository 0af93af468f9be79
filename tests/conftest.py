"""Shared fixtures live in tests/fixtures/, one module per owner."""

import pytest

pytest_plugins = [
    "tests.helpers.db",
    "tests.helpers.http",
    "tests.helpers.telegram",
]


@pytest.fixture(autouse=True)
def _no_article_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sample feeds link to outlets' real hosts: no test reads an article page unless it sets
    MALIWATCH_FETCH_ARTICLES itself (the article tests serve their pages from loopback)."""
    monkeypatch.setenv("MALIWATCH_FETCH_ARTICLES", "false")


@pytest.fixture(autouse=True)
def allow_loopback_feeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The feed servers of the tests listen on 127.0.0.1, which the address guard refuses by
    default: every test runs with MALIWATCH_ALLOW_PRIVATE_FEEDS=1 unless it removes it (the
    guard's own tests do, see tests/feeds/ingest/test_netguard.py)."""
    monkeypatch.setenv("MALIWATCH_ALLOW_PRIVATE_FEEDS", "1")


@pytest.fixture(autouse=True)
def _analysis_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stories are analysed in the test's own process (so a test may patch the analysis) unless
    a test sets MALIWATCH_ANALYSIS_WORKERS itself (tests/feeds/pipeline/test_analysis_pool.py)."""
    monkeypatch.setenv("MALIWATCH_ANALYSIS_WORKERS", "0")
