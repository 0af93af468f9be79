"""Shared fixtures live in tests/fixtures/, one module per owner."""

pytest_plugins = [
    "tests.fixtures.db",
    "tests.fixtures.http",
    "tests.fixtures.telegram",
]
