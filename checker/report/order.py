"""The order a human reads a file's findings in (rich and concise output; machine formats keep the engine's).

- ``importance`` (default): the errors about the document as a whole first — a missing part, a missing or
  wrong signature or 成文日期, a missing title — then everything else in text order. They decide whether
  the report can go out at all, and they have no line to be found at while reading down the text.
- ``position``: text order (findings with no place first), as the engine gives them.
- ``severity``: errors, then warnings, then information; text order within each.
"""
from __future__ import annotations

from typing import Sequence

from ..model import Category, Diagnostic, FileResult, Severity

SORTS = ("importance", "position", "severity")
DOCUMENT_CATEGORIES = {Category.STRUCTURE, Category.SIGNATURE}


def document_level(d: Diagnostic, r: FileResult) -> bool:
    """An error about the document as a whole rather than a place in its text."""
    if d.severity is not Severity.ERROR:
        return False
    if d.span is None or d.category in DOCUMENT_CATEGORIES:
        return True
    o = r.outline
    if d.category is Category.DATE and o is not None:      # the 成文日期 line or the title's year
        return any(s is not None and s.start <= d.span.start < s.end
                   for s in (o.date.span if o.date else None, o.title))
    return False


def ordered(r: FileResult, sort: str = "importance") -> Sequence[Diagnostic]:
    ds = r.diagnostics
    if sort == "position":
        return ds
    if sort == "severity":
        return sorted(ds, key=lambda d: -d.severity)                 # stable: text order within a severity
    return sorted(ds, key=lambda d: not document_level(d, r))


__all__ = ["SORTS", "document_level", "ordered"]
