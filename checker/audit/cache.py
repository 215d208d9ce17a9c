"""The audit's result cache: one JSON file per (file content, rules fingerprint), so a second audit of the
same folder rechecks only the reports that changed.

Where: `--cache-dir`, else `$XDG_CACHE_HOME/fzlint`, else `~/.cache/fzlint`. An entry is written to a
temporary file and renamed into place, so a reader never sees half of one. An entry is trusted only as far as it
is checked: one that is not a regular file (a FIFO would block the audit, a symbolic link could point anywhere),
is larger than `ENTRY_LIMIT`, cannot be parsed (damaged, truncated, nested a thousand deep) or is not a row of
this version's shape (`valid_row`: every key, every type) is ignored, the report checked again and the entry
rewritten. A folder the cache cannot be written to only makes the audit slower, never fails it.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..files import write_bytes_atomic

FORMAT = 3                  # the shape of a cached row (2: published_deadline; 3: body_hash)
ENTRY_LIMIT = 64 * 1024 * 1024
SEVERITIES = ("error", "warning", "info")
PART_STATES = ("present", "incomplete", "missing", None)
TIMELINESS = ("on_time", "late", "undated", "unknown")
_OPTIONAL_TEXT = ("format", "error", "organ", "title", "date", "date_iso", "published", "deadline",
                  "published_deadline", "body_hash")
_COUNTS = ("errors", "warnings", "infos", "body_chars")


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fzlint"


def fingerprint(packs: Sequence[Any], rules: Sequence[Any], settings: Any) -> str:
    """A digest of everything besides the file that decides its findings: the fzlint version, each pack
    file's bytes, the active rules and the settings (accepted words, per-file ignores, severities, reporting
    year). Code changed without a new version number is not seen: audit with --no-cache after such a change."""
    import dataclasses

    from .. import __version__

    h = hashlib.sha256(f"fzlint {__version__}\n".encode())
    for pack in packs:
        h.update(f"pack {pack.id} {pack.version} {pack.path}\n".encode())
        try:
            h.update(Path(pack.path).read_bytes())
        except OSError:
            pass
    for rule in rules:
        h.update(f"rule {rule.id} {rule.kind} {rule.severity.label} {rule.category} {rule.message}\n".encode())
    h.update(repr(dataclasses.replace(settings, jobs=None, fail_on=None, exclude=())).encode())
    return h.hexdigest()


def content_key(path: str, fingerprint: str, per_path: bool) -> str | None:
    """The entry's key, or None when the file cannot be hashed (not a regular file, unreadable): such a file
    is always checked (and reported) afresh. `per_path`: results depend on the path too (per-file ignores)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{FORMAT}\n{fingerprint}\n{Path(path).suffix.lower()}\n".encode())
        if per_path:
            h.update(os.path.abspath(path).encode("utf-8", "surrogateescape"))
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


class Cache:
    def __init__(self, directory: Path, enabled: bool = True) -> None:
        self.directory = directory / f"audit-v{FORMAT}"
        self.enabled = enabled
        self.writable = enabled

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, key: str | None) -> dict[str, Any] | None:
        """The cached row, or None (no entry, or one not to be trusted: see the module docstring)."""
        if not self.enabled or key is None:
            return None
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self._path(key), flags)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > ENTRY_LIMIT:
                return None
            with os.fdopen(os.dup(fd), "rb") as f:
                data = json.loads(f.read(ENTRY_LIMIT + 1))
        except (OSError, ValueError, RecursionError, MemoryError):
            return None
        finally:
            os.close(fd)
        if not isinstance(data, dict) or data.get("key") != key or not valid_row(data.get("row")):
            return None
        row: dict[str, Any] = data["row"]
        return row

    def put(self, key: str | None, row: dict[str, Any]) -> None:
        if not self.writable or key is None:
            return
        target = self._path(key)
        data = json.dumps({"key": key, "row": row}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # an entry a crash loses is only checked again; a link or FIFO planted at its name is not written through
            write_bytes_atomic(target, data, durable=False, follow=False)
        except OSError:
            self.writable = False          # read-only or full: go on without caching


def valid_row(row: Any) -> bool:
    """Whether a cached value has the shape of a row (checker.audit.row): every key the audit reads, each of its
    type, the diagnostics and paragraph fingerprints too. What fails is checked again, never trusted."""
    if not isinstance(row, dict):
        return False
    if not all(isinstance(row.get(k, 0), (str, type(None))) and k in row for k in _OPTIONAL_TEXT):
        return False
    if not all(_count(row.get(k)) for k in _COUNTS) or not isinstance(row.get("timeliness"), str) \
            or row["timeliness"] not in TIMELINESS:
        return False
    year, parts = row.get("year", False), row.get("parts")
    if not (year is None or _count(year)) or not isinstance(parts, dict) \
            or not all(isinstance(k, str) and v in PART_STATES for k, v in parts.items()):
        return False
    diagnostics, paragraphs = row.get("diagnostics"), row.get("paragraphs")
    return (isinstance(diagnostics, list) and all(_diagnostic(d) for d in diagnostics)
            and isinstance(paragraphs, list) and all(_paragraph(p) for p in paragraphs))


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _diagnostic(d: Any) -> bool:
    return (isinstance(d, dict) and all(isinstance(d.get(k), str) for k in ("rule", "category", "message", "title"))
            and d.get("severity") in SEVERITIES
            and all(d.get(k) is None or _count(d.get(k)) for k in ("line", "column", "start", "end"))
            and all(d.get(k) is None or isinstance(d.get(k), str)
                    for k in ("text", "suggestion", "part", "reference", "context")))


def _paragraph(p: Any) -> bool:
    """[hash, start, end, line, length, snippet] (checker.audit.copies.fingerprints)."""
    return (isinstance(p, list) and len(p) == 6 and isinstance(p[0], str) and isinstance(p[5], str)
            and all(_count(x) for x in p[1:5]))
