"""Paragraphs copied between reports: across organs, or unchanged from the same organ's previous year.

Each report's long paragraphs (at least MIN_CJK Chinese characters once numbering, punctuation, spaces and
the years are set aside) are normalised and hashed in the worker (`fingerprints`); the audit then groups the
hashes of all reports in one dictionary (`detect`), so the work grows with the number of paragraphs, not
with the number of report pairs. A group shared by reports of two organs is a cross-organ copy; a group
shared by one organ's reports of consecutive years is a previous-year copy. Reports of the same organ and
year (the same report sent twice, in two formats) are not copies of each other.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

MIN_CJK = 80
SNIPPET = 120
MAX_LISTED = 500

LEAD_MARK_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}\s*[、.．]"
                          r"|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*[.．、]|[一二三四五六七八九十]是)\s*")
NOT_WORD_RE = re.compile(r"[\W_]+")
YEAR_RE = re.compile(r"(?:19|20)\d\d")
CJK_RE = re.compile(r"[\u3400-\u9fff]")


def normalise(text: str) -> str:
    """The words of a paragraph: no leading ordinal, punctuation, spaces; full-width folded; years as #."""
    s = unicodedata.normalize("NFKC", text)
    s = LEAD_MARK_RE.sub("", s, count=1)
    s = NOT_WORD_RE.sub("", s)
    return YEAR_RE.sub("#", s)


def fingerprints(text: str, paragraphs: Sequence[Any], line_starts: Sequence[int]) -> tuple[list[list[Any]], int]:
    """([hash, start, end, line, length, snippet] for each long paragraph, the body's normalised length)."""
    import bisect

    out: list[list[Any]] = []
    total = 0
    seen: set[str] = set()
    for p in paragraphs:
        raw = text[p.span.start:p.span.end]
        norm = normalise(raw)
        total += len(norm)
        if len(CJK_RE.findall(norm)) < MIN_CJK:
            continue
        digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=10).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        line = bisect.bisect_right(line_starts, p.span.start)
        out.append([digest, p.span.start, p.span.end, line, len(norm), raw.strip()[:SNIPPET]])
    return out, total


def detect(rows: Sequence[dict[str, Any]], limit: int = MAX_LISTED) -> tuple[list[dict[str, Any]], list[float]]:
    """(the copies to list, most substantial first and at most `limit`; each row's copied share 0..1).

    A row is a readable report's audit row: path, organ, year, paragraphs (from `fingerprints`), body_chars."""
    groups: dict[str, list[tuple[int, list[Any]]]] = defaultdict(list)
    for i, row in enumerate(rows):
        for para in row.get("paragraphs") or ():
            groups[para[0]].append((i, para))
    copied_chars = [0] * len(rows)
    pairs: list[dict[str, Any]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: rows[m[0]]["path"])
        organ = [_organ_key(rows[i]) for i, _ in members]
        years: dict[str, dict[int, int]] = defaultdict(dict)     # organ → year → first member with it
        for k, (i, _) in enumerate(members):
            year = rows[i].get("year")
            if year is not None:
                years[organ[k]].setdefault(year, k)
        first_other = _first_of_other_organ(organ)
        for k, (i, para) in enumerate(members):
            year = rows[i].get("year")
            prev = years[organ[k]].get(year - 1) if year is not None else None
            next_ = years[organ[k]].get(year + 1) if year is not None else None
            partner = first_other[k]
            if partner is None and prev is None and next_ is None:
                continue
            copied_chars[i] += para[4]
            if prev is not None:
                pairs.append(_pair("previous_year", rows, members[k], members[prev]))
            if partner is not None:       # (the first two members name each other: _unique keeps one)
                pairs.append(_pair("cross_organ", rows, members[k], members[partner]))
    shares = [min(1.0, round(c / rows[i]["body_chars"], 4)) if rows[i].get("body_chars") else 0.0
              for i, c in enumerate(copied_chars)]
    pairs = _unique(pairs)
    pairs.sort(key=lambda p: (-p["length"], p["kind"], p["a"]["path"], p["b"]["path"], p["a"]["start"]))
    return pairs[:limit], shares


def _organ_key(row: dict[str, Any]) -> str:
    organ = row.get("organ")
    return re.sub(r"\s+", "", organ) if organ else f"?{row['path']}"


def _first_of_other_organ(organ: list[str]) -> list[int | None]:
    """For each member, the first member (in path order) of another organ, if any."""
    first = 0
    second = next((k for k, o in enumerate(organ) if o != organ[first]), None)
    return [(second if o == organ[first] else first) for o in organ]


def _pair(kind: str, rows: Sequence[dict[str, Any]], a: tuple[int, list[Any]], b: tuple[int, list[Any]]) -> dict[str, Any]:
    return {"kind": kind, "length": a[1][4], "text": a[1][5],
            "a": _place(rows[a[0]], a[1]), "b": _place(rows[b[0]], b[1])}


def _place(row: dict[str, Any], para: list[Any]) -> dict[str, Any]:
    return {"path": row["path"], "organ": row.get("organ"), "year": row.get("year"), "line": para[3],
            "start": para[1], "end": para[2]}


def _unique(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in pairs:
        key = (p["kind"], *sorted(((p["a"]["path"], p["a"]["start"]), (p["b"]["path"], p["b"]["start"]))))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
