"""A regex that must not occur in the report's paragraphs (optionally only inside one part).

User patterns run on the `regex` engine with a time limit, so a pathological pattern cannot hang a run:
the engine reports the rule as timed out for that file instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Part, Rule, Span
from ._scan import candidates
from ._util import parse_part


def compile_user_regex(pattern: str, field_name: str) -> Any:
    """Compile with the `regex` engine (time limits); refuse what cannot work."""
    import regex

    try:
        compiled = regex.compile(pattern, regex.V0)
    except regex.error as exc:
        raise ParamError(field_name, f"正则表达式“{pattern}”无法编译：{exc}") from None
    if compiled.fullmatch(""):
        raise ParamError(field_name, f"正则表达式“{pattern}”能匹配空字符串，会在每个位置“命中”")
    return compiled


def paragraph_spans(doc: Document, outline: Outline, part: str | None = None) -> list[Span]:
    """The body's report paragraphs, clipped to a part's sections when one is named."""
    spans = [doc.paragraphs[i].span for i in outline.paragraphs]
    if part is None:
        return spans
    limits = outline.part_spans(Part(part))
    # A sweep, not paragraphs × sections: paragraphs come in text order, so a section that ends before one
    # paragraph starts ends before every later one. Within a paragraph the clips keep the sections' order.
    order = sorted(range(len(limits)), key=lambda i: limits[i].start)
    active: list[int] = []
    nxt = 0
    out = []
    for s in spans:
        while nxt < len(order) and limits[order[nxt]].start < s.end:
            active.append(order[nxt])
            nxt += 1
        active = [i for i in active if limits[i].end > s.start]
        for i in sorted(active):
            start, end = max(s.start, limits[i].start), min(s.end, limits[i].end)
            if start < end:
                out.append(Span(start, end))
    return out


@dataclass(frozen=True, slots=True)
class Params:
    pattern: str
    suggest: str | None = None          # replacement template (\1, \g<name>); the suggestion field
    unless: tuple[str, ...] = ()        # exceptions: a match of one of these that covers the hit silences it
    part: str | None = None             # only inside this mandated part
    correct: str | None = None          # the right form: when hits outnumber it, the slip is document-wide
                                        # and reported once, however few; else each hit is reported
    fix_unless: tuple[str, ...] = ()    # a hit one of these covers is reported, but its fix is not certain
    timeout: float = 0.5                # seconds per paragraph before the rule is given up for the file
    compiled: Any = field(default=None, compare=False, repr=False)
    exceptions: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    unsure: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    correct_re: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "pattern": {"type": "string", "minLength": 1, "description": "不应出现的正则表达式（regex 语法）"},
            "suggest": {"type": "string", "description": "建议写法的替换模板，可用 \\1、\\g<name>"},
            "unless": {"type": "array", "items": {"type": "string", "minLength": 1},
                       "description": "例外：命中处被其中任一表达式的匹配覆盖时不报"},
            "part": {"$ref": "#/$defs/part"},
            "correct": {"type": "string", "minLength": 1,
                        "description": "正确写法的正则：命中数（≥2）多于正确写法时视为全文性问题，只报一次"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
            "fix_unless": {"type": "array", "items": {"type": "string", "minLength": 1},
                           "description": "命中处被其中任一表达式的匹配覆盖时照常报告，但不自动修复（改法不确定）"},
        },
        "required": ["pattern"]}

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_user_regex(self.pattern, "pattern"))
        object.__setattr__(self, "unless", tuple(self.unless))
        object.__setattr__(self, "exceptions", tuple(compile_user_regex(u, "unless") for u in self.unless))
        object.__setattr__(self, "fix_unless", tuple(self.fix_unless))
        object.__setattr__(self, "unsure", tuple(compile_user_regex(u, "fix_unless") for u in self.fix_unless))
        if self.correct is not None:
            object.__setattr__(self, "correct_re", compile_user_regex(self.correct, "correct"))
        if self.part is not None:
            parse_part(self.part, "part")
        if self.suggest is not None:
            for ref in re.findall(r"\\(\d+)|\\g<(\w+)>", self.suggest):
                number, name = ref
                ok = (int(number) <= self.compiled.groups if number else
                      (name in self.compiled.groupindex or (name.isdigit() and int(name) <= self.compiled.groups)))
                if not ok:
                    raise ParamError("suggest", f"替换模板“{self.suggest}”引用了表达式中不存在的分组")


def _covered(exceptions: tuple[Any, ...], text: str, span: Span, start: int, end: int, timeout: float) -> bool:
    for exc in exceptions:
        for m in exc.finditer(text, span.start, span.end, timeout=timeout):
            if m.start() <= start and end <= m.end():
                return True
    return False


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    hits: list[tuple[Span, dict[str, Any], str | None, bool]] = []
    for span in candidates(p.compiled, p.pattern, doc.text, paragraph_spans(doc, outline, p.part), p.timeout):
        for m in p.compiled.finditer(doc.text, span.start, span.end, timeout=p.timeout):
            if m.start() == m.end():
                continue
            if p.exceptions and _covered(p.exceptions, doc.text, span, m.start(), m.end(), p.timeout):
                continue
            args = {k: v for k, v in m.groupdict().items() if v is not None}
            args["match"] = m.group()
            suggestion = m.expand(p.suggest) if p.suggest is not None else None
            sure = not (p.unsure and _covered(p.unsure, doc.text, span, m.start(), m.end(), p.timeout))
            hits.append((Span(m.start(), m.end()), args, suggestion, sure))
    # A pattern names one slip: its hits are the same slip (`slip`), merged by the engine when they repeat.
    if _systematic(doc, outline, p, len(hits)):
        span, args, suggestion, _ = hits[0]
        # every occurrence is fixed with the finding, but one `fix_unless` covers: it has no edit (None)
        occurrences = tuple((s, sug if sure else None) for s, _, sug, sure in hits)
        yield Finding(span, {**args, "count": len(hits), "occurrences": occurrences, "slip": ""}, suggestion)
        return
    for span, args, suggestion, sure in hits:
        extra = {"count": 1, "slip": ""} if sure else {"count": 1, "slip": "", "certain": False}
        yield Finding(span, {**args, **extra}, suggestion)


def _systematic(doc: Document, outline: Outline, p: Params, hits: int) -> bool:
    """Report once however few: (with `correct`) the slip outnumbers the right form in the document."""
    if p.correct_re is None or hits < 2:
        return False
    right = sum(1 for span in paragraph_spans(doc, outline, p.part)
                for _ in p.correct_re.finditer(doc.text, span.start, span.end, timeout=p.timeout))
    return hits > right
