# ruff: noqa: F811 (the env fixture is imported from tests/bot/cli/test_main.py)
"""Start-up cost and worker rules of the command line: what `--help` and an idle `poll` import,
one worker per SQLite file, and `poll` sharing due feeds (subprocesses where imports matter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.worker_lock import sqlite_worker_lock
from tests.bot.cli.test_main import env, run  # noqa: F401
from tests.helpers.http import FeedServer
from tests.helpers.paths import ROOT

HEAVY = ("alembic", "telegram", "sqlalchemy", "sqlmodel", "matplotlib", "trafilatura", "httpx")


def imported_after(code: str, environment: dict[str, str]) -> dict[str, object]:
    """Run ``code`` (which sets ``result``) in a fresh interpreter; return what it printed
    plus the heavy modules it left in ``sys.modules``."""
    probe = (
        "import json, sys\n"
        f"{code}\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "print(json.dumps({'result': result, 'heavy': heavy}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_imports_none_of_the_heavy_libraries(env: dict[str, str]) -> None:
    code = (
        "from bot.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as stop:\n    result = stop.code\n"
    )
    found = imported_after(code, env)
    assert found == {"result": 0, "heavy": []}


def test_an_idle_poll_loads_no_pipeline_alembic_or_telegram(
    env: dict[str, str], tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", "<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    subprocess.run(
        [sys.executable, "-c", "import sys\nfrom bot.cli.main import main\n"
         f"sys.exit(main(['feeds', 'add', {feed_server.url('/rss')!r}]))"],
        cwd=tmp_path, env={**os.environ, **env}, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    first = "from bot.cli.main import main\nresult = main(['poll'])\n"
    assert imported_after(first, env)["result"] == 0  # the feed was due: a real cycle
    found = imported_after(first, env)  # now nothing is due

    assert found["result"] == 0
    assert found["heavy"] == ["sqlalchemy"]  # the settings and the three SELECTs need it
    assert feed_server.hits("/rss") == 1


def test_an_idle_poll_says_so_in_one_line(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    feed_server.add("/rss", "<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    assert run(capsys, "feeds", "add", feed_server.url("/rss"))[0] == 0
    assert run(capsys, "poll")[0] == 0
    code, out, _ = run(capsys, "poll")
    assert (code, out) == (0, "maliwatch poll: nothing to do (no feed due, no alert waiting)\n")
    code, out, _ = run(capsys, "poll", "--all")  # --all polls it anyway
    assert code == 0 and "feeds ok" in out and feed_server.hits("/rss") == 2


def test_a_second_worker_on_one_sqlite_file_stops_with_one_line(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = env["MALIWATCH_DATABASE_URL"]
    holder = subprocess.Popen(  # another process holds the file's worker lock
        [sys.executable, "-c",
         "import sys, time\nfrom storage.worker_lock import sqlite_worker_lock\n"
         f"with sqlite_worker_lock({url!r}):\n    print('held', flush=True)\n    time.sleep(30)\n"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        for command in ("poll", "run"):
            code, _, err = run(capsys, command)
            assert code == 1
            assert err.count("\n") == 1
            assert err.startswith(f"maliwatch: another maliwatch process (pid {holder.pid})")
            assert "several workers need PostgreSQL" in err
    finally:
        holder.kill()
        holder.wait()
    assert run(capsys, "poll")[0] == 0  # the lock went with the process


def test_the_worker_lock_is_released_after_use(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with sqlite_worker_lock(url):
        pass
    with sqlite_worker_lock(url), sqlite_worker_lock("postgresql://h/db"):
        pass  # PostgreSQL takes no file lock
