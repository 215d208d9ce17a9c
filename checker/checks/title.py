"""The report's title: present; names the organ, the year, 法治政府建设 and 报告; its year is the reporting year."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ..outline.year import TITLE_YEAR_RE
from ..text.titles import title_organs
from ._util import check_aspect

ASPECTS = ("present", "elements", "year")
__all__ = ["ASPECTS", "Params", "check", "title_organ", "title_organs"]
SOURCE_NAMES = {"opening": "开头段", "body": "正文"}


def title_organ(title: str) -> str:
    return "".join(title_organs(title))


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    topic: str = "法治政府建设"
    doctype: str = "报告"
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {"aspect": {"enum": list(ASPECTS)}, "topic": {"type": "string", "minLength": 1},
                       "doctype": {"type": "string", "minLength": 1}},
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        if not self.topic or not self.doctype:
            raise ParamError("topic", "topic 和 doctype 不能为空")


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    if outline.title is None:
        if p.aspect == "present":
            yield Finding(None)
        return
    title = doc.text[outline.title.start:outline.title.end]
    if p.aspect == "elements":
        missing = []
        if not title_organ(title):
            missing.append("发文机关")
        if not TITLE_YEAR_RE.search(title):
            missing.append("年度")
        if p.topic not in title:
            missing.append(f"“{p.topic}”")
        if p.doctype not in title:
            missing.append(f"文种“{p.doctype}”")
        if missing:
            yield Finding(outline.title, {"missing": "、".join(missing), "title": title})
    elif p.aspect == "year":
        yield from _check_year(doc, outline)


def _check_year(doc: Document, outline: Outline) -> Iterator[Finding]:
    """The title's year is the reporting year the report itself names (outline.report_year): one finding for a
    title left from another year, and nothing else follows from it (the date is judged against the right year)."""
    assert outline.title is not None
    m = TITLE_YEAR_RE.search(doc.text, outline.title.start, outline.title.end)
    if m is None:
        return
    year = int(m.group(1))
    dated = _date_year(outline)
    expected = outline.report_year if outline.report_year is not None else (dated - 1 if dated else None)
    if expected is None or year == expected:
        return
    if dated is not None and dated - 1 == expected:
        evidence = f"成文日期在{dated}年"
    else:
        named = [SOURCE_NAMES[k] for k in ("opening", "body") if outline.years.get(k) == expected]
        evidence = f"{'和'.join(named) or '报告'}写的是{expected}年"
    yield Finding(Span(m.start(1), m.end(1)),
                  {"title_year": year, "date_year": dated if dated is not None else "", "expected": expected,
                   "evidence": evidence}, str(expected))


def _date_year(outline: Outline) -> int | None:
    """The 成文日期's year, when every reading of it agrees on one."""
    if outline.date is None:
        return None
    from ..text.dates import read_date
    years = {d.year for d in read_date(outline.date.text).readings}
    return years.pop() if len(years) == 1 else None
