"""Writing a report to a file atomically (``--output FILE``): a reader sees the old file or the whole new one.

The text is encoded first (an encoding error creates nothing), written to a temporary file in the target's own
directory (so the final rename never crosses file systems), flushed to disk, and renamed over the target with
``os.replace``. On any failure the temporary file is removed and an existing target is left untouched. A new file
gets the usual permissions (0666 less the umask); a replaced one keeps its mode; a symbolic link keeps pointing
at its (replaced) target.
"""
from __future__ import annotations

import contextlib
import io
import os
import secrets
import stat
import sys
from pathlib import Path
from typing import Iterator, TextIO

_TEMP_TRIES = 100


def _create_temp(directory: Path, name: str) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_TEMP_TRIES):
        tmp = directory / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"无法在 {directory} 中创建临时文件")


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX only; best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Replace (or create) ``path`` with ``text``, all or nothing. Raises OSError / UnicodeEncodeError."""
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str | Path, data: bytes, mode: int | None = None) -> None:
    """Replace (or create) ``path`` with ``data``, all or nothing. An existing file keeps its mode; a new one gets
    ``mode`` (default 0666 less the umask). Raises OSError. The one atomic writer: reports (--output), annotated
    copies (--annotate), fixed files and their backups (fzlint fix), audit tables."""
    target = Path(os.path.realpath(path))
    directory = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        pass
    fd, tmp = _create_temp(directory, target.name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if mode is not None:
                os.chmod(tmp, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


@contextlib.contextmanager
def output_stream(path: str | Path | None, stdout: TextIO | None = None) -> Iterator[TextIO]:
    """Where a report goes: ``stdout`` (default ``sys.stdout``) when ``path`` is None or ``-``; otherwise a StringIO
    whose contents are written to ``path`` atomically when the block ends without an exception (an exception
    leaves any existing file as it was)."""
    if path is None or str(path) == "-":
        yield stdout if stdout is not None else sys.stdout
        return
    buffer = io.StringIO()
    yield buffer
    write_atomic(path, buffer.getvalue())
