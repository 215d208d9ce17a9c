"""The ratio aspect of the figures kind: a rate stated after its own numerator and denominator.

The rate's name is read back from 率: a name the rule pairs with its numerator and denominator words (调解成功率:
调解成功 ÷ 受理), or, with ``any_rate``, any other X率 whose last two characters (the stem: 通过率 → 通过) name the
numerator, and the rule's ``any_whole`` words (受理, 收到 …) the denominator. A qualifier before the name (及时、按期…)
must be on the numerator too.

The numerator is the one count before the rate whose words name it; when several do, the one whose words end
with the name (实际出庭198件 rather than 出庭应诉案件40件). Of the words in front of a count, the first decides,
the longer of two starting together (应出庭214件 and 受理政府信息公开申请120件 are denominators, 调解成功238件 and
实际出庭198件 numerators). The denominator, in this order:
1. the total of the 其中 breakdown the numerator belongs to (审结187件，其中撤销、变更或确认违法21件);
2. the one count of the sentence named by a denominator word (受理, 审结 …);
3. the one other count of the sentence in the same unit that no word names as either (行政复议案件27件，被纠错5件);
4. the one count named by a denominator word in the sentence before, when this sentence has no other count in
   the unit.
Two candidates and nothing to choose between them: nothing is said. A rate that fits another count of the
sentence in the unit as its base (a count before it that no word names, or another named base) is not reported
either. A numerator that counts only some of what the rate counts (厅负责人出庭应诉 for 出庭应诉率, 当场办结 for
办结率: a narrowing word or a qualifier neither the rate's name nor the base carries) is a lower bound: the rate
is reported only when it is below that count's share. An approximate rate (95%以上, 近100%) is a bound.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Finding, Span
from ..text.quantities import (PHRASE_MARKS, Quantity, fmt_number, lead_in, round_half_up, sentence_bounds,
                               truncate)
from ._figures_parts import is_change, total_of_part, unit_class

_HAN = re.compile(r"[\u4e00-\u9fff]")
NAME_MAX = 12           # characters read back from 率 for the rate's name
_TRAILING = "了的共计达为"  # words between a numerator's verb and its numeral (办结了5件)
_NEGATIONS = ("不", "未", "不予", "未予", "非", "尚未", "没有")


@dataclass(frozen=True, slots=True)
class RateName:
    name: str                   # the rate as the rule knows it (调解成功率) or as written (问题发现率)
    start: int                  # where that name starts in the text
    part: tuple[str, ...]       # words naming the numerator
    whole: tuple[str, ...]      # words naming the denominator (any_whole for a rate read by its stem)
    qualifier: str | None       # 及时, 按期 …: the numerator must carry it too
    written: str                # the words read back from 率 (行政机关负责人出庭应诉率)


@dataclass(frozen=True, slots=True)
class Count:
    q: Quantity
    words: str                  # the words before it, back to the clause mark or the previous count
    role: str | None            # "part", "whole", "negated" (不予许可) or None, by the first word in ``words``
    tight: bool                 # that word ends right before the numeral
    qualified: bool             # that word has a qualifier right before it (当场办结)
    narrow: str | None = None   # a word before it that counts only some (厅负责人出庭应诉11件: 负责人)


def rate_name(text: str, span: Span, end: int, p: Any) -> RateName | None:
    """The rate whose 率 ends at ``end``."""
    s = end - 1
    while s > span.start and end - 1 - s < NAME_MAX and _HAN.match(text, s - 1):
        s -= 1
    written = text[s:end]
    word = next((w for w in p.rate_words if written.endswith(w)), None)
    if word is not None:
        pair = p.pair_of[word]
        start = end - len(word)
        qualifier = _qualifier(text, s, start, p)
        return RateName((qualifier or "") + word, start, pair.part, pair.whole, qualifier, written)
    if not p.any_rate or len(written) < 3 or any(written.endswith(w) for w in p.not_ratios):
        return None
    stem_start = end - 3
    if not all(_HAN.match(c) for c in text[stem_start:end - 1]):
        return None
    return RateName(written, s, (text[stem_start:end - 1],), p.any_whole, _qualifier(text, s, stem_start, p),
                    written)


def _qualifier(text: str, floor: int, at: int, p: Any) -> str | None:
    return next((w for w in p.qualifiers if at - len(w) >= floor and text.endswith(w, floor, at)), None)


def _count(text: str, q: Quantity, floor: int, rate: RateName, p: Any) -> Count:
    words = lead_in(text, q, floor, PHRASE_MARKS)
    best: tuple[int, int, str] | None = None          # (start, -length, role)
    for role, vocab in (("part", rate.part), ("whole", rate.whole)):
        for w in vocab:
            i = words.find(w)
            if i >= 0 and (best is None or (i, -len(w)) < best[:2]):
                best = (i, -len(w), role)
    if best is None:
        return Count(q, words, None, False, False)
    start, neg, role = best
    end, length = start - neg, -neg
    if role == "part" and words[:start].endswith(_NEGATIONS):
        return Count(q, words, "negated", False, False)     # 不予许可2件, 未办结5件: not the numerator
    tight = words[:end] == words.rstrip(_TRAILING)
    qualified = any(words.endswith(w, 0, end - length) for w in p.qualifiers)
    narrow = next((w for w in p.narrowing if w in words[:start]), None)
    return Count(q, words, role, tight, qualified, narrow)


def _counts(text: str, quantities: list[Quantity], starts: list[int], lo: int, hi: int, rate: RateName,
            p: Any) -> list[Count]:
    """The counts (no percentages) in [lo, hi), each with its words and role."""
    out = []
    floor = lo
    for q in quantities[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]:
        if q.end > hi:
            break
        if q.unit != "%":
            out.append(_count(text, q, floor, rate, p))
        floor = q.end
    return out


def _numerator(counts: list[Count], rate: RateName) -> Count | None:
    found = [c for c in counts if c.role == "part"]
    if rate.qualifier is not None:
        found = [c for c in found if rate.qualifier in c.words]
    else:
        found = [c for c in found if not c.qualified] or found     # 办结率: 办结480件 rather than 当场办结200件
    if len(found) > 1:
        found = [c for c in found if c.tight]
    return found[0] if len(found) == 1 else None


def ratio(text: str, span: Span, quantities: list[Quantity], p: Any) -> Iterator[Finding]:
    starts = [q.start for q in quantities]
    for m in p.rate_re.finditer(text, span.start, span.end):
        stated = figure_after(text, m.end(), quantities, starts, p.links)
        if stated is None:
            continue
        bound = bound_of(text, stated, p) if stated.approximate else 0
        if stated.approximate and bound == 0:
            continue            # 约95%: nothing to hold it to
        rate = rate_name(text, span, m.end(), p)
        if rate is None:
            continue
        s0, _ = sentence_bounds(text, rate.start, max(span.start, rate.start - p.window), rate.start)
        counts = _counts(text, quantities, starts, s0, rate.start, rate, p)
        if not counts and s0 > span.start and not any(w in text[s0:rate.start] for w in p.stops):
            # 审结100件，其中直接纠错15件。行政复议纠错率为20%。: the counts end the sentence before
            s0, _ = sentence_bounds(text, s0 - 1, max(span.start, s0 - 1 - p.window), s0 - 1)
            counts = _counts(text, quantities, starts, s0, rate.start, rate, p)
        num = _numerator(counts, rate)
        if num is None or num.q.approximate:
            continue
        if rate.qualifier is not None and rate.qualifier not in num.words:
            continue            # 及时处置率 is not 处置 ÷ 上报
        whole, others = _denominator(text, span, quantities, starts, s0, counts, num, rate, p)
        if whole is None or whole.value == 0 or num.q.value > whole.value:
            continue
        narrower = _narrower(text, num, whole, rate, s0)
        if narrower is not None:
            if bound > 0:
                continue        # 出庭应诉率95%以上 against a part of its numerator: nothing can contradict it
            bound = -1          # a part of the numerator only: the rate is at least its share
        lead = "" if narrower is None else f"（只计“{narrower}”的就有这么多）"
        finding = compare(text, stated, num.q, whole, rate.name, bound, lead)
        if finding is not None and not any(compare(text, stated, num.q, o, rate.name, bound) is None
                                           for o in others if o.value >= num.q.value):
            yield finding


def _narrower(text: str, num: Count, whole: Quantity, rate: RateName, s0: int) -> str | None:
    """The words that make the numerator count only some of what the rate counts: a qualifier (当场办结 for 办结率)
    or a narrowing word (厅负责人出庭应诉 for 出庭应诉率) that neither the rate's name nor the denominator carries.
    Such a count is a lower bound of the rate's numerator, not the numerator."""
    if num.qualified and rate.qualifier is None:
        return num.words.strip(_TRAILING)
    if num.narrow is None or num.narrow in rate.written:
        return None
    if num.narrow in lead_in(text, whole, s0, PHRASE_MARKS):
        return None             # 负责人应出庭214件，负责人实际出庭198件: the base is narrowed alike
    return num.words.strip(_TRAILING)


