"""The .docx loader: body and table paragraphs in order, formatting facts, and a Chinese message for every bad file."""
from __future__ import annotations

import io
import re
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
    assert report.meta["title"] == "核心属性标题"
    assert report.meta["furniture"] == (("页眉", "页眉文字不是正文"), ("页脚", "页脚文字不是正文"))
    assert set(report.meta) <= {"title", "furniture", "review_comments", "tables"}


def test_headers_footers_and_comments_are_not_text(report) -> None:
    for absent in ("页眉", "页脚", "批注", "审核人"):
        assert absent not in report.text
    if not HAS_COMMENTS:
        pytest.skip("python-docx too old to add comments")
    (start, end, author, text), = report.meta["review_comments"]       # kept beside the text, anchored on it
    assert (report.text[start:end], author, text) == ("部分加粗：其余不加粗。", "审核人", "批注文字不是正文")


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


# ---------------------------------------------------------------- Word's automatic list numbering

from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

from checker.load.docx_numbering import format_number  # noqa: E402
from checker.model import MANDATED_PARTS, Part  # noqa: E402
from checker.outline import build_outline  # noqa: E402


def lvl(ilvl: int, fmt: str, text: str, start: int | None = 1, extra: str = "") -> str:
    start_xml = f'<w:start w:val="{start}"/>' if start is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}">{start_xml}<w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


# the usual Chinese report outline: 一、 / （一） / 1. / （1）, marks followed by nothing (w:suff) or by
# Word's default tab, which is not rendered after a closed mark
NOTHING = '<w:suff w:val="nothing"/>'
REPORT_LEVELS = (lvl(0, "chineseCounting", "%1、", extra=NOTHING) + lvl(1, "chineseCounting", "（%2）", extra=NOTHING)
                 + lvl(2, "decimal", "%3.") + lvl(3, "decimal", "（%4）", extra=NOTHING))


def add_abstract(d, abstract_id: int, levels: str) -> None:
    numbering = d.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)          # schema order: every w:abstractNum before the w:num
    else:
        numbering.append(abstract)


def add_num(d, num_id: int, abstract_id: int, overrides: str = "") -> None:
    d.part.numbering_part.element.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))


def numbered(d, text: str, num_id: int | None = None, ilvl: int | None = None, style: str | None = None):
    p = d.add_paragraph(text, style=style)
    if num_id is not None or ilvl is not None:
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        if ilvl is not None:
            num_pr.get_or_add_ilvl().val = ilvl
        if num_id is not None:
            num_pr.get_or_add_numId().val = num_id
    return p


def numbered_style(d, name: str, num_id: int, ilvl: int, based_on=None):
    style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if based_on is not None:
        style.base_style = based_on
        return style
    style.font.bold = True
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return style


HEADINGS = ("主要举措和成效", "存在的不足和原因", "党政主要负责人履行推进法治建设第一责任人职责情况", "2026年工作安排")


def build_numbered_report(path: Path) -> Path:
    d = docx.Document()
    add_abstract(d, 90, REPORT_LEVELS)
    add_num(d, 90, 90)
    level1 = numbered_style(d, "报告一级标题", 90, 0)                 # level 0 comes from the paragraph style
    derived = numbered_style(d, "报告一级标题（变体）", 90, 0, based_on=level1)   # … or from its base style
    title = d.add_paragraph()
    title.add_run(TITLE).bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("区委、区人大常委会，市人民政府：")
    d.add_paragraph("2025年，我区深入贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下：")
    d.add_paragraph(HEADINGS[0], style=level1)
    numbered(d, "完善依法行政制度体系。全年制定行政规范性文件5件，全部经过合法性审查。", 90, 1)
    numbered(d, "严格合法性审查。审查重大行政决策事项12件。", 90, 2)
    numbered(d, "推进文件清理。清理规范性文件36件。", 90, 2)
    numbered(d, "严格规范公正文明执法。全区办理行政处罚案件1101件。", 90, 1)
    numbered(d, "开展执法案卷评查。评查案卷300卷。", 90, 2)
    numbered(d, "评查发现问题已整改。", 90, 3)
    d.add_paragraph(HEADINGS[1], style=level1)
    numbered(d, "基层执法力量不足。主要原因是执法编制有限，法律专业人才引进难。", 90, 1)
    d.add_paragraph(HEADINGS[2], style=derived)
    d.add_paragraph("区政府主要负责同志带头学法用法，主持召开常务会议专题研究法治政府建设工作4次。")
    d.add_paragraph(HEADINGS[3], style=level1)
    numbered(d, "深化行政执法规范化建设。开展执法人员轮训。", 90, 1)
    d.add_paragraph("某某区人民政府")
    d.add_paragraph("2026年1月8日")
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def numbered_report(tmp_path_factory: pytest.TempPathFactory):
    return load(build_numbered_report(tmp_path_factory.mktemp("docx") / "编号报告.docx"))


