"""1, 2 and 3 `maliwatch poll` processes sharing one PostgreSQL database, with a duplicate check.

F feeds (default 120) on one loopback server, each with 8 items (every fourth feed has one Mali
story among them), stored in a fresh schema of the test database (127.0.0.1:5432 ``test``);
then K processes run `maliwatch poll` at once and the wall time until the last one exits is
taken. Baseline in the same run: one process (K = 1). Prints feeds/s and the throughput ratio,
and checks that every feed was fetched exactly once and that the stories, incidents and alerts
are the same in number whatever K (none duplicated). Run: ``.venv/bin/python bench/workers.py [F]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from _common import ROOT, add_feeds, header, mali_item, other_item, pg_schema_url, row, rss

ITEMS = 8


def feed_body(n: int) -> bytes:
    items = [other_item(i, f"f{n}o") for i in range(ITEMS - 1)]
    items.append(mali_item(n, f"f{n}m") if n % 4 == 0 else other_item(ITEMS, f"f{n}o"))
    return rss(items, title=f"Feed {n}")


def one_run(feeds: int, workers: int) -> tuple[float, tuple[int, int, int]] | None:
    from sqlalchemy import text

    from storage.db import init_db
    from tests.helpers.http import FeedServer

    with pg_schema_url() as url, FeedServer() as server:
        if url is None:
            return None
        paths = [f"/w{n}" for n in range(feeds)]
        for n, path in enumerate(paths):
            server.add(path, feed_body(n))
        engine = init_db(url)
        add_feeds(engine, [server.url(path) for path in paths])
        env = {**os.environ, "MALIWATCH_DATABASE_URL": url, "MALIWATCH_LOG_LEVEL": "WARNING"}
        cli = "import sys\nfrom bot.cli.main import main\nsys.exit(main(['poll']))"
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", cli],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for _ in range(workers)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err.decode()[-500:]
        elapsed = time.perf_counter() - started
        hits = [server.hits(path) for path in paths]
        assert hits == [1] * feeds, f"feeds fetched more than once: {sum(hits) - feeds}"
        with engine.connect() as conn:
            counts = tuple(
                int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("story", "incident", "alert")
            )
        engine.dispose()
        return elapsed, counts  # type: ignore[return-value]


def main() -> None:
    feeds = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    header(f"workers: {feeds} feeds x {ITEMS} items, `maliwatch poll` processes on PostgreSQL")
    baseline: float | None = None
    first_counts = None
    for workers in (1, 2, 3):
        result = one_run(feeds, workers)
        if result is None:
            return
        elapsed, counts = result
        first_counts = first_counts or counts
        same = "same" if counts == first_counts else f"DIFFERENT from 1 worker {first_counts}"
        baseline = baseline or elapsed
        row(
            f"{workers} worker(s)" + (" (baseline)" if workers == 1 else ""),
            f"{elapsed:6.2f} s  {feeds / elapsed:6.1f} feeds/s  {baseline / elapsed:4.2f}x  "
            f"stories/incidents/alerts {counts} ({same}); each feed fetched once",
        )


if __name__ == "__main__":
    main()
