"""Settings: one validated object, built in ``main()`` and passed down (never read at import).

Every variable is listed, with a comment, in ``.env.example``. List values are comma-separated
(``MALIWATCH_ADMIN_IDS=111,222``). An invalid value raises :class:`SettingsError` whose message is
one line naming the variable and what is wrong; the CLI prints it and exits with status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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
    poll_interval: int = Field(300, alias="MALIWATCH_POLL_INTERVAL", ge=10)
    feeds_file: Path | None = Field(None, alias="MALIWATCH_FEEDS_FILE")
    watch_keywords: Annotated[list[str], NoDecode] = Field(
        default_factory=list, alias="MALIWATCH_WATCH_KEYWORDS"
    )
    alert_max_age_hours: float = Field(6.0, alias="MALIWATCH_ALERT_MAX_AGE_HOURS", ge=0)
    digest_time: str = Field("07:00", alias="MALIWATCH_DIGEST_TIME", pattern=r"^\d{2}:\d{2}$")
    fetch_concurrency: int = Field(8, alias="MALIWATCH_FETCH_CONCURRENCY", ge=1, le=64)
    fetch_timeout: float = Field(20.0, alias="MALIWATCH_FETCH_TIMEOUT", gt=0)
    max_feed_bytes: int = Field(5_000_000, alias="MALIWATCH_MAX_FEED_BYTES", ge=1024)
    log_level: str = Field("INFO", alias="MALIWATCH_LOG_LEVEL")

    @field_validator("admin_ids", "watch_keywords", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        return _split_commas(value)

    @field_validator("telegram_chat_id", "telegram_bot_token", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_thread_id", "feeds_file", mode="before")
    @classmethod
    def _blank_optional(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @property
    def has_telegram(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with a driver SQLAlchemy can use (a plain postgresql:// works)."""
        return normalize_database_url(self.database_url)


def normalize_database_url(url: str) -> str:
    """Map ``postgres://`` and ``postgresql://`` to the psycopg 3 driver; leave others alone."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment and ``.env``; raise a one-line SettingsError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = _variable_name(first.get("loc", ()))
        raise SettingsError(f"{name}: {first.get('msg', 'invalid value')}") from None


def _variable_name(loc: tuple[object, ...] | list[object]) -> str:
    field_name = str(loc[0]) if loc else "setting"
    info = Settings.model_fields.get(field_name)
    if info is not None and info.alias:
        return info.alias
    for name, other in Settings.model_fields.items():
        if other.alias == field_name or name == field_name:
            return other.alias or name
    return field_name
