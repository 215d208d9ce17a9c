"""Paragraphs copied between reports: across organs, or unchanged from the same organ's previous year; and the
same report submitted twice.

Each report's long paragraphs (at least MIN_CJK Chinese characters once numbering, punctuation, spaces and
the years are set aside) are normalised and hashed in the worker (`fingerprints`), with one hash of the whole
body; the audit then groups the hashes of all reports in one dictionary (`detect`), so the work grows with the
number of paragraphs, not with the number of report pairs.

- Reports whose whole bodies are the same (years included) are one report submitted twice (重复提交): listed
  once as `duplicate`, and only the first of them (by path) is compared with the others; the rest take its
  copied share. Two copies of one file are not copying.
- A paragraph group shared by reports of two organs is a cross-organ copy (both sides get the copied share:
  which one copied cannot be told).
- A paragraph group shared by one organ's reports of consecutive years is a previous-year copy; only the newer
  report is the one that reused text, so only it gets the copied share.
- A paragraph held by more than `common_limit` organs (a fifth of the organs audited, at least COMMON_MIN) is
  common wording (通用表述: a quoted document, a template handed down) and not counted at all: listing it
  would mark nearly everyone as copying and bury the real copies. Copying proper is one organ taking another's
  text, a small cluster; three organs sharing an 80-character paragraph is still worth a look in a small
  county, and in a province audit of a thousand reports only text in more than two hundred organs is waved
  through.
- Reports of the same organ and year (the same report sent twice, revised, or in two formats) are not copies
  of each other.
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
COMMON_MIN = 3              # a paragraph in more organs than common_limit() is common wording (通用表述)
COMMON_PART = 5             # … and in more than one organ in COMMON_PART of those audited

LEAD_MARK_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}\s*[、.．]"
                          r"|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*[.．、]|[一二三四五六七八九十]是)\s*")
NOT_WORD_RE = re.compile(r"[\W_]+")
YEAR_RE = re.compile(r"(?:19|20)\d\d")
CJK_RE = re.compile(r"[\u3400-\u9fff]")


def words(text: str) -> str:
    """The words of a paragraph: no leading ordinal, punctuation, spaces; full-width folded."""
    s = unicodedata.normalize("NFKC", text)
    s = LEAD_MARK_RE.sub("", s, count=1)
    return NOT_WORD_RE.sub("", s)


def normalise(text: str) -> str:
    """The words of a paragraph (`words`) with the years as #."""
    return YEAR_RE.sub("#", words(text))


def fingerprints(text: str, paragraphs: Sequence[Any],
                 line_starts: Sequence[int]) -> tuple[list[list[Any]], int, str]:
    """([hash, start, end, line, length, snippet] for each long paragraph, the body's normalised length, a hash
    of the whole body's words, years included)."""
    import bisect

    out: list[list[Any]] = []
    total = 0
    seen: set[str] = set()
    body = hashlib.blake2b(digest_size=16)
    for p in paragraphs:
        raw = text[p.span.start:p.span.end]
        plain = words(raw)
        body.update(plain.encode("utf-8") + b"\x1f")
        norm = YEAR_RE.sub("#", plain)
        total += len(norm)
        if len(CJK_RE.findall(norm)) < MIN_CJK:
            continue
        digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=10).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        line = bisect.bisect_right(line_starts, p.span.start)
        out.append([digest, p.span.start, p.span.end, line, len(norm), raw.strip()[:SNIPPET]])
    return out, total, body.hexdigest() if total else ""


def common_limit(organs: int) -> int:
    """How many organs may share a paragraph before it counts as common wording rather than copying."""
    return max(COMMON_MIN, organs // COMMON_PART)       # n > organs // 5  ⇔  n > organs / 5


def detect(rows: Sequence[dict[str, Any]], limit: int = MAX_LISTED) -> tuple[list[dict[str, Any]], list[float]]:
    """(the copies and duplicates to list, duplicates first, then the most substantial, at most `limit`; each
    row's copied share 0..1).

    A row is a readable report's audit row: path, organ, year, title, paragraphs and body_hash (from
    `fingerprints`), body_chars."""
    stand_in = list(range(len(rows)))          # each row → the row compared in its place (itself, or its original)
    pairs: list[dict[str, Any]] = []
    bodies: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.get("body_hash"):
            bodies[row["body_hash"]].append(i)
    for same in bodies.values():
        same.sort(key=lambda i: rows[i]["path"])
        for i in same[1:]:
            stand_in[i] = same[0]
            pairs.append(_duplicate(rows, i, same[0]))
    compared = [i for i in range(len(rows)) if stand_in[i] == i]
    common = common_limit(len({_organ_key(rows[i]) for i in compared}))
    groups: dict[str, list[tuple[int, list[Any]]]] = defaultdict(list)
    for i in compared:
        for para in rows[i].get("paragraphs") or ():
            groups[para[0]].append((i, para))
    copied_chars = [0] * len(rows)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: rows[m[0]]["path"])
        organ = [_organ_key(rows[i]) for i, _ in members]
        if len(set(organ)) > common:
            continue                            # common wording, not copying
        years: dict[str, dict[int, int]] = defaultdict(dict)     # organ → year → first member with it
        for k, (i, _) in enumerate(members):
            year = rows[i].get("year")
            if year is not None:
                years[organ[k]].setdefault(year, k)
        first_other = _first_of_other_organ(organ)
        for k, (i, para) in enumerate(members):
            year = rows[i].get("year")
            prev = years[organ[k]].get(year - 1) if year is not None else None
            partner = first_other[k]
            if partner is None and prev is None:
                continue                        # (the older of a previous-year pair did not copy anything)
            copied_chars[i] += para[4]
            if prev is not None:
                pairs.append(_pair("previous_year", rows, members[k], members[prev]))
            if partner is not None:       # (the first two members name each other: _unique keeps one)
                pairs.append(_pair("cross_organ", rows, members[k], members[partner]))
    shares = [min(1.0, round(copied_chars[j] / rows[j]["body_chars"], 4)) if rows[j].get("body_chars") else 0.0
              for j in stand_in]
    pairs = _unique(pairs)
    pairs.sort(key=lambda p: (p["kind"] != "duplicate", -p["length"], p["kind"], p["a"]["path"], p["b"]["path"],
                              p["a"]["start"] or 0))
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


def _duplicate(rows: Sequence[dict[str, Any]], i: int, original: int) -> dict[str, Any]:
    """Row i is row `original` submitted again: the whole body, so no line or offsets."""
    paras = rows[i].get("paragraphs") or ()
    return {"kind": "duplicate", "length": rows[i].get("body_chars") or 0,
            "text": rows[i].get("title") or (paras[0][5] if paras else ""),
            "a": _whole(rows[i]), "b": _whole(rows[original])}


def _whole(row: dict[str, Any]) -> dict[str, Any]:
    return {"path": row["path"], "organ": row.get("organ"), "year": row.get("year"), "line": None, "start": None,
            "end": None}


def _place(row: dict[str, Any], para: list[Any]) -> dict[str, Any]:
    return {"path": row["path"], "organ": row.get("organ"), "year": row.get("year"), "line": para[3],
            "start": para[1], "end": para[2]}


def _unique(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in pairs:
        key = (p["kind"], *sorted(((p["a"]["path"], p["a"]["start"] or 0), (p["b"]["path"], p["b"]["start"] or 0))))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