def test_word_numbering_is_rendered_into_the_text(numbered_report) -> None:
    assert texts(numbered_report) == [
        TITLE,
        "区委、区人大常委会，市人民政府：",
        "2025年，我区深入贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下：",
        "一、主要举措和成效",
        "（一）完善依法行政制度体系。全年制定行政规范性文件5件，全部经过合法性审查。",
        "1.严格合法性审查。审查重大行政决策事项12件。",          # default tab suffix: not rendered after "."
        "2.推进文件清理。清理规范性文件36件。",
        "（二）严格规范公正文明执法。全区办理行政处罚案件1101件。",
        "1.开展执法案卷评查。评查案卷300卷。",                    # level 2 restarts under a new level 1
        "（1）评查发现问题已整改。",
        "二、存在的不足和原因",
        "（一）基层执法力量不足。主要原因是执法编制有限，法律专业人才引进难。",   # level 1 restarts too
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",   # numbering from the base style
        "区政府主要负责同志带头学法用法，主持召开常务会议专题研究法治政府建设工作4次。",
        "四、2026年工作安排",
        "（一）深化行政执法规范化建设。开展执法人员轮训。",
        "某某区人民政府",
        "2026年1月8日",
    ]


def test_numbered_spans_and_meta(numbered_report) -> None:
    doc = numbered_report
    lines = doc.text.split("\n")
    for i, p in enumerate(doc.paragraphs):
        assert doc.para_text(p) == lines[i] and doc.position(p.span.start) == (i + 1, 1)
    assert doc.line_starts == tuple(p.span.start for p in doc.paragraphs)
    assert doc.meta["numbered_paragraphs"] == (
        (3, 2), (4, 3), (5, 2), (6, 2), (7, 3), (8, 2), (9, 3), (10, 2), (11, 3), (12, 2), (14, 2), (15, 3))
    assert set(doc.meta) == {"numbered_paragraphs"}
    heading = by_text(doc, "一、主要举措和成效")
    assert heading.style == "报告一级标题" and heading.bold and heading.source == "第4段"


def test_outline_finds_word_numbered_headings(numbered_report) -> None:
    outline = build_outline(numbered_report)
    assert [s.heading.title for s in outline.sections] == list(HEADINGS)
    assert [(s.heading.level, s.heading.mark, s.heading.number) for s in outline.sections] == [
        (1, "一、", 1), (1, "二、", 2), (1, "三、", 3), (1, "四、", 4)]
    assert [s.parts for s in outline.sections] == [(Part.MEASURES,), (Part.SHORTCOMINGS,),
                                                    (Part.FIRST_RESPONSIBLE,), (Part.NEXT_YEAR,)]
    assert set(MANDATED_PARTS) <= set(outline.parts)
    measures = outline.sections[0]
    assert [c.heading.mark for c in measures.children] == ["（一）", "（二）"]
    assert [[g.heading.mark for g in c.children] for c in measures.children] == [["1.", "2."], ["1."]]


