"""Tests of the Telegram bot: renderer, emulator, delivery, application and commands."""
