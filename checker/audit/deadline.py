"""When a report is late: one rule for the audit's row, its page and its chart.

The deadline is the first day that is too late. 督察工作规定 第二十四条 asks for the report to be public "每年4月1日之前"
(before 1 April), and the single-file rules date.untimely and date.published-late count a date on the deadline
itself as late ("已到或超过"); the audit agrees with them, so `fzlint check` and `fzlint audit` never disagree
about one report.
"""
from __future__ import annotations

import datetime as dt


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def late(day: dt.date | str | None, deadline: dt.date | str | None) -> bool:
    """`day` (a date or YYYY-MM-DD) on or after `deadline`; False when either is missing or unreadable."""
    d, limit = _day(day), _day(deadline)
    return d is not None and limit is not None and d >= limit
