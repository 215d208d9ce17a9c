"""The audit's result cache: one JSON file per (file content, rules fingerprint), so a second audit of the
same folder rechecks only the reports that changed.

Where: `--cache-dir`, else `$XDG_CACHE_HOME/fzlint`, else `~/.cache/fzlint`. An entry is written to a
temporary file and renamed into place, so a reader never sees half of one; an entry that cannot be read or
parsed (damaged, truncated, from another version) is ignored and rewritten. A folder the cache cannot be
written to only makes the audit slower, never fails it.
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
        if not self.enabled or key is None:
            return None
        try:
            with open(self._path(key), "rb") as f:
                data = json.loads(f.read())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("row"), dict):
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
            write_bytes_atomic(target, data, durable=False)     # an entry a crash loses is only checked again
        except OSError:
            self.writable = False          # read-only or full: go on without caching
