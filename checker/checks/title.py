"""The report's title: present; names the organ, the year, 法治政府建设 and 报告; its year is the reporting year."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from ..model import Document, Finding, Outline, Part, Rule, Span

ASPECTS = ("present", "elements", "year")
YEAR_RE = re.compile(r"(20\d\d)\s*年")


def title_organ(title: str) -> str:
    """The issuing organ: what stands before 关于 or before the year."""
    m = re.match(r"^(.*?)(?:关于|(?=20\d\d\s*年))", title)
    return re.sub(r"\s+", "", m.group(1)) if m else ""


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
        from . import ParamError
        if self.aspect not in ASPECTS:
            raise ParamError("aspect", f"未知的检查项“{self.aspect}”；可用：{', '.join(ASPECTS)}")
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
        if int(m.group(1)) == dated and _body_year(doc, outline) == dated:
            return   # the body speaks of the title's year too: the date is early (date.untimely says so)
        start = outline.title.start + m.start(1)
        yield Finding(Span(start, start + 4),
                      {"title_year": m.group(1), "date_year": dated, "expected": dated - 1}, str(dated - 1))


def _body_year(doc: Document, outline: Outline) -> int | None:
    """The year the body speaks of most, the plan for next year left out."""
    years = Counter(int(y) for y in YEAR_RE.findall(doc.text, outline.body.start, outline.body.end))
    for span in outline.part_spans(Part.NEXT_YEAR):
        years.subtract(int(y) for y in YEAR_RE.findall(doc.text, span.start, span.end))
    return years.most_common(1)[0][0] if years else None


def _date_year(outline: Outline) -> int | None:
    """The 成文日期's year, when every reading of it agrees on one."""
    if outline.date is None:
        return None
    from ..text.dates import read_date
    years = {d.year for d in read_date(outline.date.text).readings}
    return years.pop() if len(years) == 1 else None
