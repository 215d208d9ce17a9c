"""Word .docx: body and table-cell paragraphs in document order, one paragraph per line.

python-docx is imported inside ``load`` only, so that starting fzlint stays light. The body is walked at
the XML level (w:p, w:tbl, and the w:sdt / w:customXml wrappers around them), so content controls are
read too. Headers, footers, comments, footnotes and text boxes are not report text. Tracked changes are read
as accepted (inserted text in, deleted text out). What the file carries besides the text goes into meta
(checker.load.docx_marks.extras): the comments addressed to fzlint (text beginning "fzlint", see
checker.suppress) with where they are anchored (meta["comments"]: (start, end, comment text)), reviewers'
comments, tracked changes, hidden text and the header, footer and watermark texts. meta["tables"] holds each
table's cells by row and column (model.Table).
Merged table cells are read once: a horizontally merged cell is a single w:tc, and the continuation
cells of a vertical merge (w:vMerge without "restart") are skipped, like python-docx maps them to the
top cell.
Word's automatic list numbering ("一、" from w:numPr, see docx_numbering) is rendered at the start of the
paragraph, as Word shows it; meta["numbered_paragraphs"] lists (paragraph index, mark length) for those.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..model import Document, Paragraph, Span, Table, TableCell, line_starts_of
from .wordml import (ALIGN, ALTERNATE, CUSTOM_XML, LINE_BREAKS, SDT, SDT_CONTENT, TBL, TC, TR, VAL, P,
                     _alternate_branch, _on_off, _paragraph_style, _run_text, _runs, _Styles, _w)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")

STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


@dataclass(frozen=True, slots=True)
class _Para:
    element: Any        # the w:p element
    source: str         # "第3段", "表格1第2行第3列", …
    cell: tuple[str, int, int] | None = None     # in a table: ("表格1", row, column)


# ---------------------------------------------------------------- container checks (before python-docx)

def _not_zip_message(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith(b"{\\rtf"):
        return "这是 RTF 文件，不是 .docx 文件；请用 Word 或 WPS 打开后另存为 .docx"
    if head.startswith((b"<html", b"<!doctype html", b"<?xml", b"mime-version")):
        return "这是网页或 XML 格式的文件，不是 .docx 文件；请用 Word 或 WPS 打开后另存为 .docx"
    return ("不是有效的 .docx 文件（不是 ZIP 压缩包）：可能是改了扩展名的旧版 .doc/.wps 文件，"
            "也可能根本不是 Word 文件；请用 Word 或 WPS 打开后另存为 .docx")


def _check_container(data: bytes, path: str) -> None:
    """Reject what is not a readable .docx with a message saying what it is instead."""
    if not data.strip():
        raise InputError("文件是空的", path)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise InputError("该 .docx 文件设置了密码（已加密），无法读取；请在 Word 或 WPS 中取消密码后重新保存", path)
        raise InputError("这是旧版 Word/WPS 格式（.doc/.wps）的文件，不是 .docx；请用 Word 或 WPS 打开后另存为 .docx", path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            locked = any(info.flag_bits & 0x1 for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        if data.startswith(b"PK"):
            raise InputError("文件已损坏或不完整（ZIP 结构无法读取），请重新保存或重新下载", path) from None
        raise InputError(_not_zip_message(data), path) from None
    if locked:
        raise InputError("压缩包设置了密码（ZIP 加密），无法读取；请用 Word 或 WPS 打开后另存为不加密的 .docx", path)
    if "word/document.xml" not in names:
        kind = ("（看起来是 Excel 表格）" if "xl/workbook.xml" in names
                else "（看起来是 PowerPoint 演示文稿）" if "ppt/presentation.xml" in names else "")
        raise InputError(f"压缩包里没有 word/document.xml，不是 .docx 文件{kind}", path)
    declared = _declares_dtd(data)
    if declared:
        raise InputError(f"{declared} 中含有 DTD 或实体声明（<!DOCTYPE>/<!ENTITY>），Word 不会生成这样的文件；"
                         "出于安全考虑未读取（实体可能指向本机文件或网络地址）", path)


DTD_MARKS = tuple(m.encode(codec) for m in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be"))
DTD_SCAN = 64 * 1024        # bytes inflated from the start of each XML part to look for a DTD


def _declares_dtd(data: bytes) -> str | None:
    """The first XML part that declares a DTD or an entity (None: none does). Word never writes one; an entity
    could point at a local file or a URL, or expand exponentially. Only the start of each part is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with archive.open(info) as member:
                    head = member.read(DTD_SCAN)
                if any(mark in head for mark in DTD_MARKS):
                    return info.filename
    except Exception:  # noqa: BLE001 - a damaged member is for python-docx to report as damaged
        return None
    return None


