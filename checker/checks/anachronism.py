"""A report that cites what did not yet exist when it was written: a plenary session, a law, a formulation.

Each event is a regex and the day it first existed (``since``: the first day of a meeting, the day a law was
adopted or a formulation was first used). A hit is an anachronism when the report was written before that
day. When it was written is the 成文日期 (its one reading); without one, the reporting year bounds it: a report
on year Y is written by the end of Y + 1 at the latest, so only what came later than that is certain (a report
on 2023 that cites the 二十届四中全会 of October 2025). With neither, nothing is checked.

A mention of a meeting still to come is not a citation: a clause with one of ``unless`` (迎接, 即将召开 …)
around the hit is left alone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from .pattern import compile_user_regex, paragraph_spans

CLAUSE = re.compile(r"[^，。；！？,;!?\n]*")


@dataclass(frozen=True, slots=True)
class Event:
    regex: Any
    since: dt.date
    what: str


@dataclass(frozen=True, slots=True)
class Params:
    events: tuple[Any, ...]
    unless: tuple[str, ...] = ()         # a clause matching one of these is about the future: not checked
    timeout: float = 0.5
    built: tuple[Event, ...] = field(default=(), compare=False, repr=False)
    guards: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "events": {"type": "array", "minItems": 1, "items": {
                "type": "object", "additionalProperties": False, "required": ["regex", "since", "what"],
                "properties": {
                    "regex": {"type": "string", "minLength": 1, "description": "提及这件事的写法（正则）"},
                    "since": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
                              "description": "最早的日期（会议开幕、法律通过、提法首次使用），YYYY-MM-DD"},
                    "what": {"type": "string", "minLength": 1, "description": "消息中的说明，如“党的二十届四中全会于2025年10月20日开幕”"},
                    "source": {"type": "string", "description": "出处"},
                }}},
            "unless": {"type": "array", "items": {"type": "string", "minLength": 1},
                       "description": "所在分句与其中任一表达式匹配时不报（如“迎接”“即将召开”：说的是将来）"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
        },
        "required": ["events"]}

    def __post_init__(self) -> None:
        built = []
        for n, item in enumerate(self.events):
            if not isinstance(item, dict) or not {"regex", "since", "what"} <= set(item):
                raise ParamError("events", f"第{n + 1}项应写明 regex、since 和 what")
            try:
                since = dt.date.fromisoformat(str(item["since"]))
            except ValueError:
                raise ParamError("events", f"第{n + 1}项的日期“{item['since']}”应写作 YYYY-MM-DD") from None
            built.append(Event(compile_user_regex(item["regex"], "events"), since, str(item["what"])))
        object.__setattr__(self, "events", tuple(dict(e) for e in self.events))
        object.__setattr__(self, "built", tuple(built))
        object.__setattr__(self, "unless", tuple(self.unless))
        object.__setattr__(self, "guards", tuple(compile_user_regex(u, "unless") for u in self.unless))


def written(outline: Outline) -> tuple[dt.date, str] | None:
    """The latest day the report can have been written, and how that is known (for the message)."""
    if outline.date is not None:
        from ..text.dates import fmt, read_date

        readings = read_date(outline.date.text).readings
        if len(readings) == 1:
            return readings[0], f"成文日期为{fmt(readings[0])}"
    if outline.report_year:
        year = outline.report_year + 1
        return dt.date(year, 12, 31), f"是{outline.report_year}年度报告，最晚也在{year}年内成文"
    return None


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    when = written(outline)
    if when is None:
        return
    day, how = when
    late = [e for e in p.built if e.since > day]
    if not late:
        return
    text = doc.text
    for span in paragraph_spans(doc, outline):
        for event in late:
            for m in event.regex.finditer(text, span.start, span.end, timeout=p.timeout):
                if m.start() == m.end() or _future(text, span, m.start(), m.end(), p):
                    continue
                yield Finding(Span(m.start(), m.end()), {"what": event.what, "written": how})


def _future(text: str, span: Span, start: int, end: int, p: Params) -> bool:
    """The hit's clause speaks of the event as still to come."""
    lo = start
    while lo > span.start and text[lo - 1] not in "，。；！？,;!?\n":
        lo -= 1
    m = CLAUSE.match(text, end, span.end)
    hi = m.end() if m else end
    return any(g.search(text, lo, hi, timeout=p.timeout) for g in p.guards)
