"""Alembic migrations on both backends: the schema equals the models, upgrades are idempotent,
and a database made by ``create_all`` is adopted."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from storage.db import (
    INITIAL_REVISION,
    alembic_config,
    create_all,
    init_db,
    schema_differences,
    upgrade_database,
)
from storage.models import FeedRow
from tests.storage.builders import NOW


def _version(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [
            row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))
        ]


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _add_feed(engine: Engine, url: str) -> None:
    with Session(engine) as session:
        session.add(FeedRow(url=url, added_at=NOW))
        session.commit()


def _feed_urls(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(FeedRow.url).order_by(FeedRow.id)))


def test_upgrade_creates_exactly_the_models_schema(empty_engine: Engine) -> None:
    upgrade_database(empty_engine)
    with empty_engine.connect() as connection:
        assert schema_differences(connection) == []
        tables = set(inspect(connection).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert _version(empty_engine) == [_head()]


def test_upgrading_twice_is_a_no_op_and_keeps_data(empty_engine: Engine) -> None:
    upgrade_database(empty_engine)
    _add_feed(empty_engine, "https://a.example/rss")
    upgrade_database(empty_engine)
    assert _feed_urls(empty_engine) == ["https://a.example/rss"]
    assert _version(empty_engine) == [_head()]


def test_database_made_by_create_all_is_stamped_not_recreated(empty_engine: Engine) -> None:
    create_all(empty_engine)
    _add_feed(empty_engine, "https://b.example/rss")
    upgrade_database(empty_engine)
    assert _version(empty_engine) == [_head()]
    assert _feed_urls(empty_engine) == ["https://b.example/rss"]


def test_downgrade_to_base_and_back(empty_engine: Engine) -> None:
    upgrade_database(empty_engine)
    with empty_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
        assert "feed" not in inspect(connection).get_table_names()
    upgrade_database(empty_engine)
    with empty_engine.connect() as connection:
        assert schema_differences(connection) == []


def test_one_linear_history_starting_at_the_initial_revision() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert [rev.revision for rev in script.walk_revisions()][-1] == INITIAL_REVISION


def test_init_db_works_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    engine = init_db(f"sqlite:///{tmp_path / 'data' / 'bot.db'}")
    try:
        assert _version(engine) == [_head()]
    finally:
        engine.dispose()


def test_upgrade_by_url_string(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'by-url.db'}"
    upgrade_database(url)
    engine = init_db(url)  # second run on the same file: nothing to do
    try:
        assert _version(engine) == [_head()]
    finally:
        engine.dispose()


def test_concurrent_upgrades_at_start_both_succeed(empty_engine: Engine) -> None:
    """Two processes starting at once: one migrates, the other waits and finds nothing to do."""
    start = threading.Barrier(2, timeout=20)

    def start_process() -> None:
        start.wait()
        upgrade_database(empty_engine)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(start_process) for _ in range(2)]:
            future.result()
    assert _version(empty_engine) == [_head()]
