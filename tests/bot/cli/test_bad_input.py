# ruff: noqa: F811 (the env fixture is imported from tests/bot/cli/test_main.py)
"""`maliwatch` with bad arguments, bad settings, a refused token, an unreachable database and
hostile feed text: one line on stderr, the documented exit status, never a traceback (issue 9)."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from bot.cli.console_text import clean
from bot.cli.main import main
from bot.delivery.senders import ConsoleSender
from tests.bot.cli.test_main import ROOT, env, one_line_error, run  # noqa: F401
from tests.helpers.http import FeedServer
from tests.helpers.telegram import TelegramEmulator

BAD_TOKEN = "999999:refused-secret-token-value"


def child(cmd: list[str], env_values: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-c",
        "from bot.cli.main import main; raise SystemExit(main())",
        *cmd,
    ]
    return subprocess.run(
        command, cwd=cwd, env={**os.environ, **env_values, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("command", ["poll", "run"])
def test_a_refused_token_is_one_line_and_never_printed(
    env: dict[str, str], tmp_path: Path, telegram_api: TelegramEmulator, command: str
) -> None:
    values = {
        **env,
        "TELEGRAM_BOT_TOKEN": BAD_TOKEN,
        "TELEGRAM_API_BASE_URL": telegram_api.base_url,
        "TELEGRAM_CHAT_ID": "-1001234",
        "MALIWATCH_LOG_LEVEL": "DEBUG",  # even the most talkative log never carries it
    }
    done = child([command], values, tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "maliwatch: Telegram refused the token (401)"
    assert "Traceback" not in done.stderr
    assert BAD_TOKEN not in done.stdout + done.stderr
    assert "refused-secret" not in done.stdout + done.stderr


def test_an_unreachable_postgresql_is_one_line(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MALIWATCH_DATABASE_URL", "postgresql://maliwatch:pw@127.0.0.1:1/none")
    code, _, err = run(capsys, "watch", "list")
    assert code == 2
    line = one_line_error(err)
    assert line.startswith("maliwatch: MALIWATCH_DATABASE_URL: cannot use the database")
    assert ":pw@" not in line


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "-1", "1e12", "many"])
def test_an_alert_age_that_is_no_finite_number_is_a_settings_error(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
) -> None:
    monkeypatch.setenv("MALIWATCH_ALERT_MAX_AGE_HOURS", value)
    code, _, err = run(capsys, "watch", "list")
    assert code == 2
    assert one_line_error(err).startswith("maliwatch: MALIWATCH_ALERT_MAX_AGE_HOURS: ")


def corpus_files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "corpus_dir").mkdir()
    files = {
        "bad.jsonl": b'{"id": "x"}\n',
        "notjson.jsonl": b"this is not json\n",
        "list.jsonl": b"[1, 2]\n",
        "binary.jsonl": b"\xff\xfe\x00\x81garbage",
        "acled_dates.csv": (
            b"event_id_cnty,event_date,event_type,country,fatalities\n"
            b"MLI1,32-May-20,Battles,Mali,1\nMLI2,2020-05-09,Battles,Mali,1e309\n"
            b"BFA1,2020-05-09,Battles,Burkina Faso,1\n"
        ),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in [*files, "corpus_dir"]}


SWEEP = [
    (["watch", "add", ""], 2, "a watch word cannot be empty"),
    (["watch", "add", "   "], 2, "a watch word cannot be empty"),
    (["watch", "add", "-x", "-"], 2, "a watch word cannot be empty"),
    (["watch", "add", "x" * 5000], 2, "at most 64 characters"),
    (["watch", "add", "a\x1b[2Jb"], 2, "control characters"),
    (["watch", "remove", ""], 2, "a watch word cannot be empty"),
    (["feeds", "add", ""], 2, "not an http(s) URL"),
    (["feeds", "add", "https://x.example/" + "a" * 5000], 2, "at most 2048 characters"),
    (["feeds", "add", "http://[::1/rss"], 2, "not a URL"),
    (["feeds", "add", "http://x.example:99999/rss"], 2, "not a URL"),
    (["feeds", "remove", "y" * 5000], 2, "at most 2048 characters"),
    (["feeds", "import", "{tmp}/missing.opml"], 2, "cannot read"),
    (["feeds", "import", "{tmp}/corpus_dir"], 2, "cannot read"),
    (["incidents", "--since", "yesterday"], 2, "--since"),
    (["incidents", "import", "{tmp}/missing.csv"], 2, "no file"),
    (["incidents", "import", "{tmp}/corpus_dir"], 2, "no file"),
    (["incidents", "import", "{tmp}/acled_dates.csv"], 1, "no row imported"),
    (["incident", "abc"], 2, "invalid int value"),
    (["incident", "99999999999999999999"], 1, "no incident"),
    (["export", "--format", "xml"], 2, "invalid choice"),
    (["export", "--format", "geojson", "--out", "/dev/full"], 2, "cannot write /dev/full"),
    (["export", "--out", "{tmp}/corpus_dir"], 2, "cannot write"),
    (["eval", "{tmp}/corpus_dir"], 2, "is a directory"),
    (["eval", "{tmp}/bad.jsonl"], 2, "not a corpus file"),
    (["eval", "{tmp}/notjson.jsonl"], 2, "not a corpus file"),
    (["eval", "{tmp}/list.jsonl"], 2, "not a corpus file"),
    (["eval", "{tmp}/binary.jsonl"], 2, "not a corpus file"),
    (["eval", "{tmp}/missing.jsonl"], 2, "no corpus"),
    (["db", "upgrade", "--now"], 2, "unrecognized arguments"),
    (["nonsense"], 2, "invalid choice"),
    (["eval", "p" * 5000], 2, "no corpus"),
    (["feeds", "import", "q" * 5000], 2, "cannot read"),
    (["incidents", "import", "r" * 5000], 2, "no file"),
    (["export", "--out", "s" * 5000], 2, "cannot write"),
    (["incidents", "--since", "t" * 5000], 2, "--since"),
]


@pytest.mark.parametrize(("argv", "code", "message"), SWEEP)
def test_bad_arguments_get_one_line(
    env: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    message: str,
) -> None:
    corpus_files(tmp_path)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    try:
        exit_code = main(args)
    except SystemExit as stop:  # argparse's own usage errors
        exit_code = int(stop.code or 0)
    err = capsys.readouterr().err
    line = one_line_error(err)
    assert exit_code == code, err
    assert message in line, line
    assert len(line) < 400  # a huge argument is never echoed back whole
    assert "\x1b" not in line


def test_the_acled_import_names_why_no_row_was_imported(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = corpus_files(tmp_path)
    code, out, err = run(capsys, "incidents", "import", str(files["acled_dates.csv"]))
    assert code == 1 and "imported from" not in out
    assert one_line_error(err).endswith(
        "no row imported: 1 unreadable event_date, 1 fatalities out of range, 1 of other countries"
    )


HOSTILE_TITLE = "Sahel [/x] [bold]wire\x1b]0;pwned\x07\x1b[2J"


def hostile_feed() -> str:
    return (
        f"<rss version='2.0'><channel><title>{HOSTILE_TITLE}</title>"
        "<item><title>Mali: [/b] attack\x1b[31m near Gao</title>"
        "<link>https://news.example.org/gao</link><guid>gao</guid></item></channel></rss>"
    )


def test_feeds_list_prints_hostile_titles_and_content_types_as_plain_text(
    env: dict[str, str],
    feed_server: FeedServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the table shows whole URLs
    feed_server.add("/rss", hostile_feed().encode("latin-1"), content_type="application/xml")
    feed_server.add("/json", b'{"not": "a feed"}', content_type="[/x]; charset=utf-8")
    secret = feed_server.url("/json") + "?apikey=TOPSECRET"
    for url in (feed_server.url("/rss"), secret):
        assert run(capsys, "feeds", "add", url)[0] == 0
    assert run(capsys, "poll")[0] == 0

    code, out, err = run(capsys, "feeds", "list")

    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "[/x]" in out  # the server's Content-Type, printed as it is
    assert "[bold]" in out and "Sahel" in out  # the title, not read as markup either
    assert "TOPSECRET" not in out and "apikey=***" in out
    assert "TOPSECRET" not in caplog.text  # nor in any log line


def test_console_alerts_never_carry_escape_sequences() -> None:
    """What a feed wrote reaches the terminal without its escape sequences or markup."""
    out = io.StringIO()
    sender = ConsoleSender(Console(file=out, force_terminal=True, width=120, highlight=False))
    chunk = "<b>Mali: [/b] attack</b>\x1b]0;pwned\x07 near Gao\x1b[2J\x9b31m [bold]x"
    message_id = asyncio.run(
        sender.send(chat_id="console", text_chunks=[chunk], silent=False, thread_id=None)
    )
    asyncio.run(sender.edit(chat_id="console", message_id=message_id, text=chunk))
    printed = out.getvalue()
    for sequence in ("\x1b]0;pwned", "\x07", "\x1b[2J", "\x9b"):
        assert sequence not in printed
    assert "Mali: [/b] attack near Gao [bold]x" in printed


def test_clean_strips_every_kind_of_escape() -> None:
    text = "a\x1b[31mb\x1b]8;;http://x\x1b\\c\x1bPq#0\x1b\\d\x1b7e\x08f\rg\u202eh\ni\tj"
    assert clean(text) == "abcdefgh\ni\tj"
