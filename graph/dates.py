"""Partial dates, as precise as known: a year (2016), a year and month (2016-12) or a day (2016-12-15).

One definition for the seeds' `date:` fields, the report's --date and the CLI's date options. Kept
free of heavy imports: the CLI checks dates before it loads anything.
"""

from __future__ import annotations

import datetime as dt
import re

PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
PARTIAL_DATE_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD"


def check_partial_date(text: str) -> str:
    """text itself if it is a partial date that exists on the calendar; ValueError saying why not."""
    if not isinstance(text, str) or not PARTIAL_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date: {PARTIAL_DATE_HINT}")
    year, month, day = (int(part) for part in (text.split("-") + ["1", "1"])[:3])
    try:
        dt.date(year, month, day)
    except ValueError as err:
        raise ValueError(f"{text!r} is not a date on the calendar ({err})") from None
    return text
