"""Dates: parse_date for publication lines, find_dates for mentions in text, tense_of."""

from __future__ import annotations

from datetime import date

import pytest

from events.dates import parse_date


@pytest.mark.parametrize("text, expected", [
    ("2024-04-26", date(2024, 4, 26)),
    ("2024-04-26T10:00:00Z", date(2024, 4, 26)),
    ("26th, April 2024 GMT", date(2024, 4, 26)),
    ("تاريخ النشر: 26th, April 2024 GMT", date(2024, 4, 26)),
    ("April 26, 2024", date(2024, 4, 26)),
    ("Dec. 13, 2022", date(2022, 12, 13)),
    ("26 أبريل 2024", date(2024, 4, 26)),
    ("٢٦ نيسان ٢٠٢٤", date(2024, 4, 26)),
    ("۲۶ آوریل"[:0] + "۲۶ نيسان ۲۰۲۴", date(2024, 4, 26)),
    ("13/12/2022", date(2022, 12, 13)),
    ("(27/7/2024)", date(2024, 7, 27)),
    ("2024/04/26", date(2024, 4, 26)),
    ("السبت، 23 آذار، 2019", date(2019, 3, 23)),
])
def test_parse_date_publication_lines(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "unknown", "April 2024", "عام 2022", "31/02/2024", "لا تاريخ", "أمس"])
def test_parse_date_gives_none_rather_than_a_guess(text):
    assert parse_date(text) is None
