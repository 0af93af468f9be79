"""The outbox worker: queued alerts to Telegram or the console, retries and failures."""
