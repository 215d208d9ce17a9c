"""Binary Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice (checker.load.convert: a private
temporary folder and profile, macros off, a time limit), then read by the .docx loader.

The Document keeps the original's path and its own format ("doc" / "wps"); ``meta["converted"]`` says it was
converted and by what. Positions refer to the converted text (what ``fzlint extract`` prints). Without
LibreOffice the file is a clear error row: save it as .docx, or install LibreOffice. ``fzlint fix`` never
writes these files (it refuses them); ``--annotate`` writes a .docx copy.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .limits import Limits, read_regular

NAMES = {".doc": "旧版 Word 文件（.doc）", ".wps": "WPS 文字文件（.wps）"}
NOT_WORD = ("图片", "PDF 文件", "gzip", "RAR", "7z", "可执行程序")


def load(path: Path, limits: Limits | None = None) -> Document:
    from .convert import convert
    from .docx import from_bytes
    from .limits import check_archive
    from .txt import sniff

    limits = limits if limits is not None else Limits()
    where = str(path)
    suffix = path.suffix.lower()
    data = read_regular(path, limits.docx_file if limits.max_size else 0)
    if not data.strip():
        raise InputError("文件是空的", where)
    kind = sniff(data)
    if kind is not None and any(word in kind for word in NOT_WORD):
        raise InputError(f"这是{' ' if kind[0].isascii() else ''}{kind}，不是 Word 或 WPS 文件", where)
    converted = convert(data, suffix, "docx:MS Word 2007 XML", where, timeout=limits.convert_timeout)
    check_archive(path, limits, converted)      # the converted file is held to the .docx limits too
    doc = from_bytes(converted, where, fmt=suffix.lstrip("."), limits=limits)
    meta = {**doc.meta, "converted": {"from": suffix.lstrip("."), "to": "docx", "by": "LibreOffice"}}
    return dataclasses.replace(doc, meta=meta)


__all__ = ["NAMES", "load"]
