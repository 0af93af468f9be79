"""The schema's revision without Alembic: a cheap check that every process start can afford.

Importing Alembic's machinery costs a few hundred milliseconds. A database already at the
latest revision (the usual case) needs none of it: :func:`is_at_head` compares the row of
``alembic_version`` with the newest revision named in ``storage/migrations/versions`` (read as
text, each file's ``revision`` and ``down_revision`` lines) and only a mismatch goes on to
``storage.db.upgrade_database``'s locked, Alembic-driven path.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


@cache
def head_revisions(versions_dir: Path = VERSIONS_DIR) -> frozenset[str]:
    """The revisions no other revision builds on (one, in a linear history)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions_dir.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None and down.group(1):
            parents.add(down.group(1))
    return frozenset(revisions - parents)


def stored_revisions(connection: Connection) -> frozenset[str] | None:
    """The revisions in ``alembic_version``, or ``None`` when the table is not there (or
    cannot be read). Uses a savepoint-free read: call it on a connection of its own."""
    try:
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return frozenset(rows)
    except DBAPIError:
        return None


def is_at_head(connection: Connection) -> bool:
    """True when the database's stored revision is the newest migration's."""
    stored = stored_revisions(connection)
    return stored is not None and stored == head_revisions()