def _open(data: bytes, path: str) -> Any:
    """python-docx Document, or InputError: the only place python-docx and lxml are imported."""
    import docx
    from lxml import etree

    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        text = str(exc)
        if "macroEnabled" in text:
            raise InputError("这是启用宏的 Word 文档（.docm），请另存为普通 .docx 文件", path) from None
        if "template" in text:
            raise InputError("这是 Word 模板（.dotx），请另存为普通 .docx 文件", path) from None
        if "not a Word file" in text:
            raise InputError("压缩包里的主文档不是 Word 文档，不是 .docx 文件", path) from None
        raise InputError("文件已损坏或不完整，请重新保存或重新下载", path) from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EOFError, OSError):
        raise InputError("文件已损坏或不完整，请重新保存或重新下载", path) from None
    except Exception as exc:  # noqa: BLE001 - a user must see a message, never a traceback
        raise InputError(f"文件已损坏或不完整，无法作为 .docx 读取（{type(exc).__name__}）", path) from None


# ---------------------------------------------------------------- walking the body

def _blocks(container: Any) -> Iterator[Any]:
    """The w:p and w:tbl children of a body or cell, in order, looking through content controls."""
    for child in container:
        tag = child.tag
        if tag in (P, TBL):
            yield child
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag == CUSTOM_XML:
            yield from _blocks(child)
        elif tag == ALTERNATE:
            branch = _alternate_branch(child)
            if branch is not None:
                yield from _blocks(branch)


