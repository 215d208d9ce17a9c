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
from pathlib import Path
from typing import Any

FORMAT = 3                  # the shape of a cached row (2: published_deadline; 3: body_hash)


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fzlint"


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
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"key": key, "row": row}, ensure_ascii=False, separators=(",", ":")),
                           encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            self.writable = False          # read-only or full: go on without caching
            try:
                tmp.unlink()
            except OSError:
                pass
