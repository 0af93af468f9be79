"""Pure rendering: typed alerts and incident views to Telegram HTML and charts."""
