"""A stated growth or fall (同比增长18.6%, 下降1.3个百分点) against the two figures it is computed from.

A change is a direction word (增长, 下降, 提高 …, from the rule) and the figure right after it, a percentage or
a number of percentage points. It is checked only when the sentence gives both figures it compares, in the
same unit, exact, in one of these shapes:
- from … to …: "由2107件增长到2436件，增长15.6%", "较上年100件增加到120件，增长25%";
- the current figure, then the previous: "2436件，比上年的2107件增长15.6%";
- the current figure, the change, the previous figure in brackets or its own clause: "2436件，同比增长18.6%
  （2024年为2107件）", "47件，同比下降18.3%，上年为58件";
- the previous figure, the change, the level reached: "较上年的1038户增长21.4%，达到1264户";
- the current figure and the difference: "2436件，比上年增加329件，增长15.6%";
- a table with two year columns and a change column (_growth_tables).
A year written for the previous figure (2024年为2107件) must be the year before the current figure's (the year
the sentence gives it, else the report year): 同比增长…（2022年为…） in a report on 2025 compares with a year the
change does not name, and is left alone.
Aspects:
- ``mismatch``: the change is not (current − previous) ÷ previous (or, for two percentages given in points, their
  difference), rounded half-up or truncated to the stated decimals, or it goes the other way.
- ``points``: percent and percentage points mixed up: two rates whose difference is written "X%" (4.2% from 5.5%
  is 1.3个百分点, not 1.3%), or two counts whose change is written in 百分点.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, Iterable, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span
from ..text.quantities import (PERCENT_RE, Quantity, QuantityReader, fmt_number, round_half_up, sentence_bounds,
                               truncate)
from ._growth_tables import table_changes
from ._util import check_aspect
from .pattern import paragraph_spans

ASPECTS = ("mismatch", "points")
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_YEAR = r"(?:19|20)\d\d年(?:度)?"


@dataclass(frozen=True, slots=True)
class Change:
    word: str               # the direction as written, with its comparison: 同比增长
    sign: int               # +1 up, -1 down
    figure: Quantity        # the stated change: 18.6%, 1.3个百分点


@dataclass(frozen=True, slots=True)
class Params:
    aspect: str
    units: tuple[str, ...] = ()
    same_units: tuple[tuple[str, ...], ...] = ()
    approximate_before: tuple[str, ...] = ()
    approximate_after: tuple[str, ...] = ()
    up: tuple[str, ...] = ()
    down: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    comparisons: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    reader: Any = field(default=None, compare=False, repr=False)
    unit_class: Any = field(default=None, compare=False, repr=False)
    dir_re: Any = field(default=None, compare=False, repr=False)        # any direction word
    change_re: Any = field(default=None, compare=False, repr=False)     # direction (+ links) right before a figure
    before_re: Any = field(default=None, compare=False, repr=False)     # comparison words between figure and change
    from_re: Any = field(default=None, compare=False, repr=False)       # 由 / 较上年的 … before the previous figure
    than_re: Any = field(default=None, compare=False, repr=False)       # 比上年的 after the current figure
    to_re: Any = field(default=None, compare=False, repr=False)         # 增长到 between the two figures
    bracket_re: Any = field(default=None, compare=False, repr=False)    # （2024年为 before the previous figure
    after_re: Any = field(default=None, compare=False, repr=False)      # ，上年为 before the previous figure
    reached_re: Any = field(default=None, compare=False, repr=False)    # ，达到 before the level reached
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "aspect": {"enum": list(ASPECTS), "description": "mismatch：增减幅度与两个数字一致；points：百分比与百分点没有混用"},
            "units": {**_WORDS, "description": "计数单位（量词），数字后跟这些词才算一个数量"},
            "same_units": {"type": "array", "items": {**_WORDS, "minItems": 2},
                           "description": "计同一种东西的单位（如 名、人、位）"},
            "approximate_before": {**_WORDS, "description": "数字前表示概数的词（约、近…）：概数不核对"},
            "approximate_after": {**_WORDS, "description": "数字后表示概数的词（余、多…）：概数不核对"},
            "up": {**_WORDS, "description": "表示增加的词（增长、提高、增幅…）"},
            "down": {**_WORDS, "description": "表示减少的词（下降、减少、降幅…）"},
            "points": {**_WORDS, "description": "百分点的写法（个百分点、百分点）"},
            "comparisons": {**_WORDS, "description": "比较基准的说法（同比、较上年…），可出现在数字与增减词之间"},
            "previous": {**_WORDS, "description": "上一期数字前的说法（上年、去年、上年同期…；“2024年”这样的年份也算）"},
            "links": {**_WORDS, "description": "增减词与幅度之间允许出现的词（了、为、达…）；“到”“至”引出的是达到的水平，"
                      "不是幅度，不要列入"},
        },
        "required": ["aspect", "units", "up", "down", "points", "previous"]}

    def __post_init__(self) -> None:
        check_aspect(self.aspect, ASPECTS)
        for name in ("units", "approximate_before", "approximate_after", "up", "down", "points", "comparisons",
                     "previous", "links"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
            if name in ("units", "up", "down", "points", "previous") and not getattr(self, name):
                raise ParamError(name, f"{name} 不能为空，否则这条规则永远不会触发")
        object.__setattr__(self, "same_units", tuple(tuple(g) for g in self.same_units))
        object.__setattr__(self, "reader", QuantityReader(self.units + self.points, self.approximate_before,
                                                          self.approximate_after))
        object.__setattr__(self, "unit_class", {u: g[0] for g in self.same_units for u in g})
        dirs = _alt(self.up + self.down)
        object.__setattr__(self, "dir_re", re.compile(dirs))
        links = _alt(self.links)
        comparisons = _alt(self.comparisons)
        previous = f"(?:{_alt(self.previous)}|{_YEAR})"
        object.__setattr__(self, "change_re", re.compile(
            f"(?P<cmp>(?:{comparisons})?)(?P<dir>{dirs})(?:{links})*$" if comparisons
            else f"(?P<cmp>)(?P<dir>{dirs})(?:{links})*$"))
        object.__setattr__(self, "before_re", re.compile(f"[，,]?\\s*(?:{comparisons})?" if comparisons
                                                         else "[，,]?\\s*"))
        object.__setattr__(self, "from_re", re.compile(f"(?:由|从|较|比){previous}?(?:同期)?的?$|(?:由|从)$"))
        object.__setattr__(self, "than_re", re.compile(f"(?:较|比){previous}(?:同期)?的?$"))
        object.__setattr__(self, "to_re", re.compile(f"(?:{dirs})?了?(?:到|至)|[增降升减]至"))
        object.__setattr__(self, "bracket_re", re.compile(
            f"\\s*[（(]\\s*(?P<label>{previous})(?:同期)?(?:为|是|：|:)?\\s*"))
        object.__setattr__(self, "after_re", re.compile(
            f"[，,]\\s*(?P<label>{previous})(?:同期)?(?:为|是|：|:)\\s*"))
        object.__setattr__(self, "reached_re", re.compile(f"[，,]\\s*(?:达到|达|为|增至|升至|降至|增加到|增长到|减少到|下降到|"
                                                          f"提高到|提升到)\\s*"))


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    text = doc.text
    for span in paragraph_spans(doc, outline):
        if not p.dir_re.search(text, span.start, span.end) or not PERCENT_RE.search(text, span.start, span.end):
            continue            # no 增长/下降 … or no per cent in the paragraph: no change to check
        quantities = p.reader.read(text, span.start, span.end)
        starts = [q.start for q in quantities]
        for i, q in enumerate(quantities):
            change = _change(text, span, q, p)
            if change is None or q.approximate:
                continue
            figures = _figures(text, span, quantities, starts, i, change, p, outline.report_year)
            if figures is None:
                continue
            finding = _judge(text, change, *figures, p)
            if finding is not None and finding[0] == p.aspect:
                yield finding[1]
    for word, sign, stated, prev, cur in table_changes(doc, outline, p):
        finding = _judge(text, Change(word, sign, stated), prev, cur, None, p)
        if finding is not None and finding[0] == p.aspect:
            yield finding[1]


def _change(text: str, span: Span, q: Quantity, p: Params) -> Change | None:
    if q.unit != "%" and q.unit not in p.points:
        return None
    head = text[max(span.start, q.start - 12):q.start]
    m = p.change_re.search(head)
    if m is None:
        return None
    sign = 1 if m.group("dir") in p.up else -1
    return Change(m.group("cmp") + m.group("dir"), sign, q)


def _kind(p: Params, q: Quantity) -> str:
    return "%" if q.unit == "%" else p.unit_class.get(q.unit, q.unit)


def _figures(text: str, span: Span, quantities: list[Quantity], starts: list[int], i: int, change: Change,
             p: Params, year: int | None) -> tuple[Quantity, Quantity, str | None] | None:
    """(previous, current, how the previous is worked out) for the change at quantities[i], or None when the
    sentence does not give both."""
    s0, s1 = sentence_bounds(text, change.figure.start, span.start, span.end)
    before = [q for q in quantities[bisect.bisect_left(starts, s0):i] if q.unit not in p.points]
    if not before or not _right_before(text, before[-1].end, change.figure.start, p):
        return None             # the change does not follow a figure of its own
    cur = before[-1]
    nxt = quantities[i + 1] if i + 1 < len(quantities) and quantities[i + 1].end <= s1 else None
    if p.from_re.search(text, max(s0, cur.start - 8), cur.start) and not p.than_re.search(
            text, max(s0, cur.start - 10), cur.start) or _led_by_than(text, s0, cur, before, p):
        # 较上年的1038户增长21.4%，达到1264户: the figure before the change is the previous one
        if nxt is not None and p.reached_re.fullmatch(text, change.figure.end, nxt.start) and _clause_ends(
                text, nxt.end, s1):
            return cur, nxt, None
        if len(before) < 2:
            return None
    if len(before) >= 2 and _right_before(text, before[-2].end, cur.start, p, head=True):
        return _delta(before[-2], cur, text, p)     # 2436件，比上年增加329件，增长15.6%
    if len(before) >= 2:                            # 由2107件增长到2436件，增长15.6%
        prev = before[-2]
        if p.to_re.fullmatch(text, prev.end, cur.start) and p.from_re.search(text, max(s0, prev.start - 8),
                                                                             prev.start):
            return prev, cur, None
        m = p.than_re.search(text, max(s0, cur.start - 10), cur.start)     # 2436件，比上年的2107件增长15.6%
        if m is not None and re.fullmatch(r"[，,]?", text[before[-2].end:m.start()]):
            return cur, before[-2], None
    if nxt is not None:         # …增长18.6%（2024年为2107件）, …下降18.3%，上年为58件
        m = p.bracket_re.fullmatch(text, change.figure.end, nxt.start)
        if m is not None and text[nxt.end:nxt.end + 1] in "）)" and _year_fits(text, s0, cur, m, year):
            return nxt, cur, None
        m = p.after_re.fullmatch(text, change.figure.end, nxt.start)
        if m is not None and _clause_ends(text, nxt.end, s1) and _year_fits(text, s0, cur, m, year):
            return nxt, cur, None
    return None


def _led_by_than(text: str, s0: int, cur: Quantity, before: list[Quantity], p: Params) -> bool:
    """比上年的2107件增长 with no figure of its own before it in the sentence: 2107件 is the previous figure."""
    return len(before) == 1 and p.than_re.search(text, max(s0, cur.start - 10), cur.start) is not None


def _clause_ends(text: str, pos: int, s1: int) -> bool:
    return pos >= s1 or text[pos] in "，,；;。）)\n"


def _year_fits(text: str, s0: int, cur: Quantity, m: re.Match[str], year: int | None) -> bool:
    """Is the year written for the previous figure (2024年为) the one before the current figure's year? The current
    figure's year is the last year the sentence writes before it; else the report year, which may have been read
    off this very year when the text says little else, so the report year itself passes too. 上年, 去年 fit."""
    written = re.match(_YEAR, m.group("label"))
    if written is None:
        return True
    base = int(written.group()[:4])
    years = re.findall(r"((?:19|20)\d\d)年", text[s0:cur.start])
    if years:
        return base == int(years[-1]) - 1
    return year is None or base in (year - 1, year)


def _right_before(text: str, end: int, at: int, p: Params, head: bool = False) -> bool:
    """Only a comma, a comparison and the direction word between a figure ending at ``end`` and the change
    figure (or, with ``head``, the difference "比上年增加329件", which must name its comparison) at ``at``."""
    gap = text[end:at]
    m = p.change_re.search(gap)
    if m is None or (head and not m.group("cmp")):
        return False
    return p.before_re.fullmatch(gap, 0, m.start()) is not None


def _delta(cur: Quantity, diff: Quantity, text: str, p: Params) -> tuple[Quantity, Quantity, str] | None:
    """The previous figure as the current one less the stated difference."""
    if _kind(p, diff) != _kind(p, cur) or _kind(p, cur) == "%" or diff.approximate:
        return None
    m = p.change_re.search(text, cur.end, diff.start)
    sign = 1 if m is not None and m.group("dir") in p.up else -1
    value = cur.value - sign * diff.value
    if value <= 0:
        return None
    label = f"{_like(text, cur, value)}（{text[cur.start:cur.end]}{'−' if sign > 0 else '＋'}" \
            f"{text[diff.start:diff.end]}）"
    prev = Quantity(diff.start, diff.end, diff.num_end, value, cur.decimals, cur.unit, False, False)
    return prev, cur, label


def _like(text: str, q: Quantity, value: Fraction) -> str:
    """``value`` written the way ``q`` is: 2104.6万元 for a figure written in 万."""
    big = text[q.num_end - 1:q.num_end]
    scale = {"万": 10_000, "亿": 100_000_000}.get(big, 1)
    return f"{fmt_number(value / scale, q.decimals)}{big if scale > 1 else ''}{q.unit}"


def _fits(stated: Quantity, lo: Fraction, hi: Fraction) -> bool:
    """Is some value in [lo, hi] ``stated`` when rounded half-up or truncated to its decimals?"""
    unit = Fraction(1, 10 ** stated.decimals)
    v = stated.value
    return hi >= 0 and lo < v + unit and hi >= v - unit / 2


def _half_ulp(text: str, q: Quantity) -> Fraction:
    """How far a figure as written may be from the figure it rounds: 0 for a whole count, 0.05 for 95.3%,
    500 for 2386.5万元."""
    if q.unit != "%" and q.decimals == 0 and text[q.num_end - 1:q.num_end] not in ("万", "亿"):
        return Fraction(0)
    scale = {"万": 10_000, "亿": 100_000_000}.get(text[q.num_end - 1:q.num_end], 1)
    return Fraction(scale, 2 * 10 ** q.decimals)


def _pct(value: Fraction, decimals: int) -> str:
    s = fmt_number(value, max(2, decimals + 1))
    return s.rstrip("0").rstrip(".") if "." in s else s


def _judge(text: str, change: Change, prev: Quantity, cur: Quantity, label: str | None, p: Params
           ) -> tuple[str, Finding] | None:
    if prev.approximate or cur.approximate or prev.value == 0 or _kind(p, prev) != _kind(p, cur):
        return None
    stated = change.figure
    d = stated.decimals
    rates = _kind(p, cur) == "%"
    ep, ec = _half_ulp(text, prev), _half_ulp(text, cur)
    if prev.value - ep <= 0:
        return None
    sign = change.sign
    rel = [(c - q) / q * 100 * sign for c in (cur.value - ec, cur.value + ec) for q in (prev.value - ep, prev.value + ep)]
    relative = (cur.value - prev.value) / prev.value * 100 * sign
    pts = [(cur.value - prev.value) * sign + e for e in (-ec - ep, ec + ep)]
    points = (cur.value - prev.value) * sign
    exact_rel, exact_pts = _fits(stated, relative, relative), _fits(stated, points, points)
    near_rel, near_pts = _fits(stated, min(rel), max(rel)), _fits(stated, min(pts), max(pts))
    quote = lambda q: text[q.start:q.end]           # noqa: E731 - a one-line helper
    args = {"change": change.word, "stated": quote(stated), "current": quote(cur), "previous": label or quote(prev)}
    if stated.unit in p.points and not rates:
        detail = (f"是两个数量，增减应写百分比（计算为{_pct(relative, d)}%），“百分点”只用于两个百分比之差")
        return "points", Finding(_span(stated), {**args, "detail": detail})
    if stated.unit in p.points:
        if exact_pts:
            return None
        if exact_rel:
            detail = (f"的相对增减是{_pct(relative, d)}%，所写的正是它；两者之差是{_pct(points, d)}个百分点，"
                      f"写“个百分点”时应为“{fmt_number(abs(points), d)}个百分点”")
            return "points", Finding(_span(stated), {**args, "detail": detail})
        return None if near_pts else ("mismatch", _mismatch(stated, args, points, d, "个百分点", sign))
    if exact_rel and (not rates or round_half_up(relative, d) == stated.value or not exact_pts):
        return None             # 提高5% from 90% to 95% (5.56% truncated) is the 5 points, not the 5.56%
    if rates and exact_pts:
        detail = (f"之差是{_pct(points, d)}个百分点，应写“{fmt_number(abs(points), d)}个百分点”"
                  f"（写百分比则是相对增减{_pct(relative, d)}%）")
        return "points", Finding(_span(stated), {**args, "detail": detail})
    return None if near_rel else ("mismatch", _mismatch(stated, args, relative, d, "%", sign))


def _span(q: Quantity) -> Span:
    return Span(q.start, q.end)


def _mismatch(stated: Quantity, args: dict[str, str], value: Fraction, d: int, unit: str, sign: int) -> Finding:
    if value < 0:
        actual = "下降" if sign > 0 else "增长"
        computed = f"{actual}{_pct(-value, d)}{unit}"
        return Finding(_span(stated), {**args, "computed": computed, "note": f"，方向与所写的“{args['change']}”相反",
                                       "expected": ""})
    expected = f"{fmt_number(value, d)}{unit}"
    return Finding(_span(stated), {**args, "computed": f"{_pct(value, d)}{unit}",
                                   "note": f"，按所写的精度应为“{expected}”", "expected": expected}, expected)
