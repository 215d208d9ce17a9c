"""`fzlint check --annotate`: a copy of the report in which every finding is a Word comment (批注).

A .docx is copied with its formatting, tables and comments as they are, the runs split only where a finding
starts or ends inside one; a .txt or .html report becomes a .docx built from its text (annotate.from_text).
The copy is written atomically beside the original as ``报告.fzlint.docx`` (报告.txt.fzlint.docx for a .txt or .html
checked with a 报告.docx beside it; or where ``--annotate-to`` says);
the original is only read. ``annotated_bytes`` makes the same copy in memory and writes nothing (fzlint serve).
python-docx is imported here only when a copy is made.
"""
from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..errors import CheckerError, InputError
from ..files import write_bytes_atomic
from ..model import Document, FileResult

SUFFIX = ".fzlint.docx"


def annotated_path(path: str | Path) -> Path:
    """Where ``--annotate`` puts the copy of ``path``: 报告.docx → 报告.fzlint.docx (also for .txt, .html)."""
    p = Path(path)
    return p.with_name(p.stem + SUFFIX)


def annotated_paths(paths: Sequence[str]) -> dict[str, Path]:
    """Where ``--annotate`` puts the copy of each of ``paths``, checked in one call: ``annotated_path``, unless
    another of them would take the same name (报告.docx and 报告.txt both → 报告.fzlint.docx): then the .docx keeps
    it and the others keep their extension in the name (报告.txt.fzlint.docx, 报告.html.fzlint.docx)."""
    plain = {p: annotated_path(p) for p in paths}
    sources: dict[str, set[str]] = {}
    for p, target in plain.items():
        sources.setdefault(os.path.abspath(target), set()).add(os.path.abspath(p))
    out = {}
    for p, target in plain.items():
        if len(sources[os.path.abspath(target)]) > 1 and Path(p).suffix.lower() != ".docx":
            target = Path(p).with_name(Path(p).name + SUFFIX)
        out[p] = target
    return out


def annotate(doc_path: str | Path, result: FileResult, out_path: str | Path, follow: bool = True) -> int:
    """Write the annotated copy of ``doc_path`` (checked as ``result``) to ``out_path``; returns the comment count.

    Raises CheckerError with a Chinese message when the file cannot be read or changed since it was checked,
    or the copy cannot be written. ``out_path`` must not be ``doc_path`` itself. ``follow=False`` (a name fzlint
    chose, ``报告.fzlint.docx``): a symbolic link there is refused, never written through."""
    source, target = Path(doc_path), Path(out_path)
    where = str(source)
    if target.exists() and source.exists() and os.path.samefile(source, target):
        raise InputError("批注副本不能覆盖原文件，请换一个文件名", where)
    if target.suffix.lower() != ".docx":
        raise InputError(f"批注副本须是 .docx 文件，不能写作“{target.name}”", where)
    if result.error is not None:
        raise InputError(f"文件无法检查，没有写批注副本（{result.error}）", where)
    document, runmap, expected = _open(source, result)
    data, count = _commented(document, runmap, expected, result, where)
    try:
        write_bytes_atomic(target, data, follow=follow)
    except OSError as exc:
        raise InputError(f"无法写入批注副本 {target}（{exc.strerror or exc}）", where) from None
    return count


def annotated_bytes(result: FileResult, docx: bytes | None = None, doc: Document | None = None) -> tuple[bytes, int]:
    """The annotated copy in memory, nothing written: (its bytes, the comment count). ``docx`` is the checked
    .docx's own bytes; for any other format, ``doc`` is the Document it was loaded as (the copy is built from
    its text). Raises CheckerError (Chinese, naming ``result.path``) as ``annotate`` does."""
    where = result.path
    if result.error is not None:
        raise InputError(f"文件无法检查，没有生成批注副本（{result.error}）", where)
    if docx is not None:
        from ..load.docx import _open as open_docx

        return _commented(open_docx(docx, where), None, None, result, where)
    if doc is None:
        raise ValueError("annotated_bytes needs the .docx bytes or the loaded Document")
    from ..load.docx_edit import RunMap
    from .from_text import build_document, safe_text

    document = build_document(doc, result.outline)
    return _commented(document, RunMap.of(document), safe_text(doc.text), result, where)


def _commented(document: Any, runmap: Any, expected: str | None, result: FileResult, where: str) -> tuple[bytes, int]:
    """Put every finding of ``result`` in ``document`` as a comment; (the saved .docx, the comment count)."""
    from ..load.docx_edit import RunMap
    from .comments import remove_own

    remove_own(document)            # a copy annotated before, saved as the draft: its old comments are stale

    runmap = runmap or RunMap.of(document)
    _same_text(runmap.text, expected, result, where)
    from .comments import add_comments

    try:
        count = add_comments(document, runmap, result.diagnostics, result.outline)
    except ValueError as exc:
        raise InputError(f"无法放置批注：{exc}", where) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), count