def _denominator(text: str, span: Span, quantities: list[Quantity], starts: list[int], s0: int,
                 counts: list[Count], num: Count, rate: RateName, p: Any) -> tuple[Quantity | None, list[Quantity]]:
    """The denominator, and the other candidates a right rate may have used instead."""
    same = [c for c in counts if c is not num and unit_class(p, c.q.unit) == unit_class(p, num.q.unit)
            and not c.q.approximate]
    named = [c.q for c in same if c.role == "whole"]
    rest = [c.q for c in same if c.role != "negated"]
    total = total_of_part(text, span, quantities, num.q, p) if p.breakdown_re is not None else None
    if total is not None and unit_class(p, total.unit) == unit_class(p, num.q.unit):
        return total, [q for q in rest if q is not total]
    if named:       # 排查640件，调处600件，调解成功570件: 95% is right over 调处, so not reported over 排查
        return (named[0], [q for q in rest if q is not named[0]]) if len(named) == 1 else (None, [])
    if same:
        others = [c for c in same if c.role != "negated"]          # 不予许可2件 is the rest, not a base
        bare = [c.q for c in others if c.role is None and c.q.start < num.q.start and not is_change(text, c.q, s0, p)]
        return (bare[0], []) if len(bare) == 1 and len(others) == 1 else (None, [])
    if not rate.whole or s0 <= span.start:
        return None, []
    p0, _ = sentence_bounds(text, s0 - 1, max(span.start, s0 - p.window), s0 - 1)
    previous = [c.q for c in _counts(text, quantities, starts, p0, s0, rate, p)
                if c.role == "whole" and not c.q.approximate
                and unit_class(p, c.q.unit) == unit_class(p, num.q.unit)]
    return (previous[0], []) if len(previous) == 1 else (None, [])


