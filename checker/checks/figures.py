"""Figures that belong together, checked against each other (rules/figures.yaml).

Aspects:
- ``ratio``: a rate stated after its own numerator and denominator (受理1101件，调解成功1101件，调解成功率100%)
  must equal their quotient, rounded half-up or truncated to the stated decimals; an approximate rate (95%以上)
  is a bound. How the two counts are found: _figures_ratio.
- ``over-100``: a rate that cannot exceed 100% (出庭应诉率, 覆盖率 …) stated above it.
- ``part-whole``: a count after 其中 larger than its total (_figures_parts finds the total and where the
  breakdown ends).
- ``share``: a count after 其中 followed by its share (占30%) that is not its quotient with the total.
- ``parts-sum``: the parts of a clean 其中 enumeration that together exceed their total (_figures_sum).
- ``numeral-form``: a count in Chinese numerals where the sentence writes the same kind of count in Arabic
  digits (_figures_forms).
The vocabulary (units, rate nouns and their counts, link words, approximation words) is the rule's.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator, Mapping

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ..text.quantities import PERCENT_RE, Quantity, QuantityReader, fmt_number, sentence_bounds
from ._figures_parts import breakdowns, is_change, unit_class
from ._figures_ratio import bound_of, compare, figure_after, ratio
from ._figures_forms import mixed
from ._figures_sum import sums
from ._util import check_aspect
from .pattern import paragraph_spans

ASPECTS = ("ratio", "over-100", "part-whole", "share", "parts-sum", "numeral-form")
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SHARE_GAP = re.compile(r"[，,]?")


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
    at_least: tuple[str, ...] = ()
    at_most: tuple[str, ...] = ()
    pairs: tuple[Any, ...] = ()
    any_rate: bool = False
    any_whole: tuple[str, ...] = ()
    not_ratios: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    narrowing: tuple[str, ...] = ()
    rates: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    breakdown: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    share_words: tuple[str, ...] = ()
    overlap_units: tuple[str, ...] = ()
    overlap_words: tuple[str, ...] = ()
    window: int = 200
    reader: Any = field(default=None, compare=False, repr=False)
    rate_re: Any = field(default=None, compare=False, repr=False)    # 率, rate nouns, or 其中: where a check starts
    breakdown_re: Any = field(default=None, compare=False, repr=False)
    share_re: Any = field(default=None, compare=False, repr=False)
    pair_of: Any = field(default=None, compare=False, repr=False)
    rate_words: Any = field(default=None, compare=False, repr=False)  # the pairs' rate nouns, longest first
    unit_class: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS), "description": "ratio：比率与分子分母一致；over-100：不能超过"
                       "100%的比率；part-whole：“其中”的部分不大于总数；share：“其中…占X%”与两数之比一致；"
                       "parts-sum：“其中”逐项列举的各部分之和不大于总数；numeral-form：同句同类计数不混用汉字数字"},
            "units": {**_WORDS, "description": "计数单位（量词），数字后跟这些词才算一个数量"},
            "same_units": {"type": "array", "items": {**_WORDS, "minItems": 2},
                           "description": "计同一种东西的单位（如 名、人、位）"},
            "approximate_before": {**_WORDS, "description": "数字前表示概数的词（约、近、超过…）"},
            "approximate_after": {**_WORDS, "description": "数字或单位后表示概数的词（余、多、左右、以上…）"},
            "at_least": {**_WORDS, "description": "ratio：表示“不少于”的概数词（以上、超过…），这样的比率按下限核对"},
            "at_most": {**_WORDS, "description": "ratio：表示“不多于”的概数词（近、不到…），这样的比率按上限核对"},
            "pairs": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["rate", "part", "whole"],
                "properties": {"rate": {**_WORDS, "minItems": 1, "description": "比率名称（调解成功率）"},
                               "part": {**_WORDS, "minItems": 1, "description": "分子数字前的词（调解成功）"},
                               "whole": {**_WORDS, "minItems": 1, "description": "分母数字前的词（受理）"}}},
                      "description": "ratio：比率及其分子、分母的说法"},
            "any_rate": {"type": "boolean", "description": "ratio：pairs 以外的“X率”也核对：“率”前两个字（通过率→通过）"
                         "即分子数字前的词，分母须由“其中”或同句唯一的同单位数字确定"},
            "any_whole": {**_WORDS, "description": "ratio：any_rate 的比率以这些词（受理、收到…）开头的数字为分母"},
            "not_ratios": {**_WORDS, "description": "ratio：不是部分与整体之比的“X率”（增长率、完成率…），any_rate 不核对"},
            "qualifiers": {**_WORDS, "description": "ratio：比率名称前改变口径的词（及时、按期…），分子须同样带有"},
            "narrowing": {**_WORDS, "description": "ratio：分子数字前只计其中一部分主体的词（负责人、主要负责人…）："
                          "比率名称和分母都没有它时，这个数只是分子的一部分，比率只须不小于它的占比"},
            "rates": {**_WORDS, "description": "over-100：不可能超过 100% 的比率名称"},
            "links": {**_WORDS, "description": "比率名称（share：部分）与百分数之间允许出现的词（达、为、占…）"},
            "breakdown": {**_WORDS, "description": "引出部分的词（其中）；ratio 用它找分子所属的总数"},
            "stops": {**_WORDS, "description": "分句含这些词说明已不再是“其中”的部分（总量、累计、全市…）"},
            "changes": {**_WORDS, "description": "数字前有这些词（同比、增长…）说明它是增减量，不是总数"},
            "verbs": {**_WORDS, "description": "计数的动词（受理、审结…）：“其中”第一个部分之后的分句带有总数没有的这类动词，"
                      "说明已是另起的一句，不再是部分"},
            "share_words": {**_WORDS, "description": "share：没有“其中”时，紧跟在数字后引出它的占比的词（占比、所占比例…）"},
            "overlap_units": {**_WORDS, "description": "parts-sum：计数常有交叉、各项不相加的单位（次、人次…）"},
            "overlap_words": {**_WORDS, "description": "parts-sum：列举项或其后分句含这些词（含、包括、涉及…）说明各项可能重叠，不相加"},
            "window": {"type": "integer", "minimum": 20, "maximum": 2000,
                       "description": "比率与其分子分母、“其中”与各部分最多相隔的字数（默认 200）"},
        },
        "required": ["aspect"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        for name in ("units", "approximate_before", "approximate_after", "at_least", "at_most", "any_whole", "not_ratios",
                     "qualifiers", "narrowing", "rates", "links", "breakdown", "stops", "changes", "verbs", "share_words",
                     "overlap_units", "overlap_words"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "same_units", tuple(tuple(g) for g in self.same_units))
        if not 20 <= self.window <= 2000:
            raise ParamError("window", f"window 应在 20 到 2000 之间，现在是 {self.window}")
        pairs = tuple(p if isinstance(p, Pair) else _pair(p) for p in self.pairs)
        object.__setattr__(self, "pairs", pairs)
        need = {"ratio": ("units", "links"), "over-100": ("rates", "links"),
                "part-whole": ("units", "breakdown"), "share": ("units", "breakdown", "links"),
                "parts-sum": ("units", "breakdown"), "numeral-form": ("units",)}[self.aspect]
        for name in need:
            if not getattr(self, name):
                raise ParamError(name, f"检查项 {self.aspect} 需要 {name}，现在为空，这条规则永远不会触发")
        if self.aspect == "ratio" and not (self.pairs or self.any_rate):
            raise ParamError("pairs", "检查项 ratio 需要 pairs 或 any_rate: true，现在都没有，这条规则永远不会触发")
        for name, rate in (("pairs", w) for p in pairs for w in p.rate):
            if not rate.endswith("率"):
                raise ParamError(name, f"比率名称“{rate}”应以“率”结尾")
        object.__setattr__(self, "reader", QuantityReader(self.units, self.approximate_before,
                                                          self.approximate_after))
        object.__setattr__(self, "unit_class", {u: g[0] for g in self.same_units for u in g})
        object.__setattr__(self, "breakdown_re", _alternation(self.breakdown) if self.breakdown else None)
        object.__setattr__(self, "share_re", _alternation(self.share_words) if self.share_words else None)
        if self.aspect == "ratio":
            pair_of = {w: p for p in pairs for w in p.rate}
            object.__setattr__(self, "pair_of", pair_of)
            object.__setattr__(self, "rate_words", tuple(sorted(pair_of, key=len, reverse=True)))
            object.__setattr__(self, "rate_re", re.compile("率"))
        elif self.aspect == "over-100":
            object.__setattr__(self, "rate_re", _alternation(self.rates))
        elif self.aspect == "numeral-form":
            object.__setattr__(self, "rate_re", re.compile("[二两三四五六七八九十百千万亿]"))
        else:
            object.__setattr__(self, "rate_re", _alternation(self.breakdown + self.share_words))


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


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    text = doc.text
    for span in paragraph_spans(doc, outline):
        if not p.rate_re.search(text, span.start, span.end):
            continue
        if p.aspect in ("ratio", "over-100", "share") and not PERCENT_RE.search(text, span.start, span.end):
            continue            # rates and shares are stated in per cent
        quantities = p.reader.read(text, span.start, span.end)
        if p.aspect == "ratio":
            yield from ratio(text, span, quantities, p)
        elif p.aspect == "over-100":
            yield from _over_100(text, span, quantities, p)
        elif p.aspect == "part-whole":
            yield from _part_whole(text, span, quantities, p)
        elif p.aspect == "parts-sum":
            yield from sums(text, span, quantities, p)
        elif p.aspect == "numeral-form":
            yield from mixed(text, span, quantities, p)
        else:
            yield from _share(text, span, quantities, p)


def _over_100(text: str, span: Span, quantities: list[Quantity], p: Params) -> Iterator[Finding]:
    starts = [q.start for q in quantities]
    for m in p.rate_re.finditer(text, span.start, span.end):
        stated = figure_after(text, m.end(), quantities, starts, p.links)
        if stated is not None and stated.value > 100:
            excess = fmt_number(stated.value - 100, stated.decimals)
            yield Finding(Span(stated.start, stated.end),
                          {"rate": m.group(), "stated": text[stated.start:stated.end], "excess": excess})


def _part_whole(text: str, span: Span, quantities: list[Quantity], p: Params) -> Iterator[Finding]:
    for whole, part in breakdowns(text, span, quantities, p):
        if part.value > whole.value and not _another_total(text, span, quantities, whole, part, p):
            excess = fmt_number(part.value - whole.value, max(part.decimals, whole.decimals))
            yield Finding(Span(part.start, part.end), {"part": text[part.start:part.end],
                                                       "whole": text[whole.start:whole.end],
                                                       "excess": excess + part.unit})


def _another_total(text: str, span: Span, quantities: list[Quantity], whole: Quantity, part: Quantity,
                   p: Params) -> bool:
    """共有网格员120名，专职网格员80名，其中女性网格员100名: an earlier count of the sentence could be the total."""
    s0, _ = sentence_bounds(text, whole.start, span.start, whole.start)
    return any(s0 <= q.start and q.end <= whole.start and q.unit != "%" and not q.approximate
               and unit_class(p, q.unit) == unit_class(p, part.unit) and q.value >= part.value
               for q in quantities)


def _share(text: str, span: Span, quantities: list[Quantity], p: Params) -> Iterator[Finding]:
    starts = [q.start for q in quantities]
    pairs = list(breakdowns(text, span, quantities, p)) + list(_plain_shares(text, span, quantities, starts, p))
    for whole, part in pairs:
        stated = figure_after(text, part.end, quantities, starts, p.links)
        if stated is None or part.value > whole.value:
            continue
        bound = bound_of(text, stated, p) if stated.approximate else 0
        if stated.approximate and bound == 0:
            continue
        finding = compare(text, stated, part, whole, "", bound)
        if finding is not None:
            yield finding


def _plain_shares(text: str, span: Span, quantities: list[Quantity], starts: list[int], p: Params
                  ) -> Iterator[tuple[Quantity, Quantity]]:
    """共有律师1200名，公职律师96名，占比8%: a count and its share with no 其中; the base is the one other count of the
    sentence in the unit, before it."""
    if p.share_re is None:
        return
    for m in p.share_re.finditer(text, span.start, span.end):
        i = bisect.bisect_left(starts, m.start())
        if i == 0:
            continue
        part = quantities[i - 1]
        if not _SHARE_GAP.fullmatch(text, part.end, m.start()) or part.unit == "%" or part.approximate:
            continue
        s0, _ = sentence_bounds(text, part.start, span.start, part.start)
        if p.breakdown_re is not None and p.breakdown_re.search(text, s0, part.start):
            continue            # a part of a 其中 breakdown: its total is found there
        same = [q for q in quantities[bisect.bisect_left(starts, s0):i - 1] if q.unit != "%"
                and unit_class(p, q.unit) == unit_class(p, part.unit)]
        if len(same) != 1 or same[0].approximate or is_change(text, same[0], s0, p) or _in_brackets(text, same[0],
                                                                                                    part.start):
            continue
        yield same[0], part


def _in_brackets(text: str, q: Quantity, until: int) -> bool:
    between = text[q.end:until]
    return between.count("）") + between.count(")") > between.count("（") + between.count("(")