def _open(source: Path, result: FileResult) -> tuple[Any, Any, str | None]:
    """(python-docx Document, RunMap or None, the text the offsets refer to or None to check by findings)."""
    if source.suffix.lower() == ".docx":
        from ..load.docx import _open as open_docx

        try:
            data = source.read_bytes()
        except OSError as exc:
            raise InputError(f"读取文件失败（{exc.strerror or exc}）", str(source)) from None
        return open_docx(data, str(source)), None, None
    from ..load.docx_edit import RunMap
    from ..load import load
    from .from_text import build_document, safe_text

    doc = load(source)
    document = build_document(doc, result.outline)
    return document, RunMap.of(document), safe_text(doc.text)


def _same_text(text: str, expected: str | None, result: FileResult, where: str) -> None:
    """The copy's text is the text that was checked: else the file changed between the check and now."""
    from .from_text import safe_text

    stale = expected is not None and text != expected
    places = [(d.span, d.text) for d in result.diagnostics] + [(o.span, o.text) for d in result.diagnostics
                                                                 for o in d.occurrences]
    for span, flagged in places:
        if stale:
            break
        if span is not None and (span.end > len(text) or text[span.start:span.end] != safe_text(flagged or "")):
            stale = True
    if stale:
        raise InputError("文件在检查之后被改动过，批注位置对不上；请重新运行 fzlint check --annotate", where)


def usage_problem(paths: Sequence[str], annotate_to: str | None) -> str | None:
    """Why ``--annotate`` / ``--annotate-to`` cannot be used with these inputs, or None."""
    if "-" in paths:
        return "--annotate 不能用于标准输入（-）：批注副本需要原文件，请直接给出文件路径"
    if annotate_to is not None and (len(paths) != 1 or Path(paths[0]).is_dir()):
        return "--annotate-to 只能用于一个文件；检查多个文件或文件夹时请用 --annotate（每个文件旁各写一份）"
    if annotate_to is not None and Path(annotate_to).suffix.lower() != ".docx":
        return f"--annotate-to 须是 .docx 文件：{annotate_to}"
    return None


def annotate_all(results: Sequence[FileResult], annotate_to: str | None, stderr: TextIO,
                 protected: Mapping[str, str] | None = None, timeout: float | None = None) -> bool:
    """Annotate every checked file (one copy each); say on ``stderr`` where each went. False if any failed.

    A file that could not be checked gets no copy (its error is reported with the results); nor does a copy
    fzlint wrote before (``*.fzlint.docx``, met when a folder is checked again), unless ``--annotate-to``
    names where it goes. Two inputs that would get the same copy (报告.docx and 报告.txt) get two
    (``annotated_paths``). No copy is written over a file of ``protected`` (path → what it is: the run's inputs,
    packs, configuration), nor through a symbolic link at the name fzlint chose; each copy is made within
    ``timeout`` seconds. Temporary files a killed run left beside the copies are removed first."""
    from ..files import sweep_temporaries
    from ..load.limits import TimedOut, deadline

    ok = True
    def own(result: FileResult) -> bool:
        return annotate_to is None and result.path.lower().endswith(SUFFIX)

    targets = annotated_paths([r.path for r in results if not own(r)])
    for folder in {os.path.dirname(os.path.abspath(t)) for t in targets.values()}:
        sweep_temporaries(folder)
    for result in results:
        if result.error is not None:
            continue
        if own(result):
            stderr.write(f"fzlint：跳过 {result.path}：这是 fzlint 写的批注副本\n")
            continue
        target = Path(annotate_to) if annotate_to is not None else targets[result.path]
        clash = _protected_at(target, protected or {})
        if clash is not None:
            stderr.write(f"fzlint：{result.path}：批注副本 {target} 就是{clash}，没有写入（否则会覆盖它）\n")
            ok = False
            continue
        try:
            with deadline(timeout):
                count = annotate(result.path, result, target, follow=annotate_to is not None)
        except CheckerError as exc:
            stderr.write(f"fzlint：{exc}\n")
            ok = False
            continue
        except TimedOut as exc:
            stderr.write(f"fzlint：{result.path}：写批注副本时{exc.message}\n")
            ok = False
            continue
        stderr.write(f"fzlint：已写入批注副本 {target}（{count} 条批注）\n")
    return ok


def _protected_at(target: Path, protected: Mapping[str, str]) -> str | None:
    """"what path" of the file of ``protected`` that ``target`` is, if any."""
    if not target.exists():
        return None
    for path, what in protected.items():
        try:
            if os.path.samefile(target, path):
                return f"{what} {path}"
        except (OSError, ValueError):
            continue
    return None


__all__ = ["SUFFIX", "annotate", "annotate_all", "annotated_bytes", "annotated_path", "annotated_paths",
           "usage_problem",
           "write_bytes_atomic"]
