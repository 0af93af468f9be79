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
