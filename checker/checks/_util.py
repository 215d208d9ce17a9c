"""Small helpers shared by check kinds."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator

from ..model import Document, Outline, Part, Span

YEAR_RE = re.compile(r"(20\d\d)\s*年")


def parse_part(value: str, field: str) -> Part:
    from . import ParamError
    try:
        return Part(value)
    except ValueError:
        raise ParamError(field, f"未知的部分“{value}”；可用：{', '.join(p.value for p in Part)}") from None


def body_paragraph_spans(doc: Document, outline: Outline) -> Iterator[Span]:
    for i in outline.paragraphs:
        yield doc.paragraphs[i].span


def spans_text(doc: Document, spans: Iterable[Span]) -> str:
    return "\n".join(doc.text[s.start:s.end] for s in spans)


def compile_patterns(patterns: Iterable[str], field: str) -> tuple[re.Pattern[str], ...]:
    from . import ParamError
    out = []
    for p in patterns:
        try:
            compiled = re.compile(p)
        except re.error as exc:
            raise ParamError(field, f"正则表达式“{p}”无法编译：{exc}") from None
        if compiled.fullmatch(""):
            raise ParamError(field, f"正则表达式“{p}”能匹配空字符串，在任何文本中都会“出现”，这条规则永远不会触发")
        out.append(compiled)
    if not out:
        raise ParamError(field, "列表为空，这条规则永远不会触发")
    return tuple(out)


def body_year(doc: Document, outline: Outline) -> int | None:
    """The year the body speaks of most, the plan for next year left out."""
    years = Counter(int(y) for y in YEAR_RE.findall(doc.text, outline.body.start, outline.body.end))
    for span in outline.part_spans(Part.NEXT_YEAR):
        years.subtract(int(y) for y in YEAR_RE.findall(doc.text, span.start, span.end))
    return years.most_common(1)[0][0] if years else None
