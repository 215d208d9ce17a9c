"""Relative time words that point at the wrong year: "今年" in a report written in the year after the one it
reports on means that later year, so "今年全县新登记经营主体…" in a 2025 report dated 2026 says 2026.

Only where the report speaks of the reporting year: outside the ``skip`` parts (the next-year plan, where
"今年将…" is right), not in a clause about what is still to come (``plan_words``), not where the word names
the early weeks of the new year itself (``exempt_after``: 今年1月, 今年春节 …), not inside 《》 or “”. The
reporting year is the one the date rules use (years.reporting_year); the year of writing is the 成文日期's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..model import Document, Finding, Outline, Part, Rule, Span
from ._util import parse_part
from .pattern import compile_user_regex, paragraph_spans
from .years import PAIRS, SENTENCE_END_RE, reporting_year

CLAUSE_MARKS = "，。；！？,;!?\n"


@dataclass(frozen=True, slots=True)
class Params:
    word: str                              # the relative word ("今年")
    plan_words: str | None = None          # a clause with these speaks of what is to come
    exempt_after: str | None = None        # right after the word: it names the new year itself (今年1月)
    skip: tuple[str, ...] = ()             # parts where the word is about the new year (the plan)
    timeout: float = 0.5
    compiled: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "word": {"type": "string", "minLength": 1, "description": "相对时间词的正则（如“今年”）"},
            "plan_words": {"type": "string", "minLength": 1,
                           "description": "同一分句中出现即表示说的是将来、不报的正则（将、拟、计划……）"},
            "exempt_after": {"type": "string", "minLength": 1,
                             "description": "紧跟在时间词之后、表示所指就是成文那一年的正则（1月、春节……），从词后开始匹配"},
            "skip": {"type": "array", "items": {"$ref": "#/$defs/part"},
                     "description": "不检查的部分（如下一年度安排：那里的“今年”指成文那一年，是对的）"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
        },
        "required": ["word"]}

    def __post_init__(self) -> None:
        object.__setattr__(self, "skip", tuple(parse_part(s, "skip").value for s in self.skip))
        compiled = {"word": compile_user_regex(self.word, "word")}
        for name in ("plan_words", "exempt_after"):
            value = getattr(self, name)
            if value:
                compiled[name] = compile_user_regex(value, name)
        object.__setattr__(self, "compiled", compiled)


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    ref = reporting_year(doc, outline)
    year = _written_year(outline)
    if ref is None or year is None or year != ref + 1:
        return
    skipped = [s for part in p.skip for s in outline.part_spans(Part(part))]
    text = doc.text
    word, plan, exempt = p.compiled["word"], p.compiled.get("plan_words"), p.compiled.get("exempt_after")
    for span in paragraph_spans(doc, outline):
        if any(s.start <= span.start < s.end for s in skipped):
            continue
        for m in word.finditer(text, span.start, span.end, timeout=p.timeout):
            if m.start() == m.end() or _quoted(text, span.start, m.start()):
                continue
            if exempt is not None and exempt.match(text, m.end(), span.end, timeout=p.timeout):
                continue
            if plan is not None and plan.search(_clause(text, span, m.start(), m.end()), timeout=p.timeout):
                continue
            yield Finding(Span(m.start(), m.end()), {"year": year, "report_year": ref}, f"{ref}年")


def _written_year(outline: Outline) -> int | None:
    """The 成文日期's year, when every reading of the date agrees on one."""
    if outline.date is None:
        return None
    from ..text.dates import read_date

    years = {d.year for d in read_date(outline.date.text).readings}
    return years.pop() if len(years) == 1 else None


def _quoted(text: str, start: int, pos: int) -> bool:
    for left, right in PAIRS:
        opened = text.rfind(left, start, pos)
        if opened != -1 and text.find(right, opened, pos) == -1:
            return True
    return False


def _clause(text: str, span: Span, start: int, end: int) -> str:
    lo = start
    while lo > span.start and text[lo - 1] not in CLAUSE_MARKS:
        lo -= 1
    m = SENTENCE_END_RE.search(text, end, span.end)
    return text[lo:m.start() if m else span.end]
