"""One working process per SQLite file: a second ``poll`` or ``run`` on it stops with one line.

SQLite has one write lock for the whole file: two processes polling it take turns on every
write and mostly wait (and a long wait ends in "database is locked"). Several workers need
PostgreSQL. :func:`sqlite_worker_lock` takes an exclusive, non-blocking ``flock`` on a file next
to the database (``NAME.db.worker-lock``, holding the owner's pid) for as long as the command
works; the kernel drops it when the process ends, however it ends. Other URLs: no lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url


class DatabaseBusy(Exception):
    """Another process works on this SQLite file; ``str()`` is the one line for the user."""


def lock_path(url: str) -> Path | None:
    """The lock file of a SQLite file URL, or None (in-memory SQLite, other backends)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    database = Path(str(parsed.database))
    return database.with_name(database.name + ".worker-lock")


@contextlib.contextmanager
def sqlite_worker_lock(url: str) -> Iterator[None]:
    """Hold the file's worker lock, or raise :class:`DatabaseBusy` at once."""
    path = lock_path(url)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            database = path.with_name(path.name.removesuffix(".worker-lock"))
            raise DatabaseBusy(
                f"another maliwatch process (pid {owner}) is working on {database}: on SQLite "
                "run one `poll` or `run` at a time; several workers need PostgreSQL"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock
