"""Loaders: one module per input format, each returning a Document. Chosen by file suffix.

``load`` is the one door every input goes through: before a loader reads a byte it checks that the path is a
regular file (a FIFO or device would block) and that it is within the size limits (checker.load.limits), so a
huge file or a zip bomb is refused from its size on disk and its ZIP directory.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .limits import Limits, check_archive, check_regular, check_size

# suffix → module in this package exposing load(path: Path) -> Document
LOADERS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED = tuple(LOADERS)
# suffixes fzlint does not read, and what to do instead
SAVE_AS_DOCX = "请用 Word 或 WPS 打开后另存为 .docx"
UNSUPPORTED = {
    ".doc": f"旧版 Word 格式（.doc）暂不支持；{SAVE_AS_DOCX}",
    ".wps": f"WPS 文字格式（.wps）暂不支持；{SAVE_AS_DOCX}",
    ".rtf": f"RTF 格式暂不支持；{SAVE_AS_DOCX}",
    ".docm": f"启用宏的 Word 文档（.docm）暂不支持；{SAVE_AS_DOCX}",
    ".dotx": f"Word 模板（.dotx）暂不支持；{SAVE_AS_DOCX}",
    ".odt": f"OpenDocument 文本（.odt）暂不支持；{SAVE_AS_DOCX}",
    ".pdf": "PDF 文件暂不支持；请检查报告的 .docx 或 .txt 原稿，或网页版（.html）",
    ".ofd": "OFD 版式文件暂不支持；请检查报告的 .docx 或 .txt 原稿，或网页版（.html）",
}


def _takes_limits(loader: object) -> bool:
    """A loader's ``load(path, limits)`` gets the limits (how many paragraphs a document may have); one written as
    ``load(path)`` does without."""
    code = getattr(loader, "__code__", None)
    return code is not None and code.co_argcount >= 2


def load(path: str | Path, limits: Limits | None = None) -> Document:
    """Read one report. Raises InputError with a Chinese message naming the file."""
    p = Path(path)
    limits = limits if limits is not None else Limits()
    name = LOADERS.get(p.suffix.lower())
    if name is None:
        hint = UNSUPPORTED.get(p.suffix.lower(), "fzlint 可检查 .txt、.docx、.html/.htm 文件")
        raise InputError(f"不支持的文件类型“{p.suffix or '（无扩展名）'}”；{hint}", str(path))
    try:
        if not p.exists():
            if p.is_symlink():
                raise InputError("这是一个失效的符号链接（指向的文件不存在，或链接形成循环）", str(path))
            raise InputError("文件不存在", str(path))
        if p.is_dir():
            raise InputError("这是一个文件夹，不是文件", str(path))
        st = check_regular(p)
        if name == "docx":
            check_archive(p, limits)
        else:
            check_size(p, st.st_size, limits.max_size)
        module = importlib.import_module(f"{__name__}.{name}")
        return module.load(p, limits) if _takes_limits(module.load) else module.load(p)
    except InputError:
        raise
    except PermissionError:
        raise InputError("没有读取该文件的权限", str(path)) from None
    except FileNotFoundError:
        raise InputError("文件在读取前已被删除或移走", str(path)) from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是文件", str(path)) from None
    except OSError as exc:
        raise InputError(f"读取文件失败（{exc.strerror or exc}）", str(path)) from None
    except MemoryError:
        raise InputError("文件太大，内存不足以读取", str(path)) from None
