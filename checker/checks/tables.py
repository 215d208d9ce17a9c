"""A table's 合计 / 总计 row or column recomputed from the cells it adds up.

Tables come from the loader (``Document.meta["tables"]``: .docx and web-page tables) and from plain-text lines
cut into cells (text.tables). A total row is a row whose label (first or second column) is a total word; it adds
up the data rows above it (or, right under the header, the rows below it), column by column. A total column is a
header cell with a total word; it adds up the columns on its one side (those after it when it comes first, those
before it when it comes last). Nothing is recomputed where the sum would not be the total: a table with 小计
rows, rows or columns of a breakdown (其中), a column whose header is a rate, a share, an average or a change
(率, 占, 平均, 同比 …), components of different units (（件） beside （万元）), a cell that is not a plain number,
fewer than two components. Figures with decimals may differ from their sum by the rounding of each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, Iterator

from ..errors import ParamError
from ..model import Document, Finding, Outline, Rule, Span, Table
from ..text.quantities import fmt_number
from ..text.tables import text_tables

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_NUMBER = re.compile(r"[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_UNIT_IN_HEADER = re.compile(r"[（(]([^（()）]{1,6})[)）]")
_SPACES = re.compile(r"[\s\u3000]+")
MAX_TERMS = 8           # terms written out in the message; more are shown as …


@dataclass(frozen=True, slots=True)
class Params:
    totals: tuple[str, ...] = ()
    subtotals: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    not_additive: tuple[str, ...] = ()
    blanks: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    number_re: Any = field(default=None, compare=False, repr=False)
    SCHEMA: ClassVar[dict[str, Any]] = {
        "properties": {
            "totals": {**_WORDS, "minItems": 1, "description": "合计行的标签、合计列的表头（合计、总计…）"},
            "subtotals": {**_WORDS, "description": "有这些行（小计）的表格层层相加，不核对"},
            "parts": {**_WORDS, "description": "以这些词开头的行或列（其中）只是一部分，所在的合计不核对"},
            "not_additive": {**_WORDS, "description": "表头含这些词（率、占比、平均、同比…）的列或行不能相加，不核对"},
            "blanks": {**_WORDS, "description": "表示零或空缺的写法（—、/、-），按0相加"},
            "units": {**_WORDS, "description": "单元格里数字后允许跟的单位（件、人…）"},
        },
        "required": ["totals"]}

    def __post_init__(self) -> None:
        for name in ("totals", "subtotals", "parts", "not_additive", "blanks", "units"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.totals:
            raise ParamError("totals", "totals 不能为空，否则这条规则永远不会触发")
        units = "|".join(re.escape(u) for u in sorted(set(self.units), key=len, reverse=True))
        object.__setattr__(self, "number_re", re.compile(
            f"(?P<n>{_NUMBER.pattern})" + (f"(?:{units})?" if units else "")))


@dataclass(frozen=True, slots=True)
class _Grid:
    table: Table
    text: dict[tuple[int, int], str]
    span: dict[tuple[int, int], Span]
    rows: int
    columns: int

    @classmethod
    def of(cls, doc: Document, table: Table) -> "_Grid":
        text = {(c.row, c.column): _SPACES.sub("", doc.text[c.span.start:c.span.end]) for c in table.cells}
        span = {(c.row, c.column): c.span for c in table.cells}
        return cls(table, text, span, max((c.row for c in table.cells), default=0),
                   max((c.column for c in table.cells), default=0))

    def get(self, r: int, c: int) -> str:
        return self.text.get((r, c), "")


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    p = rule.params
    tables = list(doc.meta.get("tables", ()))
    paragraphs = [doc.paragraphs[i] for i in outline.paragraphs]
    tables += list(text_tables(doc.text, paragraphs))
    for table in tables:
        grid = _Grid.of(doc, table)
        if grid.rows < 3 or any(grid.get(r, c) in p.subtotals for r in range(1, grid.rows + 1) for c in (1, 2)):
            continue
        yield from _total_rows(grid, p)
        yield from _total_columns(grid, p)


def _number(p: Params, s: str) -> tuple[Fraction, int] | None:
    m = p.number_re.fullmatch(s)
    if m is None:
        return None
    raw = m.group("n").replace(",", "")
    return Fraction(raw), len(raw.partition(".")[2])


def _header_end(grid: _Grid, p: Params) -> int:
    """The first row holding a number outside its label columns (rows before it are the header)."""
    for r in range(1, grid.rows + 1):
        if any(_number(p, grid.get(r, c)) is not None for c in range(2, grid.columns + 1)):
            return r
    return grid.rows + 1


def _is_total(p: Params, s: str) -> bool:
    return s.rstrip("：:") in p.totals


def _label(grid: _Grid, r: int) -> str:
    return grid.get(r, 1) or grid.get(r, 2)


def _total_rows(grid: _Grid, p: Params) -> Iterator[Finding]:
    head = _header_end(grid, p)
    totals = [r for r in range(head, grid.rows + 1) if _is_total(p, grid.get(r, 1)) or _is_total(p, grid.get(r, 2))]
    for n, r in enumerate(totals):
        if r == head:
            stop = totals[n + 1] if n + 1 < len(totals) else grid.rows + 1
            data = list(range(r + 1, stop))
        else:
            start = totals[n - 1] + 1 if n else head
            data = list(range(start, r))
        if len(data) < 2 or any(_label(grid, d).startswith(p.parts) for d in data if p.parts):
            continue
        label_col = 1 if _is_total(p, grid.get(r, 1)) else 2
        for c in range(label_col + 1, grid.columns + 1):
            header = "".join(grid.get(h, c) for h in range(1, head))
            if any(w in header for w in p.not_additive):
                continue
            yield from _compare(grid, p, (r, c), [(d, c) for d in data], grid.get(r, label_col))


def _total_columns(grid: _Grid, p: Params) -> Iterator[Finding]:
    head = _header_end(grid, p)
    if head < 2:
        return
    for c in range(2, grid.columns + 1):
        if not any(_is_total(p, grid.get(h, c)) for h in range(1, head)):
            continue
        numeric = [k for k in range(2, grid.columns + 1)
                   if any(_number(p, grid.get(r, k)) is not None for r in range(head, grid.rows + 1))]
        if c not in numeric:
            continue
        if c == numeric[0]:
            parts = [k for k in numeric if k > c]
        elif c == numeric[-1]:
            parts = [k for k in numeric if k < c]
        else:
            continue
        headers = ["".join(grid.get(h, k) for h in range(1, head)) for k in parts]
        if (len(parts) < 2 or any(w in h for h in headers for w in p.not_additive)
                or any(h.startswith(p.parts) or any(w in h for w in p.parts) for h in headers if p.parts)
                or len({u for h in headers for u in _UNIT_IN_HEADER.findall(h)}) > 1):
            continue
        what = next(grid.get(h, c) for h in range(1, head) if _is_total(p, grid.get(h, c)))
        for r in range(head, grid.rows + 1):
            yield from _compare(grid, p, (r, c), [(r, k) for k in parts], what)


def _compare(grid: _Grid, p: Params, total_at: tuple[int, int], cells: list[tuple[int, int]], what: str
             ) -> Iterator[Finding]:
    total = _number(p, grid.get(*total_at))
    if total is None:
        return
    values: list[tuple[Fraction, int, str]] = []
    for at in cells:
        s = grid.get(*at)
        if s in p.blanks or s == "":
            continue
        v = _number(p, s)
        if v is None:
            return          # a cell that is no plain number: not a sum we can redo
        values.append((v[0], v[1], s))
    if len(values) < 2:
        return
    decimals = max([total[1]] + [d for _, d, _ in values])
    got = sum((v for v, _, _ in values), Fraction(0))
    slack = Fraction(len(values) + 1, 2 * 10 ** decimals) if decimals else Fraction(0)
    if abs(got - total[0]) <= slack:
        return
    shown = [s for _, _, s in values]
    terms = "＋".join(shown[:MAX_TERMS]) + ("＋…" if len(shown) > MAX_TERMS else "")
    r, c = total_at
    yield Finding(grid.span[total_at], {
        "cell": f"{grid.table.name}第{r}行第{c}列", "what": what, "stated": grid.get(*total_at),
        "computed": fmt_number(got, decimals), "terms": terms, "items": str(len(values))})
