"""Size limits on what fzlint reads, and reading only regular files.

A report is tens of kilobytes of text; anything far larger is a wrong file, a data dump or a zip bomb, and
reading it would cost memory the run cannot spare. The limit is one number, ``max_size`` (default 10 MB,
``--max-size`` on ``fzlint check`` or ``max-size`` in the configuration; ``0`` switches every size limit off):

- a .txt / .html file larger than ``max_size`` is refused, from its size on disk, before it is read;
- a .docx file on disk may be up to ``DOCX_FILE_FACTOR`` × ``max_size`` (pictures make Word files large);
- inside a .docx, every member is judged from the ZIP directory, before anything is inflated: an XML part
  (``word/document.xml`` and the rest) may expand to at most ``max_size``, all members together to
  ``DOCX_TOTAL_FACTOR`` × ``max_size``; a member larger than ``RATIO_FLOOR`` that expands more than
  ``MAX_RATIO`` times its compressed size is a zip bomb; more than ``MAX_MEMBERS`` members is refused.
  Python's zipfile never inflates a member past the size its directory entry declares, so checking the
  declared sizes bounds what is inflated.

Only regular files are read: a FIFO, socket or device named like a report would block or never end, so the
file is opened without blocking and checked with ``fstat`` before the first byte is read.

A document may hold at most ``PARAGRAPHS_PER_MB`` paragraphs (lines) per megabyte of ``max_size`` (200,000 at the
default): 5 MB of empty lines is five million paragraphs, each an object every stage walks, and no report has a
hundredth of that. The loaders count before they build.

Time is limited too: ``deadline(seconds)`` stops the work of one file once ``seconds`` have passed (default
``DEFAULT_TIMEOUT``, ``--timeout`` on ``check``, ``fix`` and ``audit``), so no input, however it is shaped, holds a
run longer than that; the file becomes an error entry and the batch goes on. Worker processes (``check --jobs``,
the audit's pool) are started with Ctrl-C and SIGTERM held back (``held_signals``) and leave both to the parent
(``worker_signals``), which stops them.
"""
from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

KB = 1024
MB = 1024 * KB
GB = 1024 * MB
DEFAULT_MAX_SIZE = 10 * MB
CONVERT_TIMEOUT = 120.0     # a fresh LibreOffice profile makes its start slow (several seconds)
DOCX_FILE_FACTOR = 5
DOCX_TOTAL_FACTOR = 10
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB
MAX_MEMBERS = 10_000
XML_SUFFIXES = (".xml", ".rels", ".vml")
MAX_SIZE_CAP = 100 * GB                 # the largest --max-size accepted (0 switches the limits off instead)
PARAGRAPHS_PER_MB = 20_000
DEFAULT_TIMEOUT = 20.0                  # seconds one file may take (check, fix, audit)

UNITS = {"": 1, "b": 1, "k": KB, "kb": KB, "kib": KB, "m": MB, "mb": MB, "mib": MB, "g": GB, "gb": GB, "gib": GB}
SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")
RAISE_HINT = "确需检查时，用 --max-size（如 --max-size 100MB）或配置项 max-size 提高上限，0 表示不限"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much fzlint reads (bytes); ``max_size`` 0 = no limit."""

    max_size: int = DEFAULT_MAX_SIZE
    convert_timeout: float = CONVERT_TIMEOUT    # seconds a LibreOffice conversion (.doc, .wps) may take

    @property
    def docx_file(self) -> int:
        return self.max_size * DOCX_FILE_FACTOR

    @property
    def docx_total(self) -> int:
        return self.max_size * DOCX_TOTAL_FACTOR

    @property
    def paragraphs(self) -> int:
        """How many paragraphs (lines) one document may have; 0 = no limit."""
        return self.max_size * PARAGRAPHS_PER_MB // MB


def check_paragraphs(path: str | Path, count: int, limits: "Limits") -> None:
    """InputError when a document has more paragraphs (lines) than ``limits`` allow: checked before they are built."""
    if limits.paragraphs and count > limits.paragraphs:
        raise InputError(f"文件有 {count:,} 个段落（行），上限 {limits.paragraphs:,}，不像是一份年度报告，未检查；"
                         f"{RAISE_HINT}", str(path))


def parse_size(value: object) -> int:
    """``20MB``, ``512 KB``, ``1.5G``, ``0`` or a number of bytes → bytes. ValueError (Chinese) otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError("大小不能是负数")
        if value > MAX_SIZE_CAP:
            raise ValueError(f"大小超出范围（最大 {format_size(MAX_SIZE_CAP)}；0 表示不限）")
        return value
    match = SIZE.fullmatch(value) if isinstance(value, str) and len(value) <= 40 else None
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in UNITS:
        shown = value if not isinstance(value, str) or len(value) <= 40 else value[:40] + "…"
        raise ValueError(f"应为大小（如 20MB、512KB、1GB，或字节数；0 表示不限），实际为“{shown}”")
    number = match.group(1)
    size = int(float(number) * UNITS[unit]) if len(number) <= 20 else MAX_SIZE_CAP + 1
    if size > MAX_SIZE_CAP:
        raise ValueError(f"大小“{match.group(0).strip()}”超出范围（最大 {format_size(MAX_SIZE_CAP)}；0 表示不限）")
    return size


