"""Dates of documents, date ranges and sliding time windows (`--window 30d --step 7d`).

A document's date is the `date` of its meta (ISO 8601: `2020-11-25`, or a date-time whose
first ten characters are one); documents without one are undated, never guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

#: Meta keys read as the document's date, in this order.
DATE_KEYS = ("date", "published", "publish_date", "published_at")

_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$")
_UNITS = {"d": "day", "w": "week", "m": "month", "y": "year"}


class DateError(ValueError):
    """A date or duration that cannot be read."""


def parse_date(value: object) -> date | None:
    """An ISO date (or the date of an ISO date-time); None if `value` is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def document_date(meta: Mapping[str, Any]) -> date | None:
    """The date in a document's meta (see DATE_KEYS), if it holds a readable one."""
    for key in DATE_KEYS:
        found = parse_date(meta.get(key))
        if found is not None:
            return found
    return None


def read_date(text: str, what: str = "date") -> date:
    """A date given on the command line; DateError naming `what` if it is not one."""
    found = parse_date(text) if len(text.strip()) == 10 else None
    if found is None:
        raise DateError(f"{what} must be a date like 2020-11-25, got {text!r}")
    return found


@dataclass(frozen=True, slots=True)
class Duration:
    """A number of days, weeks, calendar months or years."""

    count: int
    unit: str

    def after(self, start: date) -> date:
        """The date `count` units after `start` (month ends clamp: Jan 31 + 1m = Feb 28)."""
        if self.unit == "d":
            return start + timedelta(days=self.count)
        if self.unit == "w":
            return start + timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        year, month = divmod(start.month - 1 + months, 12)
        year += start.year
        day = min(start.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day)

    def in_months(self) -> Duration:
        """Years as months (the same span), other units unchanged."""
        return Duration(self.count * 12, "m") if self.unit == "y" else self

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


def parse_duration(text: str, what: str = "duration") -> Duration:
    """`30d`, `2w`, `3m` or `1y`; DateError otherwise."""
    match = _DURATION.match(text or "")
    if not match or int(match.group(1)) == 0:
        raise DateError(
            f"{what} must be a positive number of days, weeks, months or years"
            f" (30d, 2w, 3m, 1y), got {text!r}"
        )
    return Duration(int(match.group(1)), match.group(2))


@dataclass(frozen=True, slots=True)
class Window:
    """Dates `start` to `end`, both included."""

    start: date
    end: date

    def holds(self, when: date | None) -> bool:
        """True if `when` is a date inside the window."""
        return when is not None and self.start <= when <= self.end

    @property
    def name(self) -> str:
        """`2020-11-01_2020-11-30`: the window as a file name."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def windows(first: date, last: date, size: Duration, step: Duration) -> Iterator[Window]:
    """Windows of `size` starting at `first`, then every `step`, while they start by `last`.

    Window k holds the dates from start_k up to the day before start_k + size; the last
    one may reach past `last`.
    """
    if last < first:
        return
    # Offsets are counted from `first` (Jan 31 + 1m, + 2m: Feb 29, Mar 31), so that
    # month-long windows tile the calendar without gaps.
    size, step = size.in_months(), step.in_months()
    index = 0
    start = first
    while start <= last:
        if size.unit == step.unit:
            end = Duration(step.count * index + size.count, size.unit).after(first)
        else:
            end = size.after(start)
        yield Window(start, end - timedelta(days=1))
        index += 1
        start = Duration(step.count * index, step.unit).after(first)
