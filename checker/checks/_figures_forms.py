"""The numeral-form aspect of the figures kind: a count in Chinese numerals in a sentence that writes the same
kind of count in Arabic digits ("新登记1264户，其中外资企业十九户").

GB/T 15835—2011 wants counts in Arabic digits, and one form for one class of numbers ("同类别同形式"). A Chinese
numeral is reported only when all of these hold:
- it is a count with a unit (十九户), exact, and the same sentence has an Arabic count in the same class of unit
  (户, or 件/起/宗 …);
- it ends its clause: the unit is followed by a mark or the end of the line. A numeral that runs on into a noun
  is part of a name or a set phrase (三项制度, 两个维护, 八项规定, 四次会议, 两人一组) and stays as written;
- it is not inside 书名号 or quotation marks (a title, a slogan), not an ordinal (第三), not after 几/数/若 (几十户)
  and not an approximation (十几户, 三五户 are not read as counts at all), not a ranking (前四名);
- 一 alone is never a count here (一是, 统一, 一把手).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Finding, Span
from ..text.quantities import Quantity, fmt_number, sentence_bounds
from ._figures_parts import unit_class

_ENDS = "，,。；;：:、！？!?）)\n"
_BEFORE = "几数若多上成好前后头末"    # 几十户, 数十家 (approximate); 前四名, 后三位 (a ranking)
_BIG = (("亿", 100_000_000), ("万", 10_000))
_OPEN_CLOSE = (("《", "》"), ("“", "”"), ("〈", "〉"), ("「", "」"))


def mixed(text: str, span: Span, quantities: list[Quantity], p: Any) -> Iterator[Finding]:
    for q in quantities:
        if not q.chinese or q.unit == "%" or q.approximate or q.value < 2:
            continue
        if q.end < span.end and text[q.end] not in _ENDS:
            continue            # 三项制度, 两个维护: a name or a set phrase
        if q.start > span.start and text[q.start - 1] in _BEFORE:
            continue            # 几十户, 数十家, 前四名
        if _quoted(text, span.start, q.start):
            continue
        s0, s1 = sentence_bounds(text, q.start, span.start, span.end)
        arabic = next((a for a in quantities if s0 <= a.start and a.end <= s1 and not a.chinese and a.unit != "%"
                       and unit_class(p, a.unit) == unit_class(p, q.unit)), None)
        if arabic is None:
            continue
        big, scale = next(((w, n) for w, n in _BIG if q.value >= n and q.value % n == 0), ("", 1))
        digits = fmt_number(q.value / scale, q.decimals) + big + q.unit      # 三万户 → 3万户
        yield Finding(Span(q.start, q.end), {"written": text[q.start:q.end], "digits": digits,
                                             "other": text[arabic.start:arabic.end]}, digits)


def _quoted(text: str, floor: int, at: int) -> bool:
    """Is ``at`` inside a 书名号 or a quotation opened earlier in the paragraph and not yet closed?"""
    head = text[floor:at]
    return any(head.count(o) > head.count(c) for o, c in _OPEN_CLOSE)
