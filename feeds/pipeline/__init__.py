"""One story's path from a due feed to stored claims and queued alerts: the only feeds code that uses storage."""
