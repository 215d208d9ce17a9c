"""Loaders: one module per input format, each returning a Document. Chosen by file suffix."""
from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import InputError
from ..model import Document

# suffix → module in this package exposing load(path: Path) -> Document
LOADERS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED = tuple(LOADERS)


def load(path: str | Path) -> Document:
    """Read one report. Raises InputError with a Chinese message naming the file."""
    p = Path(path)
    name = LOADERS.get(p.suffix.lower())
    if name is None:
        raise InputError(
            f"不支持的文件类型“{p.suffix or '（无扩展名）'}”；fzlint 可检查 .txt、.docx、.html/.htm 文件", str(path))
    if not p.exists():
        raise InputError("文件不存在", str(path))
    if p.is_dir():
        raise InputError("这是一个文件夹，不是文件", str(path))
    module = importlib.import_module(f"{__name__}.{name}")
    try:
        return module.load(p)
    except InputError:
        raise
    except PermissionError:
        raise InputError("没有读取该文件的权限", str(path)) from None
    except FileNotFoundError:
        raise InputError("文件在读取前已被删除或移走", str(path)) from None
    except OSError as exc:
        raise InputError(f"读取文件失败（{exc.strerror or exc}）", str(path)) from None
