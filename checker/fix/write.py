"""Writing a fixed file back: a ``FILE.bak`` copy of the original first (unless told not to), then the new content
in one atomic step (a temporary file in the same folder, flushed, renamed over the original with ``os.replace``):
a reader sees the old file or the whole new one, never half. The file keeps its permission bits; a symbolic
link keeps pointing at its (rewritten) target. A read-only file, or one changed on disk since it was read, is
not written. The backup's name is fzlint's choice, so a symbolic link (or a FIFO, a device) already there is
refused rather than written through: a link planted at ``报告.txt.bak`` cannot send the original elsewhere.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError
from ..files import write_bytes_atomic

BACKUP_SUFFIX = ".bak"


def backup_path(path: str) -> str:
    return path + BACKUP_SUFFIX


def check_writable(path: str) -> None:
    """InputError when the file is read-only (its write bits are off, or the system refuses writing)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputError(f"无法读取文件属性（{exc.strerror or exc}）", path) from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise InputError("文件是只读的，未作修改；如确需修复，请先取消只读属性", path)


def write_fixed(path: str, original: bytes, data: bytes, backup: bool = True) -> str | None:
    """Write the fixed ``data`` over ``path`` (which must still hold ``original``); returns the backup's path, if
    one was written. Raises InputError with a Chinese message; the original is then as it was."""
    check_writable(path)
    try:
        current = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"读取文件失败（{exc.strerror or exc}），未作修改", path) from None
    if current != original:
        raise InputError("文件在修复期间被改动过，为免覆盖别人的修改，未作修改；请重新运行 fzlint fix", path)
    saved = backup_path(path) if backup else None
    if saved is not None:
        try:         # a name fzlint chose: a symbolic link, FIFO or device planted there is refused, not followed
            write_bytes_atomic(saved, original, stat.S_IMODE(os.stat(path).st_mode), follow=False)
        except OSError as exc:
            raise InputError(f"无法写入备份文件 {saved}（{exc.strerror or exc}），原文件未作修改", path) from None
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise InputError(f"无法写入文件（{exc.strerror or exc}），原文件未作修改", path) from None
    return saved
