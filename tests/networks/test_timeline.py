"""Dates from meta, durations and windows."""

from datetime import date

import pytest

from desktop.networks import DateError, Duration, document_date, parse_duration, windows


def test_document_date_reads_iso_dates_and_date_times():
    """`date` (or `published`) as an ISO date or date-time; anything else is undated."""
    assert document_date({"date": "2020-11-25"}) == date(2020, 11, 25)
    assert document_date({"date": "2020-11-25T23:10:00+04:00"}) == date(2020, 11, 25)
    assert document_date({"published": "2021-01-02"}) == date(2021, 1, 2)
    assert document_date({"date": "25/11/2020"}) is None
    assert document_date({"date": 2020}) is None
    assert document_date({"source": "wire"}) is None


def test_durations():
    """Days, weeks, calendar months (clamped at month ends) and years."""
    assert parse_duration("30d").after(date(2024, 1, 1)) == date(2024, 1, 31)
    assert parse_duration("2w").after(date(2024, 1, 1)) == date(2024, 1, 15)
    assert parse_duration("1m").after(date(2024, 1, 31)) == date(2024, 2, 29)
    assert parse_duration("1y").after(date(2024, 2, 29)) == date(2025, 2, 28)
    for bad in ("", "0d", "-3d", "3x", "d"):
        with pytest.raises(DateError):
            parse_duration(bad)


def test_monthly_windows_count_from_the_first_date():
    """Month steps are counted from the start, so a 31st stays the 31st where it can."""
    got = list(windows(date(2024, 1, 31), date(2024, 4, 1), Duration(1, "m"), Duration(1, "m")))
    assert [(w.start, w.end) for w in got] == [
        (date(2024, 1, 31), date(2024, 2, 28)),
        (date(2024, 2, 29), date(2024, 3, 30)),
        (date(2024, 3, 31), date(2024, 4, 29)),
    ]
    assert (
        list(windows(date(2024, 2, 1), date(2024, 1, 1), Duration(1, "d"), Duration(1, "d"))) == []
    )
