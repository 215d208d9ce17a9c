"""The tables of a web page's article as rows and columns (Document.meta["tables"], model.Table).

Each <td>/<th> is a line of its own (html_content makes every cell a block); this module finds, for the lines
that sit in a cell, the cell's row and column in its table's grid, counting colspan and rowspan the way a
browser lays them out. Only tables with a line in the document are kept; they are named 表格1, 表格2 … in order.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..model import Span, Table, TableCell

MAX_SPAN = 1000          # a colspan/rowspan larger than this is a broken page: read as 1


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _cell_of(el: Any) -> Any:
    """The <td>/<th> an element is in (itself included), not looking past the nearest <table>."""
    while el is not None:
        tag = _tag(el)
        if tag in ("td", "th"):
            return el
        if tag == "table":
            return None
        el = el.getparent()
    return None


def _table_of(el: Any) -> Any:
    el = el.getparent()
    while el is not None and _tag(el) != "table":
        el = el.getparent()
    return el


def _span_attr(el: Any, name: str) -> int:
    try:
        n = int((el.get(name) or "1").strip())
    except ValueError:
        return 1
    return n if 1 <= n <= MAX_SPAN else 1


def _positions(table: Any) -> dict[Any, tuple[int, int]]:
    """(row, column), 1-based, of every cell of ``table`` (not of tables nested in it)."""
    rows = [tr for tr in table.iter("tr") if _table_of(tr) is table]
    taken: set[tuple[int, int]] = set()
    out: dict[Any, tuple[int, int]] = {}
    for r, tr in enumerate(rows, 1):
        c = 1
        for cell in tr:
            if _tag(cell) not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            out[cell] = (r, c)
            width, height = _span_attr(cell, "colspan"), _span_attr(cell, "rowspan")
            for dr in range(height):
                for dc in range(width):
                    taken.add((r + dr, c + dc))
            c += width
    return out


def tables_of(elements: Sequence[Any], spans: Sequence[Span]) -> tuple[Table, ...]:
    """``elements[i]`` is the element line i starts in and ``spans[i]`` its paragraph's span."""
    cells: dict[Any, list[Span]] = {}
    for element, span in zip(elements, spans):
        cell = _cell_of(element) if element is not None else None
        if cell is not None:
            cells.setdefault(cell, []).append(span)
    order: list[Any] = []
    for cell in cells:
        table = _table_of(cell)
        if table is not None and table not in order:
            order.append(table)
    out = []
    for n, table in enumerate(order, 1):
        where = _positions(table)
        found = tuple(TableCell(*where[cell], Span(s[0].start, s[-1].end))
                      for cell, s in cells.items() if cell in where)
        out.append(Table(f"表格{n}", found))
    return tuple(out)
