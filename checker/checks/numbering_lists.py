"""Ordinals inside the text (一是、二是、三是 …): one sequence per section, across its consecutive paragraphs.

A sequence starts again at each heading and at each "一是"; within it every ordinal is the previous one plus
one. Ordinals inside quotation marks or 书名号 are somebody else's list, not the report's.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..model import Document, Finding, Outline, Span
from ..text.numerals import cn_to_int, int_to_cn

if TYPE_CHECKING:
    from .numbering import Params


def _quoted(text: str, start: int, end: int, quotes: tuple[str, ...]) -> list[tuple[int, int]]:
    """Ranges inside quote pairs (an unmatched closing mark is ignored; an unclosed one runs to the end)."""
    opens = {q[0]: q[1] for q in quotes}
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i in range(start, end):
        c = text[i]
        if stack and c == stack[-1][0]:
            close, at = stack.pop()
            if not stack:
                out.append((at, i))
        elif c in opens:
            stack.append((opens[c], i))
    if stack:
        out.append((stack[0][1], end))
    return out


def _items(doc: Document, outline: Outline, p: "Params",
           heading_paragraphs: set[int]) -> Iterator[tuple[int, int, Span, str]]:
    """(section, number, span, numeral) for every ordinal outside quotes, in text order."""
    k = 0
    for i in outline.paragraphs:
        span = doc.paragraphs[i].span
        k += i in heading_paragraphs
        quoted: list[tuple[int, int]] | None = None         # worked out at the paragraph's first ordinal
        for m in p.compiled.finditer(doc.text, span.start, span.end, timeout=0.5):
            if quoted is None:
                quoted = _quoted(doc.text, span.start, span.end, p.quotes) if p.quotes else []
            if any(a < m.start() < b for a, b in quoted):
                continue
            numeral = m.group("n")
            n = int(numeral) if numeral.isdigit() else cn_to_int(numeral)
            if n:
                yield k, n, Span(m.start(), m.end()), numeral


def _relabel(doc: Document, span: Span, numeral: str, n: int) -> str:
    text = doc.text[span.start:span.end]
    new = str(n) if numeral.isdigit() else int_to_cn(n)
    return text.replace(numeral, new, 1)


def ordinal_problem(prev: int | None, got: int) -> str:
    expected = (prev or 0) + 1
    if prev is None:
        return "没有从一开始"
    if got == prev:
        return "与上一个重复"
    return "跳号" if got > expected else "顺序颠倒"


def context(prev: str) -> str:
    return f"（上一个是“{prev}”）" if prev else ""


def check_lists(doc: Document, outline: Outline, p: "Params", sections: set[int]) -> Iterator[Finding]:
    """``sections``: the paragraphs that start a section (the headings)."""
    items = list(_items(doc, outline, p, sections))
    prev: tuple[int, Span, str] | None = None      # (number, span, numeral) of the sequence's last item
    section = -1
    for k, (sec, n, span, numeral) in enumerate(items):
        if sec != section or n == 1:
            section, prev = sec, None
        expected = prev[0] + 1 if prev else 1
        if n == expected:
            prev = (n, span, numeral)
            continue
        after = items[k + 1] if k + 1 < len(items) and items[k + 1][0] == sec and items[k + 1][1] != 1 else None
        certain = after[1] == expected + 1 if after is not None else (prev is not None and n < expected)
        args: dict[str, Any] = {"mark": doc.text[span.start:span.end],
                                "expected": _relabel(doc, span, numeral, expected),
                                "prev": doc.text[prev[1].start:prev[1].end] if prev else "",
                                "problem": ordinal_problem(prev[0] if prev else None, n)}
        args["context"] = context(args["prev"])
        yield Finding(span, args, args["expected"] if certain else None)
        prev = (expected, span, numeral) if certain else (n, span, numeral)
