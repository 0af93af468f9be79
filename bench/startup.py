"""Start-up: `maliwatch --help` and a `poll` with nothing due vs `python -c pass`.

Each command runs as a fresh process (best of 5) on a SQLite file that has one feed that is
not due. Baseline in the same run: ``python -c pass`` with the same interpreter. Prints
seconds and the ratio. Run: ``.venv/bin/python bench/startup.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys

from _common import ROOT, add_feeds, best_of, header, row, sqlite_url
from sqlalchemy import text

from storage.db import init_db

ROUNDS = 5


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True)


def main() -> None:
    cli = "import sys\nfrom bot.cli.main import main\nsys.exit(main(sys.argv[1:]))"
    with sqlite_url() as url:
        env = {**os.environ, "MALIWATCH_DATABASE_URL": url}
        engine = init_db(url)
        add_feeds(engine, ["http://127.0.0.1:9/rss"])  # loopback only, and never due below
        with engine.begin() as connection:
            connection.execute(text("UPDATE feed SET next_poll_at = '2999-01-01 00:00:00'"))
        engine.dispose()
        bare = best_of(ROUNDS, lambda: run(["-c", "pass"], env))
        helped = best_of(ROUNDS, lambda: run(["-c", f"{cli}", "--help"], env))
        idle = best_of(ROUNDS, lambda: run(["-c", cli, "poll"], env))
    header("startup (best of 5 fresh processes)")
    row("baseline: python -c pass", f"{bare:6.3f} s")
    row("maliwatch --help", f"{helped:6.3f} s  {helped / bare:5.1f}x  (+{helped - bare:.3f} s)")
    row(
        "maliwatch poll, nothing due", f"{idle:6.3f} s  {idle / bare:5.1f}x  (+{idle - bare:.3f} s)"
    )


if __name__ == "__main__":
    main()
