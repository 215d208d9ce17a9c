"""The 成文日期 after the signature: present, written 2026年1月15日 (GB/T 9704—2012 7.3.5), a real date, on time;
and the page's publication date (发布日期): before the deadline (督察工作规定 第二十四条), not before the 成文日期."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule
from ..text.dates import fmt, most_likely, read_date
from ._util import check_aspect

ASPECTS = ("present", "format", "valid", "timely", "published", "published-order")


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    deadline: str = "04-01"     # MM-DD of the year after the reporting year; on or after it is late
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {"aspect": {"enum": list(ASPECTS)},
                       "deadline": {"type": "string", "pattern": "^\\d{1,2}-\\d{1,2}$",
                                    "description": "截止日（报告年度次年，MM-DD；当天及以后为迟），默认 04-01"}},
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        if not re.fullmatch(r"(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])", self.deadline):
            raise ParamError("deadline", f"截止日期“{self.deadline}”应写作 MM-DD，例如 04-01")
        month, day = (int(x) for x in self.deadline.split("-"))
        try:
            dt.date(2001, month, day)
        except ValueError:
            raise ParamError("deadline", f"截止日期“{self.deadline}”不是每年都有的日期") from None


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    if p.aspect in ("published", "published-order"):
        yield from _check_published(doc, outline, p)
        return
    if outline.date is None:
        if p.aspect == "present":
            yield Finding(outline.signature)
        elif p.aspect == "timely" and outline.signed:
            yield from _timely(outline, (dt.date.fromisoformat(outline.signed),), None, p)
        return
    reading = read_date(outline.date.text)
    span = outline.date.span
    if p.aspect == "format":
        if reading.problem is not None:
            best = most_likely(reading.readings, outline.report_year, outline.published)
            yield Finding(span, {"text": outline.date.text, "problem": reading.problem,
                                 "expected": fmt(best) if best else "××××年×月×日",
                                 "certain": len(reading.readings) == 1},
                          fmt(best) if best else None)
    elif p.aspect == "valid":
        if reading.recognized and not reading.readings:
            yield Finding(span, {"text": outline.date.text})
    elif p.aspect == "timely":
        yield from _timely(outline, reading.readings, span, p)


def _timely(outline: Outline, readings: tuple[dt.date, ...], span: Any, p: Params) -> Iterator[Finding]:
    """After the reporting year, before the deadline: judged against the one reporting year the outline inferred
    (a title left from another year is date.title-year's finding, not also a late date). Without a 成文日期
    line, the page's 成文日期 row is judged (a document-level finding)."""
    year = outline.report_year
    if year is None:
        return
    best = most_likely(readings, year, outline.published)
    if best is None:
        return
    month, day = (int(x) for x in p.deadline.split("-"))
    deadline = dt.date(year + 1, month, day)
    if best.year <= year:
        yield Finding(span, {"date": fmt(best), "year": year,
                             "problem": f"早于报告年度结束（{year}年内），报告应在年度结束后形成"})
    elif best >= deadline:
        yield Finding(span, {"date": fmt(best), "year": year,
                             "problem": f"已到或超过{deadline.month}月{deadline.day}日（报告须在{deadline.month}月{deadline.day}日之前公开）"})


def _published(outline: Outline) -> dt.date | None:
    try:
        return dt.date.fromisoformat(outline.published) if outline.published else None
    except ValueError:
        return None


def _check_published(doc: Document, outline: Outline, p: Params) -> Iterator[Finding]:
    """The page's publication date (发布日期): before the deadline, and not before the 成文日期."""
    published = _published(outline)
    if published is None:
        return
    if p.aspect == "published":
        year = outline.report_year
        if year is None:
            return
        month, day = (int(x) for x in p.deadline.split("-"))
        deadline = dt.date(year + 1, month, day)
        if published >= deadline:
            yield Finding(None, {"published": fmt(published), "year": year,
                                 "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日"})
        return
    if outline.date is None:
        if outline.signed and dt.date.fromisoformat(outline.signed) > published:
            signed = dt.date.fromisoformat(outline.signed)
            yield Finding(None, {"published": fmt(published), "date": fmt(signed)})
        return
    readings = read_date(outline.date.text).readings
    # a 成文日期 with several readings (2026115) is early enough when any of them is
    if readings and all(d > published for d in readings):
        signed = min(readings)
        yield Finding(outline.date.span, {"published": fmt(published), "date": fmt(signed)})
