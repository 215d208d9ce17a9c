"""The one reporting year, inferred once from what the report says: its title, its opening ("2025年，…",
"现将…2025年度…报告如下"), the years its body speaks of (the plan for next year left out) and its 成文日期
(the year before it). Every check reads `Outline.report_year`.

Title and 成文日期 agree: that year. Where they disagree, the year most of the four sources name wins, so a
title that says 2024 in a report whose opening, body and date say 2025 is one slip (date.title-year), and the
date is judged against 2025 (not also reported as late). Where title and date are alone against each other,
the later of the two wins: a title older than its date is last year's left in the template (date.title-year);
a title naming the year the report was signed in makes the date the slip (date.untimely: signed too early).
Two years or more apart with nothing else to decide, there is no reporting year (date.title-year still compares
title and date).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from ..model import Document, Span

YEAR_RE = re.compile(r"(20\d\d)\s*年")
# a title's year: 2025年, 2025年度, and "X 2024法治政府…" (no 年)
TITLE_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*(?:年|(?=法治|年度))")
OPENING_RE = re.compile(r"\s*((?:19|20)\d\d)\s*年度?\s*[，,]")
TRANSITION_RE = re.compile(r"现将[^。；;\n]{0,40}?(?<![\d—\-～~至到])((?:19|20)\d\d)\s*年度?(?!以来|至|到|底)"
                           r"[^。；;\n]{0,60}?(?:报告|汇报|总结)如下")
SOURCES = ("title", "date", "opening", "body")


def title_year(text: str, span: Span | None) -> int | None:
    if span is None:
        return None
    m = TITLE_YEAR_RE.search(text, span.start, span.end)
    return int(m.group(1)) if m else None


def date_year(date_text: str | None) -> int | None:
    """The year before the 成文日期's year, when every reading of the date agrees on one."""
    if not date_text:
        return None
    from ..text.dates import read_date

    years = {d.year for d in read_date(date_text).readings}
    return years.pop() - 1 if len(years) == 1 else None


def opening_year(text: str, spans: list[Span]) -> int | None:
    """The year the opening names: the transition "现将…2025年度…报告如下", else an opening "2025年，"."""
    for span in spans:
        m = TRANSITION_RE.search(text, span.start, span.end)
        if m:
            return int(m.group(1))
    for span in spans:
        m = OPENING_RE.match(text, span.start, span.end)
        if m:
            return int(m.group(1))
    return None


def body_year(text: str, body: Span, skip: Iterable[Span]) -> int | None:
    """The year the body speaks of most (the spans in `skip` — plan, title, date — left out); None on a tie."""
    years = Counter(int(m.group(1)) for m in YEAR_RE.finditer(text, body.start, body.end))
    for span in skip:
        years.subtract(int(m.group(1)) for m in YEAR_RE.finditer(text, span.start, span.end))
    counts = [(y, n) for y, n in years.most_common(2) if n > 0]
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def decide(votes: dict[str, int]) -> int | None:
    """The year from the sources' votes: title and date agreeing; else the year most sources name; in a tie
    between title and date, the later of the two (a title older than its date is last year's left in the
    template; a title naming the year the report was signed in is the year reported on, signed too early)."""
    title, date = votes.get("title"), votes.get("date")
    if title is not None and title == date:
        return title
    tally = Counter(votes.values())
    if not tally:
        return None
    best = max(tally.values())
    top = [y for y, n in tally.items() if n == best]
    if len(top) == 1:
        return top[0]
    if title in top and date in top:
        assert title is not None and date is not None
        return max(title, date) if abs(title - date) == 1 else None
    return next(votes[s] for s in SOURCES if votes.get(s) in top)


def votes_of(doc: Document, title: Span | None, date_text: str | None, opening: list[Span]) -> dict[str, int]:
    out = {"title": title_year(doc.text, title), "date": date_year(date_text),
           "opening": opening_year(doc.text, opening)}
    return {k: v for k, v in out.items() if v is not None}
