"""Partial dates: one definition for seeds, report and CLI, and only dates the calendar has."""

from __future__ import annotations

import pytest
from argmap.cli import main
from argmap.dates import check_partial_date


@pytest.mark.parametrize("text", ["2016", "2016-12", "2016-12-15", "2016-02-29", "2000-02-29"])
def test_real_partial_dates_pass(text):
    assert check_partial_date(text) == text


@pytest.mark.parametrize("text, why", [
    ("2017-02-29", "not a date on the calendar"),  # 2017 is not a leap year
    ("1900-02-29", "not a date on the calendar"),
    ("2016-13", "not a date on the calendar"),
    ("2016-00-10", "not a date on the calendar"),
    ("2016-04-31", "not a date on the calendar"),
    ("16-04-30", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2016/04/30", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2016-4-3", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("", "write YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_impossible_or_malformed_dates_say_why(text, why):
    with pytest.raises(ValueError, match=why):
        check_partial_date(text)


def test_the_report_refuses_an_impossible_date_as_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["report", "--date", "2017-02-29"])
    assert exited.value.code == 2
    assert "'2017-02-29' is not a date on the calendar" in capsys.readouterr().err
