"""The one exception a command raises for a failure the user can fix (a light module: the
entry point imports it before knowing which command runs)."""

from __future__ import annotations


class CommandError(Exception):
    """A failure to report in one line, e.g. an unknown incident id (exit 1 unless told)."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
