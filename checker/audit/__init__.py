"""`fzlint audit`: every report in one or more folders checked in parallel, cached, compared with each other,
and summed up in one JSON-able result (the contract the HTML page, the tables and the command line share).

    from checker.audit import AuditOptions, audit
    result = audit(["2025年度报告"], AuditOptions(jobs=2))

A file that cannot be read, that makes a worker crash, or that takes longer than `timeout` seconds is an
error row; it never ends the audit. Nothing here imports python-docx, lxml or openpyxl at import time.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load.limits import DEFAULT_TIMEOUT
from ..runner import walk

Progress = Callable[[int, int, str], None]          # (files done, files in all, the path just done)


@dataclass(frozen=True, slots=True)
class AuditOptions:
    jobs: int | None = None             # worker processes; None: the configuration's jobs, else one per CPU
    timeout: float = DEFAULT_TIMEOUT    # seconds one file may take before it is stopped
    use_cache: bool = True
    cache_dir: str | None = None        # default $XDG_CACHE_HOME/fzlint or ~/.cache/fzlint
    fail_on: str | None = None          # error | warning | info | never; None: the configuration's, else error
    packs: tuple[str, ...] = ()
    config: str | None = None
    isolated: bool = False
    report_year: int | None = None
    max_size: str | None = None         # "50MB", "0" (no limit); None: the configuration's, else 10 MB
    progress: Progress | None = None
    cwd: str | None = None              # where the configuration file is looked for (default: the working dir)


def audit(paths: Sequence[str], options: AuditOptions = AuditOptions()) -> dict[str, Any]:
    """The audit result (see the module docstring). Raises CheckerError for a bad configuration or pack."""
    from .. import __version__
    from ..suppress import UNUSED_RULE, rule_meta
    from ..session import Flags, open_session
    from .cache import Cache, content_key, default_dir, fingerprint
    from .copies import detect
    from .deadline import deadlines
    from .pool import Pool
    from .row import displayable, error_row
    from .summary import rank, status, summarize

    started = time.perf_counter()
    flags = Flags(packs=options.packs, config=options.config, isolated=options.isolated,
                  report_year=options.report_year, max_size=options.max_size)
    session = open_session(flags, Path(options.cwd) if options.cwd else Path.cwd(), one_organ=False)
    settings = session.settings
    key = fingerprint(session.packs, session.rules, settings)
    fail_on = options.fail_on or session.fail_on
    walked = walk(paths, session.skip)
    entries = walked.entries
    titles = {r.id: r.title for r in session.rules}
    titles[UNUSED_RULE] = rule_meta()["title"]
    cache = Cache(Path(options.cache_dir) if options.cache_dir else default_dir(), options.use_cache)
    per_path = bool(settings.per_file_ignores)
    rows: list[dict[str, Any] | None] = [None] * len(entries)
    keys: list[str | None] = [None] * len(entries)
    todo: list[tuple[int, str]] = []
    cached = 0
    done = 0
    total = len(entries)

    def finished(i: int, row: dict[str, Any]) -> None:
        nonlocal done
        rows[i] = row
        done += 1
        if options.progress:
            options.progress(done, total, entries[i][0])

    if options.progress:
        options.progress(0, total, "")
    for i, (path, error) in enumerate(entries):
        if error:
            finished(i, error_row(path, error))
            continue
        keys[i] = content_key(path, key, per_path) if options.use_cache else None
        hit = cache.get(keys[i])
        if hit is not None:
            cached += 1
            finished(i, hit)
        else:
            todo.append((i, path))

    def checked_one(i: int, row: dict[str, Any]) -> None:
        if not row.get("transient"):          # a timeout or a dead worker: checked afresh next time
            cache.put(keys[i], row)
        finished(i, row)

    if todo:
        # --jobs, else the configuration's jobs (0 or auto: one per CPU), else one per CPU
        jobs = options.jobs or settings.jobs or os.cpu_count() or 1
        Pool(jobs, options.timeout, session.rules, _within(session.options, options.timeout), titles).run(
            todo, checked_one)

    base = _base(paths)
    reports = []
    for (path, _), row in zip(entries, rows):
        assert row is not None
        report = {"path": displayable(_relative(path, base)), **row}
        if report.get("error"):
            report["error"] = displayable(report["error"])
        report["status"] = status(report, fail_on)
        reports.append(report)
    readable = [r for r in reports if r["status"] != "error"]
    copies, shares = detect(readable)
    for r, share in zip(readable, shares):
        r["copied_share"] = share
    for r in reports:
        r.setdefault("copied_share", 0.0)
    ranked = [_public(r) for r in rank(reports)]
    bodies = [r["body_hash"] for r in readable if r.get("body_hash")]
    summary = summarize(ranked, cached, len(todo), time.perf_counter() - started, deadlines(session.rules).to_dict(),
                        duplicates=len(bodies) - len(set(bodies)))
    summary["skipped"] = len(walked.skipped)
    return {
        "tool": {"name": "fzlint", "version": __version__},
        "root": displayable("、".join(paths)),
        "generated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "fail_on": fail_on,
        "packs": _requested_packs(settings.packs, session.packs),
        "summary": summary,
        "reports": ranked,
        "copies": copies,
        # files a folder walk left out by rule (hidden, ~$ lock files, .fzlint.docx copies, .bak) or by exclude
        "skipped": [{"path": displayable(_relative(p, base)), "reason": why} for p, why in walked.skipped],
    }


KEYS = ("path", "format", "status", "error", "unsupported", "organ", "title", "year", "errors", "warnings", "infos",
        "parts", "date", "date_iso", "published", "deadline", "published_deadline", "timeliness", "copied_share",
        "diagnostics")


def _public(report: dict[str, Any]) -> dict[str, Any]:
    """The contract's keys, in the contract's order (the worker-only fingerprints left out)."""
    return {k: report.get(k, False) if k == "unsupported" else report[k] for k in KEYS}


def _requested_packs(refs: Sequence[str], loaded: Sequence[Any]) -> list[str]:
    """The packs the audit was asked for (the built-in default first), by id: what it extends is implied."""
    by_path = {os.path.realpath(p.path): p.id for p in loaded if p.path}
    out = ["default"]
    for ref in refs:
        pid = by_path.get(os.path.realpath(ref), Path(ref).stem) if ("/" in ref or os.sep in ref) else ref
        if pid not in out:
            out.append(pid)
    return out


def _within(check_options: Any, timeout: float) -> Any:
    """The options with a LibreOffice conversion limited to a little less than the time a file may take, so that
    fzlint stops a stuck conversion itself (and cleans up after it) before the pool stops the worker."""
    import dataclasses

    limits = check_options.limits
    limit = max(1.0, min(limits.convert_timeout, timeout * 0.9 - 1.0))
    return dataclasses.replace(check_options, limits=dataclasses.replace(limits, convert_timeout=limit))


def _base(paths: Sequence[str]) -> str | None:
    """What report paths are relative to: the folder when one was given, else the inputs' common folder."""
    if len(paths) == 1 and os.path.isdir(paths[0]):
        return os.path.abspath(paths[0])
    folders = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in paths]
    try:
        return os.path.commonpath(folders) if folders else None
    except ValueError:
        return None


def _relative(path: str, base: str | None) -> str:
    if base is not None:
        rel = os.path.relpath(os.path.abspath(path), base)
        if not rel.startswith("..") and rel != ".":
            return rel.replace(os.sep, "/")
    return path.replace(os.sep, "/")


__all__ = ["AuditOptions", "Progress", "audit"]
