"""Engine, sessions and migrations: the same code on SQLite (WAL, foreign keys, busy timeout) and
PostgreSQL.

``init_db(url)`` is what every process start calls: an engine on the URL with the schema
migrated to Alembic's head (``upgrade_database``). Migrations live in ``storage/migrations``
and are found from this package's path, so they run from any working directory and after
``pip install -e .``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url

from storage.schema_version import is_at_head

if TYPE_CHECKING:  # Alembic and SQLModel are imported where they are used (start-up time)
    from alembic.config import Config
    from sqlmodel import Session

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
INITIAL_REVISION = "0001_initial"
# Arbitrary constant: serialises concurrent ``upgrade_database`` calls on one PostgreSQL server.
_MIGRATION_LOCK_KEY = 0x6D616C69
# Execution option: on SQLite, begin the transaction with BEGIN IMMEDIATE (the write lock).
SQLITE_IMMEDIATE = "sqlite_immediate"


def normalize_url(url: str) -> str:
    """Map ``postgres://`` and ``postgresql://`` to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, schema: str | None = None, echo: bool = False) -> Engine:
    """Create an engine. ``schema`` (PostgreSQL only) sets the search_path, used by tests to
    give each test its own clean namespace in one shared database."""
    url = normalize_url(url)
    parsed = make_url(url)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        connect_args["check_same_thread"] = False
        connect_args["timeout"] = 30
        engine = create_engine(url, echo=echo, connect_args=connect_args)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if schema:
        connect_args["options"] = f"-csearch_path={schema}"
    return create_engine(url, echo=echo, connect_args=connect_args, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy's recipe for pysqlite: let SQLAlchemy emit BEGIN itself (see _sqlite_begin) so
    # that SAVEPOINT works and a transaction can start with BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    with contextlib.suppress(Exception):  # in-memory databases do not do WAL
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Start SQLite transactions explicitly; ``sqlite_immediate`` takes the write lock at once."""
    immediate = connection.get_execution_options().get(SQLITE_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_all(engine: Engine) -> None:
    """Create missing tables directly (tests); production uses ``upgrade_database`` (Alembic)."""
    from sqlmodel import SQLModel

    from storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)

    SQLModel.metadata.create_all(engine)


@contextmanager
def session_scope(engine: Engine, *, immediate: bool = False) -> Iterator[Session]:
    """A session that commits on success and rolls back on error.

    ``immediate=True`` is for a transaction that reads and then writes: on SQLite it starts
    with ``BEGIN IMMEDIATE`` so that a concurrent writer makes it wait (busy timeout) instead of
    failing later with "database is locked"; on PostgreSQL it changes nothing.
    """
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        if immediate:
            session.connection(execution_options={SQLITE_IMMEDIATE: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at ``storage/migrations`` (no ini file needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_database(url_or_engine: str | Engine) -> None:
    """Migrate the database to the latest revision (``alembic upgrade head``).

    A database whose tables were made by ``create_all`` (no ``alembic_version`` table) is
    adopted: stamped at head when it already matches the models, else at the initial revision
    and upgraded from there. Running it again is a no-op.
    """
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with engine.connect() as probe:  # the usual case: at head, and no Alembic import
            if is_at_head(probe):
                return
        from alembic import command

        # One migrator at a time: SQLite's write lock from the start, PostgreSQL's advisory lock.
        connection = engine.connect().execution_options(**{SQLITE_IMMEDIATE: True})
        with connection, connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            config = alembic_config(connection)
            _adopt_unversioned(connection, config)
            if _is_at_head(connection, config):
                return
            command.upgrade(config, "head")
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def init_db(url: str) -> Engine:
    """An engine on ``url`` with the schema migrated to the latest revision."""
    engine = make_engine(url)
    upgrade_database(engine)
    return engine


def schema_differences(connection: Connection) -> list[Any]:
    """What Alembic's autogenerate sees between the database and the models (``[]`` = none)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


def _is_at_head(connection: Connection, config: Config) -> bool:
    """True when nothing is left to migrate (keeps every start quiet and quick)."""
    if not inspect(connection).has_table("alembic_version"):
        return False
    from alembic.script import ScriptDirectory

    current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return set(current) == set(ScriptDirectory.from_config(config).get_heads())


def _adopt_unversioned(connection: Connection, config: Config) -> None:
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables or "feed" not in tables:
        return
    revision = "head" if not schema_differences(connection) else INITIAL_REVISION
    from alembic import command

    log.info("adopting a database created without Alembic: stamping %s", revision)
    command.stamp(config, revision)
