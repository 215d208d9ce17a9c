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
from .limits import Limits, check_archive, check_paragraphs, check_regular, check_size

# suffix → module in this package exposing load(path: Path) -> Document
LOADERS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".doc": "legacy",           # converted by LibreOffice, then read as .docx
    ".wps": "legacy",
}
SUPPORTED = tuple(LOADERS)
# suffix → the Document.format a file is read as (a .doc stays "doc" though it is read through a .docx)
FORMATS = {".txt": "txt", ".text": "txt", ".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf",
           ".doc": "doc", ".wps": "wps"}
READABLE = "fzlint 可检查 .txt、.docx、.html/.htm、.pdf（有文字层）文件，以及经 LibreOffice 转换的 .doc、.wps 文件"
# suffixes fzlint does not read, and what to do instead
SAVE_AS_DOCX = "请用 Word 或 WPS 打开后另存为 .docx"
UNSUPPORTED = {
    ".rtf": f"RTF 格式暂不支持；{SAVE_AS_DOCX}",
    ".docm": f"启用宏的 Word 文档（.docm）暂不支持；{SAVE_AS_DOCX}",
    ".dotx": f"Word 模板（.dotx）暂不支持；{SAVE_AS_DOCX}",
    ".odt": f"OpenDocument 文本（.odt）暂不支持；{SAVE_AS_DOCX}",
    ".ofd": "OFD 版式文件暂不支持；请检查报告的 .docx 或 .txt 原稿，或网页版（.html）",
}


def _takes_limits(loader: object) -> bool:
    """A loader's ``load(path, limits)`` gets the limits (how many paragraphs a document may have, and the pdf and
    legacy loaders' own sizes); one written as ``load(path)`` does without."""
    code = getattr(loader, "__code__", None)
    return code is not None and code.co_argcount >= 2


def format_of(path: str | Path) -> str | None:
    """The format a file is read as, by its suffix (txt, docx, html, pdf, doc, wps); None when fzlint does not
    read it."""
    return FORMATS.get(Path(path).suffix.lower())


def unsupported(path: str | Path) -> str:
    """Why a file of this type is not read, and what to do instead (Chinese)."""
    suffix = Path(path).suffix
    return f"不支持的文件类型“{suffix or '（无扩展名）'}”；{UNSUPPORTED.get(suffix.lower(), READABLE)}"


def load(path: str | Path, limits: Limits | None = None) -> Document:
    """Read one report. Raises InputError with a Chinese message naming the file."""
    p = Path(path)
    limits = limits if limits is not None else Limits()
    name = LOADERS.get(p.suffix.lower())
    try:
        if not p.exists():
            if p.is_symlink():
                raise InputError("这是一个失效的符号链接（指向的文件不存在，或链接形成循环）", str(path))
            raise InputError("文件不存在", str(path))
        if p.is_dir():
            raise InputError("这是一个文件夹，不是文件", str(path))
        if name is None:
            raise InputError(unsupported(p), str(path))
        st = check_regular(p)
        module = importlib.import_module(f"{__name__}.{name}")
        if name == "docx":
            check_archive(p, limits)
        elif name not in ("pdf", "legacy"):     # their sizes (pages, streams, the converted file) judged by the loader
            check_size(p, st.st_size, limits.max_size)
        doc = module.load(p, limits) if _takes_limits(module.load) else module.load(p)
        from .prepare import prepare

        doc = prepare(doc)           # every format alike: traditional characters folded, a one-block page split
        check_paragraphs(path, len(doc.paragraphs), limits)
        return doc
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
