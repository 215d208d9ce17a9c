"""Baselines: record today's findings, then report only the ones that are new.

A finding is matched by its rule, its file (the path as given, in POSIX form: ``./a\\b.txt`` is ``a/b.txt``)
and the text it points at — not its line or offset, so editing elsewhere in the document does not bring it
back. Repeats are told apart by their occurrence: the n-th finding of the same rule on the same text in
that file, in document order; a baseline that holds one "学些" hides the first and reports a second.
A document-level finding (a missing part: no text) is matched by rule and part; a zero-width one by its
message. The file is JSON, sorted, so that it diffs well under version control::

    {"fzlint_baseline": 1,
     "findings": [{"file": "reports/a.txt", "rule": "wording.known-typo", "text": "学些", "part": null,
                   "occurrence": 0, "fingerprint": "3f2a…"}, …]}

Matching uses the ``fingerprint``; the other fields say what it stands for.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..errors import ConfigError
from ..files import MB, read_bytes, shown, write_atomic
from ..model import Diagnostic, FileResult

VERSION = 1
BASELINE_LIMIT = 200 * MB
MARK = "fzlint_baseline"
FIELDS = ("file", "rule", "text", "part", "occurrence", "fingerprint")


def normalize_path(path: str) -> str:
    """The path as given, in POSIX form, without ``.`` components: ``.\\报告\\a.txt`` → ``报告/a.txt``."""
    return posixpath.normpath(path.replace("\\", "/"))


def _subject(d: Diagnostic) -> tuple[str, str]:
    """What a finding is about: its text; its part when it has no position; its message when it is zero-width."""
    if d.span is None:
        return "part", str(d.part or "")
    if d.text:
        return "text", d.text
    return "message", d.message


def fingerprint(path: str, d: Diagnostic, occurrence: int = 0) -> str:
    """A stable id of a finding: rule, file, subject (text, part or message) and occurrence; no positions."""
    kind, value = _subject(d)
    key = "\x1f".join(("fzlint-baseline-1", normalize_path(path), d.rule, kind, value, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def _order(d: Diagnostic) -> tuple[int, int]:
    return (d.span.start, d.span.end) if d.span is not None else (-1, -1)


def keyed(result: FileResult) -> Iterator[tuple[Diagnostic, int, str]]:
    """(diagnostic, occurrence, fingerprint) for each diagnostic of a result, in its own order; occurrences
    are counted in document order (document-level findings first)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    occurrence: dict[int, int] = {}
    for i in sorted(range(len(result.diagnostics)), key=lambda i: _order(result.diagnostics[i])):
        d = result.diagnostics[i]
        key = (d.rule, *_subject(d))
        occurrence[i] = seen[key]
        seen[key] += 1
    for i, d in enumerate(result.diagnostics):
        yield d, occurrence[i], fingerprint(result.path, d, occurrence[i])


@dataclass(frozen=True, slots=True)
class Entry:
    file: str
    rule: str
    text: str | None
    part: str | None
    occurrence: int
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


def entries(results: Sequence[FileResult]) -> list[Entry]:
    """The baseline entries of some results (files that could not be read have none), sorted."""
    out = [Entry(normalize_path(r.path), d.rule, d.text, str(d.part) if d.part else None, n, fp)
           for r in results if r.error is None for d, n, fp in keyed(r)]
    return sorted(out, key=lambda e: (e.file, e.rule, e.text or "", e.part or "", e.occurrence, e.fingerprint))


