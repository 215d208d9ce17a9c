"""A cover letter (呈送函) in front of the report: its 文号, its addressee, "现将…报送…，请审阅", its own
signature and date, then the report with its own title (often unsigned, because the letter is signed).

It is recognised by what it does, not by its words alone: a short block that asks the addressee to receive or
read something (报送 / 呈送 / 请审阅 …), ended by a date, and followed by a report title. The checks then read
the report behind it; when the report itself is unsigned, the letter's signature and date count for it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..text.marks import ORDINAL_START_RE
from .closing import ATTACH_HEAD_RE, signature_lines
from .lines import NOTE_RE, is_date_line, is_organ_line, is_title

COVER_RE = re.compile(
    r"(?:现将|特将|兹将|随文|随函|一并)[^。；]{0,80}?(?:报送|呈送|呈报|报上|送上|印送|附后|寄送|转报)"
    r"|(?:请|敬请|恳请)(?:予以)?\s*(?:审阅|审示|审议|审定|查收|阅示|审核|批阅|阅处|收阅)")
MAX_PARAGRAPHS = 20       # a longer block before the first heading is not a letter


@dataclass(frozen=True, slots=True)
class Cover:
    start: int                      # first paragraph of the letter
    end: int                        # its date line
    signature: tuple[int, ...]      # its signature lines
    date: int


def find_cover(texts: list[str], first: int, skip: Callable[[int], bool],
               prev: Callable[[int], int | None]) -> Cover | None:
    """The cover letter that starts at or after paragraph `first`, if there is one."""
    seen = 0
    for d in range(first, len(texts)):
        t = texts[d]
        if not t.strip() or skip(d):
            continue
        if ORDINAL_START_RE.match(t) or seen > MAX_PARAGRAPHS:
            return None          # the report's headings begin: whatever came before was no letter
        seen += 1
        if not is_date_line(t):
            continue
        nxt = _next_title(texts, d + 1, skip)
        if nxt is None:
            continue
        start = next(i for i in range(first, d + 1) if texts[i].strip() and not skip(i))
        block = "\n".join(texts[start:d])
        if COVER_RE.search(block) is None:
            continue
        return Cover(start, d, signature_lines(texts, prev(d - 1), start, set(), prev), d)
    return None


def _next_title(texts: list[str], i: int, skip: Callable[[int], bool]) -> int | None:
    """The report title that follows a date (attachment headers and notes between them skipped; a title over
    several lines starts with organ lines)."""
    organs = 0
    while i < len(texts):
        t = texts[i].strip()
        if not t or skip(i) or NOTE_RE.match(t) or (ATTACH_HEAD_RE.match(t) and len(t) <= 6):
            i += 1
            continue
        if is_title(t):
            return i
        if is_organ_line(t) and organs < 2:
            organs += 1
            i += 1
            continue
        return None
    return None