def links_only(s: str, links: tuple[str, ...]) -> bool:
    """Is ``s`` made of link words only (达、为、保持在 …), or empty?"""
    if len(s) > 12:
        return False
    reach = [True] + [False] * len(s)
    for i in range(len(s)):
        if reach[i]:
            for w in links:
                if s.startswith(w, i):
                    reach[i + len(w)] = True
    return reach[len(s)]


def figure_after(text: str, pos: int, quantities: list[Quantity], starts: list[int],
                 links: tuple[str, ...]) -> Quantity | None:
    """The percentage stated for a rate noun ending at ``pos``: only link words in between."""
    i = bisect.bisect_left(starts, pos)
    if i == len(quantities):
        return None
    q = quantities[i]
    if q.unit != "%" or not links_only(text[pos:q.start], links):
        return None
    return q


def bound_of(text: str, q: Quantity, p: Any) -> int:
    """+1 for a lower bound (95%以上, 超过90%), -1 for an upper bound (近100%, 不到5%), 0 otherwise."""
    before = text[max(0, q.start - 4):q.start]
    after = text[q.num_end:q.end].lstrip("%％")
    if any(before.endswith(w) for w in p.at_least) or any(after.startswith(w) for w in p.at_least):
        return 1
    if any(before.endswith(w) for w in p.at_most) or any(after.startswith(w) for w in p.at_most):
        return -1
    return 0


def compare(text: str, stated: Quantity, part: Quantity, whole: Quantity, rate: str, bound: int,
            lead: str = "") -> Finding | None:
    """A finding when ``stated`` is not part ÷ whole: rounded half-up or truncated to its decimals, or, for a
    bound, on the wrong side of it. ``lead`` goes before the note (why the computed value is a bound)."""
    true = part.value / whole.value * 100
    d = stated.decimals
    rounded, cut = round_half_up(true, d), truncate(true, d)
    if bound > 0 and rounded < stated.value:
        note = f"，达不到所写的“{text[stated.start:stated.end]}”"
    elif bound < 0 and cut > stated.value:
        note = f"，已超过所写的“{text[stated.start:stated.end]}”"
    elif bound == 0 and stated.value not in (rounded, cut):
        note = f"，按所写的精度应为“{fmt_number(true, d)}%”"
    else:
        return None
    expected = fmt_number(true, d) + "%"
    computed = fmt_number(true, max(2, d + 1))
    computed = (computed.rstrip("0").rstrip(".") if "." in computed else computed) + "%"
    return Finding(Span(stated.start, stated.end), {
        "rate": rate, "stated": text[stated.start:stated.end], "part": text[part.start:part.end],
        "whole": text[whole.start:whole.end], "computed": computed, "expected": expected, "note": lead + note},
        expected if bound == 0 else None)
