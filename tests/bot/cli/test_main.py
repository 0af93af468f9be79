"""`maliwatch` commands in-process and as a subprocess, on loopback feeds and temp databases."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.helpers.http import FeedServer
from tests.helpers.paths import ROOT as ROOT_DIR
from tests.helpers.telegram import TEST_TOKEN, TelegramEmulator

ROOT = ROOT_DIR
SEED = (ROOT / "tests" / "data" / "seed_story_lerneb.txt").read_text(encoding="utf-8")


def seed_feed(published: datetime = datetime(2026, 11, 23, 10, tzinfo=UTC)) -> str:
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Sahel test</title>"
        "<item><title>Mali: airstrike on a market north of Lerneb</title>"
        "<link>https://news.example.org/lerneb</link><guid>lerneb</guid>"
        f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>"
        f"<description>{SEED.replace('&', '&amp;').replace('<', '&lt;')}</description></item>"
        "</channel></rss>"
    )


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """A clean environment: a temp SQLite database, no token, no .env."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("MALIWATCH_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    values = {
        "MALIWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "MALIWATCH_FETCH_ARTICLES": "false",  # sample links lead to real hosts: no page reads
        "MALIWATCH_ALLOW_PRIVATE_FEEDS": "1",  # the feed servers are on loopback
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_poll_subprocess_exits_0_when_a_feed_fails(
    env: dict[str, str], tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.add("/rss", seed_feed())
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# Good\n{feed_server.url('/rss')}\n# Gone\n{feed_server.url('/gone')}\n")
    child_env = {**os.environ, **env, "MALIWATCH_FEEDS_FILE": str(feeds)}
    command = [
        sys.executable,
        "-c",
        "from bot.cli.main import main; raise SystemExit(main())",
        "poll",
    ]

    done = subprocess.run(
        command, cwd=tmp_path, env={**child_env, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "feeds failed" in done.stdout
    assert feed_server.url("/gone") in done.stdout
    assert "404" in done.stdout
    assert feed_server.hits("/rss") == 1


def test_feeds_add_list_remove(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://www.rfi.fr/fr/afrique/rss"
    assert run(capsys, "feeds", "add", url)[0] == 0
    assert run(capsys, "feeds", "add", url)[0] == 0  # idempotent
    code, out, _ = run(capsys, "feeds", "list")
    assert code == 0 and out.count("rfi.fr") == 1
    assert run(capsys, "feeds", "remove", url)[0] == 0
    code, _, err = run(capsys, "feeds", "remove", url)
    assert code == 1 and "no feed" in err


def test_feeds_import_opml(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opml = tmp_path / "feeds.ingest.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="Studio Tamani" xmlUrl="https://www.studiotamani.org/feed/"/>'
        '<outline text="Le Monde" xmlUrl="https://www.lemonde.fr/afrique/rss_full.xml"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "feeds", "import", str(opml))
    assert code == 0 and "2 feeds imported" in out
    assert "Studio Tamani" in run(capsys, "feeds", "list")[1]


def test_watch_add_exclude_list_remove(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "watch", "add", "Ménaka")[0] == 0
    assert run(capsys, "watch", "add", "-x", "football")[0] == 0
    code, out, _ = run(capsys, "watch", "list")
    assert code == 0
    assert "Ménaka" in out and "-football" in out
    assert run(capsys, "watch", "remove", "football")[0] == 0
    assert "football" not in run(capsys, "watch", "list")[1]


def test_poll_then_incidents_incident_and_export(
    env: dict[str, str],
    tmp_path: Path,
    feed_server: FeedServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed_server.add("/rss", seed_feed())
    assert run(capsys, "feeds", "add", feed_server.url("/rss"))[0] == 0
    code, out, _ = run(capsys, "poll")
    assert code == 0 and "incidents new" in out

    code, out, _ = run(capsys, "incidents", "--since", "2026-01-01")
    assert code == 0 and "Lerneb" in out
    assert run(capsys, "incident", "1")[0] == 0
    assert run(capsys, "incident", "999")[0] == 1

    target = tmp_path / "out.jsonl"
    assert run(capsys, "export", "--format", "jsonl", "--out", str(target))[0] == 0
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    incidents = [line for line in lines if "claims" in line]
    assert any(claim["claimant"] == "CDRAP" for line in incidents for claim in line["claims"])


def test_db_upgrade_is_idempotent(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0
    assert run(capsys, "db", "upgrade")[0] == 0


def test_incidents_import_missing_file_fails(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "incidents", "import", "nowhere.csv")
    assert code == 2 and "nowhere.csv" in err


def test_group_without_action_is_a_usage_error(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "feeds")
    assert code == 2 and "feeds" in err


def test_poll_with_a_token_delivers_to_telegram(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    feed_server: FeedServer,
    telegram_api: TelegramEmulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    telegram_api.add_chat(-1001234)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", telegram_api.base_url)
    monkeypatch.setenv("TELEGRAM_CHAT_ID", "-1001234")
    feed_server.add("/rss", "<rss version='2.0'><channel><title>Sahel</title></channel></rss>")
    assert run(capsys, "feeds", "add", feed_server.url("/rss"))[0] == 0
    assert run(capsys, "poll")[0] == 0  # the feed's first poll: its backlog never alerts
    feed_server.add("/rss", seed_feed(published=datetime.now(UTC) - timedelta(hours=1)))

    code, out, err = run(capsys, "poll", "--all")  # the feed is not due yet: --all polls it now

    assert code == 0, err
    assert TEST_TOKEN not in out + err
    texts = telegram_api.sent_texts(-1001234)
    assert any("Lerneb" in text for text in texts)
    assert any("CDRAP" in text and "Malian army" in text for text in texts)
    assert re.search(r"alerts sent\s+[1-9]", out)


def test_incidents_import_acled_csv_then_list(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "acled.csv"
    csv_path.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,country,admin1,location,"
        "latitude,longitude,fatalities,notes\n"
        "MLI9001,2026-11-02,Battles,Armed clash,Mali,Gao,Tessit,15.2,0.9,5,Clash near Tessit.\n"
        "BFO9002,2026-11-03,Battles,Armed clash,Burkina Faso,Sahel,Djibo,14.1,-1.6,12,Attack.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "incidents", "import", str(csv_path))
    assert code == 0 and "1 ACLED incidents imported" in out
    assert run(capsys, "incidents", "import", str(csv_path))[0] == 0  # re-import updates
    code, out, _ = run(capsys, "incidents")
    assert code == 0 and "Tessit" in out and "Djibo" not in out


def test_eval_prints_the_report(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = {
        "relevant": True,
        "incidents": [{"key": "lerneb", "role": "main"}],
        "claims": [{"incident": "lerneb", "claimant": "Malian army", "category": "killed",
                    "low": 11, "high": 11, "victims": "militants"}],
        "contradictions": [],
    }  # fmt: skip
    story = {"id": "t1", "feed": "https://news.example.org/rss", "language": "en",
             "url": "https://news.example.org/lerneb", "title": "Mali market strike",
             "text": SEED, "published": "2026-11-23T10:00:00Z", "gold": gold}  # fmt: skip
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(json.dumps(story) + "\n", encoding="utf-8")

    code, out, _ = run(capsys, "eval", str(corpus))

    assert code == 0
    assert "relevance" in out and "claims" in out
    assert run(capsys, "eval", str(tmp_path / "missing.jsonl"))[0] == 2


# ── bad input: one clear line, never a traceback (review issue 2: B8c, B15) ─────────────────


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def one_line_error(err: str) -> str:
    """The one line the user is told (log records on stderr aside)."""
    lines = [line for line in err.splitlines() if line.strip() and not LOG_LINE.match(line)]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("incident_id", ["99999999999999999999", "2147483648", "0", "-3"])
def test_an_incident_id_out_of_range_is_no_such_incident(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], incident_id: str
) -> None:
    code, _, err = run(capsys, "incident", incident_id)
    assert code == 1
    assert one_line_error(err) == f"maliwatch: no incident {incident_id}"


def test_export_to_a_missing_directory_is_one_line(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "dir" / "f.jsonl"
    code, _, err = run(capsys, "export", "--out", str(target))
    assert code == 2
    assert str(target) in one_line_error(err)


def test_a_windows_1252_acled_csv_is_imported_and_the_encoding_named(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "excel.csv"
    csv_path.write_bytes(
        "event_id_cnty,event_date,event_type,country,admin1,location\n"
        "MLI9003,2026-11-04,Battles,Mali,Ségou,Niono\n".encode("cp1252")
    )
    code, out, err = run(capsys, "incidents", "import", str(csv_path))
    assert code == 0 and "1 ACLED incidents imported" in out
    assert "cp1252" in one_line_error(err)


def test_a_binary_csv_is_one_line(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "binary.csv"
    csv_path.write_bytes(b"event_id_cnty,event_date,event_type\n\x81\x8d\x8f\x90\x9d\n")
    code, _, err = run(capsys, "incidents", "import", str(csv_path))
    assert code == 1 and "not a text file" in one_line_error(err)


def test_a_csv_without_acled_columns_fails_naming_them(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "people.csv"
    csv_path.write_text("name,event_date\nAmadou,2026-11-04\n", encoding="utf-8")
    code, out, err = run(capsys, "incidents", "import", str(csv_path))
    assert code == 1 and "imported" not in out
    assert "event_id_cnty, event_type" in one_line_error(err)


@pytest.mark.parametrize("url", ["not-a-url", "ftp://x.example/rss", "https:///rss"])
def test_feeds_add_refuses_what_is_not_a_feed_url(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, _, err = run(capsys, "feeds", "add", url)
    assert code == 2 and url in one_line_error(err)
    assert "not-a-url" not in run(capsys, "feeds", "list")[1]


@pytest.mark.parametrize("command", ["poll", "run"])
def test_a_missing_feeds_file_stops_poll_and_run_at_start_up(
    env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    import bot.runner

    started: list[str] = []
    monkeypatch.setattr(bot.runner, "run_forever", lambda *_: started.append("run"))
    monkeypatch.setenv("MALIWATCH_FEEDS_FILE", str(tmp_path / "nope.txt"))
    code, _, err = run(capsys, command)
    assert code == 2 and started == []
    assert (
        one_line_error(err)
        == f"maliwatch: MALIWATCH_FEEDS_FILE: no such file: {tmp_path / 'nope.txt'}"
    )


def test_feeds_add_full_text_switch_and_channels(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://www.rfi.fr/fr/afrique/rss"
    code, out, _ = run(capsys, "feeds", "add", url, "--full-text", "fetch")
    assert code == 0 and "full text: fetch" in out
    code, out, _ = run(capsys, "feeds", "add", url)  # no option: the switch stays
    assert "full text: fetch" in out
    code, out, _ = run(capsys, "feeds", "add", "https://t.me/fama_mali")
    assert code == 0 and "https://t.me/s/fama_mali (telegram" in out
    listed = run(capsys, "feeds", "list")[1]
    assert "fetch" in listed and "channel" in listed
    with pytest.raises(SystemExit):
        main(["feeds", "add", url, "--full-text", "sometimes"])
