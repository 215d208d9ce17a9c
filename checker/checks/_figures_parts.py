"""A breakdown after 其中: its total, and the parts that belong to it (figures kind, part-whole and share).

The total is the count the sentence gives just before 其中, in the unit of the part: "受理案件1426件，罚没款2386.5万元，
其中食品安全案件1518件" compares 1518件 with 1426件, stepping back over the clause "罚没款2386.5万元" because that clause
is nothing but a figure of another unit. A clause that goes on after its count ("目前仅有2名执法人员持有执法证，其中3名…")
or ends in brackets ("10名（含协管员3名），其中…") leaves the total unknown: nothing is compared.
The parts run from 其中 to the end of the sentence, and stop at a clause that turns to another quantity: a stop word
in the words before a count (全市总量达到31.7万户, 累计…, 全年新增…, 同比…, or a new subject such as 全市、我区), or,
after the first part, a counting verb the total does not have (受理案件100件，其中…，区法院审结民事案件300件).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

from ..model import Span
from ..text.quantities import CLAUSE_MARKS, SENTENCE_END, Quantity, lead_in, sentence_bounds

MAX_HOPS = 3                               # clauses of other units stepped over on the way back to the total


def unit_class(p: Any, unit: str) -> str:
    return p.unit_class.get(unit, unit)


def is_change(text: str, q: Quantity, floor: int, p: Any) -> bool:
    """同比增加5件, 比上年减少3人: a count that is a difference, not a total."""
    return any(w in lead_in(text, q, floor) for w in p.changes)


def total_before(text: str, span: Span, quantities: list[Quantity], starts: list[int], at: int, unit: str,
                 p: Any) -> Quantity | None:
    """The total a breakdown starting at ``at`` (the 其中) refers to, for parts counted in ``unit``."""
    pos = _skip_back(text, span.start, at)
    if pos > span.start and text[pos - 1] in SENTENCE_END:
        pos = _skip_back(text, span.start, pos - 1)     # 其中 opens its sentence: the total ends the one before
    for _ in range(MAX_HOPS + 1):
        i = bisect.bisect_left(starts, pos)
        while i > 0 and quantities[i - 1].end > pos:
            i -= 1
        if i == 0 or quantities[i - 1].end != pos:
            return None             # the clause before does not end with a count: no total to compare with
        q = quantities[i - 1]
        floor = quantities[i - 2].end if i > 1 else span.start
        change = is_change(text, q, floor, p)
        if q.unit != "%" and not change and unit_class(p, q.unit) == unit_class(p, unit):
            return None if q.approximate or q.value == 0 else q
        pos = _clause_start(text, q, floor)       # 罚没款2386.5万元 / 同比增加5件: step back over that clause
        if pos <= span.start or text[pos - 1] not in "，,":
            return None
        pos = _skip_back(text, span.start, pos)
    return None


def _skip_back(text: str, floor: int, pos: int) -> int:
    while pos > floor and text[pos - 1] in " \t\u3000，,：:":
        pos -= 1
    return pos


def _clause_start(text: str, q: Quantity, floor: int) -> int:
    s = q.start
    while s > floor and text[s - 1] not in CLAUSE_MARKS:
        s -= 1
    return s


def parts_after(text: str, span: Span, quantities: list[Quantity], starts: list[int], marker: re.Match[str],
                end: int, p: Any) -> Iterator[tuple[Quantity, str]]:
    """The counts (with their words) of the breakdown that starts at ``marker``, up to ``end`` or the first clause
    that leaves it."""
    floor = marker.end()
    for q in quantities[bisect.bisect_left(starts, marker.end()):]:
        if q.end > end:
            break
        words = lead_in(text, q, floor)
        floor = q.end
        if any(w in words for w in p.stops):
            break           # 全年新增12人, 全市总量达到31.7万户: no longer a part of the total
        if q.unit != "%" and not q.approximate:
            yield q, words


def breakdowns(text: str, span: Span, quantities: list[Quantity], p: Any
               ) -> Iterator[tuple[Quantity, Quantity]]:
    """(total, part) for every count after 其中 that is a part of a total stated just before it."""
    for _, _, pairs in groups(text, span, quantities, p):
        yield from pairs


def groups(text: str, span: Span, quantities: list[Quantity], p: Any
           ) -> Iterator[tuple[re.Match[str], int, list[tuple[Quantity, Quantity]]]]:
    """For each 其中: the marker, where its sentence ends, and its (total, part) pairs in text order."""
    markers = list(p.breakdown_re.finditer(text, span.start, span.end))
    starts = [q.start for q in quantities]
    for n, m in enumerate(markers):
        _, end = sentence_bounds(text, m.end(), m.end(), min(span.end, m.end() + p.window))
        if n + 1 < len(markers):
            end = min(end, markers[n + 1].start())
        totals: dict[str, Quantity | None] = {}
        pairs: list[tuple[Quantity, Quantity]] = []
        for k, (part, words) in enumerate(parts_after(text, span, quantities, starts, m, end, p)):
            key = unit_class(p, part.unit)
            if key not in totals:
                totals[key] = total_before(text, span, quantities, starts, m.start(), part.unit, p)
            total = totals[key]
            if total is None:
                continue
            own = lead_in(text, total, span.start)
            if k and any(v in words and v not in own for v in p.verbs):
                break       # 区法院审结民事案件300件 after 受理案件100件，其中…: a clause of its own
            pairs.append((total, part))
        yield m, end, pairs


def total_of_part(text: str, span: Span, quantities: list[Quantity], part: Quantity, p: Any) -> Quantity | None:
    """The total of the 其中 breakdown ``part`` belongs to, if it belongs to one (for rates: 审结187件，其中纠错21件)."""
    for total, q in breakdowns(text, span, quantities, p):
        if q is part:
            return total
    return None