def test_fzlint_check_on_a_word_numbered_clean_report(tmp_path) -> None:
    """examples/report-clean.txt with every heading mark taken out of the text and put in Word's numbering:
    `fzlint extract` gives the same text back and `fzlint check` is as silent as on the .txt."""
    import json

    from click.testing import CliRunner

    from checker.cli import main
    from helpers import EXAMPLES

    source = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")
    d = docx.Document()
    add_abstract(d, 90, REPORT_LEVELS)
    add_num(d, 90, 90)
    level1 = numbered_style(d, "报告一级标题", 90, 0)
    for line in source.rstrip("\n").split("\n"):
        if re.match(r"^[一二三四五六七八九十]+、", line):
            d.add_paragraph(line.split("、", 1)[1], style=level1)
        elif re.match(r"^（[一二三四五六七八九十]+）", line):
            numbered(d, line.split("）", 1)[1], 90, 1)
        else:
            d.add_paragraph(line)
    path = tmp_path / "编号报告.docx"
    d.save(str(path))
    assert load(path).meta["numbered_paragraphs"]
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(path)]).stdout == source
    result = runner.invoke(main, ["check", "--format", "json", "--fail-on", "info", str(path)])
    assert json.loads(result.stdout)["files"][0]["diagnostics"] == [] and result.exit_code == 0
    marks = [(h.level, h.mark) for h in build_outline(load(path)).headings()]
    assert marks == [(1, "一、"), (2, "（一）"), (2, "（二）"), (2, "（三）"), (1, "二、"), (2, "（一）"), (2, "（二）"),
                     (1, "三、"), (1, "四、"), (2, "（一）"), (2, "（二）")]
    unnumbered = tmp_path / "无编号.docx"        # read without its numbering, only the bold style hints remain
    without_numbering(path, unnumbered)
    assert [(h.level, h.mark) for h in build_outline(load(unnumbered)).headings()] == [(1, "")] * 4


def without_numbering(src: Path, dst: Path) -> None:
    d = docx.Document(str(src))
    for rid, rel in list(d.part.rels.items()):
        if rel.reltype.endswith("/numbering"):
            d.part.drop_rel(rid)
    d.save(str(dst))


