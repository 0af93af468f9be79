"""Shared fixtures live in tests/fixtures/, one module per owner."""

pytest_plugins = [
    "tests.helpers.db",
    "tests.helpers.http",
    "tests.helpers.telegram",
]
