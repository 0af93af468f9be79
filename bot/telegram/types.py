"""The type of the one PTB ``Application`` maliwatch builds (its generics spelled once)."""

from __future__ import annotations

from typing import Any, TypeAlias

from telegram.ext import Application

BotApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
