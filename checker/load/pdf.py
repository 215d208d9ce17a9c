"""PDF with a text layer, through pypdfium2 (PDFium, the PDF engine of Chrome), imported on use.

Why PDFium (pypdfium2) and not pdfminer.six: both are well kept; on the LibreOffice PDFs of the development
corpus PDFium reads a page in about 2 ms where pdfminer.six takes about 150 ms (benchmarks/pdf_libs.py), and
PDFium says which spaces and line breaks it made up from gaps (FPDFText_IsGenerated), which is what lets
"2025 年" read "2025年" again while a space the author typed stays a space; pdfminer.six gives only its own
gap-based spaces. PDFium's glyph boxes (loose, i.e. advance boxes) give the positions the layout needs
(checker.load.pdf_layout turns glyphs into lines, drops page furniture and rejoins paragraphs).

Before PDFium sees a byte, the file is checked here: that it is a PDF (else what it is), that it is complete
(``%%EOF`` at its end), and that its compressed streams (other than pictures, which text extraction never
decodes) do not inflate beyond the size limits or at a zip-bomb ratio. Then: a password (encrypted PDF), more
than ``MAX_PAGES`` pages, a damaged file, no text layer (a scan), text in fonts without a Unicode map — each a
clear Chinese message (InputError).
"""
from __future__ import annotations

import ctypes
import re
import zlib
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document, Paragraph, Span, line_starts_of
from .limits import MAX_RATIO, RAISE_HINT, RATIO_FLOOR, Limits, format_size, read_regular
from .pdf_blocks import blocks
from .pdf_layout import Glyph, Line, line_of

MAX_PAGES = 500             # a report with its attachments is tens of pages; thousands is something else
MIN_PAGE_TEXT = 20          # a page with fewer non-blank characters than this has no text layer to speak of
BAD_SHARE = 0.3             # more than this share of unreadable characters: fonts without a Unicode map
MAP_SAMPLE = 200            # characters of each page PDFium is asked whether their font maps them to Unicode
STREAM_RE = re.compile(rb"(?<!end)stream\r?\n")
IMAGE_RE = re.compile(rb"/Subtype\s*/Image")
DICT_LOOKBACK = 2048        # bytes before a stream searched for its dictionary's /Subtype
CHUNK = 1 << 20
SOURCE_HINT = "请检查报告的 .docx 原稿，或用原来的程序重新导出 PDF"


# ---------------------------------------------------------------- checks before PDFium

def _container(data: bytes, where: str) -> None:
    if not data.strip():
        raise InputError("文件是空的", where)
    if b"%PDF-" not in data[:1024]:
        from .txt import sniff

        kind = sniff(data)
        what = f"这是{' ' if kind[0].isascii() else ''}{kind}" if kind else "文件开头没有 PDF 标记（%PDF-）"
        raise InputError(f"{what}，不是 PDF 文件", where)
    if b"%%EOF" not in data[-1024:]:
        raise InputError("PDF 文件不完整（结尾缺少 %%EOF，可能下载或复制时被截断），请重新下载或重新导出", where)


def _stream_dict(data: bytes, at: int) -> bytes:
    head = data[max(0, at - DICT_LOOKBACK):at]
    cut = head.rfind(b"obj")
    return head[cut:] if cut >= 0 else head


def _inflate(data: bytes, start: int, cap: int) -> tuple[int, int]:
    """(inflated size, compressed bytes read) of the Flate stream at ``start``, inflating at most ``cap`` bytes
    past what is counted, a chunk at a time (nothing is kept). zlib.error: not a Flate stream."""
    inflater = zlib.decompressobj()
    size, pos, pending = 0, start, b""
    while size <= cap and not inflater.eof:
        if not pending:
            if pos >= len(data):
                break
            pending = data[pos:pos + CHUNK]
            pos += len(pending)
        size += len(inflater.decompress(pending, CHUNK))
        pending = inflater.unconsumed_tail
    return size, max(1, pos - start - len(pending) - len(inflater.unused_data))


