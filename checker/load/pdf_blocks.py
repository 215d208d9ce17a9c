"""From a PDF's lines (checker.load.pdf_layout) to the paragraphs an author typed, and the cells of its tables.

- **Paragraphs**: a line is joined to the one before when that one was broken for want of room (what starts
  this line would not have fitted at its end, by the Chinese line-breaking rules: no line ends on an opening
  mark or begins with a closing one, a number is not split), this one starts at the left edge of the text
  block (no first-line indent) or is centred under a full-width line of the same size (a title over two
  lines), both have the same font size, and they stand one line apart (or at the bottom and top of
  consecutive pages). A line that ends a sentence is not joined to one that begins with a heading number.
  Short lines (headings, the signature, the date) end their paragraph, so headings stay lines of their own.
- **Tables**: lines at the same height side by side are one row; a row split by wide gaps into cells, with
  the lines under it that fall inside one column (a cell's text wrapped), makes a table when two rows or
  more follow each other or a cell wraps. Each cell is then a paragraph of its own, row by row, as the .docx
  loader reads a table. A lone line with a wide gap (a tab stop) stays one paragraph, the gap a tab.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from .pdf_layout import Cell, Line, furniture, pitch

FULL = 1.5                  # without a next line to judge by, a line within this many characters of the right edge
INDENT = 0.5                # a line starting more than this many characters right of the left edge is indented
SAME_ROW = 0.4              # lines whose heights differ by less than this many characters are one table row
OWN_FRAME = 8               # a page with this many lines of text has its own text block; else the document's
SENTENCE_END = "。！？!?；;：:"
HEADING_START_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、]"
                              r"|第[一二三四五六七八九十]+[部章节])")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph: its text, the page it starts on, where on it, and the layout hints the outline uses."""

    text: str
    page: int
    bold: bool
    align: str | None
    where: str = ""             # "表格1第2行第1列" for a table cell


@dataclass(frozen=True, slots=True)
class _Frame:
    left: float
    right: float


def _frame(lines: list[Line]) -> _Frame | None:
    """The text block of a page: its right edge (where most long lines end: lines set right, hanging
    punctuation and table borders aside) and its left edge (where most of the lines reaching it start)."""
    sized = [ln for ln in lines if len(ln.cells) == 1 and len(ln.text) >= 4]
    if not sized:
        return None
    ends = sorted(ln.x1 for ln in sized)
    right = max(ends, key=lambda v: (bisect.bisect_right(ends, v + 1.0) - bisect.bisect_left(ends, v - 1.0), v))
    full = [ln for ln in sized if ln.x1 >= right - FULL * ln.size]
    starts = Counter(round(ln.x0) for ln in full)
    left = float(min(starts.most_common(), key=lambda kv: (-kv[1], kv[0]))[0]) if starts else min(ln.x0 for ln in sized)
    left = min(left, min((ln.x0 for ln in full), default=left))
    return _Frame(left, right)


def _full(line: Line, frame: _Frame, following: Line | None = None) -> bool:
    """The line was broken for want of room: what starts the next line would not have fitted at its end
    (without a next line: it comes within FULL characters of the right edge). It starts near the left edge."""
    room = frame.right - line.x1
    need = following.lead + 0.3 * following.size if following is not None else FULL * line.size
    return room < need and line.x0 <= frame.left + 4 * line.size


def _at_left(line: Line, frame: _Frame) -> bool:
    return line.x0 <= frame.left + INDENT * line.size


def _centred(line: Line, frame: _Frame) -> bool:
    return (abs((line.x0 + line.x1) / 2 - (frame.left + frame.right) / 2) < line.size and not _at_left(line, frame)
            and line.x1 < frame.right - FULL * line.size)


def _joins(prev: Line, line: Line, frames: dict[int, _Frame | None], step: float, across: bool) -> bool:
    """``across``: prev ends its page and line begins the next."""
    frame, here = frames.get(prev.page), frames.get(line.page)
    if frame is None or here is None or len(prev.cells) > 1 or len(line.cells) > 1:
        return False
    if abs(prev.size - line.size) > 0.5 or not _full(prev, frame, line):
        return False
    if not (_at_left(line, here) or (_centred(line, here) and prev.x0 <= frame.left + INDENT * prev.size)):
        return False
    if prev.page == line.page:
        if not 0 < prev.y - line.y <= 1.6 * max(step, prev.size):
            return False
    elif not across:
        return False
    return not (prev.text.rstrip()[-1:] in SENTENCE_END and HEADING_START_RE.match(line.text))


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _glue(a: str, b: str) -> str:
    """Two lines of one paragraph: a space between them only where Latin text was wrapped at one."""
    latin = a[-1:].isascii() and a[-1:].strip() and b[:1] and _word(b[0])
    return a + (" " if latin else "") + b