def _wrapped(container: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag`` (rows of a table, cells of a row), also inside w:sdt / w:customXml."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _wrapped(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _wrapped(child, tag)


def _int_prop(parent: Any, path: str, default: int) -> int:
    el = parent.find(path)
    try:
        return int(el.get(VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


def _merge_continuation(tc: Any) -> bool:
    for tag in ("vMerge", "hMerge"):
        el = tc.find(f"{_w('tcPr')}/{_w(tag)}")
        if el is not None and el.get(VAL, "continue") == "continue":
            return True
    return False


def _table_paragraphs(tbl: Any, label: str) -> Iterator[_Para]:
    """Row by row, cell by cell; ``label`` is e.g. "表格2" or "表格1第1行第2列中的表格1"."""
    for r, tr in enumerate(_wrapped(tbl, TR), 1):
        column = _int_prop(tr, f"{_w('trPr')}/{_w('gridBefore')}", 0)
        for tc in _wrapped(tr, TC):
            c = column + 1
            column += max(1, _int_prop(tc, f"{_w('tcPr')}/{_w('gridSpan')}", 1))
            if _merge_continuation(tc):
                continue
            yield from _container_paragraphs(tc, f"{label}第{r}行第{c}列", (label, r, c))


def _container_paragraphs(tc: Any, cell: str, where: tuple[str, int, int]) -> Iterator[_Para]:
    blocks = list(_blocks(tc))
    several = sum(1 for b in blocks if b.tag == P) > 1
    n = tables = 0
    for block in blocks:
        if block.tag == P:
            n += 1
            yield _Para(block, f"{cell}第{n}段" if several else cell, where)
        else:
            tables += 1
            yield from _table_paragraphs(block, f"{cell}中的表格{tables}")


def _body_paragraphs(body: Any) -> Iterator[_Para]:
    n = tables = 0
    for block in _blocks(body):
        if block.tag == P:
            n += 1
            yield _Para(block, f"第{n}段")
        else:
            tables += 1
            yield from _table_paragraphs(block, f"表格{tables}")


# ---------------------------------------------------------------- one paragraph

def _style_name(style: Any) -> str | None:
    if style is None:
        return None
    from docx.styles import BabelFish   # "heading 1" → "Heading 1", as python-docx shows it

    name = style.find(_w("name"))
    raw = name.get(VAL) if name is not None else style.get(_w("styleId"))
    return BabelFish.internal2ui(raw) if raw else None


def _run_bold(r: Any, para_style: Any, styles: _Styles) -> bool:
    rpr = r.find(_w("rPr"))
    bold = _on_off(rpr)
    if bold is None and rpr is not None:
        bold = styles.style_bold(styles.lookup(rpr.find(_w("rStyle"))))
    if bold is None:
        bold = styles.style_bold(para_style)
    if bold is None:
        bold = styles.default_bold
    return bool(bold)


def _align(p: Any, para_style: Any, styles: _Styles) -> str | None:
    jc = p.find(f"{_w('pPr')}/{_w('jc')}")
    if jc is not None:
        return ALIGN.get(jc.get(VAL, ""))
    return styles.style_align(para_style)


@dataclass(frozen=True, slots=True)
class _Read:
    mark: str               # Word's list number ("一、"), not in any run; "" when not numbered
    text: str
    style: str | None
    bold: bool
    align: str | None


def _read_paragraph(p: Any, styles: _Styles, numbering: Any) -> _Read:
    para_style = _paragraph_style(p, styles)
    mark = numbering.mark(p, styles.chain(para_style)).translate(LINE_BREAKS) if numbering is not None else ""
    pieces = [(_run_text(r), r) for r in _runs(p)]
    text = "".join(t for t, _ in pieces)
    inked = [r for t, r in pieces if t.strip()]
    bold = bool(inked) and all(_run_bold(r, para_style, styles) for r in inked)
    return _Read(mark, text, _style_name(para_style), bold, _align(p, para_style, styles))


# ---------------------------------------------------------------- load

def _tables(cells: dict[tuple[str, int, int], list[Span]]) -> tuple[Table, ...]:
    """One Table per table label, in document order; a cell of several paragraphs spans all of them."""
    by_table: dict[str, list[TableCell]] = {}
    for (label, row, column), spans in cells.items():
        by_table.setdefault(label, []).append(TableCell(row, column, Span(spans[0].start, spans[-1].end)))
    return tuple(Table(label, tuple(found)) for label, found in by_table.items())


def _title(document: Any) -> str | None:
    try:
        title = (document.core_properties.title or "").strip()
    except Exception:  # noqa: BLE001 - a broken docProps/core.xml only loses the title
        return None
    return title or None


def _local(tag: Any) -> str:
    """An element's name without its namespace ("foo" for "{urn:x}foo"); a comment or PI has none."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else "?"


def _partname(part: Any) -> str:
    return str(getattr(part, "partname", "")).lstrip("/") or "word/document.xml"


def _styles_element(document: Any, where: str) -> Any:
    """The document's w:styles element, None without a styles part. Found by its relationship, not through
    python-docx (which follows a relationship pointing back at the document itself forever, and fails on one that
    points outside the package); a relationship that goes outside the package or to a part that is not styles is
    refused by name: Word never writes one."""
    rels = [r for r in document.part.rels.values() if r.reltype == STYLES_REL]
    if not rels:
        return None
    rel = rels[0]
    if rel.is_external:
        raise InputError(f"样式（styles）关系指向压缩包之外的“{str(rel.target_ref)[:100]}”，Word 不会生成这样的文件；"
                         "出于安全考虑未读取", where)
    element = getattr(rel.target_part, "element", None)
    if element is None or element.tag != _w("styles"):
        raise InputError(f"样式（styles）关系指向的 {_partname(rel.target_part)} 不是样式部件，文件已损坏；"
                         "请用 Word 或 WPS 打开后重新保存", where)
    return element


def _numbering(document: Any, styles: _Styles) -> Any:
    """The document's list numbering (docx_numbering.Numbering), or None without a numbering part."""
    from .docx_numbering import Numbering

    rels = [r for r in document.part.rels.values() if r.reltype == NUMBERING_REL and not r.is_external]
    element = getattr(rels[0].target_part, "element", None) if rels else None   # no XML: wrong content type
    return Numbering(element, styles.by_id) if element is not None else None


def load(path: Path, limits: Any = None) -> Document:
    return from_bytes(path.read_bytes(), str(path), limits=limits)


def from_bytes(data: bytes, where: str, fmt: str = "docx", limits: Any = None) -> Document:
    """A Document from the bytes of a .docx; ``where`` names it in messages and is its path. ``limits``
    (checker.load.limits.Limits, default the defaults): how many paragraphs it may have, counted before any is
    read."""
    from .limits import Limits, check_paragraphs

    _check_container(data, where)
    document = _open(data, where)
    root = document.element
    if root.tag.startswith(f"{{{STRICT_W_NS}}}"):
        raise InputError("这是“严格 Open XML”格式的 .docx，暂不支持；请在 Word 中另存为普通 .docx（Word 文档）", where)
    if root.tag != _w("document"):
        raise InputError(f"主文档 {_partname(document.part)} 不是 Word 文档内容（根元素是 <{_local(root.tag)}>，"
                         "应为 <w:document>），不是有效的 .docx 文件", where)
    body = root.body
    if body is None:
        raise InputError("文档中没有文字", where)
    check_paragraphs(where, sum(1 for _ in body.iter(P)), limits or Limits())
    styles = _Styles.of(_styles_element(document, where))
    numbering = _numbering(document, styles)

    texts: list[str] = []
    paragraphs: list[Paragraph] = []
    numbered: list[tuple[int, int]] = []
    anchors: list[tuple[Any, int, int, int]] = []
    cells: dict[tuple[str, int, int], list[Span]] = {}
    offset = 0
    for index, item in enumerate(_body_paragraphs(body)):
        read = _read_paragraph(item.element, styles, numbering)
        line = read.mark + read.text
        texts.append(line)
        numbered += [(index, len(read.mark))] if read.mark else []
        anchors.append((item.element, offset, offset + len(read.mark), offset + len(line)))
        paragraphs.append(Paragraph(index=index, span=Span(offset, offset + len(line)), line=index + 1,
                                    source=item.source, style=read.style, bold=read.bold, align=read.align))
        if item.cell is not None:
            cells.setdefault(item.cell, []).append(Span(offset, offset + len(line)))
        offset += len(line) + 1
    text = "\n".join(texts)
    if not text.strip():
        raise InputError("文档中没有文字", where)
    title = _title(document)
    meta: dict[str, Any] = {"title": title} if title else {}
    if numbered:        # the first N characters of these paragraphs are Word's numbering, in no run
        meta["numbered_paragraphs"] = tuple(numbered)
    from .docx_marks import extras

    if cells:           # the tables as rows and columns (checks that recompute a 合计 need them)
        meta["tables"] = _tables(cells)
    meta.update(extras(document, body, anchors, styles, text))
    return Document(path=where, format=fmt, text=text, paragraphs=tuple(paragraphs), encoding=None,
                    meta=meta, line_starts=line_starts_of(text))
