"""Settings errors: one line naming the variable, exit status 2, before any work is done."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.logging_setup import configure_logging
from bot.settings import SettingsError, load_settings

BAD_VALUES = [
    ("MALIWATCH_POLL_INTERVAL", "5"),
    ("MALIWATCH_POLL_INTERVAL", "often"),
    ("MALIWATCH_DIGEST_TIME", "7am"),
    ("MALIWATCH_FETCH_CONCURRENCY", "0"),
    ("MALIWATCH_LOG_LEVEL", "LOUD"),
    ("MALIWATCH_ADMIN_IDS", "12,abc"),
    ("TELEGRAM_THREAD_ID", "topic"),
    ("MALIWATCH_DIGEST_TIME", "25:99"),
    ("MALIWATCH_DATABASE_URL", "foo://"),
    ("MALIWATCH_DATABASE_URL", "mysql://root@localhost/maliwatch"),
    ("MALIWATCH_DATABASE_URL", "not a url"),
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No stray .env or MALIWATCH_* variable from the developer's shell."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("MALIWATCH_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MALIWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    return tmp_path


@pytest.mark.parametrize(("variable", "value"), BAD_VALUES, ids=lambda v: str(v))
def test_invalid_setting_exits_2_with_one_line_naming_it(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["feeds", "list"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert variable in err


def test_invalid_setting_touches_no_database(
    monkeypatch: pytest.MonkeyPatch, clean_environment: Path
) -> None:
    monkeypatch.setenv("MALIWATCH_POLL_INTERVAL", "1")
    assert main(["db", "upgrade"]) == 2
    assert not (clean_environment / "db.sqlite").exists()


def test_settings_from_dotenv_file(clean_environment: Path) -> None:
    (clean_environment / ".env").write_text(
        "MALIWATCH_ADMIN_IDS=111, 222\nMALIWATCH_WATCH_KEYWORDS=Ménaka,-football\n"
        "TELEGRAM_BOT_TOKEN=\n",
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.admin_ids == [111, 222]
    assert settings.watch_keywords == ["Ménaka", "-football"]
    assert not settings.has_telegram


def test_environment_wins_over_dotenv(
    monkeypatch: pytest.MonkeyPatch, clean_environment: Path
) -> None:
    (clean_environment / ".env").write_text("MALIWATCH_POLL_INTERVAL=60\n", encoding="utf-8")
    monkeypatch.setenv("MALIWATCH_POLL_INTERVAL", "120")
    assert load_settings().poll_interval == 120


def test_settings_error_is_one_line() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(MALIWATCH_DIGEST_TIME="25h")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("MALIWATCH_DIGEST_TIME")


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", "--format", "xml"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["run"], ["poll"], ["feeds", "add"], ["incidents", "import"], ["db"]):
        with pytest.raises(SystemExit) as caught:
            main([*command, "--help"])
        assert caught.value.code == 0
        assert "usage: maliwatch" in capsys.readouterr().out


def test_the_token_never_reaches_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    token = "123456:SECRET-token-value"
    configure_logging("DEBUG", secret=token)
    logging.getLogger("bot.test").info("calling https://api.telegram.org/bot%s/getMe", token)
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot%s", token)
    try:
        raise RuntimeError(f"request to https://api.telegram.org/bot{token}/sendMessage failed")
    except RuntimeError:
        logging.getLogger("bot.test").exception("delivery failed")
    err = capsys.readouterr().err
    assert "getMe" in err and "[token]" in err and "delivery failed" in err
    assert token not in err
    assert logging.getLogger("httpx").level == logging.WARNING


def test_token_without_chat_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Alerts would otherwise be queued for a chat that does not exist and fail for good."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret-token-value")
    assert main(["feeds", "list"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "TELEGRAM_CHAT_ID" in err
    assert "secret-token-value" not in err


@pytest.mark.parametrize(
    "url",
    ["postgresql://postgres@127.0.0.1:5432/test", "postgres://u@h/db", "sqlite:///x.db"],
)
def test_plain_database_urls_are_accepted(url: str) -> None:
    settings = load_settings(MALIWATCH_DATABASE_URL=url)
    assert settings.sqlalchemy_url.split(":", 1)[0] in {"postgresql+psycopg", "sqlite"}
