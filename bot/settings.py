"""Settings: one validated object, built in ``main()`` and passed down (never read at import).

Every variable is listed, with a comment, in ``.env.example``. List values are comma-separated
(``MALIWATCH_ADMIN_IDS=111,222``). An invalid value raises :class:`SettingsError` whose message is
one line naming the variable and what is wrong; the CLI prints it and exits with status 2.
"""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from feeds.model import AlertKind
from feeds.model.alerts import DEFAULT_CHANNEL_ALERTS
from storage.db import normalize_url

DEFAULT_DATABASE_URL = "sqlite:///./data/maliwatch.db"
DEFAULT_TELEGRAM_BASE_URL = "https://api.telegram.org/bot"


class SettingsError(ValueError):
    """A setting is missing or invalid; ``str()`` is a one-line message for the user."""


def _split_commas(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(DEFAULT_DATABASE_URL, alias="MALIWATCH_DATABASE_URL")
    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_chat_id: str | None = Field(None, alias="TELEGRAM_CHAT_ID")
    telegram_thread_id: int | None = Field(None, alias="TELEGRAM_THREAD_ID")
    telegram_api_base_url: str = Field(DEFAULT_TELEGRAM_BASE_URL, alias="TELEGRAM_API_BASE_URL")
    admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, alias="MALIWATCH_ADMIN_IDS"
    )
    poll_interval: int = Field(300, alias="MALIWATCH_POLL_INTERVAL", ge=10, le=7 * 86400)
    feeds_file: Path | None = Field(None, alias="MALIWATCH_FEEDS_FILE")
    watch_keywords: Annotated[list[str], NoDecode] = Field(
        default_factory=list, alias="MALIWATCH_WATCH_KEYWORDS"
    )
    alert_max_age_hours: float = Field(
        6.0, alias="MALIWATCH_ALERT_MAX_AGE_HOURS", ge=0, le=24 * 366, allow_inf_nan=False
    )
    digest_time: str = Field("07:00", alias="MALIWATCH_DIGEST_TIME", pattern=r"^\d{2}:\d{2}$")
    fetch_concurrency: int = Field(8, alias="MALIWATCH_FETCH_CONCURRENCY", ge=1, le=64)
    analysis_workers: int = Field(
        default_factory=lambda: min(2, os.cpu_count() or 1),
        alias="MALIWATCH_ANALYSIS_WORKERS",
        ge=0,
        le=64,
    )
    fetch_timeout: float = Field(
        20.0, alias="MALIWATCH_FETCH_TIMEOUT", gt=0, le=3600, allow_inf_nan=False
    )
    max_feed_bytes: int = Field(5_000_000, alias="MALIWATCH_MAX_FEED_BYTES", ge=1024, le=10**9)
    fetch_articles: bool = Field(True, alias="MALIWATCH_FETCH_ARTICLES")
    log_level: str = Field("INFO", alias="MALIWATCH_LOG_LEVEL")
    allow_private_feeds: bool = Field(False, alias="MALIWATCH_ALLOW_PRIVATE_FEEDS")
    channel_alerts: Annotated[frozenset[AlertKind], NoDecode] = Field(
        DEFAULT_CHANNEL_ALERTS, alias="MALIWATCH_CHANNEL_ALERTS"
    )
    alert_budget_per_feed: int = Field(20, alias="MALIWATCH_ALERT_BUDGET_PER_FEED", ge=1, le=10_000)
    alert_budget_per_cycle: int = Field(
        60, alias="MALIWATCH_ALERT_BUDGET_PER_CYCLE", ge=1, le=100_000
    )
    language: str = Field("fr", alias="MALIWATCH_LANGUAGE")

    @field_validator("admin_ids", "watch_keywords", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        return _split_commas(value)

    @field_validator("channel_alerts", mode="before")
    @classmethod
    def _alert_kinds(cls, value: object) -> object:
        """Comma-separated alert kinds; the digest always goes out, so it needs no naming."""
        if not isinstance(value, str):
            return value
        names = [part.strip() for part in value.split(",") if part.strip()]
        known = {kind.value for kind in AlertKind} - {AlertKind.DIGEST.value}
        unknown = sorted(set(names) - known)
        if unknown:
            listed = ", ".join(sorted(known))
            raise ValueError(f"unknown alert kind {unknown[0]!r} (known: {listed})")
        return frozenset(AlertKind(name) for name in names)

    @field_validator("telegram_chat_id", "telegram_bot_token", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_thread_id", "feeds_file", mode="before")
    @classmethod
    def _blank_optional(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("analysis_workers", mode="before")
    @classmethod
    def _blank_is_default_workers(cls, value: object) -> object:
        return (
            min(2, os.cpu_count() or 1) if isinstance(value, str) and not value.strip() else value
        )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        language = value.strip().lower()
        if language not in {"en", "fr"}:
            raise ValueError("must be en or fr")
        return language

    @field_validator("digest_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        try:
            time.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a time of day HH:MM between 00:00 and 23:59") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        try:
            backend = make_url(normalize_url(value)).get_backend_name()
        except ArgumentError:
            raise ValueError("is not a database URL (sqlite:///path or postgresql://...)") from None
        if backend not in {"sqlite", "postgresql"}:
            raise ValueError(f"backend {backend!r} is not supported (use sqlite or postgresql)")
        return value

    @model_validator(mode="after")
    def _chat_with_token(self) -> Settings:
        if self.telegram_bot_token is not None and not self.telegram_chat_id:
            raise ValueError("TELEGRAM_CHAT_ID must be set when TELEGRAM_BOT_TOKEN is set")
        return self

    @property
    def has_telegram(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with a driver SQLAlchemy can use (a plain postgresql:// works)."""
        return normalize_url(self.database_url)


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment and ``.env``; raise a one-line SettingsError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc", ())
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        if not loc:  # a check across settings names its variables in the message itself
            raise SettingsError(message) from None
        raise SettingsError(f"{_variable_name(loc)}: {message}") from None


def _variable_name(loc: tuple[object, ...] | list[object]) -> str:
    field_name = str(loc[0]) if loc else "setting"
    info = Settings.model_fields.get(field_name)
    if info is not None and info.alias:
        return info.alias
    for name, other in Settings.model_fields.items():
        if other.alias == field_name or name == field_name:
            return other.alias or name
    return field_name
