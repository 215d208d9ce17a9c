"""Figures that belong together, checked against each other (rules/figures.yaml).

Aspects:
- ``ratio``: a rate stated next to its own numerator and denominator in one sentence (受理1101件，调解成功
  1101件，调解成功率100%) must equal their quotient, rounded half-up or truncated to the stated decimals.
  Checked only when the rate's part and whole counts are each found once, exact, in the same unit.
- ``over-100``: a rate that cannot exceed 100% (出庭应诉率, 覆盖率 …) stated above it.
- ``part-whole``: a count after 其中 larger than the total just before it.
- ``share``: a count after 其中 followed by its share (占30%) that is not its quotient with the total.
The vocabulary (units, rate nouns and their counts, link words, approximation words) is the rule's.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator, Mapping

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ._util import check_aspect
from ..text.quantities import (Quantity, QuantityReader, fmt_number, lead_in, round_half_up, sentence_bounds,
                               truncate)
from .pattern import paragraph_spans

ASPECTS = ("ratio", "over-100", "part-whole", "share")
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_BETWEEN_WHOLE_AND_BREAKDOWN = re.compile(r"\s*[，,：:。；;]?\s*")


@dataclass(frozen=True, slots=True)
class Pair:
    rate: tuple[str, ...]       # rate nouns: 调解成功率
    part: tuple[str, ...]       # words before the numerator count: 调解成功
    whole: tuple[str, ...]      # words before the denominator count: 受理


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    units: tuple[str, ...] = ()
    same_units: tuple[tuple[str, ...], ...] = ()
    approximate_before: tuple[str, ...] = ()
    approximate_after: tuple[str, ...] = ()
    pairs: tuple[Any, ...] = ()
    qualifiers: tuple[str, ...] = ()
    rates: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    breakdown: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    window: int = 200
    reader: Any = field(default=None, compare=False, repr=False)
    rate_re: Any = field(default=None, compare=False, repr=False)    # rate nouns, or 其中: where a check starts
    pair_of: Any = field(default=None, compare=False, repr=False)
    unit_class: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS), "description": "ratio：比率与分子分母一致；over-100：不能超过"
                       "100%的比率；part-whole：“其中”的部分不大于总数；share：“其中…占X%”与两数之比一致"},
            "units": {**_WORDS, "description": "计数单位（量词），数字后跟这些词才算一个数量"},
            "same_units": {"type": "array", "items": {**_WORDS, "minItems": 2},
                           "description": "计同一种东西的单位（如 名、人、位）"},
            "approximate_before": {**_WORDS, "description": "数字前表示概数的词（约、近、超过…）"},
            "approximate_after": {**_WORDS, "description": "数字或单位后表示概数的词（余、多、左右、以上…）"},
            "pairs": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["rate", "part", "whole"],
                "properties": {"rate": {**_WORDS, "minItems": 1, "description": "比率名称（调解成功率）"},
                               "part": {**_WORDS, "minItems": 1, "description": "分子数字前的词（调解成功）"},
                               "whole": {**_WORDS, "minItems": 1, "description": "分母数字前的词（受理）"}}},
                      "description": "ratio：比率及其分子、分母的说法"},
            "qualifiers": {**_WORDS, "description": "ratio：比率名称前改变口径的词（及时、按期…），分子须同样带有"},
            "rates": {**_WORDS, "description": "over-100：不可能超过 100% 的比率名称"},
            "links": {**_WORDS, "description": "比率名称（share：部分）与百分数之间允许出现的词（达、为、占…）"},
            "breakdown": {**_WORDS, "description": "part-whole、share：引出部分的词（其中）"},
            "stops": {**_WORDS, "description": "part-whole、share：分句含这些词说明已不再是“其中”的部分"},
            "changes": {**_WORDS, "description": "part-whole、share：总数前有这些词（同比、增长…）说明它是增减量"},
            "window": {"type": "integer", "minimum": 20, "maximum": 2000,
                       "description": "比率与其分子分母、“其中”与各部分最多相隔的字数（默认 200）"},
        },
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        for name in ("units", "approximate_before", "approximate_after", "qualifiers", "rates", "links",
                     "breakdown", "stops", "changes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "same_units", tuple(tuple(g) for g in self.same_units))
        if not 20 <= self.window <= 2000:
            raise ParamError("window", f"window 应在 20 到 2000 之间，现在是 {self.window}")
        pairs = tuple(p if isinstance(p, Pair) else _pair(p) for p in self.pairs)
        object.__setattr__(self, "pairs", pairs)
        need = {"ratio": ("units", "pairs", "links"), "over-100": ("rates", "links"),
                "part-whole": ("units", "breakdown"), "share": ("units", "breakdown", "links")}[self.aspect]
        for name in need:
            if not getattr(self, name):
                raise ParamError(name, f"检查项 {self.aspect} 需要 {name}，现在为空，这条规则永远不会触发")
        object.__setattr__(self, "reader", QuantityReader(self.units, self.approximate_before,
                                                          self.approximate_after))
        object.__setattr__(self, "unit_class", {u: g[0] for g in self.same_units for u in g})
        if self.aspect == "ratio":
            object.__setattr__(self, "pair_of", {w: p for p in pairs for w in p.rate})
            object.__setattr__(self, "rate_re", _alternation(self.pair_of))
        elif self.aspect == "over-100":
            object.__setattr__(self, "rate_re", _alternation(self.rates))
        else:
            object.__setattr__(self, "rate_re", _alternation(self.breakdown))


def _pair(item: Mapping[str, Any]) -> Pair:
    if not isinstance(item, Mapping) or set(item) != {"rate", "part", "whole"}:
        raise ParamError("pairs", "pairs 的每一项应有且只有 rate、part、whole 三个词表")
    words = {k: tuple(str(w) for w in item[k]) for k in ("rate", "part", "whole")}
    for k, v in words.items():
        if not v or not all(v):
            raise ParamError("pairs", f"pairs 中的 {k} 词表不能为空")
    return Pair(**words)


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered))


def _links_only(s: str, links: tuple[str, ...]) -> bool:
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


def _figure_after(text: str, pos: int, quantities: list[Quantity], starts: list[int],
                  links: tuple[str, ...]) -> Quantity | None:
    """The percentage stated for a rate noun ending at ``pos``: only link words in between."""
    i = bisect.bisect_left(starts, pos)
    if i == len(quantities):
        return None
    q = quantities[i]
    if q.unit != "%" or not _links_only(text[pos:q.start], links):
        return None
    return q


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    text = doc.text
    for span in paragraph_spans(doc, outline):
        if not p.rate_re.search(text, span.start, span.end):
            continue
        quantities = p.reader.read(text, span.start, span.end)
        if p.aspect == "ratio":
            yield from _ratio(text, span, quantities, p)
        elif p.aspect == "over-100":
            yield from _over_100(text, span, quantities, p)
        elif p.aspect == "part-whole":
            yield from _part_whole(text, span, quantities, p)
        else:
            yield from _share(text, span, quantities, p)


def _trim(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def _unit(p: Params, unit: str) -> str:
    return p.unit_class.get(unit, unit)


def _ratio(text: str, span: Span, quantities: list[Quantity], p: Params) -> Iterator[Finding]:
    starts = [q.start for q in quantities]
    for m in p.rate_re.finditer(text, span.start, span.end):
        stated = _figure_after(text, m.end(), quantities, starts, p.links)
        if stated is None or stated.approximate:
            continue
        pair: Pair = p.pair_of[m.group()]
        qualifier = next((w for w in p.qualifiers if text.endswith(w, span.start, m.start())), None)
        s0, _ = sentence_bounds(text, m.start(), max(span.start, m.start() - p.window), m.start())
        parts: list[tuple[Quantity, str]] = []
        wholes: list[Quantity] = []
        floor = s0
        for q in quantities[bisect.bisect_left(starts, s0):bisect.bisect_left(starts, m.start())]:
            if q.end > m.start():
                continue
            words = lead_in(text, q, floor)
            floor = q.end
            if q.unit == "%":
                continue
            if any(w in words for w in pair.part):
                parts.append((q, words))
            elif any(w in words for w in pair.whole):
                wholes.append(q)
        if len(parts) != 1:
            continue            # the numerator is missing or ambiguous: say nothing
        part, part_words = parts[0]
        wholes = [q for q in wholes if _unit(p, q.unit) == _unit(p, part.unit)]
        if len(wholes) != 1:
            continue            # the denominator is missing or ambiguous: say nothing
        whole = wholes[0]
        if qualifier is not None and qualifier not in part_words:
            continue            # 及时处置率 is not 处置 ÷ 上报
        if part.approximate or whole.approximate or _unit(p, part.unit) != _unit(p, whole.unit):
            continue
        if whole.value == 0 or part.value > whole.value:
            continue
        finding = _compare(text, stated, part, whole, m.group())
        if finding is not None:
            yield finding


def _over_100(text: str, span: Span, quantities: list[Quantity], p: Params) -> Iterator[Finding]:
    starts = [q.start for q in quantities]
    for m in p.rate_re.finditer(text, span.start, span.end):
        stated = _figure_after(text, m.end(), quantities, starts, p.links)
        if stated is not None and stated.value > 100:
            yield Finding(Span(stated.start, stated.end),
                          {"rate": m.group(), "stated": text[stated.start:stated.end]})


def _breakdowns(text: str, span: Span, quantities: list[Quantity], p: Params
                ) -> Iterator[tuple[Quantity, Quantity]]:
    """(total, part) for every count after 其中 that is a part of the count just before it."""
    markers = list(p.rate_re.finditer(text, span.start, span.end))
    starts = [q.start for q in quantities]
    for n, m in enumerate(markers):
        i = bisect.bisect_left(starts, m.start())
        while i > 0 and quantities[i - 1].end > m.start():
            i -= 1
        if i == 0:
            continue
        whole = quantities[i - 1]
        if not _BETWEEN_WHOLE_AND_BREAKDOWN.fullmatch(text, whole.end, m.start()):
            continue            # the total is not the count just before 其中
        if whole.approximate or whole.unit == "%" or whole.value == 0:
            continue
        floor = quantities[i - 2].end if i > 1 else span.start
        if any(w in lead_in(text, whole, floor) for w in p.changes):
            continue            # 同比增加5件：a change, not a total
        _, end = sentence_bounds(text, m.end(), m.end(), min(span.end, m.end() + p.window))
        if n + 1 < len(markers):
            end = min(end, markers[n + 1].start())
        floor = m.end()
        for q in quantities[bisect.bisect_left(starts, m.end()):]:
            if q.end > end:
                break
            words = lead_in(text, q, floor)
            floor = q.end
            if any(w in words for w in p.stops):
                break           # 全年新增12人: no longer a part of the total
            if q.unit != "%" and not q.approximate and _unit(p, q.unit) == _unit(p, whole.unit):
                yield whole, q


def _part_whole(text: str, span: Span, quantities: list[Quantity], p: Params) -> Iterator[Finding]:
    for whole, part in _breakdowns(text, span, quantities, p):
        if part.value > whole.value:
            yield Finding(Span(part.start, part.end), {"part": text[part.start:part.end],
                                                       "whole": text[whole.start:whole.end]})


def _share(text: str, span: Span, quantities: list[Quantity], p: Params) -> Iterator[Finding]:
    starts = [q.start for q in quantities]
    for whole, part in _breakdowns(text, span, quantities, p):
        stated = _figure_after(text, part.end, quantities, starts, p.links)
        if stated is None or stated.approximate or part.value > whole.value:
            continue
        finding = _compare(text, stated, part, whole)
        if finding is not None:
            yield finding


def _compare(text: str, stated: Quantity, part: Quantity, whole: Quantity, rate: str = "") -> Finding | None:
    """A finding when ``stated`` is neither part ÷ whole rounded half-up nor truncated to its decimals."""
    true = part.value / whole.value * 100
    d = stated.decimals
    if stated.value in (round_half_up(true, d), truncate(true, d)):
        return None
    expected = fmt_number(true, d) + "%"
    return Finding(Span(stated.start, stated.end), {
        "rate": rate, "stated": text[stated.start:stated.end],
        "part": text[part.start:part.end], "whole": text[whole.start:whole.end],
        "computed": _trim(fmt_number(true, max(2, d + 1))) + "%", "expected": expected}, expected)
