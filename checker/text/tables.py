"""Tables written as plain text: consecutive lines cut into the same number of cells by "|" (or "｜"), by tabs,
or by runs of two or more spaces.

    指标 | 2024年 | 2025年          行政复议	120	98          项目    受理    办结
    合计 | 1287  | 1426            合计	120	98          合计    300     290

A table needs at least ``MIN_ROWS`` such lines of one kind with the same number of cells (at least two with
"|" or tabs, at least three with spaces, since prose seldom has two runs of double spaces on one line).
Ruler lines (---|---, +----+, ————) inside a table are skipped. The cells are spans of the document text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..model import Paragraph, Span, Table, TableCell

MIN_ROWS = 3
_RULER = re.compile(r"[\s|｜+\-—─━=:：]*")
_SPLITTERS = (("bar", re.compile(r"[ \u3000]*[|｜][ \u3000]*"), 2), ("tab", re.compile(r"[ \u3000]*\t[ \u3000]*"), 2),
              ("space", re.compile(r"[ \u3000]{2,}"), 3))


def _cells(line: str, base: int) -> tuple[str, list[Span]] | None:
    """(kind, cell spans) of a table line, or None."""
    body = line.strip(" \u3000")
    if not body:
        return None
    base += len(line) - len(line.lstrip(" \u3000"))
    for kind, splitter, least in _SPLITTERS:
        if (kind == "bar" and "|" not in body and "｜" not in body) or (kind == "tab" and "\t" not in body):
            continue
        spans, pos = [], 0
        for m in splitter.finditer(body):
            spans.append(Span(base + pos, base + m.start()))
            pos = m.end()
        spans.append(Span(base + pos, base + len(body)))
        if kind == "bar":           # | a | b |: the outer bars make no cells
            if spans and len(spans[0]) == 0:
                spans = spans[1:]
            if spans and len(spans[-1]) == 0:
                spans = spans[:-1]
        if len(spans) >= least:
            return kind, spans
    return None


def text_tables(text: str, paragraphs: Iterable[Paragraph]) -> Iterator[Table]:
    """The plain-text tables among ``paragraphs`` (one line each, in order)."""
    rows: list[tuple[Paragraph, list[Span]]] = []
    kind = ""

    def flush() -> Iterator[Table]:
        if len(rows) >= MIN_ROWS:
            first = rows[0][0]
            name = f"第{first.line}行起的表格"
            yield Table(name, tuple(TableCell(r, c, span) for r, (_, spans) in enumerate(rows, 1)
                                    for c, span in enumerate(spans, 1)))

    for para in paragraphs:
        line = text[para.span.start:para.span.end]
        if rows and _RULER.fullmatch(line) and line.strip():
            continue
        found = _cells(line, para.span.start)
        if found is not None and rows and found[0] == kind and len(found[1]) == len(rows[0][1]):
            rows.append((para, found[1]))
            continue
        yield from flush()
        rows, kind = ([(para, found[1])], found[0]) if found is not None else ([], "")
    yield from flush()
