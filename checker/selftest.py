"""A rule tested on its own examples: every bad one must fire, every good one must stay silent.

A list rule's entries may carry their own examples: each entry's bad example must fire with that entry alone,
its good example must leave the whole rule silent; an entry limited to some report years is tried at a year
inside its range, and its bad example must stay silent at a year just outside it (that proves the limit)."""
from __future__ import annotations

import dataclasses
from typing import Any

from .engine import run
from .load.txt import document_from_text
from .model import Rule
from .outline import build_outline


def findings(rule: Rule[Any], text: str, report_year: int | None = None) -> list[Any]:
    doc = document_from_text(text, "<示例>", None)
    diagnostics, _ = run(doc, build_outline(doc, report_year=report_year), [rule])
    return diagnostics


def test_rule(rule: Rule[Any]) -> list[str]:
    problems = []
    if not rule.examples.bad and not rule.examples.good:
        problems.append("没有示例（examples.bad / examples.good）")
    year = _inside(rule.report_years)
    for i, ex in enumerate(rule.examples.bad, 1):
        if not findings(rule, ex, year):
            problems.append(f"错误示例 {i} 没有报出问题")
    for i, ex in enumerate(rule.examples.good, 1):
        found = findings(rule, ex, year)
        if found:
            problems.append(f"正确示例 {i} 报出了问题：{found[0].message}")
    return problems + test_entries(rule)


def test_entries(rule: Rule[Any]) -> list[str]:
    """The examples of a list rule's own entries (see the module's doc)."""
    built = getattr(rule.params, "built", ())
    raw = getattr(rule.params, "entries", ())
    problems = []
    for n, (entry, item) in enumerate(zip(built, raw), 1):
        name = f"条目 {entry.id or n}（{entry.source}）"
        alone = dataclasses.replace(rule, params=dataclasses.replace(rule.params, entries=(item,)),
                                    report_years=None)
        year = _inside(entry.years)
        for ex in entry.bad:
            if not findings(alone, ex, year):
                problems.append(f"{name}：错误示例“{ex}”没有报出问题")
            outside = _outside(entry.years)
            if outside is not None and findings(alone, ex, outside):
                problems.append(f"{name}：错误示例在适用年度之外（{outside}年）也报出了问题")
        for ex in entry.good:
            found = findings(dataclasses.replace(rule, report_years=None), ex, year)
            if found:
                problems.append(f"{name}：正确示例“{ex}”报出了问题：{found[0].message}")
    return problems


def _inside(years: tuple[int | None, int | None] | None) -> int | None:
    if years is None:
        return None
    first, last = years
    return first if first is not None else last


def _outside(years: tuple[int | None, int | None] | None) -> int | None:
    if years is None:
        return None
    first, last = years
    return first - 1 if first is not None else (last + 1 if last is not None else None)