@dataclass(frozen=True, slots=True)
class Baseline:
    """The findings a baseline file accepts. ``filter`` drops them from a file's result."""

    path: str
    entries: tuple[Entry, ...]
    fingerprints: frozenset[str]

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, fp: object) -> bool:
        return fp in self.fingerprints

    def filter(self, result: FileResult) -> FileResult:
        """The result without the baselined diagnostics; its ``context`` and ``stats`` (findings per rule)
        count only what is left. A result with an error, or nothing baselined, comes back as it is."""
        dropped = [d for d, _, fp in keyed(result) if fp in self.fingerprints]
        if not dropped:
            return result
        gone = {id(d) for d in dropped}
        kept = tuple(d for d in result.diagnostics if id(d) not in gone)
        lines = {d.line for d in kept}
        per_rule = Counter(d.rule for d in dropped)
        stats = {rid: (runs, max(0, fired - per_rule.get(rid, 0))) for rid, (runs, fired) in result.stats.items()}
        return dataclasses.replace(result, diagnostics=kept, stats=stats,
                                   context={n: t for n, t in result.context.items() if n in lines})


def write_baseline(results: Sequence[FileResult], path: str | os.PathLike[str]) -> int:
    """Write the findings of ``results`` to a baseline file (atomically); returns how many were written."""
    found = entries(results)
    from .json import dumps

    data = dumps({MARK: VERSION, "findings": [e.to_dict() for e in found]})
    _write(Path(path), data + "\n")
    return len(found)


def _write(target: Path, data: str) -> None:
    """Atomically: a reader never sees half a baseline. A new baseline is 0644; a replaced one keeps its mode."""
    try:
        write_atomic(target, data, mode=0o644)
    except FileNotFoundError:
        raise ConfigError("无法写入基线文件：所在文件夹不存在", str(target)) from None
    except OSError as exc:
        raise ConfigError(f"无法写入基线文件（{exc.strerror or exc}）", str(target)) from None


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file; ConfigError (Chinese, naming the file) when it is missing or not a baseline."""
    where = str(path)
    p = Path(path)
    if not p.exists():
        raise ConfigError("基线文件不存在（可先用 --write-baseline 生成）", where)
    if p.is_dir():
        raise ConfigError("这是一个文件夹，不是基线文件", where)
    raw = read_bytes(p, ConfigError, "基线文件", BASELINE_LIMIT)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError("不是 fzlint 基线文件：不是 UTF-8 编码的 JSON 文本", where) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"不是 fzlint 基线文件：JSON 格式有误（第{exc.lineno}行第{exc.colno}列）", where) from None
    except RecursionError:
        raise ConfigError("不是 fzlint 基线文件：JSON 嵌套过深", where) from None
    if not isinstance(data, dict) or MARK not in data:
        raise ConfigError(f"不是 fzlint 基线文件（缺少“{MARK}”标记）；基线文件由 --write-baseline 生成", where)
    if data[MARK] != VERSION:
        raise ConfigError(f"基线文件的版本“{shown(data[MARK])}”不受支持（本版 fzlint 读写第 {VERSION} 版）", where, MARK)
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise ConfigError("基线文件缺少 findings 列表", where, "findings")
    return Baseline(where, tuple(_entry(item, i, where) for i, item in enumerate(findings)),
                    frozenset(item["fingerprint"] for item in findings))


def _entry(item: Any, i: int, where: str) -> Entry:
    key = f"findings[{i}]"
    if not isinstance(item, dict):
        raise ConfigError(f"第 {i + 1} 条记录不是对象", where, key)
    for name in ("file", "rule", "fingerprint"):
        if not isinstance(item.get(name), str) or not item[name]:
            raise ConfigError(f"第 {i + 1} 条记录缺少“{name}”（应为非空字符串）", where, f"{key}.{name}")
    occurrence = item.get("occurrence", 0)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
        raise ConfigError(f"第 {i + 1} 条记录的“occurrence”应为非负整数", where, f"{key}.occurrence")
    text, part = item.get("text"), item.get("part")
    return Entry(item["file"], item["rule"], text if isinstance(text, str) else None,
                 part if isinstance(part, str) else None, occurrence, item["fingerprint"])


__all__ = ["Baseline", "Entry", "fingerprint", "keyed", "load_baseline", "normalize_path", "write_baseline"]