def _align(line: Line, frame: _Frame | None) -> str | None:
    if frame is None:
        return None
    if _centred(line, frame):
        return "center"
    if line.x1 >= frame.right - line.size and line.x0 > frame.left + 4 * line.size:
        return "right"
    return None


# ---------------------------------------------------------------- rows and tables

def rows(lines: list[Line]) -> list[Line]:
    """Lines at the same height, side by side, merged into one line of cells (a table row)."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        if (last is not None and abs(last.y - line.y) < SAME_ROW * max(last.size, line.size)
                and (line.x0 > last.x1 or line.x1 < last.x0)):
            cells = tuple(sorted(last.cells + line.cells, key=lambda c: c.x0))
            out[-1] = Line(last.page, cells, max(last.y, line.y), last.size, last.bold and line.bold)
        else:
            out.append(line)
    return out


@dataclass
class _Table:
    """A table being read: its rows of cell texts, the column edges of its last row, and how far it got."""

    page: int
    cells: list[list[str]]
    columns: list[tuple[float, float]]
    y: float
    wrapped: bool = False


def _column(line: Line, columns: list[tuple[float, float]]) -> int | None:
    """The column a one-cell line falls inside (the wrapped text of a cell), if any."""
    tolerance = INDENT * line.size
    for c, (x0, _) in enumerate(columns):
        following = columns[c + 1][0] if c + 1 < len(columns) else float("inf")
        if x0 - tolerance <= line.x0 and line.x1 < following:
            return c
    return None


def _flows(lines: list[Line], step: float) -> list[Line | _Table]:
    """The page's lines, with each table read into a _Table."""
    out: list[Line | _Table] = []
    table: _Table | None = None
    for line in rows(lines):
        if table is not None:
            gap = table.y - line.y
            if len(line.cells) > 1 and 0 < gap <= 3 * max(step, line.size):
                table.cells.append([c.text for c in line.cells])
                table.columns, table.y = _edges(line.cells), line.y
                continue
            c = _column(line, table.columns) if len(line.cells) == 1 and 0 < gap <= 1.6 * max(step, line.size) else None
            if c is not None and c < len(table.cells[-1]):
                table.cells[-1][c] = _glue(table.cells[-1][c], line.text)
                table.y, table.wrapped = line.y, True
                continue
            out.append(table)
            table = None
        if len(line.cells) > 1:
            table = _Table(line.page, [[c.text for c in line.cells]], _edges(line.cells), line.y)
            out.append(line)        # stands for the table until it proves to be one
            continue
        out.append(line)
    if table is not None:
        out.append(table)
    return [item for i, item in enumerate(out) if not _replaced(out, i)]


def _replaced(items: list[Line | _Table], i: int) -> bool:
    """A row line followed by the _Table it started, when that is a real table (two rows, or a wrapped cell):
    the line gives way to the table; else the table gives way to the line."""
    item = items[i]
    if isinstance(item, _Table):
        return not _is_table(item)
    following = items[i + 1] if i + 1 < len(items) else None
    return isinstance(following, _Table) and _is_table(following)


def _is_table(table: _Table) -> bool:
    return len(table.cells) > 1 or table.wrapped


def _edges(cells: tuple[Cell, ...]) -> list[tuple[float, float]]:
    return [(c.x0, c.x1) for c in cells]


# ---------------------------------------------------------------- blocks

def blocks(pages: list[list[Line]]) -> tuple[list[Block], list[tuple[str, str]]]:
    """The paragraphs of the pages' lines (page furniture left out), and the furniture's (where, text)."""
    dropped, texts = furniture(pages)
    kept = [[ln for i, ln in enumerate(lines) if (p, i) not in dropped] for p, lines in enumerate(pages)]
    whole = _frame([ln for lines in kept for ln in lines])
    frames = {p: _frame(lines) if sum(len(ln.text) >= 4 for ln in lines) >= OWN_FRAME else whole
              for p, lines in enumerate(kept)}
    step = pitch(kept)
    out: list[Block] = []
    prev: Line | None = None
    prev_last = False
    tables = 0
    for p, lines in enumerate(kept):
        flow = _flows(lines, step)
        for i, item in enumerate(flow):
            if isinstance(item, _Table):
                tables += 1
                out += [Block(text, item.page, False, None, f"表格{tables}第{r}行第{c}列")
                        for r, row in enumerate(item.cells, 1) for c, text in enumerate(row, 1)]
                prev = None
                continue
            across = prev is not None and prev.page + 1 == p and i == 0 and prev_last
            if prev is not None and out and _joins(prev, item, frames, step, across):
                last = out[-1]
                frame = frames[p]
                align = "center" if frame is not None and _centred(item, frame) else last.align   # a title on two lines
                out[-1] = Block(_glue(last.text, item.text), last.page, last.bold and item.bold, align)
            else:
                out.append(Block(item.text, item.page, item.bold, _align(item, frames.get(p))))
            prev, prev_last = item, i == len(flow) - 1
    return out, texts


__all__ = ["Block", "blocks", "rows"]
