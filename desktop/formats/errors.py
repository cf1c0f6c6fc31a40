"""The one error every reader and writer raises: file, line and reason on one line."""

from __future__ import annotations


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


class FormatError(Exception):
    """Bad input (or unwritable output): `source:line: reason`, never a traceback."""

    def __init__(self, source: object, line: int | None, reason: str) -> None:
        self.source = _one_line(str(source))
        self.line = line
        self.reason = _one_line(reason)
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.reason}"
        return f"{self.source}:{self.line}: {self.reason}"

    def __reduce__(self) -> tuple[type[FormatError], tuple[str, int | None, str]]:
        return (FormatError, (self.source, self.line, self.reason))


def keep_or_raise(error: FormatError, errors: list[FormatError] | None) -> None:
    """Raise `error`, or append it to `errors` when the caller skips bad records."""
    if errors is None:
        raise error
    errors.append(error)