def _inflation(data: bytes, where: str, limits: Limits) -> None:
    """Refuse a PDF whose compressed streams would inflate past the limits, before any is parsed: every Flate
    stream but pictures' (text extraction never decodes those) is inflated and counted, never held whole. All
    together may inflate to ``Limits.docx_total``; one stream larger than ``RATIO_FLOOR`` inflated more than
    ``MAX_RATIO`` times is a bomb, as in a .docx."""
    if not limits.max_size:
        return
    total = 0
    for m in STREAM_RE.finditer(data):
        if IMAGE_RE.search(_stream_dict(data, m.start())):
            continue
        try:
            size, packed = _inflate(data, m.end(), limits.docx_total - total)
        except zlib.error:
            continue            # not Flate: PDFium decides what it is
        total += size
        if total > limits.docx_total:
            raise InputError(f"PDF 中的压缩数据解压后超过 {format_size(limits.docx_total)}，不像是一份年度报告，"
                             f"未读取；{RAISE_HINT}", where)
        if size > RATIO_FLOOR and size > MAX_RATIO * packed:
            raise InputError(f"PDF 中有一段数据压缩比异常（{format_size(packed)} 解压后为 {format_size(size)}），"
                             "疑似“压缩炸弹”，未读取", where)


# ---------------------------------------------------------------- PDFium

