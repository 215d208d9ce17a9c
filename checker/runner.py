"""Check many paths: expand folders, keep a stable order, one unreadable file = one error entry; and one rule on
its own examples (`fzlint rules test`)."""
from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .engine import run
from .errors import CheckerError, InputError
from .load import SUPPORTED, load
from .load.limits import RAISE_HINT, Limits, TimedOut, deadline, format_size, held_signals, worker_signals
from .load.txt import document_from_text
from .model import Diagnostic, Document, FileResult, Rule
from .outline import build_outline


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What a run applies to every file besides the rules (picklable, for worker processes)."""

    report_year: int | None = None      # configured reporting year (else read from the title/date)
    settings: Any = None                # checker.config.discovery.Settings: per-file ignores and accepted words
    suppress: bool = True               # honour in-document suppressions (txt directives, docx comments)
    limits: Limits = dataclasses.field(default_factory=Limits)   # size limits on what is read (--max-size)
    timeout: float | None = None        # seconds one file may take (the command line: --timeout, default
                                        # DEFAULT_TIMEOUT); None: no deadline


# files met while walking a folder that are not reports by their nature: skipped, and said so in --verbose
SKIPPED_BY_RULE = (
    (lambda name: name.startswith("."), "隐藏文件"),
    (lambda name: name.startswith("~$"), "Word/WPS 打开文件时留下的锁定文件（~$）"),
    (lambda name: name.lower().endswith(".fzlint.docx"), "fzlint 写的批注副本（.fzlint.docx）"),
    (lambda name: name.lower().endswith(".bak"), "备份文件（.bak）"),
)


@dataclass(frozen=True, slots=True)
class Walk:
    """What walking the inputs found: ``entries`` are (path, error) pairs in order — files to check, and rows
    for what cannot be (an unsupported file type, an unreadable folder); ``skipped`` are (path, reason) of the
    files left out by rule (hidden files, lock files, fzlint's own copies, backups, what is not a regular file)
    or by the user's --exclude (reason "--exclude")."""

    entries: list[tuple[str, str | None]]
    skipped: list[tuple[str, str]]


def _skip_reason(name: str) -> str | None:
    return next((reason for test, reason in SKIPPED_BY_RULE if test(name)), None)


def walk(paths: Iterable[str], skip: Callable[[str], bool] | None = None) -> Walk:
    """Files as given; folders walked (sorted, links not followed into loops, hidden folders and paths `skip`
    says are excluded left out), **every** regular file in them accounted for: a report format fzlint reads is
    an entry to check, any other file an entry with an error saying its type is not supported and what to do,
    and a file skipped by rule or by `skip` is listed in ``skipped``. A folder with nothing in it to account for
    gives an error entry.

    Each file comes once, where it is first met: `audit dir dir`, a file and its folder, a link beside its
    target or a hard link are one report, not two."""
    from .load import unsupported

    skip = skip or (lambda _: False)
    out: list[tuple[str, str | None]] = []
    skipped: list[tuple[str, str]] = []
    taken: set[object] = set()

    def first(entries: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        kept = []
        for entry in entries:
            key = _identity(*entry)
            if key not in taken:
                taken.add(key)
                kept.append(entry)
        return kept

    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            out += first([(raw, None)])
            continue
        found: list[tuple[str, str | None]] = []
        seen: set[tuple[int, int]] = set()

        def unreadable(exc: OSError, found: list[tuple[str, str | None]] = found, raw: str = raw) -> None:
            if not isinstance(exc, FileNotFoundError):      # a folder removed while walking: nothing to check
                found.append((exc.filename or raw, _folder_error(exc)))

        for root, dirs, files in os.walk(p, followlinks=True, onerror=unreadable):
            try:
                st = os.stat(root)
            except OSError:             # removed while being walked
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            for d in sorted(dirs):
                if d.startswith(".") or skip(os.path.join(root, d)):
                    skipped.append((os.path.join(root, d), "隐藏文件夹" if d.startswith(".") else "--exclude"))
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not skip(os.path.join(root, d)))
            for f in sorted(files):
                path = os.path.join(root, f)
                reason = _skip_reason(f) or ("--exclude" if skip(path) else None) or _not_regular(path)
                if reason:
                    skipped.append((path, reason))
                elif f.lower().endswith(SUPPORTED):
                    found.append((path, None))
                else:
                    found.append((path, unsupported(path)))
        if not found:
            found = [(raw, "文件夹中没有可检查的报告（.txt、.docx、.html、.pdf、.doc、.wps）")]
        out += first(found)
    return Walk(out, skipped)


def expand(paths: Iterable[str], skip: Callable[[str], bool] | None = None) -> list[tuple[str, str | None]]:
    """The (path, error) entries of ``walk``."""
    return walk(paths, skip).entries


def _identity(path: str, error: str | None) -> object:
    """What makes two entries the same: the file itself (device and inode, so links and other spellings of its
    path agree), else its resolved path; an error entry by its resolved path and message."""
    if error is None:
        try:
            st = os.stat(path)
            return ("file", st.st_dev, st.st_ino)
        except OSError:
            pass
    return ("path", os.path.realpath(path), error)


def _folder_error(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取该文件夹的权限，其中的报告未检查"
    return f"无法读取该文件夹（{exc.strerror or exc}），其中的报告未检查"


def _not_regular(path: str) -> str | None:
    """Why a file in a folder is not read, when it is not a regular file (a FIFO, socket or device is not a
    report and is never opened); a file that vanished or cannot be examined is read, so that reading it says
    what is wrong."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else "不是普通文件（命名管道、套接字或设备文件）"


def _filtered(doc: Document, diagnostics: list[Diagnostic], options: CheckOptions) -> list[Diagnostic]:
    """In-document suppressions, per-file ignores and accepted words, after the rules ran."""
    if options.suppress:
        from .suppress import apply

        diagnostics = apply(doc, diagnostics)
    if options.settings is not None:
        from .config.selection import accepted, ignored_for_path

        diagnostics = [d for d in diagnostics
                       if not ignored_for_path(doc.path, d.rule, options.settings)
                       and not (d.span is not None and accepted(d.text or "", doc.text, d.span, options.settings,
                                                                d.category))]
    return diagnostics


def check_document(doc: Document, rules: Sequence[Rule[Any]], options: CheckOptions = CheckOptions()) -> FileResult:
    outline = build_outline(doc, report_year=options.report_year)
    diagnostics, stats = run(doc, outline, rules, refine=lambda found: _filtered(doc, found, options))
    lines = doc.text.split("\n")
    context = {d.line: lines[d.line - 1] for d in diagnostics if d.line is not None}
    return FileResult(path=doc.path, format=doc.format, encoding=doc.encoding, body=outline.body, error=None,
                      diagnostics=tuple(diagnostics), outline=outline, meta=dict(doc.meta), stats=stats,
                      context=context)


def _failed(path: str, message: str, fmt: str | None = None) -> FileResult:
    return FileResult(path=path, format=fmt, encoding=None, body=None, error=message, diagnostics=(),
                      unsupported=is_unsupported(path))


def is_unsupported(path: str) -> bool:
    """A regular file of a type fzlint does not read (its row says so, rather than that it is unreadable)."""
    from .load import format_of

    try:
        return format_of(path) is None and os.path.isfile(path)
    except (OSError, ValueError):
        return False


def check_file(path: str, rules: Sequence[Rule[Any]], options: CheckOptions = CheckOptions()) -> FileResult:
    """One file, never raising: what cannot be read or checked, or takes longer than ``options.timeout``, becomes
    the result's ``error``."""
    try:
        with deadline(options.timeout):
            doc = _load(path, options)
            return doc if isinstance(doc, FileResult) else _check_loaded(doc, rules, options)
    except TimedOut as exc:
        from .load import format_of

        return _failed(path, exc.message, format_of(path))


def _load(path: str, options: CheckOptions) -> Document | FileResult:
    try:
        return load(path, options.limits)
    except CheckerError as exc:
        return _failed(path, exc.message)
    except RecursionError:
        return _failed(path, "文件结构嵌套过深，无法读取")
    except MemoryError:
        return _failed(path, "内存不足，无法读取该文件")
    except Exception as exc:  # noqa: BLE001 - a loader's bug must not end a batch either
        return _failed(path, internal_error("读取", exc))


def internal_error(doing: str, exc: Exception) -> str:
    """The last resort, for a failure no loader or check foresaw: what happened, in as few words as Python gives."""
    if isinstance(exc, ValueError) and "digits" in str(exc):          # int() of a digit run longer than Python allows
        return f"文件中有位数过多的数字，{doing}时无法处理"
    text = str(exc)
    text = text if len(text) <= 200 else text[:200] + "…"
    return f"{doing}时发生内部错误（{type(exc).__name__}: {text}），请将此文件报告给 fzlint 维护者"


def _check_loaded(doc: Document, rules: Sequence[Rule[Any]], options: CheckOptions) -> FileResult:
    try:
        return check_document(doc, rules, options)
    except RecursionError:
        return _failed(doc.path, "文档结构过深，无法检查", doc.format)
    except MemoryError:
        return _failed(doc.path, "内存不足，无法检查该文件", doc.format)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end a batch
        return _failed(doc.path, internal_error("检查", exc), doc.format)


def check_text(text: str, rules: Sequence[Rule[Any]], path: str = "<文本>",
               options: CheckOptions = CheckOptions()) -> FileResult:
    return check_document(document_from_text(text, path, None), rules, options)


def check_stdin(data: bytes, name: str | None, rules: Sequence[Rule[Any]],
                options: CheckOptions = CheckOptions()) -> FileResult:
    """`fzlint check -`: the bytes of standard input, read as the format `name` (--stdin-filename) says."""
    from .load import LOADERS

    label = name or "<stdin>"
    suffix = Path(label).suffix.lower()
    if LOADERS.get(suffix, "txt") != "txt":        # .docx, .html, .pdf, .doc …: read from a private copy
        import tempfile

        with tempfile.TemporaryDirectory(prefix="fzlint-") as tmp:
            copy = Path(tmp) / f"stdin{suffix}"
            copy.write_bytes(data)
            result = check_file(str(copy), rules, options)
        return dataclasses.replace(result, path=label)
    from .load.txt import decode, is_blank

    try:
        limit = options.limits.max_size
        if limit and len(data) > limit:      # read one byte past the limit at most: its real size is unknown
            raise InputError(f"标准输入太大（超过上限 {format_size(limit)}），不像是一份年度报告，未读取；{RAISE_HINT}",
                             label)
        text, encoding = decode(data, label)
        if is_blank(text):
            raise InputError("标准输入是空的", label)
        with deadline(options.timeout):
            doc = document_from_text(text, label, encoding, limits=options.limits)
            return _check_loaded(doc, rules, options)
    except CheckerError as exc:
        return _failed(label, exc.message)
    except TimedOut as exc:
        return _failed(label, exc.message, "txt")


def _check_chunk(paths: list[str], rules: Sequence[Rule[Any]], options: CheckOptions) -> list[FileResult]:
    return [check_file(p, rules, options) for p in paths]


def check_paths(paths: Iterable[str], rules: Sequence[Rule[Any]], options: CheckOptions = CheckOptions(),
                jobs: int = 1, skip: Callable[[str], bool] | None = None) -> list[FileResult]:
    """Every path (folders walked), in a stable order whatever `jobs` is; `jobs` > 1 checks in that many
    worker processes, the rules sent once per chunk of files."""
    return check_entries(expand(paths, skip), rules, options, jobs)


def check_entries(entries: list[tuple[str, str | None]], rules: Sequence[Rule[Any]],
                  options: CheckOptions = CheckOptions(), jobs: int = 1) -> list[FileResult]:
    """The results of ``walk(...).entries``, in their order: each file checked, each error entry a row."""
    todo = [p for p, error in entries if error is None]
    done: dict[str, FileResult] = {}
    if jobs > 1 and len(todo) > 1:
        import multiprocessing

        size = max(1, -(-len(todo) // (jobs * 4)))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        # leaving the block for any reason (Ctrl-C, SIGTERM raised as an exception) terminates the workers; each
        # worker holds every file of its chunk to the deadline itself
        with held_signals():
            pool = multiprocessing.Pool(processes=min(jobs, len(chunks)), initializer=worker_signals)
        with pool:
            for chunk, results in zip(chunks, pool.starmap(_check_chunk, [(c, rules, options) for c in chunks])):
                done.update(zip(chunk, results))
    else:
        done.update((p, check_file(p, rules, options)) for p in todo)
    return [_failed(p, error) if error else done[p] for p, error in entries]


__all__ = ["CheckOptions", "SKIPPED_BY_RULE", "Walk", "check_document", "check_entries", "check_file", "check_paths",
           "check_stdin", "check_text", "document_for", "expand", "findings", "is_unsupported", "test_rule", "walk",
           "InputError"]


# ------------------------------------------------------------------------------------ a rule on its own examples

def document_for(rule: Rule[Any], text: str) -> Document:
    """An example's document: its text as a .txt report; for a kind that needs a Word file (``needs`` holds "docx":
    tracked changes, comments, headers) the markup of checker.load.docx_sample, built into a real .docx and read by
    its loader."""
    from .checks import KINDS

    if "docx" in KINDS[rule.kind].needs:
        from .load.docx_sample import load_marked

        return load_marked(text)
    return document_from_text(text, "<示例>", None)


def findings(rule: Rule[Any], text: str, report_year: int | None = None) -> list[Diagnostic]:
    """What one rule finds in a text (as a .txt report, or the .docx its markup makes), nothing else applied:
    `fzlint rules test`, the case files. ``report_year`` stands in for the year read from the text (year-limited
    rules and entries need one)."""
    doc = document_for(rule, text)
    diagnostics, _ = run(doc, build_outline(doc, report_year=report_year), [rule])
    return diagnostics


def test_rule(rule: Rule[Any]) -> list[str]:
    """A rule tested on its own examples: every bad one must fire, every good one must stay silent (a rule
    limited to some report years, at a year inside them); then its list entries' own examples (test_entries)."""
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
    """A list rule's entries with their own examples: each entry's bad example must fire with that entry alone,
    its good example must leave the whole rule silent; an entry limited to some report years is tried at a year
    inside its range, and its bad example must stay silent at a year just outside it (that proves the limit)."""
    import dataclasses

    built = getattr(rule.params, "built", ())
    raw = getattr(rule.params, "entries", ())
    problems = []
    for n, (entry, item) in enumerate(zip(built, raw), 1):
        name = f"条目 {entry.id or n}（{entry.source}）"
        alone = dataclasses.replace(rule, params=dataclasses.replace(rule.params, entries=(item,)),
                                    report_years=None)
        year, outside = _inside(entry.years), _outside(entry.years)
        for ex in entry.bad:
            if not findings(alone, ex, year):
                problems.append(f"{name}：错误示例“{ex}”没有报出问题")
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
