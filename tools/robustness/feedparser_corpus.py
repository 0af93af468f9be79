"""Every feed of feedparser's own test suite through one real ``maliwatch poll``.

feedparser ships about 2,250 test documents (well-formed and ill-formed feeds, odd encodings,
entity tricks, compressed bodies). This serves them all on loopback, adds each as a feed, runs
``maliwatch poll`` once in a subprocess on a fresh SQLite database, and counts what happened:
the exit code, whether any traceback was printed, how many feeds were read, and the reasons the
others were refused. The documents come from feedparser's source distribution, which pip can
fetch (the registry is reachable here):

    pip download --no-deps --no-binary :all: feedparser==6.0.11 -d /tmp/fp
    tar xzf /tmp/fp/feedparser-6.0.11.tar.gz -C /tmp/fp
    .venv/bin/python -m tools.robustness.feedparser_corpus /tmp/fp/feedparser-6.0.11/tests
"""

from __future__ import annotations

import collections
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SUFFIXES = {".xml", ".rdf", ".atom", ".rss"}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__)
        return 2
    root = Path(argv[0]).resolve()
    files = sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as work:
        feeds = Path(work) / "feeds.txt"
        feeds.write_text(
            "\n".join(f"{base}/{p.relative_to(root).as_posix()}" for p in files) + "\n",
            encoding="utf-8",
        )
        database = Path(work) / "corpus.db"
        env = {
            **os.environ,
            "MALIWATCH_DATABASE_URL": f"sqlite:///{database}",
            "MALIWATCH_FEEDS_FILE": str(feeds),
            "MALIWATCH_ALLOW_PRIVATE_FEEDS": "1",
            "MALIWATCH_FETCH_ARTICLES": "false",
            "MALIWATCH_FETCH_CONCURRENCY": "16",
            "MALIWATCH_FETCH_TIMEOUT": "5",
            "TELEGRAM_BOT_TOKEN": "",
        }
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from bot.cli.main import main; raise SystemExit(main())",
                "poll",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        server.shutdown()
        report(files, done, database)
    return 0


def report(files: list[Path], done: subprocess.CompletedProcess[str], database: Path) -> None:
    output = done.stdout + done.stderr
    if not database.exists():
        print(output[-2000:])
        return
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT last_error, last_success_at FROM feed").fetchall()
        stories = connection.execute("SELECT count(*) FROM story").fetchone()[0]
    ok = sum(1 for error, success in rows if error is None and success is not None)
    reasons = collections.Counter(
        re.sub(r"\d+", "N", error.split(":")[0])[:60] for error, _ in rows if error
    )
    print(f"feed documents served: {len(files)}; feeds stored: {len(rows)}")
    print(f"poll exit code: {done.returncode}; traceback printed: {'Traceback' in output}")
    print(f"feeds read: {ok}; refused with a reason: {sum(reasons.values())}; stories: {stories}")
    for reason, count in reasons.most_common(12):
        print(f"  {count:5d}  {reason}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
