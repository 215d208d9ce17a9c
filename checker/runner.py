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
from .load.limits import DEFAULT_TIMEOUT, RAISE_HINT, Limits, TimedOut, deadline, format_size
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
    timeout: float | None = DEFAULT_TIMEOUT     # seconds one file may take (--timeout); None: no deadline


def expand(paths: Iterable[str], skip: Callable[[str], bool] | None = None) -> list[tuple[str, str | None]]:
    """(path, error) pairs: files as given, folders walked for supported files (sorted, links not followed
    into loops, paths `skip` says are excluded left out). A folder with no report gives an error entry.

    Each file comes once, where it is first met: `audit dir dir`, a file and its folder, a link beside its
    target or a hard link are one report, not two."""
    skip = skip or (lambda _: False)
    out: list[tuple[str, str | None]] = []
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
        if p.is_dir():
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
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not skip(os.path.join(root, d)))
                found += [(os.path.join(root, f), None) for f in sorted(files)
                          if f.lower().endswith(SUPPORTED) and not f.startswith((".", "~$"))
                          and not f.endswith(".fzlint.docx") and not skip(os.path.join(root, f))
                          and _regular(os.path.join(root, f))]
            if not found:
                out += first([(raw, "文件夹中没有可检查的报告（.txt、.docx、.html）")])
            out += first(found)
        else:
            out += first([(raw, None)])
    return out


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


def _regular(path: str) -> bool:
    """A regular file (a FIFO, socket or device in a folder is not a report and is never opened); a file that
    vanished or cannot be examined is kept, so that reading it says what is wrong."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


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
    diagnostics, stats = run(doc, outline, rules)
    diagnostics = _filtered(doc, diagnostics, options)
    lines = doc.text.split("\n")
    context = {d.line: lines[d.line - 1] for d in diagnostics if d.line is not None}
    return FileResult(path=doc.path, format=doc.format, encoding=doc.encoding, body=outline.body, error=None,
                      diagnostics=tuple(diagnostics), outline=outline, meta=dict(doc.meta), stats=stats,
                      context=context)


def _failed(path: str, message: str, fmt: str | None = None) -> FileResult:
    return FileResult(path=path, format=fmt, encoding=None, body=None, error=message, diagnostics=())


def check_file(path: str, rules: Sequence[Rule[Any]], options: CheckOptions = CheckOptions()) -> FileResult:
    """One file, never raising: what cannot be read or checked, or takes longer than ``options.timeout``, becomes
    the result's ``error``."""
    try:
        with deadline(options.timeout):
            doc = _load(path, options)
            return doc if isinstance(doc, FileResult) else _check_loaded(doc, rules, options)
    except TimedOut as exc:
        return _failed(path, exc.message, _format_of(path))


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


def _format_of(path: str) -> str | None:
    from .load import LOADERS

    return LOADERS.get(Path(path).suffix.lower())


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
    label = name or "<stdin>"
    suffix = Path(label).suffix.lower()
    if suffix in (".docx", ".html", ".htm"):
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


def _worker_signals() -> None:
    """A worker leaves Ctrl-C to the parent (which stops the pool) and dies at once on SIGTERM (how the pool stops
    it), whatever handlers it inherited from the parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _check_chunk(paths: list[str], rules: Sequence[Rule[Any]], options: CheckOptions) -> list[FileResult]:
    return [check_file(p, rules, options) for p in paths]


def check_paths(paths: Iterable[str], rules: Sequence[Rule[Any]], options: CheckOptions = CheckOptions(),
                jobs: int = 1, skip: Callable[[str], bool] | None = None) -> list[FileResult]:
    """Every path (folders walked), in a stable order whatever `jobs` is; `jobs` > 1 checks in that many
    worker processes, the rules sent once per chunk of files."""
    entries = expand(paths, skip)
    todo = [p for p, error in entries if error is None]
    done: dict[str, FileResult] = {}
    if jobs > 1 and len(todo) > 1:
        import multiprocessing

        size = max(1, -(-len(todo) // (jobs * 4)))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        # leaving the block for any reason (Ctrl-C, SIGTERM raised as an exception) terminates the workers; each
        # worker holds every file of its chunk to the deadline itself
        with multiprocessing.Pool(processes=min(jobs, len(chunks)), initializer=_worker_signals) as pool:
            for chunk, results in zip(chunks, pool.starmap(_check_chunk, [(c, rules, options) for c in chunks])):
                done.update(zip(chunk, results))
    else:
        done.update((p, check_file(p, rules, options)) for p in todo)
    return [_failed(p, error) if error else done[p] for p, error in entries]


__all__ = ["CheckOptions", "check_document", "check_file", "check_paths", "check_stdin", "check_text", "expand",
           "InputError"]


# ---------------------------------------------------------------------------------------------- a rule on its own examples

def findings(rule: Rule[Any], text: str) -> list[Diagnostic]:
    """What one rule finds in a text (as a .txt report), nothing else applied: `fzlint rules test`, the case files."""
    doc = document_from_text(text, "<示例>", None)
    diagnostics, _ = run(doc, build_outline(doc), [rule])
    return diagnostics


def test_rule(rule: Rule[Any]) -> list[str]:
    """A rule tested on its own examples: every bad one must fire, every good one must stay silent."""
    problems = []
    if not rule.examples.bad and not rule.examples.good:
        problems.append("没有示例（examples.bad / examples.good）")
    for i, ex in enumerate(rule.examples.bad, 1):
        if not findings(rule, ex):
            problems.append(f"错误示例 {i} 没有报出问题")
    for i, ex in enumerate(rule.examples.good, 1):
        found = findings(rule, ex)
        if found:
            problems.append(f"正确示例 {i} 报出了问题：{found[0].message}")
    return problems
