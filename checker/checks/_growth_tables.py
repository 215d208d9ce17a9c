"""Changes stated in a table: two year columns and a change column (growth kind).

    指标               | 2024年 | 2025年 | 增减情况
    行政处罚案件（件） | 1287   | 1426   | 增长10.8%

A table qualifies when its header row names exactly two years, the earlier first, and one more column whose
header speaks of a change (增减, 同比, 增幅 …, from the rule's ``up``/``down``/``comparisons`` words and 增减/
变化). In each row the change cell ("增长10.8%", "下降19.0%", "+10.8%", "-1.3个百分点") is checked against the
row's two figures, plain numbers or percentages, like a change in the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..model import Document, Outline, Span, Table
from ..text.quantities import Quantity
from ..text.tables import text_tables

_YEAR_HEADER = re.compile(r"((?:19|20)\d\d)年(?:度)?(?:[（(][^）)]*[）)])?")
_FIGURE = re.compile(r"(?P<n>[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<d>\d+))?)(?P<pct>[%％])?")
_CHANGE_HEADERS = ("增减", "变化", "同比", "增幅", "降幅", "增长", "比上年", "较上年")
_SPACES = re.compile(r"[\s\u3000]+")


def _cell_texts(doc: Document, table: Table) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], Span]]:
    text = {(c.row, c.column): _SPACES.sub("", doc.text[c.span.start:c.span.end]) for c in table.cells}
    return text, {(c.row, c.column): c.span for c in table.cells}


def _figure(doc: Document, span: Span, p: Any) -> tuple[Quantity, str] | None:
    """A cell holding one figure ("1426", "2,104.6", "95.3%"): the quantity and its unit kind."""
    s = doc.text[span.start:span.end]
    lead = len(s) - len(s.lstrip())
    m = _FIGURE.fullmatch(s.strip())
    if m is None or m.group("n")[0] in "+-−":
        return None
    start = span.start + lead
    value = Fraction(m.group("n").replace(",", ""))
    unit = "%" if m.group("pct") else ""
    end = start + m.end()
    return Quantity(start, end, start + m.end("n"), value, len(m.group("d") or ""), unit, False, False), unit


def _change(doc: Document, span: Span, p: Any) -> tuple[str, int, Quantity] | None:
    """(word, sign, figure) of a change cell: 增长10.8%, 下降1.3个百分点, +10.8%, -19.0%."""
    s = doc.text[span.start:span.end]
    body = s.strip()
    start = span.start + len(s) - len(s.lstrip())
    word, sign = "", 0
    for w in sorted(p.up + p.down, key=len, reverse=True):
        if body.startswith(w):
            word, sign = w, (1 if w in p.up else -1)
            break
    rest = body[len(word):]
    m = re.fullmatch(r"(?P<s>[+\-−]?)(?P<n>\d+(?:\.(?P<d>\d+))?)(?P<u>[%％]|" +
                     "|".join(re.escape(x) for x in p.points) + ")", rest)
    if m is None or (sign and m.group("s")) or (not sign and not m.group("s")):
        return None         # a bare 10.8% says no direction; 增长-5% says two
    q_start = start + len(word) + m.start("n")
    if not sign:
        sign, word = (1, "增长") if m.group("s") == "+" else (-1, "下降")
    unit = "%" if m.group("u") in "%％" else m.group("u")
    value = Fraction(m.group("n"))
    q = Quantity(q_start, start + len(body), q_start + len(m.group("n")), value, len(m.group("d") or ""), unit,
                 False, False)
    return word, sign, q


def table_changes(doc: Document, outline: Outline, p: Any) -> Iterator[tuple[str, int, Quantity, Quantity, Quantity]]:
    """(word, sign, stated change, previous, current) for every row of every qualifying table."""
    tables = list(doc.meta.get("tables", ()))
    tables += list(text_tables(doc.text, [doc.paragraphs[i] for i in outline.paragraphs]))
    changes = tuple(w for w in p.comparisons + p.up + p.down if len(w) >= 2) + _CHANGE_HEADERS
    for table in tables:
        text, spans = _cell_texts(doc, table)
        header = 1
        years = [(int(m.group(1)), c) for (r, c), t in text.items() if r == header
                 for m in [_YEAR_HEADER.fullmatch(t)] if m]
        moves = [c for (r, c), t in text.items() if r == header and any(w in t for w in changes)]
        if len(years) != 2 or len(moves) != 1:
            continue
        (y0, c0), (y1, c1) = sorted(years)
        if y1 != y0 + 1 or c0 > c1:
            continue
        rows = sorted({r for r, _ in text if r > header})
        for r in rows:
            if (r, c0) not in spans or (r, c1) not in spans or (r, moves[0]) not in spans:
                continue
            prev, cur = _figure(doc, spans[(r, c0)], p), _figure(doc, spans[(r, c1)], p)
            change = _change(doc, spans[(r, moves[0])], p)
            if prev is None or cur is None or change is None or prev[1] != cur[1]:
                continue
            yield change[0], change[1], change[2], prev[0], cur[0]
