"""One report → one audit row (a JSON-able dict): what a worker process computes and the cache stores.

The row holds everything about the report that does not depend on the other reports or on --fail-on:
organ, title, year, counts, the four parts, the 成文日期 and publication date against the deadline, the
diagnostics (with rule titles and the line each is on), and the fingerprints of its long paragraphs for the
cross-report copy check (checker.audit.copies). Status, path and copied share are added by the audit.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import CheckerError, TransientInputError
from ..model import (
    MANDATED_PARTS,
    Diagnostic,
    Document,
    FileResult,
    Outline,
    Rule,
    Severity,
)
from ..runner import CheckOptions, check_document
from .copies import fingerprints
from .deadline import Deadlines, deadlines, late

PART_MISSING = "structure.part-missing"


def format_of(path: str) -> str | None:
    """The format a file is read as (txt, docx, html, pdf, doc, wps), by its suffix; None for one fzlint does
    not read."""
    from ..load import format_of as suffix_format

    return suffix_format(path)


def displayable(text: str) -> str:
    """A path (or a message naming one) as text that any output can hold: the bytes of a file name that are
    not UTF-8, which Python keeps as lone surrogates (PEP 383), become U+FFFD."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:          # a surrogate that stands for no byte
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def error_row(path: str, message: str, transient: bool = False) -> dict[str, Any]:
    """`transient`: the error may not happen again with the same content (a timeout, a worker that died, a read
    that failed), so the row must not be cached; an unreadable content (empty, corrupt, binary) is lasting.
    A file of a type fzlint does not read is marked `unsupported`."""
    from ..runner import is_unsupported

    return {"format": format_of(path), "error": message, "unsupported": is_unsupported(path), "organ": None, "title": None, "year": None,
            "errors": 0, "warnings": 0, "infos": 0, "parts": {p.value: None for p in MANDATED_PARTS},
            "date": None, "date_iso": None, "published": None, "deadline": None,
            "published_deadline": None, "timeliness": "unknown",
            "diagnostics": [], "paragraphs": [], "body_chars": 0, "body_hash": None,
            "transient": transient}


def check_row(path: str, rules: Sequence[Rule[Any]], options: CheckOptions, titles: dict[str, str]) -> dict[str, Any]:
    """Never raises: a file that cannot be read or checked gives an error row."""
    from ..load import load

    try:
        doc = load(path, options.limits)
    except TransientInputError as exc:      # LibreOffice missing or too slow this time: not cached
        return error_row(path, exc.message, transient=True)
    except CheckerError as exc:
        return error_row(path, exc.message)
    except OSError as exc:
        return error_row(path, f"无法读取文件（{exc.strerror or exc}）", transient=True)
    try:
        result = check_document(doc, rules, options)
        return build_row(doc, result, titles, deadlines(rules))
    except RecursionError:
        return error_row(path, "文档结构过深，无法检查")
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end an audit
        return error_row(path, f"检查时发生内部错误（{type(exc).__name__}: {exc}），请将此文件报告给 fzlint 维护者")


def build_row(doc: Document, result: FileResult, titles: dict[str, str],
              limits: Deadlines = Deadlines()) -> dict[str, Any]:
    """`limits`: the deadlines of the active pack (checker.audit.deadline.deadlines)."""
    outline = result.outline
    assert outline is not None
    title = _span_text(doc, outline.title)
    organ = _organ(title, _span_text(doc, outline.signature))
    year = outline.report_year or _reporting_year(doc, outline)
    date = outline.date.text.strip() if outline.date else None
    date_iso = _date_iso(date, year, outline.published)
    deadline, published_deadline = limits.for_year(year) if year else (None, None)
    counts = {s: sum(1 for d in result.diagnostics if d.severity == s) for s in Severity}
    paras, body_chars, body_hash = fingerprints(doc.text, [doc.paragraphs[i] for i in outline.paragraphs],
                                                doc.line_starts)
    return {
        "format": doc.format, "error": None, "unsupported": False, "organ": organ, "title": title, "year": year,
        "errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING], "infos": counts[Severity.INFO],
        "parts": parts_of(result.diagnostics),
        "date": date, "date_iso": date_iso.isoformat() if date_iso else None,
        "published": outline.published,
        "deadline": deadline.isoformat() if deadline else None,
        "published_deadline": published_deadline.isoformat() if published_deadline else None,
        "timeliness": timeliness(year, date_iso, outline.published, deadline, published_deadline),
        "diagnostics": [_diagnostic(d, result, titles) for d in result.diagnostics],
        "paragraphs": paras, "body_chars": body_chars, "body_hash": body_hash,
    }


def _span_text(doc: Document, span: Any) -> str | None:
    if span is None:
        return None
    text = re.sub(r"\s+", " ", doc.text[span.start:span.end]).strip()
    return text or None


def _organ(title: str | None, signature: str | None) -> str | None:
    """The organ the title names (what stands before 关于 or the year), else the signature."""
    from ..checks.title import title_organs

    if title:
        organs = title_organs(title)
        if organs:
            return " ".join(organs)
    return signature


def _reporting_year(doc: Document, outline: Outline) -> int | None:
    from ..checks.years import reporting_year

    return reporting_year(doc, outline)


def _date_iso(text: str | None, year: int | None, published: str | None) -> dt.date | None:
    if not text:
        return None
    from ..text.dates import most_likely, read_date

    return most_likely(read_date(text).readings, year, published)


def timeliness(year: int | None, date: dt.date | None, published: str | None, deadline: dt.date | None,
               published_deadline: dt.date | None = None) -> str:
    """late: the 成文日期 on or after its deadline or the publication on or after its own (the 成文日期's when
    not given), as date.untimely and date.published-late count them; undated: no readable 成文日期;
    unknown: the reporting year is not known."""
    if year is None or deadline is None:
        return "unknown"
    if late(date, deadline) or late(published, published_deadline or deadline):
        return "late"
    if date is None:
        return "undated"
    return "on_time"


def parts_of(diagnostics: Sequence[Diagnostic]) -> dict[str, str]:
    """missing: structure.part-missing names the part, at whatever severity (a pack that demotes it to info
    still finds the part missing); incomplete: another structure warning or error names it (an info such as the
    customary order of the parts says nothing about a part's content)."""
    out = {p.value: "present" for p in MANDATED_PARTS}
    for d in diagnostics:
        if str(d.category) != "structure" or d.part is None or d.part.value not in out:
            continue
        if d.rule == PART_MISSING:
            out[d.part.value] = "missing"
        elif out[d.part.value] == "present" and d.severity >= Severity.WARNING:
            out[d.part.value] = "incomplete"
    return out


def _diagnostic(d: Diagnostic, result: FileResult, titles: dict[str, str]) -> dict[str, Any]:
    item = d.to_dict()
    item["title"] = titles.get(d.rule, d.rule)
    item["context"] = result.context.get(d.line) if d.line is not None else None
    return item