def format_size(n: int) -> str:
    for unit, size in (("GB", GB), ("MB", MB), ("KB", KB)):
        if n >= size:
            return f"{n / size:.2f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} 字节"


def _too_large(what: str, size: int, limit: int) -> str:
    return f"{what}太大（{format_size(size)}，上限 {format_size(limit)}），不像是一份年度报告，未读取；{RAISE_HINT}"


def check_size(path: Path, size: int, limit: int, what: str = "文件") -> None:
    if limit and size > limit:
        raise InputError(_too_large(what, size, limit), str(path))


def _not_regular(mode: int) -> str:
    kind = ("命名管道（FIFO）" if stat.S_ISFIFO(mode) else "套接字" if stat.S_ISSOCK(mode)
            else "设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "特殊文件")
    return f"这是{kind}，不是普通文件，未读取"


def check_regular(path: Path) -> os.stat_result:
    """The file's stat, or InputError when it is not a regular file (follows symbolic links)."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise InputError(_not_regular(st.st_mode), str(path))
    return st


def read_regular(path: Path, limit: int = 0) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (0: no limit). A FIFO, socket or device is refused
    without blocking: the file is opened non-blocking and checked with fstat before anything is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(_not_regular(st.st_mode), str(path))
        check_size(path, st.st_size, limit)
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1) if limit else f.read()
    finally:
        os.close(fd)
    check_size(path, len(data), limit)          # it grew between fstat and read
    return data


def check_archive(path: Path, limits: Limits, data: bytes | None = None) -> None:
    """Refuse a .docx whose ZIP directory promises more than the limits, before any member is inflated.
    What is not a ZIP at all is left to the .docx loader, which says what the file is instead. ``data``: the
    file's bytes, when they are at hand (a converted file); else the file at ``path`` is read."""
    import io
    import zipfile

    if not limits.max_size:
        return
    check_size(path, len(data) if data is not None else os.stat(path).st_size, limits.docx_file, "Word 文件")
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        return
    if len(members) > MAX_MEMBERS:
        raise InputError(f"压缩包里有 {len(members)} 个文件（上限 {MAX_MEMBERS}），不是正常的 .docx 文件，未读取", str(path))
    total = 0
    for m in members:
        total += m.file_size
        if m.filename.lower().endswith(XML_SUFFIXES) and m.file_size > limits.max_size:
            raise InputError(_too_large(f"{m.filename} 解压后", m.file_size, limits.max_size), str(path))
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise InputError(f"{m.filename} 的压缩比异常（{format_size(m.compress_size)} 解压后为 "
                             f"{format_size(m.file_size)}），疑似“压缩炸弹”，未解压读取", str(path))
    if total > limits.docx_total:
        raise InputError(_too_large("压缩包解压后", total, limits.docx_total), str(path))


# ---------------------------------------------------------------------------------------------- time

class TimedOut(BaseException):
    """The deadline of one file passed. A BaseException, like KeyboardInterrupt: no loader's ``except Exception``
    may take it for a damaged file."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    @property
    def message(self) -> str:
        return timeout_message(self.seconds)


def timeout_message(seconds: float) -> str:
    return f"检查超时（超过 {seconds:g} 秒），已停止检查此文件；确需检查时，用 --timeout 放宽时限"


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise TimedOut in the code inside once ``seconds`` have passed (None or 0: no deadline).

    A real-time alarm (SIGALRM) interrupts Python code and the regular-expression engines alike. It can only be
    set from the main thread of a POSIX process, and only when nothing else has an alarm running: elsewhere the
    block runs without a deadline (the audit's worker pool kills a worker that runs over instead)."""
    import signal
    import threading

    usable = (seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return
    assert seconds is not None

    def expire(signum: int, frame: object) -> None:
        raise TimedOut(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------------------------- worker processes

STOP_SIGNALS = ("SIGINT", "SIGTERM")


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while worker processes are being started: a start cut in half leaves a child
    that cannot read what it was sent, and says so with a traceback. Delivered as soon as the block ends."""
    import signal

    stops = {getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def worker_signals() -> None:
    """A worker leaves Ctrl-C to the parent (which stops the pool) and dies at once on SIGTERM (how a pool stops
    it), whatever handlers and mask it inherited from the parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
