"""fzlint's own files: reading the text and YAML it is configured with (rule packs, configuration), where the
built-in packs are, and the one atomic writer for everything it writes (reports with ``--output``, baselines,
annotated copies, fixed files and their backups, audit tables and pages, the audit cache, ``fzlint init``).

Reading: a missing, unreadable, non-UTF-8 or malformed file gets a Chinese message; ``error`` is the CheckerError
class to raise (PackError or ConfigError) and ``what`` names the file for the user ("规则包文件", "配置文件").
The reports fzlint checks are read by checker/load/, not here.

Reading is bounded: only regular files (a FIFO, device or socket is refused without blocking), at most
``OWN_FILE_LIMIT`` bytes, and YAML whose aliases would expand past ``YAML_MAX_NODES`` values is refused before
anything is built from it.

Writing, atomically: a reader sees the old file or the whole new one. The text is encoded first (an encoding error
creates nothing), written to a temporary file in the target's own directory (so the final rename never crosses
file systems), flushed to disk, and renamed over the target with ``os.replace``. On any failure the temporary file
is removed and an existing target is left untouched. A new file gets the usual permissions (0666 less the umask)
unless told otherwise; a replaced one keeps its mode; a symbolic link the user named keeps pointing at its
(replaced) target, while one at a name fzlint chose (a backup, an annotated copy) is refused; a FIFO, device or
socket is never replaced. A process killed mid-write leaves its temporary file, which ``sweep_temporaries``
removes on a later run in that folder.
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

KB = 1024
MB = 1024 * KB
OWN_FILE_LIMIT = 5 * MB         # a rule pack, a configuration file, a word list
YAML_MAX_NODES = 200_000        # values in a YAML document once its aliases are expanded
YAML_MAX_DEPTH = 64             # lists and mappings inside each other
SHOWN = 60                      # characters of a value quoted in a message


def shown(value: object, limit: int = SHOWN) -> str:
    """A value as a message quotes it: at most ``limit`` characters (a value can be megabytes)."""
    text = value if isinstance(value, str) else repr(value) if not isinstance(value, (int, float)) else _number(value)
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text):,} 个字符）"


def _number(value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10 ** 30:
        return f"{len(str(abs(value)))} 位的整数"
    return str(value)


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in Chinese (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return ("文件夹" if stat.S_ISDIR(mode) else "命名管道（FIFO）" if stat.S_ISFIFO(mode)
            else "套接字" if stat.S_ISSOCK(mode)
            else "设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "特殊文件")


def read_bytes(path: Path, error: ErrorType, what: str, limit: int = OWN_FILE_LIMIT) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. A FIFO, socket or device is refused without
    blocking (opened non-blocking, checked with fstat before a byte is read); /dev/zero is never read forever."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"{what}不存在", str(path)) from None
    except PermissionError:
        raise error(f"没有读取{what}的权限", str(path)) from None
    except OSError as exc:
        raise error(f"无法读取{what}（{exc.strerror or exc}）", str(path)) from None
    try:
        st = os.fstat(fd)
        kind = special_kind(st.st_mode)
        if kind is not None:
            raise error(f"应是一个{what}，而这是{kind}，未读取", str(path))
        if st.st_size > limit:
            raise error(f"{what}太大（{st.st_size // KB:,} KB，上限 {limit // MB} MB），未读取", str(path))
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise error(f"无法读取{what}（{exc.strerror or exc}）", str(path)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise error(f"{what}太大（上限 {limit // MB} MB），未读取", str(path))
    return data


def read_text(path: Path, error: ErrorType, what: str, limit: int = OWN_FILE_LIMIT) -> str:
    try:
        return read_bytes(path, error, what, limit).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{what}不是 UTF-8 编码的文本", str(path)) from None


def load_yaml(path: Path, error: ErrorType, what: str) -> Any:
    """YAML with the safe (C, where built) loader; a syntax error names its line and column. What a few aliases
    could blow up is refused before anything is built from it: more than ``YAML_MAX_NODES`` values once the
    aliases are expanded ("billion laughs"), an alias that contains itself, nesting deeper than
    ``YAML_MAX_DEPTH``, and numbers too long to convert."""
    import yaml

    text = read_text(path, error, what)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problem = _yaml_shape(node)
        if problem:
            raise error(problem, str(path))
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第{mark.line + 1}行第{mark.column + 1}列）" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"YAML 语法错误{where}：{shown(problem, 200)}", str(path)) from None
    except ValueError as exc:     # int("9" * 5000) beyond Python's digit limit; a date such as 2025-13-45
        if "digits" in str(exc):
            raise error(f"YAML 中有位数过多的整数（超过 {sys.get_int_max_str_digits()} 位），未读取", str(path)) from None
        raise error(f"YAML 中有无法读取的值（如不存在的日期）：{shown(str(exc), 80)}", str(path)) from None
    finally:
        loader.dispose()


def _yaml_shape(root: Any) -> str | None:
    """Why a composed YAML node graph is refused, or None. Walked without recursion; each node once (aliases are
    the same node object met again), so this costs the size of the file, not of its expansion."""
    import yaml

    size: dict[int, int] = {}               # node id → values in its expansion
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = ([c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if done:
            on_path.discard(key)
            own = 1 + len(node.value) // 100 if isinstance(node, yaml.ScalarNode) else 1    # long strings weigh more
            size[key] = own + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > YAML_MAX_NODES:
                return (f"YAML 中的别名（&/*）展开后超过 {YAML_MAX_NODES:,} 个值，疑似“别名炸弹”，未读取"
                        f"（{_mark(node)}）")
            if depth[key] > YAML_MAX_DEPTH:
                return f"YAML 嵌套超过 {YAML_MAX_DEPTH} 层，未读取（{_mark(node)}）"
            continue
        if key in size:
            continue
        if key in on_path:
            return f"YAML 中的别名引用了包含它自己的内容（循环引用），未读取（{_mark(node)}）"
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)
    return None


def _mark(node: Any) -> str:
    mark = getattr(node, "start_mark", None)
    return f"第{mark.line + 1}行第{mark.column + 1}列" if mark is not None else "位置不明"


def builtin_dir() -> Path:
    """The built-in packs: package data in an installed wheel (checker/_rules), the checkout's rules/ otherwise."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


