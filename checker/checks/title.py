"""The report's title: present; names the organ, the year, 法治政府建设 and 报告; its year is the reporting year."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ._util import YEAR_RE, body_year, check_aspect

ASPECTS = ("present", "elements", "year")


def title_organs(title: str) -> list[str]:
    """The issuing organ(s): what stands before 关于 or before the year, split where the title puts a space."""
    m = re.match(r"^(.*?)(?:关于|(?=20\d\d\s*年))", title, re.S)
    return m.group(1).split() if m else []


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
        if not YEAR_RE.search(title):
            missing.append("年度")
        if p.topic not in title:
            missing.append(f"“{p.topic}”")
        if p.doctype not in title:
            missing.append(f"文种“{p.doctype}”")
        if missing:
            yield Finding(outline.title, {"missing": "、".join(missing), "title": title})
    elif p.aspect == "year":
        m = YEAR_RE.search(title)
        dated = _date_year(outline)
        if not m or dated is None or int(m.group(1)) == dated - 1:
            return
        if int(m.group(1)) == dated and body_year(doc, outline) == dated:
            return   # the body speaks of the title's year too: the date is early (date.untimely says so)
        start = outline.title.start + m.start(1)
        yield Finding(Span(start, start + 4),
                      {"title_year": m.group(1), "date_year": dated, "expected": dated - 1}, str(dated - 1))


def _date_year(outline: Outline) -> int | None:
    """The 成文日期's year, when every reading of it agrees on one."""
    if outline.date is None:
        return None
    from ..text.dates import read_date
    years = {d.year for d in read_date(outline.date.text).readings}
    return years.pop() if len(years) == 1 else None
