"""Dates as people write them (the only module that imports python-dateutil)."""

from __future__ import annotations

import datetime as dt

from dateutil import parser as date_parser


def parse_date(text: str) -> dt.date:
    """A date as people write it ("16th April, 2014", "2014-04-16"); ValueError when it is none."""
    try:
        return date_parser.parse(text).date()
    except OverflowError:
        raise ValueError(f"not a date: {text}") from None