def test_start_values_overrides_restart_legal_and_suffixes(tmp_path) -> None:
    d = docx.Document()
    add_abstract(d, 91, lvl(0, "chineseCounting", "%1、", start=3, extra=NOTHING))
    add_num(d, 91, 91)
    add_num(d, 92, 91, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    add_abstract(d, 93, lvl(0, "chineseCountingThousand", "第%1章", extra='<w:suff w:val="space"/>')
                 + lvl(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/><w:isLgl/>')
                 + lvl(2, "upperLetter", "%3", start=None))
    add_num(d, 93, 93)
    numbered(d, "甲", 91, 0)            # w:start 3
    numbered(d, "乙", 91, 0)
    numbered(d, "丙", 92, 0)            # another instance restarting at 1 (Word's "重新开始编号")
    numbered(d, "丁", 92, 0)
    numbered(d, "戊", 91, 0)            # both instances share their abstract's count
    numbered(d, "总则", 93, 0)
    numbered(d, "目的", 93, 1)           # isLgl: the 一 of level 0 shown as 1
    numbered(d, "范围", 93, 1)
    numbered(d, "分则", 93, 0)
    numbered(d, "职责", 93, 1)           # lvlRestart 0: level 1 never restarts
    numbered(d, "无起始值", 93, 2)        # no w:start: counting starts at 0 (shown as decimal) + default tab
    path = tmp_path / "起始值.docx"
    d.save(str(path))
    assert texts(load(path)) == ["三、甲", "四、乙", "一、丙", "二、丁", "三、戊", "第一章 总则", "1.1\t目的",
                                 "1.2\t范围", "第二章 分则", "2.3\t职责", "0\t无起始值"]


def test_style_numbering_num_id_zero_bullets_and_default_list_number(tmp_path) -> None:
    d = docx.Document()
    add_abstract(d, 94, lvl(0, "chineseCounting", "%1、", extra=NOTHING) + lvl(1, "bullet", "•"))
    add_num(d, 94, 94)
    heading = numbered_style(d, "编号标题", 94, 0)
    d.add_paragraph("第一个标题", style=heading)
    numbered(d, "取消了样式编号的段落", 0, style=heading)      # numId 0: not numbered, not counted
    numbered(d, "只设级别的段落", ilvl=1, style=heading)       # level from the paragraph, list from the style
    d.add_paragraph("第二个标题", style=heading)
    d.add_paragraph("模板自带的编号列表", style="List Number")  # python-docx's template: numId 5, "%1."
    d.add_paragraph("模板自带的项目符号", style="List Bullet")
    path = tmp_path / "样式编号.docx"
    d.save(str(path))
    doc = load(path)
    assert texts(doc) == ["一、第一个标题", "取消了样式编号的段落", "只设级别的段落", "二、第二个标题",
                          "1.模板自带的编号列表", "模板自带的项目符号"]
    assert doc.meta["numbered_paragraphs"] == ((0, 2), (3, 2), (4, 2))


def test_without_numbering_part_loads_as_before(tmp_path) -> None:
    d = docx.Document()
    d.add_paragraph("一、主要举措和成效")
    d.add_paragraph("列表样式的段落", style="List Number")
    d.save(str(tmp_path / "有编号部件.docx"))
    without_numbering(tmp_path / "有编号部件.docx", tmp_path / "无编号部件.docx")
    with zipfile.ZipFile(tmp_path / "无编号部件.docx") as z:
        assert "word/numbering.xml" not in z.namelist()
    doc = load(tmp_path / "无编号部件.docx")
    assert texts(doc) == ["一、主要举措和成效", "列表样式的段落"] and doc.meta == {}


def test_dangling_numbering_references_are_ignored(tmp_path) -> None:
    d = docx.Document()
    add_num(d, 95, 999)                           # a w:num whose abstract does not exist
    numbered(d, "悬空的编号", 95, 0)
    numbered(d, "不存在的编号实例", 96, 0)
    numbered(d, "不存在的级别", 5, 7)
    d.save(str(tmp_path / "悬空.docx"))
    assert texts(load(tmp_path / "悬空.docx")) == ["悬空的编号", "不存在的编号实例", "不存在的级别"]


@pytest.mark.parametrize("fmt, values", [
    ("chineseCounting", {1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 99: "九十九"}),
    ("chineseCountingThousand", {10: "十", 11: "十一", 99: "九十九", 100: "一百", 101: "一百零一", 110: "一百一十"}),
    ("ideographTraditional", {1: "甲", 10: "癸", 11: "11"}),
    ("ideographDigital", {1: "一", 10: "一〇", 21: "二一"}),
    ("japaneseCounting", {10: "十", 11: "十一", 100: "百"}),
    ("decimalFullWidth", {1: "１", 12: "１２"}),
    ("decimalEnclosedCircle", {1: "①", 20: "⑳", 21: "21"}),
    ("upperLetter", {1: "A", 26: "Z", 27: "AA"}),
    ("lowerLetter", {2: "b"}),
    ("upperRoman", {4: "IV", 14: "XIV"}),
    ("lowerRoman", {9: "ix"}),
    ("bullet", {1: ""}),
    ("none", {1: ""}),
    ("someFutureFormat", {7: "7"}),
])
def test_number_formats(fmt: str, values: dict[int, str]) -> None:
    assert {n: format_number(n, fmt) for n in values} == values


def test_num_style_link_level_styles_lvl_override_and_alternate_format(tmp_path) -> None:
    d = docx.Document()
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    zero_padded = (f'<w:lvl w:ilvl="2"><w:start w:val="1"/><mc:AlternateContent {mc}><mc:Choice Requires="w14">'
                   '<w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice><mc:Fallback>'
                   '<w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%3."/></w:lvl>')
    add_abstract(d, 97, '<w:styleLink w:val="ReportList"/>' + lvl(0, "chineseCounting", "%1、", extra=NOTHING)
                 + lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="Level2Heading"/>' + NOTHING)
                 + zero_padded)
    add_abstract(d, 98, '<w:numStyleLink w:val="ReportList"/>')
    add_num(d, 97, 97)
    add_num(d, 98, 98)
    add_num(d, 99, 97, '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                       '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:lvlOverride>')
    d.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="ReportList"><w:name w:val="Report List"/>'
        '<w:pPr><w:numPr><w:numId w:val="97"/></w:numPr></w:pPr></w:style>'))
    d.styles.element.append(parse_xml(                 # a level style: its numPr has no ilvl, the lvl names it
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Level2Heading"><w:name w:val="二级标题"/>'
        '<w:pPr><w:numPr><w:numId w:val="97"/></w:numPr></w:pPr></w:style>'))
    numbered(d, "甲", 97, 0)
    d.add_paragraph("乙", style="二级标题")             # level 1, found through the lvl's w:pStyle
    numbered(d, "丙", 98, 0)                           # through w:numStyleLink: same list, same count
    numbered(d, "丁", 97, 2)                           # the Fallback format of an mc:AlternateContent numFmt
    numbered(d, "戊", 99, 0)                           # a whole w:lvl overridden: format changes, count goes on
    path = tmp_path / "样式链接.docx"
    d.save(str(path))
    assert texts(load(path)) == ["一、甲", "（一）乙", "二、丙", "01.丁", "III.戊"]