# ---------------------------------------------------------------------------------------------- writing


TEMP_MARK = "fzlint"
_TEMP_NAME = r"^\..+\.fzlint-(\d+)-[0-9a-f]{8}\.tmp$"
STALE_AFTER = 60                    # seconds: a temporary file of a process that is gone, this old, is left over
ABANDONED_AFTER = 24 * 3600         # seconds: this old, a temporary file is left over whoever wrote it


class RefusedTarget(OSError):
    """A path fzlint will not write: a FIFO, device, socket or folder, or a symbolic link where fzlint chose the
    name. ``strerror`` says why in Chinese, so the callers' usual "无法写入 …（原因）" reads right."""

    def __init__(self, reason: str, path: str | Path) -> None:
        super().__init__(0, reason, str(path))


def _create_temp(directory: Path, name: str) -> tuple[int, Path]:
    """A new temporary file beside the target: ``.NAME.fzlint-PID-XXXXXXXX.tmp`` (the process id lets a later run
    tell one left behind by a killed process from one being written now: ``sweep_temporaries``)."""
    import secrets

    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_NOFOLLOW", 0))
    for _ in range(_TEMP_TRIES):
        tmp = directory / f".{name}.{TEMP_MARK}-{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"无法在 {directory} 中创建临时文件")


def sweep_temporaries(directory: str | Path) -> list[Path]:
    """Remove the temporary files an fzlint process killed while writing (SIGKILL, a power cut) left in
    ``directory``: those whose process is gone and that are older than a minute, and any older than a day. Only
    regular files named as ``_create_temp`` names them; returns what was removed. Never fails."""
    import re
    import time

    pattern = re.compile(_TEMP_NAME)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if m is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            age = now - st.st_mtime
            if age > ABANDONED_AFTER or (age > STALE_AFTER and not _alive(int(m.group(1)))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except (OSError, ValueError):
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True                     # someone else's process (or a number we cannot ask about): leave it
    return True


def writable_target(path: str | Path, follow: bool = True) -> Path:
    """Where writing ``path`` goes, or RefusedTarget. ``follow``: a path the user named, whose symbolic link is
    followed to the file it points at; otherwise (a name fzlint derived: ``报告.docx.bak``, ``报告.fzlint.docx``, a
    cache entry) a symbolic link there is refused, never written through. Either way what is there must be a
    regular file (or nothing): a FIFO, a device, a socket or a folder is never replaced by a file."""
    target = Path(os.path.realpath(path)) if follow else Path(os.path.abspath(path))
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError:
        return target                   # the write itself will say what is wrong
    if stat.S_ISLNK(st.st_mode):
        raise RefusedTarget("这个位置是一个符号链接，为免写到别处，未写入；请删除它或换一个位置", path)
    kind = special_kind(st.st_mode)
    if kind is not None:
        raise RefusedTarget(f"这是{kind}，不是普通文件；fzlint 不会用文件替换它", path)
    return target


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


def write_atomic(path: str | Path, text: str, encoding: str = "utf-8", mode: int | None = None,
                 errors: str = "strict", follow: bool = True) -> None:
    """Replace (or create) ``path`` with ``text``, all or nothing. Raises OSError / UnicodeEncodeError.
    ``errors="surrogateescape"`` writes file names that are not UTF-8 back as the bytes they were."""
    write_bytes_atomic(path, text.encode(encoding, errors), mode, follow=follow)


def write_bytes_atomic(path: str | Path, data: bytes, mode: int | None = None, durable: bool = True,
                       follow: bool = True) -> None:
    """Replace (or create) ``path`` with ``data``, all or nothing. An existing file keeps its mode; a new one gets
    ``mode`` (default 0666 less the umask). ``durable=False`` skips flushing to disk (the audit cache: an entry a
    crash loses is only checked again). ``follow``: see ``writable_target`` (False for names fzlint chose). Raises
    OSError (RefusedTarget for a path that must not be written)."""
    target = writable_target(path, follow)
    directory = target.parent
    try:
        mode = stat.S_IMODE(os.lstat(target).st_mode)
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
    """Where a report goes: ``stdout`` (default ``sys.stdout``) when ``path`` is None or ``-``, or names this
    process's own standard output or error (``/dev/stdout``, ``/dev/fd/2`` …, whatever they are: a pipe, a
    terminal, a file); nowhere for the null device; otherwise a StringIO whose contents are written to ``path``
    atomically when the block ends without an exception (an exception leaves any existing file as it was; a FIFO,
    device or socket is refused, never replaced). File names that are not UTF-8 are written as their bytes."""
    stdout = stdout if stdout is not None else sys.stdout
    stream = None if path is None or str(path) == "-" else _own_stream(path, stdout)
    if path is None or str(path) == "-" or stream is not None:
        yield stream if stream is not None else stdout
        return
    buffer = io.StringIO()
    yield buffer
    if not _is_null(path):
        write_atomic(path, buffer.getvalue(), errors="surrogateescape")


def _identity(path: str | Path | int) -> tuple[int, int] | None:
    try:
        st = os.fstat(path) if isinstance(path, int) else os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _fileno(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (OSError, ValueError, AttributeError):
        return None


def _own_stream(path: str | Path, stdout: TextIO) -> TextIO | None:
    """``stdout`` or ``sys.stderr`` when ``path`` is the same file as one of them (not a regular file: writing a
    report "to" /dev/stdout means into the stream, whatever it is)."""
    target = _identity(path)
    if target is None:
        return None
    for stream in (stdout, sys.stdout, sys.stderr):
        fd = _fileno(stream)
        if fd is not None and _identity(fd) == target:
            return stdout if stream is sys.stdout else stream
    return None


def writes_to_stdout(path: str | Path | None) -> bool:
    """Whether writing ``path`` with ``output_stream`` goes to standard output ("-", /dev/stdout, /dev/fd/1 …)."""
    if path is None:
        return False
    if str(path) == "-":
        return True
    fd = _fileno(sys.stdout)
    target = _identity(path)
    return fd is not None and target is not None and _identity(fd) == target


def _is_null(path: str | Path) -> bool:
    null = _identity(os.devnull)
    return null is not None and _identity(path) == null