def _open(data: bytes, where: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4 or "password" in str(exc).lower():
            raise InputError("PDF 文件设置了打开密码（已加密），无法读取；请用不加密的方式重新导出，或检查 .docx 原稿",
                             where) from None
        if code == 6 or "security" in str(exc).lower():
            raise InputError("PDF 文件使用了不支持的加密方式，无法读取；" + SOURCE_HINT, where) from None
        raise InputError("PDF 文件已损坏，无法读取；" + SOURCE_HINT, where) from None


def _style(raw: Any, handle: Any, i: int, obj: Any, matrix: Any) -> tuple[float, bool]:
    """(size, bold) of a glyph. The size on the page is the font size times the text matrix's vertical scale
    (Cairo and others set a font at size 1 and scale it by the matrix). Bold: a heavy font, or text drawn
    filled and stroked (how LibreOffice fakes bold for a font without a bold face)."""
    size = raw.FPDFText_GetFontSize(handle, i)
    if raw.FPDFText_GetMatrix(handle, i, matrix):
        size *= (matrix.c * matrix.c + matrix.d * matrix.d) ** 0.5 or 1.0
    bold = raw.FPDFText_GetFontWeight(handle, i) >= 600
    if not bold and obj:
        bold = raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_FILL_STROKE
    return size, bold


def _characters(raw: Any, handle: Any, count: int) -> list[int]:
    """The code points of the page's characters, by index: read in one call where every character is one UTF-16
    unit (else character by character)."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = raw.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = buffer.raw[:2 * max(0, written - 1)]
    codes = [units[i] | units[i + 1] << 8 for i in range(0, len(units), 2)]
    if len(codes) == count and not any(0xD800 <= c <= 0xDFFF for c in codes):
        return codes
    return [raw.FPDFText_GetUnicode(handle, i) for i in range(count)]


def _page_lines(raw: Any, page: Any, number: int) -> tuple[list[Line], int, int]:
    """The page's lines, its count of non-blank characters and of unreadable ones. The size and boldness of
    a glyph are those of its text object, asked once per object; only a space or a line break can have been
    made up by PDFium."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        generated_of = raw.FPDFText_IsGenerated
        box_of, origin_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
        object_of = raw.FPDFText_GetTextObject
        rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        lines: list[Line] = []
        glyphs: list[Glyph] = []
        inked = bad = 0
        styles: dict[int, tuple[float, bool]] = {}
        for i, code in enumerate(_characters(raw, handle, raw.FPDFText_CountChars(handle))):
            ch = chr(code) if 0 <= code < 0x110000 else "\ufffd"
            if ch in " \r\n" and generated_of(handle, i) == 1:
                if ch != " ":
                    line = line_of(number, glyphs)
                    lines += [line] if line is not None else []
                    glyphs = []
                continue
            if ch == "\n":
                line = line_of(number, glyphs)
                lines += [line] if line is not None else []
                glyphs = []
                continue
            box_of(handle, i, rect)
            origin_of(handle, i, origin_x, origin_y)       # the baseline, whatever the font
            obj = object_of(handle, i)
            key = ctypes.addressof(obj.contents) if obj else 0
            style = styles.get(key) if key else None
            if style is None:
                style = styles[key] = _style(raw, handle, i, obj, matrix)
            if ch.strip():
                inked += 1
                bad += (ch == "\ufffd" or 0xE000 <= code <= 0xF8FF or code < 0x20
                        or (inked <= MAP_SAMPLE and raw.FPDFText_HasUnicodeMapError(handle, i) == 1))
            glyphs.append(Glyph(ch, rect.left, rect.right, origin_y.value, style[0], style[1]))
        line = line_of(number, glyphs)
        lines += [line] if line is not None else []
    finally:
        textpage.close()
    lines.sort(key=lambda ln: -ln.y)        # top to bottom (PDF space: y grows upward); stable within a line
    return lines, inked, bad


def _metadata_title(pdf: Any) -> str | None:
    try:
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    except Exception:  # noqa: BLE001 - broken metadata only loses the title
        return None
    return title or None


def load(path: Path, limits: Limits | None = None) -> Document:
    limits = limits if limits is not None else Limits()
    where = str(path)
    data = read_regular(path, limits.docx_file if limits.max_size else 0)
    _container(data, where)
    _inflation(data, where, limits)
    import pypdfium2.raw as raw

    pdf = _open(data, where)
    try:
        count = len(pdf)
        if count == 0:
            raise InputError("PDF 文件没有页面", where)
        if limits.max_size and count > MAX_PAGES:
            raise InputError(f"PDF 有 {count} 页（上限 {MAX_PAGES} 页），不像是一份年度报告，未读取；"
                             "确需检查时用 --max-size 0 取消所有大小限制", where)
        pages: list[list[Line]] = []
        inked = bad = with_text = chars = 0
        for n in range(count):
            page = pdf[n]
            try:
                lines, page_inked, page_bad = _page_lines(raw, page, n)
            finally:
                page.close()
            pages.append(lines)
            inked, bad, with_text = inked + page_inked, bad + page_bad, with_text + (page_inked >= MIN_PAGE_TEXT)
            chars += sum(len(ln.text) + 1 for ln in lines)
            if limits.max_size and chars > limits.max_size:
                raise InputError(f"PDF 的文字超过 {format_size(limits.max_size)}，不像是一份年度报告，未读取；{RAISE_HINT}",
                                 where)
        title = _metadata_title(pdf)
    finally:
        pdf.close()
    if not with_text:
        raise InputError("扫描件，没有文字层，无法检查（PDF 的页面是图片）；请检查报告的 .docx 原稿，"
                         "或先用文字识别（OCR）转成文字", where)
    if bad > BAD_SHARE * inked:
        raise InputError("PDF 的文字无法正确提取（所用字体缺少文字编码映射，提取出的是乱码）；" + SOURCE_HINT, where)
    return _document(where, pages, count, title)


def _document(where: str, pages: list[list[Line]], count: int, title: str | None) -> Document:
    found, furniture = blocks(pages)
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, block in enumerate(found):
        paragraphs.append(Paragraph(index=index, span=Span(offset, offset + len(block.text)), line=index + 1,
                                    source=f"第{block.page + 1}页{block.where}", bold=block.bold, align=block.align))
        offset += len(block.text) + 1
    text = "\n".join(b.text for b in found)
    meta: dict[str, Any] = {"pages": count}
    if title:
        meta["title"] = title
    if furniture:
        meta["furniture"] = tuple(furniture)
    return Document(path=where, format="pdf", text=text, paragraphs=tuple(paragraphs), encoding=None, meta=meta,
                    line_starts=line_starts_of(text))


__all__ = ["MAX_PAGES", "load"]
