"""Alembic environment: migrate the connection handed over by ``storage.db``, or the URL.

``storage.db.upgrade_database`` passes an open connection in ``config.attributes["connection"]``
so that tests and the application migrate exactly the engine they use (including a PostgreSQL
``search_path`` schema). Run by hand, the URL comes from ``sqlalchemy.url`` or
``MALIWATCH_DATABASE_URL``. SQLite needs batch mode to alter tables.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from storage.db import make_engine
from storage.migrations.render import render_item

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = os.environ.get("MALIWATCH_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    engine = make_engine(url or "sqlite:///./data/maliwatch.db")
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def run_migrations_offline() -> None:
    url = os.environ.get("MALIWATCH_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
