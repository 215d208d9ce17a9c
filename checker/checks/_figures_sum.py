"""The parts-sum aspect of the figures kind: the parts of a 其中 enumeration that together exceed their total.

"行政复议案件46件，其中维持31件、撤销9件、确认违法4件、终止7件": every part is below 46, but together they are 51.
Parts are added up only when they are a clean enumeration of one classification of the same things:
- at least two parts, all counted in one unit, and not a unit whose counts overlap by nature (``overlap_units``:
  次, 人次 … — one inspection can be both a 联合检查 and a 双随机抽查);
- each part is a label of Chinese characters and its count, the parts joined by one and the same separator
  (、 or ，), with no other figure, bracket or digit in between; no two labels alike;
- no label, and not the clause right after the enumeration, carries a word saying the parts may overlap or
  be nested (``overlap_words``: 含, 包括, 涉及, 同时 …);
- the enumeration ends its clause (a 、 after the last count means items the reader cannot add);
- every part alone fits under the total (a larger one is figures.part-exceeds-whole's finding), and, unless a
  counting verb names the total (审结46件), no earlier count of the sentence in the unit is large enough to be
  the total instead.
Figures written with decimals or 万/亿 keep the rounding of each term as slack.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..model import Finding, Span
from ..text.quantities import CLAUSE_MARKS, SENTENCE_END, Quantity, fmt_number, lead_in, sentence_bounds
from ._figures_parts import groups, unit_class

_LABEL = re.compile(r"[\u4e00-\u9fff、]{1,20}")
_SEPARATORS = {"、": "、", "，": "，", ",": "，"}      # a 其中 breakdown ends its sentence at ；
_ENDS = SENTENCE_END + "，,\n"
_BIG = {"万": 10_000, "亿": 100_000_000}


def sums(text: str, span: Span, quantities: list[Quantity], p: Any) -> Iterator[Finding]:
    starts = [q.start for q in quantities]
    for m, end, pairs in groups(text, span, quantities, p):
        by_total: dict[int, tuple[Quantity, list[Quantity]]] = {}
        for total, part in pairs:
            by_total.setdefault(id(total), (total, []))[1].append(part)
        for total, parts in by_total.values():
            first = _clean(text, span, quantities, starts, m.end(), end, parts, p)
            if first is None:
                continue
            whole = sum((q.value for q in parts), Fraction(0))
            slack = sum((_half_ulp(text, q) for q in parts), _half_ulp(text, total))
            if whole <= total.value + slack or any(q.value > total.value for q in parts):
                continue
            if _another_total(text, span, quantities, total, whole, p):
                continue
            decimals = max(q.decimals for q in [total, *parts])
            big_word = _common_big(text, [total, *parts])
            scale = _BIG.get(big_word, 1)
            terms = "＋".join(text[q.start:q.num_end] for q in parts)
            unit = big_word + parts[0].unit
            yield Finding(Span(first, parts[-1].end), {
                "whole": text[total.start:total.end], "terms": terms, "items": str(len(parts)),
                "sum": fmt_number(whole / scale, decimals) + unit,
                "excess": fmt_number((whole - total.value) / scale, decimals) + unit})


def _clean(text: str, span: Span, quantities: list[Quantity], starts: list[int], after: int, end: int,
           parts: list[Quantity], p: Any) -> int | None:
    """Where the enumeration starts (its first label), or None when the parts are not a clean enumeration."""
    if len(parts) < 2 or len({q.unit for q in parts}) != 1 or parts[0].unit in p.overlap_units:
        return None
    lo = bisect.bisect_left(starts, after)
    hi = bisect.bisect_left(starts, parts[-1].start) + 1
    if [id(q) for q in quantities[lo:hi]] != [id(q) for q in parts]:
        return None                     # another figure (a share, another unit, an approximation) in between
    head = text[after:parts[0].start]
    label = head.lstrip("，,：: \u3000")
    labels = [label]
    separators = set()
    for a, b in zip(parts, parts[1:]):
        gap = text[a.end:b.start]
        if not gap or gap[0] not in _SEPARATORS:
            return None
        separators.add(_SEPARATORS[gap[0]])
        labels.append(gap[1:].strip())
    if len(separators) != 1 or len(set(labels)) != len(labels):
        return None
    if not all(_LABEL.fullmatch(w) for w in labels) or any(o in w for w in labels for o in p.overlap_words):
        return None
    tail = parts[-1].end
    if text.startswith("等", tail):
        tail += 1
    if tail < min(end, span.end) and text[tail] not in _ENDS:
        return None                     # 、 or a bracket after the last count: the list goes on unread
    clause = _next_clause(text, tail, span.end)
    if any(o in clause for o in p.overlap_words):
        return None                     # 其中维持31件、撤销9件，含上年结转5件: nested, not a partition
    return after + len(head) - len(label)


def _next_clause(text: str, pos: int, end: int) -> str:
    if pos >= end or text[pos] in SENTENCE_END:
        return ""
    pos += 1
    stop = pos
    while stop < end and text[stop] not in CLAUSE_MARKS:
        stop += 1
    return text[pos:stop]


def _common_big(text: str, figures: list[Quantity]) -> str:
    """万 (or 亿) when every figure is written in it (30万元), so the sum is written the same way; else ""."""
    bigs = {text[q.num_end - 1:q.num_end] for q in figures}
    return bigs.pop() if len(bigs) == 1 and bigs <= set(_BIG) else ""


def _half_ulp(text: str, q: Quantity) -> Fraction:
    """How far a figure as written may be from the exact figure: 0 for a whole count, 0.05 for 3.2万元 in 万."""
    scale = _BIG.get(text[q.num_end - 1:q.num_end], 1)
    if q.decimals == 0 and scale == 1:
        return Fraction(0)
    return Fraction(scale, 2 * 10 ** q.decimals)


def _another_total(text: str, span: Span, quantities: list[Quantity], total: Quantity, whole: Fraction,
                   p: Any) -> bool:
    """共有网格员120名，专职网格员80名，其中…: an earlier count of the sentence large enough could be the total.
    Not when the total is named by a counting verb (收到56件，受理50件，审结46件，其中…): a stage of the handling,
    and the breakdown that follows it is its own."""
    s0, _ = sentence_bounds(text, total.start, span.start, total.start)
    if any(v in lead_in(text, total, s0) for v in p.verbs):
        return False
    return any(s0 <= q.start and q.end <= total.start and q.unit != "%" and not q.approximate
               and unit_class(p, q.unit) == unit_class(p, total.unit) and q.value >= whole for q in quantities)
