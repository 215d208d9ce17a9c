"""The .docx loader: body and table paragraphs in order, formatting facts, and a Chinese message for every bad file."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.load import load
from checker.load.docx import load as load_docx

docx = pytest.importorskip("docx")

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402

TITLE = "某某区人民政府关于2025年法治政府建设情况的报告"
HAS_COMMENTS = hasattr(docx.document.Document, "add_comment")


def build_report(path: Path) -> Path:
    d = docx.Document()
    d.core_properties.title = "核心属性标题"
    section = d.sections[0]
    section.header.paragraphs[0].text = "页眉文字不是正文"
    section.footer.paragraphs[0].text = "页脚文字不是正文"

    title = d.add_paragraph()
    title.add_run(TITLE).bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_heading("一、主要举措和成效", level=1)

    soft = d.add_paragraph("（一）完善制度。")
    soft.add_run().add_break()                      # a soft line break (w:br)
    soft.add_run("全年办结案件513件。\t附表见后")

    mixed = d.add_paragraph()
    mixed.add_run("部分加粗：").bold = True
    mixed.add_run("其余不加粗。")

    emphasis = d.styles.add_style("强调粗体", WD_STYLE_TYPE.CHARACTER)
    emphasis.font.bold = True
    by_char_style = d.add_paragraph()
    by_char_style.add_run("（二）字符样式加粗。", style="强调粗体")
    by_char_style.add_run("  ")                     # whitespace runs do not count

    strong_para = d.styles.add_style("加粗段落", WD_STYLE_TYPE.PARAGRAPH)
    strong_para.font.bold = True
    strong_para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph("某某区人民政府", style="加粗段落")
    unbolded = d.add_paragraph(style="加粗段落")
    unbolded.add_run("2026年1月8日").bold = False   # run formatting beats the paragraph style

    d.add_paragraph("")                             # an empty paragraph is an empty line
    justified = d.add_paragraph("两端对齐的段落。")
    justified.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"格{r + 1}{c + 1}"
    table.cell(0, 0).merge(table.cell(0, 1))        # horizontal merge: one w:tc with gridSpan
    table.cell(1, 2).merge(table.cell(2, 2))        # vertical merge: a continuation cell
    nested = table.cell(2, 0).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "内表甲"
    nested.cell(0, 1).text = "内表乙"
    d.add_paragraph("表后段落。")

    if HAS_COMMENTS:
        d.add_comment(mixed.runs, text="批注文字不是正文", author="审核人", initials="审")
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    return load(build_report(tmp_path_factory.mktemp("docx") / "报告.docx"))


def texts(doc) -> list[str]:
    return [doc.para_text(p) for p in doc.paragraphs]


def by_text(doc, text: str):
    return next(p for p in doc.paragraphs if doc.para_text(p) == text)


def test_text_in_document_order(report) -> None:
    assert texts(report) == [
        TITLE,
        "一、主要举措和成效",
        "（一）完善制度。 全年办结案件513件。\t附表见后",
        "部分加粗：其余不加粗。",
        "（二）字符样式加粗。  ",
        "某某区人民政府",
        "2026年1月8日",
        "",
        "两端对齐的段落。",
        "格11", "格12",                          # the merged cell's paragraphs, once
        "格13",
        "格21", "格22",
        "格23", "格33",                          # vertically merged: read at the top cell only
        "格31", "内表甲", "内表乙", "",          # python-docx ends a cell holding a table with an empty paragraph
        "格32",
        "表后段落。",
    ]
    assert report.text == "\n".join(texts(report))
    assert report.format == "docx" and report.encoding is None
    assert report.meta == {"title": "核心属性标题"}


def test_headers_footers_and_comments_are_not_text(report) -> None:
    for absent in ("页眉", "页脚", "批注", "审核人"):
        assert absent not in report.text
    if not HAS_COMMENTS:
        pytest.skip("python-docx too old to add comments")


def test_one_line_per_paragraph_and_spans(report) -> None:
    lines = report.text.split("\n")
    assert len(lines) == len(report.paragraphs)
    for i, p in enumerate(report.paragraphs):
        assert p.index == i and p.line == i + 1
        assert report.text[p.span.start:p.span.end] == lines[i]
        assert "\n" not in report.para_text(p) and "\r" not in report.para_text(p)
        assert report.position(p.span.start) == (i + 1, 1)
    assert report.line_starts == tuple(p.span.start for p in report.paragraphs)


def test_style_bold_align(report) -> None:
    title = by_text(report, TITLE)
    assert (title.bold, title.align, title.style) == (True, "center", "Normal")
    heading = by_text(report, "一、主要举措和成效")
    assert heading.style == "Heading 1" and heading.bold    # bold from the Heading 1 style
    assert not by_text(report, "部分加粗：其余不加粗。").bold
    assert by_text(report, "（二）字符样式加粗。  ").bold
    signature = by_text(report, "某某区人民政府")
    assert (signature.style, signature.bold, signature.align) == ("加粗段落", True, "right")
    assert not by_text(report, "2026年1月8日").bold
    assert by_text(report, "两端对齐的段落。").align == "justify"
    empty = by_text(report, "")
    assert not empty.bold and empty.align is None


def test_sources(report) -> None:
    assert by_text(report, TITLE).source == "第1段"
    assert by_text(report, "表后段落。").source == "第10段"
    assert by_text(report, "格11").source == "表格1第1行第1列第1段"
    assert by_text(report, "格13").source == "表格1第1行第3列"
    assert by_text(report, "格33").source == "表格1第2行第3列第2段"
    assert by_text(report, "格32").source == "表格1第3行第2列"
    assert by_text(report, "内表乙").source == "表格1第3行第1列中的表格1第1行第2列"


def test_loader_module_directly(tmp_path) -> None:
    doc = load_docx(build_report(tmp_path / "r.docx"))
    assert doc.paragraphs[0].source == "第1段" and doc.text.startswith(TITLE)


def test_no_title_meta_when_core_title_empty(tmp_path) -> None:
    d = docx.Document()
    d.add_paragraph("正文一段。")
    d.save(str(tmp_path / "a.docx"))
    assert load(tmp_path / "a.docx").meta == {}


# ---------------------------------------------------------------- bad files

def valid_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("这是一份完整的报告正文。" * 50)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def with_member(data: bytes, name: str, replacement: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return zip_bytes({n: (replacement if n == name else src.read(n)) for n in src.namelist()})


def without_member(data: bytes, name: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return zip_bytes({n: src.read(n) for n in src.namelist() if n != name})


def empty_document_bytes() -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "只有页眉有字"
    d.add_paragraph("")
    d.add_paragraph("   ")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("make, message", [
    (lambda: b"", "文件是空的"),
    (lambda: "这只是一段纯文本，不是 Word 文件".encode("utf-8"), ".doc/.wps"),
    (lambda: b"{\\rtf1\\ansi hello}", "RTF"),
    (lambda: zip_bytes({"readme.txt": b"hello"}), "压缩包里没有 word/document.xml，不是 .docx 文件"),
    (lambda: zip_bytes({"xl/workbook.xml": b"<x/>"}), "Excel"),
    (lambda: OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64, "加密"),
    (lambda: OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "旧版 Word/WPS 格式"),
    (lambda: valid_bytes()[: len(valid_bytes()) // 2], "文件已损坏或不完整"),
    (lambda: with_member(valid_bytes(), "word/document.xml", b"<w:document><unclosed"), "文件已损坏或不完整"),
    (lambda: without_member(valid_bytes(), "[Content_Types].xml"), "损坏"),
    (lambda: without_member(valid_bytes(), "word/styles.xml"), "损坏"),
    (lambda: empty_document_bytes(), "文档中没有文字"),
], ids=["empty", "text", "rtf", "zip", "xlsx", "encrypted", "legacy", "truncated", "bad-xml",
        "no-content-types", "missing-part", "no-text"])
def test_bad_files_raise_input_error(tmp_path, make, message: str) -> None:
    p = tmp_path / "坏文件.docx"
    p.write_bytes(make())
    with pytest.raises(InputError) as info:
        load(p)
    assert message in str(info.value)
    assert "坏文件.docx" in str(info.value)
    with pytest.raises(InputError):           # the module itself, not only the dispatcher, says so
        load_docx(p)


def test_import_is_light() -> None:
    code = ("import sys, checker.load.docx, checker.load.html\n"
            "assert 'docx' not in sys.modules and 'lxml' not in sys.modules, sorted(sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
