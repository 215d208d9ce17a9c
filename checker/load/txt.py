"""Plain text: UTF-8 (with or without BOM), GB18030 (which covers GBK/GB2312), UTF-16 by BOM; CRLF/CR folded to LF."""
from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError
from ..model import Document, line_starts_of, paragraphs_of_lines


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Never guesses silently: the encoding found is returned."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError("文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本", path) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise InputError("无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK，也没有 UTF-16 标记", path) from None


def normalize(text: str) -> str:
    """Line ends folded once, here, so every later offset refers to the same text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_from_text(text: str, path: str, encoding: str | None, fmt: str = "txt") -> Document:
    text = normalize(text)
    if "\x00" in text:
        raise InputError("文件含有二进制内容（NUL 字符），不是文本文件", path)
    return Document(path=path, format=fmt, text=text, paragraphs=paragraphs_of_lines(text),
                    encoding=encoding, meta={}, line_starts=line_starts_of(text))


def load(path: Path) -> Document:
    data = path.read_bytes()
    if not data.strip():
        raise InputError("文件是空的", str(path))
    text, encoding = decode(data, str(path))
    return document_from_text(text, str(path), encoding)
