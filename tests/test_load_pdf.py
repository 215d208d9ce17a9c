"""The PDF loader: a PDF made by LibreOffice from a .docx reads as that .docx does (paragraphs rejoined, 汉字 and
digits without layout spaces, page furniture dropped, headings their own lines, the checks finding the same);
the layout rules on glyphs built by hand; and every bad PDF a clear Chinese message."""
from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_build import image_page, pdf, text_page

from checker.cli import main
from checker.errors import InputError
from checker.load import load
from checker.load.convert import convert, find_soffice
from checker.load.limits import MB, Limits
from checker.load.pdf_blocks import blocks
from checker.load.pdf_layout import Glyph, furniture, line_of
from checker.packs import resolve
from checker.runner import check_file

HARDENING = Path(__file__).resolve().parent / "data" / "hardening"


def _cjk_font() -> str | None:
    """The family of an installed Chinese font (fc-list), if any."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    families = sorted(line.split(",")[0].strip() for line in out.splitlines() if line.strip())
    return next((f for f in families if "Mono" not in f), families[0] if families else None)


CJK_FONT = _cjk_font()
LEAD = "2025年，某某县坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
FIGURES = "全年制定规范性文件12件，办理行政复议案件513件，调解成功率为99.4%，通过ISO 9001质量管理体系认证。"
BODY = [
    ("title", "某某县人民政府关于2025年度法治政府建设情况的报告"),
    ("plain", "县委、县政府："),
    ("para", LEAD + FIGURES + "现将有关情况报告如下："),
    ("heading", "一、主要举措和成效"),
    ("heading", "（一）加强组织领导，压实法治建设责任"),
    ("para", "县政府常务会议研究法治工作7次。全年办理2025 年度案件12件，“放心消费”创建单位38家。"),
    ("para", (LEAD + FIGURES) * 5),
    ("heading", "二、存在的不足和原因"),
    ("para", "一是基层执法力量不足；二是普法针对性不强。原因主要是培训不够系统、经费保障不足。"),
    ("heading", "三、主要负责人履行推进法治建设第一责任人职责情况"),
    ("para", "县长带头出庭应诉行政诉讼案件2件，在县委全面依法治县委员会会议上专题述法。" * 3),
    ("heading", "四、下一年度主要安排"),
    ("para", "2026年，某某县将深入贯彻中央全面依法治国工作会议精神，持续提升依法行政水平。"),
    ("right", "某某县人民政府"),
    ("right", "2026年1月15日"),
]


# ---------------------------------------------------------------- a real PDF, made by LibreOffice

def report_docx(path: Path, header: str) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    if CJK_FONT:        # named, so that LibreOffice sets bold headings bold (it does not for a fallback font)
        normal.font.name = CJK_FONT
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    section = d.sections[0]
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):     # a page number field
        run = footer.add_run()
        el = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            el.set(qn("w:fldCharType"), kind)
        else:
            el.text = text
        run._r.append(el)
    footer.add_run(" —")
    for kind, text in BODY:
        p = d.add_paragraph()
        run = p.add_run(text)
        if kind == "title":
            run.font.size = Pt(22)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind != "plain":
            p.paragraph_format.first_line_indent = Pt(32)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            run.bold = kind == "heading"
    d.add_page_break()                              # the attachment on a page of its own, as reports set it
    d.add_paragraph("附件：执法数据统计表")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate((("指标", "2024年", "2025年"), ("不予处罚、减轻处罚案件（件）", "318", "402"),
                             ("行政复议案件（件）", "21", "17"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """报告.docx and the PDF LibreOffice makes of it; 内部.docx/.pdf with 内部资料 in the page header."""
    if find_soffice() is None:
        pytest.skip("needs LibreOffice (soffice; Debian libreoffice-writer), which .ci/run installs")
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for name, header in (("报告", "某某县人民政府办公室"), ("内部", "某某县人民政府　内部资料")):
        source = report_docx(folder / f"{name}.docx", header)
        (folder / f"{name}.pdf").write_bytes(convert(source.read_bytes(), ".docx", "pdf", str(source)))
        out[name] = source
    return out


def paragraphs(doc) -> list[str]:
    return [doc.para_text(p) for p in doc.paragraphs if doc.para_text(p).strip()]


def test_a_libreoffice_pdf_reads_as_its_docx(made) -> None:
    docx_doc, pdf_doc = load(made["报告"]), load(made["报告"].with_suffix(".pdf"))
    assert pdf_doc.format == "pdf" and pdf_doc.meta["pages"] >= 2
    assert paragraphs(pdf_doc) == paragraphs(docx_doc)      # rejoined, across the page break; table cells too
    assert "2025年，某某县" in pdf_doc.text and "2025 年，" not in pdf_doc.text     # layout spaces gone
    assert "ISO 9001" in pdf_doc.text and "办理2025 年度" in pdf_doc.text           # typed spaces kept
    assert "某某县人民政府办公室" not in pdf_doc.text and "— 1 —" not in pdf_doc.text
    assert ("页眉", "某某县人民政府办公室") in pdf_doc.meta["furniture"]


def test_layout_hints_of_the_pdf(made) -> None:
    doc = load(made["报告"].with_suffix(".pdf"))
    by_text = {doc.para_text(p): p for p in doc.paragraphs}
    assert by_text[BODY[0][1]].align == "center"                     # a title over two lines, centred
    if CJK_FONT:
        assert by_text["一、主要举措和成效"].bold and not by_text["县委、县政府："].bold
    assert by_text["某某县人民政府"].align == by_text["2026年1月15日"].align == "right"
    assert by_text["不予处罚、减轻处罚案件（件）"].source.endswith("表格1第2行第1列")      # a wrapped cell, whole


def test_every_check_finds_on_the_pdf_what_it_finds_on_the_docx(made) -> None:
    rules = resolve(["default"])[1]
    found = {}
    for suffix in (".docx", ".pdf"):
        result = check_file(str(made["报告"].with_suffix(suffix)), rules)
        assert result.error is None
        found[suffix] = sorted((d.rule, d.text) for d in result.diagnostics)
    assert found[".pdf"] == found[".docx"]


def test_a_mark_in_the_running_header_is_found(made) -> None:
    rules = [r for r in resolve(["default"])[1] if r.id == "document.furniture-mark"]
    for suffix in (".docx", ".pdf"):
        result = check_file(str(made["内部"].with_suffix(suffix)), rules)
        assert [d.rule for d in result.diagnostics] == ["document.furniture-mark"], suffix
        assert "页眉中有“内部资料”" in result.diagnostics[0].message


def test_extract_prints_the_pdf_text(made) -> None:
    result = CliRunner().invoke(main, ["extract", str(made["报告"].with_suffix(".pdf"))])
    assert result.exit_code == 0 and result.stdout.startswith(BODY[0][1] + "\n县委、县政府：\n")


# ---------------------------------------------------------------- the layout rules, on glyphs built by hand

def glyphs(text: str, x: float = 72.0, y: float = 700.0, size: float = 16.0, step: float | None = None,
           generated: str = "") -> list[Glyph]:
    """One glyph per character, CJK a full size wide and Latin half; characters in ``generated`` are made up."""
    out = []
    for ch in text:
        width = size if not ch.isascii() else size / 2
        out.append(Glyph(ch, x, x + width, y, size, generated=ch in generated))
        x += step if step is not None else width
    return out


def test_a_line_in_reading_order_without_made_up_spaces() -> None:
    drawn = glyphs("推进综合查一次，减少", generated="")
    quote_open, quote_close = Glyph("“", 72 + 32, 72 + 40, 700, 16), Glyph("”", 72 + 120, 72 + 128, 700, 16)
    moved = [g if i < 2 else Glyph(g.ch, g.x0 + 8, g.x1 + 8, g.bottom, g.size) for i, g in enumerate(drawn[:7])]
    moved += [Glyph(g.ch, g.x0 + 16, g.x1 + 16, g.bottom, g.size) for g in drawn[7:]]
    line = line_of(0, moved + [quote_open, quote_close])           # the marks drawn last, as LibreOffice does
    assert line is not None and line.text == "推进“综合查一次”，减少"
    spaced = glyphs("2025 年 ISO 9001", generated=" ")               # all spaces made up from gaps
    assert line_of(0, spaced).text == "2025年ISO 9001"               # a space only between two Latin words
    typed = glyphs("2025 年")                                         # a space the author typed
    assert line_of(0, typed).text == "2025 年"


def test_wide_gaps_are_cells() -> None:
    row = glyphs("指标", x=72) + glyphs("2024年", x=200) + glyphs("增长10.8%", x=330)
    line = line_of(0, row)
    assert [c.text for c in line.cells] == ["指标", "2024年", "增长10.8%"] and line.text == "指标\t2024年\t增长10.8%"


def page(lines: list[tuple[str, float, float]], p: int = 0, size: float = 16.0):
    """Lines (text, x, y) of one page."""
    return [line_of(p, glyphs(text, x=x, y=y, size=size)) for text, x, y in lines]


BODY_LINE = "甲" * 25            # 25 characters of 16 pt from x=72: a full line ends at 472


def test_running_header_and_page_numbers_are_dropped_but_not_the_title_or_date() -> None:
    pages = [page([("某某县人民政府文件", 200, 800), ("某某县人民政府关于报告", 150, 760), (BODY_LINE, 72, 730),
                   (BODY_LINE, 72, 708), ("— 1 —", 250, 60)]),
             page([("某某县人民政府文件", 200, 800), (BODY_LINE, 72, 730), ("某某县人民政府", 360, 120),
                   ("2026年1月15日", 340, 98), ("第 2 页 共 2 页", 240, 60)], p=1)]
    dropped, texts = furniture(pages)
    assert dropped == {(0, 0), (0, 4), (1, 0), (1, 4)}
    assert texts == [("页眉", "某某县人民政府文件")]                     # page numbers are not kept as furniture


def test_a_bare_number_is_a_page_number_only_set_apart() -> None:
    close = [page([(BODY_LINE, 72, 730), (BODY_LINE, 72, 708), ("12", 72, 686)])]
    apart = [page([(BODY_LINE, 72, 730), (BODY_LINE, 72, 708), ("12", 290, 60)])]
    assert furniture(close)[0] == set() and furniture(apart)[0] == {(0, 2)}


def test_paragraphs_are_rejoined_by_indent_room_and_pages() -> None:
    indent = 72 + 32
    pages = [page([("某某县人民政府关于二〇二五年度法治政府建设情况的", 72, 780), ("报告", 248, 752),
                   ("一、主要举措和成效", indent, 720),
                   ("甲" * 23, indent, 698), (BODY_LINE, 72, 676), ("乙" * 25, 72, 654)]),
             page([("丙" * 10 + "。", 72, 780), ("（一）加强组织领导", indent, 758), ("丁" * 5 + "。", 72, 736)], p=1)]
    # the title line is full (25 characters of 16 pt): its second line is centred under it
    found, _ = blocks([[ln for ln in pg if ln is not None] for pg in pages])
    assert [b.text for b in found] == [
        "某某县人民政府关于二〇二五年度法治政府建设情况的报告",
        "一、主要举措和成效",
        "甲" * 23 + BODY_LINE + "乙" * 25 + "丙" * 10 + "。",     # over the page break
        "（一）加强组织领导",
        "丁" * 5 + "。",                      # not indented, but the line before did not run to the edge
    ]
    assert found[0].align == "center"


def test_a_heading_after_a_full_sentence_line_stays_apart() -> None:
    lines = page([("甲" * 24 + "。", 72, 720), ("二、存在的不足和原因", 72, 698), (BODY_LINE, 72, 676)])
    found, _ = blocks([lines])
    assert [b.text for b in found] == ["甲" * 24 + "。", "二、存在的不足和原因", BODY_LINE]


# ---------------------------------------------------------------- bad PDFs

def bomb() -> bytes:
    return pdf([b"BT ET" + b" " * (24 * MB)], compress=True)


def no_unicode_map() -> bytes:
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Missing /Encoding /Identity-H /DescendantFonts [5 0 R] >>"
    cid = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Missing /CIDSystemInfo << /Registry (Adobe)"
           b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R >>")
    desc = (b"<< /Type /FontDescriptor /FontName /Missing /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0"
            b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    content = b"BT /F2 12 Tf 72 700 Td " + b" ".join(
        b"<" + (b"%04x" % (i + 30)) * 20 + b"> Tj 0 -18 Td" for i in range(5)) + b" ET"
    return pdf([content], b"<< /Font << /F2 4 0 R >> >>", (font, cid, desc))


def scan() -> bytes:
    content, resources, image = image_page()
    return pdf([content], resources, (image,))


GOOD = pdf([text_page(["The first line of a page of Latin text, long enough"] * 3)])
BAD = {
    "扫描件.pdf": (scan, "扫描件，没有文字层，无法检查"),
    "加密.pdf": (lambda: (HARDENING / "encrypted.pdf").read_bytes(), "设置了打开密码（已加密）"),
    "截断.pdf": (lambda: GOOD[: len(GOOD) // 2], "PDF 文件不完整"),
    "损坏.pdf": (lambda: b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n", "PDF 文件已损坏"),
    "空.pdf": (lambda: b"", "文件是空的"),
    "其实是网页.pdf": (lambda: b"<html><body>report</body></html>", "文件开头没有 PDF 标记"),
    "其实是图片.pdf": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "这是 PNG 图片，不是 PDF 文件"),
    "千页.pdf": (lambda: pdf([text_page(["page"])] * 600, shared=True), "PDF 有 600 页（上限 500 页）"),
    "炸弹.pdf": (bomb, "疑似“压缩炸弹”"),
    "乱码.pdf": (no_unicode_map, "字体缺少文字编码映射"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_pdfs_get_a_clear_message(tmp_path, name: str) -> None:
    make, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(InputError) as caught:
        load(path)
    assert message in caught.value.message and caught.value.path == str(path)


def test_bad_pdfs_are_rows_exit_2_and_the_batch_goes_on(tmp_path, monkeypatch) -> None:
    for name, (make, _) in BAD.items():
        (tmp_path / name).write_bytes(make())
    (tmp_path / "报告.txt").write_bytes((Path(__file__).resolve().parent.parent / "examples" / "draft-flawed.txt")
                                       .read_bytes())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "json", "."])
    assert result.exit_code == 2 and "Traceback" not in result.stdout + result.stderr
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    for name, (_, message) in BAD.items():
        assert files[name]["error"] and message in files[name]["error"], name
    assert files["报告.txt"]["error"] is None and files["报告.txt"]["diagnostics"]


def test_the_limits_come_off_with_max_size_0(tmp_path) -> None:
    path = tmp_path / "千页.pdf"
    path.write_bytes(pdf([text_page(["Some Latin text on every page of this file"] * 2)] * 600, shared=True))
    assert load(path, Limits(0)).meta["pages"] == 600
    bombed = tmp_path / "大.pdf"
    bombed.write_bytes(pdf([text_page(["Text of a report"] * 3) + b" " * (24 * MB)], compress=True))
    assert "Text of a report" in load(bombed, Limits(0)).text


def test_a_picture_that_inflates_is_not_a_bomb(tmp_path) -> None:
    """Pictures are never decoded to read text: a flat image compressing 1000:1 is not refused."""
    flat = zlib.compress(bytes(8 * MB))
    image = (b"<< /Type /XObject /Subtype /Image /Width 4096 /Height 2048 /ColorSpace /DeviceGray"
             b" /BitsPerComponent 8 /Filter /FlateDecode /Length " + str(len(flat)).encode() + b" >>\nstream\n"
             + flat + b"\nendstream")
    content = text_page(["A scanned table follows on this page of the report"] * 3) + b"\nq 100 0 0 50 72 300 cm /Im1 Do Q"
    path = tmp_path / "带图.pdf"
    path.write_bytes(pdf([content], b"<< /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >>", (image,)))
    assert "A scanned table follows" in load(path).text


def test_latin_lines_are_rejoined_with_a_space(tmp_path) -> None:
    path = tmp_path / "latin.pdf"
    path.write_bytes(GOOD)
    assert load(path).text == " ".join(["The first line of a page of Latin text, long enough"] * 3)


def test_annotate_on_a_pdf_writes_a_docx_copy(made, tmp_path, monkeypatch) -> None:
    """--annotate on a PDF: a .docx built from the checked text, each finding a Word comment, as for a .txt."""
    import shutil

    import docx

    source = tmp_path / "报告.pdf"
    shutil.copy(made["内部"].with_suffix(".pdf"), source)
    before = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--annotate", "报告.pdf"])
    assert result.exit_code == 1, result.stderr
    copy = tmp_path / "报告.fzlint.docx"
    assert copy.exists() and source.read_bytes() == before
    findings = json.loads(result.stdout)["files"][0]["diagnostics"]
    annotated = load(copy)
    assert annotated.text == load(source).text
    assert "review_comments" not in annotated.meta                       # fzlint's own comments are no findings
    comments = docx.Document(str(copy)).comments
    assert len(list(comments)) == len(findings) and "document.furniture-mark" in {f["rule"] for f in findings}


def test_a_pdf_on_standard_input(tmp_path) -> None:
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "-", "--stdin-filename", "报告.pdf"],
                                input=GOOD)
    entry = json.loads(result.stdout)["files"][0]
    assert entry["path"] == "报告.pdf" and entry["format"] == "pdf" and entry["error"] is None
    scanned = CliRunner().invoke(main, ["check", "--format", "json", "-", "--stdin-filename", "扫描.pdf"], input=scan())
    assert scanned.exit_code == 2 and "扫描件" in json.loads(scanned.stdout)["files"][0]["error"]
