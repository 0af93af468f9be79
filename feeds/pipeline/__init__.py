"""One story's path from a due feed to stored claims and queued alerts.

The only code under ``feeds/`` that imports storage."""
