"""When a report is late: which deadline (the active pack's) and what late means, for the audit's row, its
summary, its page and its chart.

The deadlines come from the active rules of kind `date`: `aspect: timely` (date.untimely in the built-in pack,
whatever id a province's pack gives its own) for the 成文日期, `aspect: published` (date.published-late) for the
publication date, each as `deadline: MM-DD` of the year after the reporting year. A pack that sets 03-01 is
audited against 3月1日. With several such rules the earliest deadline counts; with none for one of the two
dates that date takes the other's; with neither, 4月1日 (the regulation's).

The deadline is the first day that is too late. 督察工作规定 第二十四条 asks for the report to be public "每年4月1日之前"
(before 1 April), and the single-file rules date.untimely and date.published-late count a date on the deadline
itself as late ("已到或超过"); the audit agrees with them, so `fzlint check` and `fzlint audit` never disagree
about one report.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DEFAULT = (4, 1)            # 督察工作规定 第二十四条: 每年4月1日之前


@dataclass(frozen=True, slots=True)
class Deadlines:
    """(month, day) in the year after the reporting year, for the 成文日期 and for the publication date."""

    written: tuple[int, int] = DEFAULT
    published: tuple[int, int] = DEFAULT

    def for_year(self, year: int) -> tuple[dt.date, dt.date]:
        """The two deadlines of a report of `year`."""
        return dt.date(year + 1, *self.written), dt.date(year + 1, *self.published)

    def to_dict(self) -> dict[str, str]:
        return {"written": _mmdd(self.written), "published": _mmdd(self.published)}


def deadlines(rules: Iterable[Any]) -> Deadlines:
    """The deadlines the active `rules` set (see the module docstring)."""
    found: dict[str, list[tuple[int, int]]] = {"timely": [], "published": []}
    for rule in rules:
        if getattr(rule, "kind", None) != "date":
            continue
        aspect = getattr(rule.params, "aspect", None)
        value = getattr(rule.params, "deadline", None)
        if aspect in found and value:
            found[aspect].append(parse(value))
    written = min(found["timely"], default=None)
    published = min(found["published"], default=None)
    return Deadlines(written or published or DEFAULT, published or written or DEFAULT)


def parse(value: str) -> tuple[int, int]:
    """"MM-DD" (as the date rule's parameter, already validated) → (month, day)."""
    month, day = (int(x) for x in value.split("-"))
    return month, day


def _mmdd(md: tuple[int, int]) -> str:
    return f"{md[0]:02d}-{md[1]:02d}"


def label(value: Any) -> str:
    """A summary's `deadline` ({"written": "03-01", "published": "04-01"}, or missing) as words:
    "次年4月1日" when both are the same day, else "成文日期次年3月1日、发布日期次年4月1日"."""
    value = value if isinstance(value, dict) else {}
    days = []
    for key in ("written", "published"):
        try:
            days.append(parse(str(value.get(key) or "")))
        except ValueError:
            days.append(DEFAULT)
    (wm, wd), (pm, pd) = days
    if days[0] == days[1]:
        return f"次年{wm}月{wd}日"
    return f"成文日期次年{wm}月{wd}日、发布日期次年{pm}月{pd}日"


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
