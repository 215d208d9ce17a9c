"""Plain text: UTF-8 (with or without BOM), GB18030 (which covers GBK/GB2312), UTF-16 by BOM; CRLF/CR folded to LF.

What is not text is said for what it is: a picture, PDF, Word or ZIP file renamed .txt is named by its
signature; other binary content (NUL bytes, control characters) is refused as binary.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from ..model import Document, line_starts_of, paragraphs_of_lines
from .limits import Limits, check_paragraphs, read_regular

SAVE_AS = "请用原来的程序打开后另存为文本（.txt）或检查原文件"
# leading bytes → what the file is (checked before decoding; none of these is text in any supported encoding)
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"%PDF-", "PDF 文件"),
    (b"PK\x03\x04", "ZIP 压缩包（可能是 .docx/.xlsx 等改了扩展名）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office/WPS 文件（.doc/.wps/.xls）"),
    (b"{\\rtf", "RTF 文件"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x7fELF", "可执行程序"),
)
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
CONTROL_SHARE = 0.01


def sniff(data: bytes) -> str | None:
    """What a non-text file is, by its leading bytes (None: nothing recognised)."""
    head = data[:16].lstrip(b"\xef\xbb\xbf")
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP 图片"
    if head.startswith(b"MZ") and b"\x00" in data[:64]:
        return "Windows 可执行程序"
    return None


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Never guesses silently: the encoding found is returned."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(f"文件以 UTF-8 标记开头，但第 {exc.start + 4} 个字节起不是有效的 UTF-8 文本", path) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
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
        raise InputError("无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK，也没有 UTF-16 标记；"
                         "请另存为 UTF-8 编码的文本", path) from None


def normalize(text: str) -> str:
    """Line ends folded once, here, so every later offset refers to the same text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _controls(text: str) -> str | None:
    """A file whose text is more than 1% control characters is binary, whatever it decoded as."""
    controls = len(CONTROL.findall(text, 0, 100_000))
    if controls > max(8, CONTROL_SHARE * min(len(text), 100_000)):
        return f"文件含有大量控制字符（前 10 万字中 {controls} 个），不是文本文件"
    return None


# What an "empty" file may still hold: white space, byte-order marks (one at the start, or several left by
# editors that joined files), zero-width spaces and joiners.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_INVISIBLE = str.maketrans("", "", INVISIBLE)


def is_blank(text: str) -> bool:
    """Nothing but white space and invisible characters: an empty file, whatever its BOM and line ends."""
    return not text.translate(_INVISIBLE).strip()


def document_from_text(text: str, path: str, encoding: str | None, fmt: str = "txt",
                       limits: Limits | None = None) -> Document:
    """A Document from text already decoded (standard input, a rule's example), prepared for checking like
    every loaded file (checker.load.prepare); with ``limits``, refused when it has too many lines."""
    from .prepare import prepare

    return prepare(_document(text, path, encoding, fmt, limits))


def _document(text: str, path: str, encoding: str | None, fmt: str = "txt",
              limits: Limits | None = None) -> Document:
    text = normalize(text)
    if "\x00" in text:
        raise InputError("文件含有二进制内容（NUL 字符），不是文本文件；若是没有字节序标记的 UTF-16 文本，请另存为 UTF-8", path)
    if limits is not None:
        check_paragraphs(path, text.count("\n") + 1, limits)
    return Document(path=path, format=fmt, text=text, paragraphs=paragraphs_of_lines(text),
                    encoding=encoding, meta={}, line_starts=line_starts_of(text))


def load(path: Path, limits: Limits | None = None) -> Document:
    return _from_bytes(read_regular(path), str(path), limits)


def document_from_bytes(data: bytes, path: str, limits: Limits | None = None) -> Document:
    """A text file's bytes (already read, within the size limit: an upload) as a Document prepared for checking
    like every loaded file (checker.load.prepare); ``path`` names it in messages."""
    from .prepare import prepare

    return prepare(_from_bytes(data, path, limits))


def _from_bytes(data: bytes, path: str, limits: Limits | None = None) -> Document:
    if not data.strip():
        raise InputError("文件是空的", path)
    kind = sniff(data)
    if kind is not None:
        raise InputError(f"这是{' ' if kind[0].isascii() else ''}{kind}，不是文本文件；{SAVE_AS}", path)
    text, encoding = decode(data, path)
    if is_blank(text):
        raise InputError("文件是空的（只有空白、空行或字节序标记）", path)
    problem = _controls(text)
    if problem:
        raise InputError(problem, path)
    return _document(text, path, encoding, limits=limits or Limits())
