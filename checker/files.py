"""fzlint's own files: reading the text and YAML it is configured with (rule packs, configuration), where the
built-in packs are, and the one atomic writer for everything it writes (reports with ``--output``, baselines,
annotated copies, fixed files and their backups, audit tables and pages, the audit cache, ``fzlint init``).

Reading: a missing, unreadable, non-UTF-8 or malformed file gets a Chinese message; ``error`` is the CheckerError
class to raise (PackError or ConfigError) and ``what`` names the file for the user ("规则包文件", "配置文件").
The reports fzlint checks are read by checker/load/, not here.

Writing, atomically: a reader sees the old file or the whole new one. The text is encoded first (an encoding error
creates nothing), written to a temporary file in the target's own directory (so the final rename never crosses
file systems), flushed to disk, and renamed over the target with ``os.replace``. On any failure the temporary file
is removed and an existing target is left untouched. A new file gets the usual permissions (0666 less the umask)
unless told otherwise; a replaced one keeps its mode; a symbolic link keeps pointing at its (replaced) target.
"""
from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, TextIO

from .errors import CheckerError

_TEMP_TRIES = 100
ErrorType = Callable[[str, str], CheckerError]


# ---------------------------------------------------------------------------------------------- reading

def read_text(path: Path, error: ErrorType, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{what}不存在", str(path)) from None
    except UnicodeDecodeError:
        raise error(f"{what}不是 UTF-8 编码的文本", str(path)) from None
    except OSError as exc:
        raise error(f"无法读取{what}（{exc.strerror or exc}）", str(path)) from None


def load_yaml(path: Path, error: ErrorType, what: str) -> Any:
    """YAML with the safe (C, where built) loader; a syntax error names its line and column."""
    import yaml

    text = read_text(path, error, what)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第{mark.line + 1}行第{mark.column + 1}列）" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"YAML 语法错误{where}：{problem}", str(path)) from None


def builtin_dir() -> Path:
    """The built-in packs: package data in an installed wheel (checker/_rules), the checkout's rules/ otherwise."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


# ---------------------------------------------------------------------------------------------- writing


def _create_temp(directory: Path, name: str) -> tuple[int, Path]:
    import secrets

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


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8", mode: int | None = None) -> None:
    """Replace (or create) ``path`` with ``text``, all or nothing. Raises OSError / UnicodeEncodeError."""
    write_bytes_atomic(path, text.encode(encoding), mode)


def write_bytes_atomic(path: str | Path, data: bytes, mode: int | None = None, durable: bool = True) -> None:
    """Replace (or create) ``path`` with ``data``, all or nothing. An existing file keeps its mode; a new one gets
    ``mode`` (default 0666 less the umask). ``durable=False`` skips flushing to disk (the audit cache: an entry a
    crash loses is only checked again). Raises OSError."""
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
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
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
