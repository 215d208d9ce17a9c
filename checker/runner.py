"""Check many paths: expand folders, keep a stable order, one unreadable file = one error entry."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Sequence

from .engine import run
from .errors import CheckerError, InputError
from .load import SUPPORTED, load
from .load.txt import document_from_text
from .model import Document, FileResult, Rule
from .outline import build_outline


def expand(paths: Iterable[str]) -> list[tuple[str, str | None]]:
    """(path, error) pairs: files as given, folders walked for supported files (sorted, links not followed
    into loops). A folder with no report gives an error entry of its own."""
    out: list[tuple[str, str | None]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen:
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(root, f) for f in sorted(files)
                          if f.lower().endswith(SUPPORTED) and not f.startswith((".", "~$"))
                          and not f.endswith(".fzlint.docx")]
            if not found:
                out.append((raw, "文件夹中没有可检查的报告（.txt、.docx、.html）"))
            out += [(f, None) for f in found]
        else:
            out.append((raw, None))
    return out


def check_document(doc: Document, rules: Sequence[Rule[Any]]) -> FileResult:
    outline = build_outline(doc)
    diagnostics, stats = run(doc, outline, rules)
    lines = doc.text.split("\n")
    context = {d.line: lines[d.line - 1] for d in diagnostics if d.line is not None}
    return FileResult(path=doc.path, format=doc.format, encoding=doc.encoding, body=outline.body, error=None,
                      diagnostics=tuple(diagnostics), outline=outline, meta=dict(doc.meta), stats=stats,
                      context=context)


def _failed(path: str, message: str, fmt: str | None = None) -> FileResult:
    return FileResult(path=path, format=fmt, encoding=None, body=None, error=message, diagnostics=())


def check_file(path: str, rules: Sequence[Rule[Any]]) -> FileResult:
    """One file, never raising: what cannot be read or checked becomes the result's ``error``."""
    try:
        doc = load(path)
    except CheckerError as exc:
        return _failed(path, exc.message)
    try:
        return check_document(doc, rules)
    except RecursionError:
        return _failed(path, "文档结构过深，无法检查", doc.format)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end a batch
        return _failed(path, f"检查时发生内部错误（{type(exc).__name__}: {exc}），请将此文件报告给 fzlint 维护者",
                       doc.format)


def check_text(text: str, rules: Sequence[Rule[Any]], path: str = "<文本>") -> FileResult:
    return check_document(document_from_text(text, path, None), rules)


def check_paths(paths: Iterable[str], rules: Sequence[Rule[Any]]) -> list[FileResult]:
    results = []
    for path, error in expand(paths):
        if error:
            results.append(_failed(path, error))
        else:
            results.append(check_file(path, rules))
    return results


__all__ = ["check_document", "check_file", "check_paths", "check_text", "expand", "InputError"]
