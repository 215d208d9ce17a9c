"""Tables reach the checks as rows and columns (.docx and web pages: Document.meta["tables"]; plain text: text.tables),
and figures.table-total / figures.growth-mismatch name the cell they report."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from checker.load import load
from checker.model import Table, paragraphs_of_lines
from checker.packs import resolve
from checker.runner import check_file
from checker.text.tables import text_tables

TITLE = "某某区人民政府关于2025年法治政府建设情况的报告"
BODY = ("一、主要举措和成效", "全年办理行政复议案件，具体见下表。")
TAIL = ("二、存在的不足和原因", "基层执法力量不足，原因是编制紧张。",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况", "区长主持召开专题会议4次。",
        "四、下一年度主要安排", "2026年将继续推进法治政府建设。", "某某区人民政府", "2026年1月20日")


@pytest.fixture(scope="module")
def rules():
    return resolve(["default"])[1]


def cells(doc, table: Table) -> dict[tuple[int, int], str]:
    return {(c.row, c.column): doc.text[c.span.start:c.span.end] for c in table.cells}


def build_docx(path: Path, rows: list[list[str]], merge: bool = False) -> Path:
    d = docx.Document()
    d.add_paragraph(TITLE)
    for line in BODY:
        d.add_paragraph(line)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    if merge:
        table.cell(0, 1).merge(table.cell(0, 2))     # a header over two columns: one cell with gridSpan 2
    for line in TAIL:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def figures(result, rule: str) -> list:
    return [d for d in result.diagnostics if d.rule == rule]


def test_docx_tables_as_rows_and_columns(tmp_path) -> None:
    path = build_docx(tmp_path / "表.docx", [["类别", "收到", "审结"], ["县政府", "120", "110"],
                                             ["各部门", "30", "28"], ["合计", "160", "138"]])
    doc = load(path)
    (table,) = doc.meta["tables"]
    assert table.name == "表格1"
    got = cells(doc, table)
    assert got[(1, 1)] == "类别" and got[(4, 2)] == "160" and got[(3, 3)] == "28" and len(got) == 12
    # the cell's span is its paragraph, whose source names the same cell
    para = next(p for p in doc.paragraphs if p.span == table.grid()[(4, 2)].span)
    assert para.source == "表格1第4行第2列"


def test_docx_merged_header_keeps_the_grid(tmp_path) -> None:
    path = build_docx(tmp_path / "并.docx", [["单位", "案件", ""], ["", "受理", "办结"], ["甲局", "12", "10"],
                                             ["乙局", "8", "8"], ["合计", "20", "19"]], merge=True)
    doc = load(path)
    grid = cells(doc, doc.meta["tables"][0])
    assert (1, 3) not in grid and grid[(2, 3)] == "办结" and grid[(5, 3)] == "19"


def test_docx_wrong_total_names_its_cell(tmp_path, rules) -> None:
    path = build_docx(tmp_path / "错.docx", [["类别", "收到", "审结"], ["县政府", "120", "110"],
                                             ["各部门", "30", "28"], ["合计", "160", "138"]])
    (d,) = figures(check_file(str(path), rules), "figures.table-total")
    assert d.text == "160"
    assert "表格1第4行第2列的合计写作“160”，但各项相加为120＋30＝150" in d.message


def test_docx_right_totals_and_a_table_without_total_are_silent(tmp_path, rules) -> None:
    right = build_docx(tmp_path / "对.docx", [["类别", "收到", "审结"], ["县政府", "120", "110"],
                                              ["各部门", "30", "28"], ["合计", "150", "138"]])
    none = build_docx(tmp_path / "无.docx", [["指标", "2024年", "2025年"], ["行政处罚案件（件）", "1287", "1426"],
                                             ["行政许可事项（项）", "5320", "5410"]])
    for path in (right, none):
        assert not figures(check_file(str(path), rules), "figures.table-total")


def test_docx_table_growth_column(tmp_path, rules) -> None:
    path = build_docx(tmp_path / "增.docx", [["指标", "2024年", "2025年", "增减情况"],
                                             ["行政处罚案件（件）", "1287", "1426", "增长10.8%"],
                                             ["罚没款（万元）", "2104.6", "2386.5", "增长15.4%"],
                                             ["作为被告的行政诉讼案件（件）", "9", "6", "下降33.3%"]])
    (d,) = figures(check_file(str(path), rules), "figures.growth-mismatch")
    assert d.text == "15.4%" and "计算为13.39%" in d.message


HTML = """<html><head><title>{title}</title></head><body><div class="article"><h1>{title}</h1>
{body}
<table>
<tr><th rowspan="2">单位</th><th colspan="2">行政复议</th></tr>
<tr><th>收到</th><th>审结</th></tr>
<tr><td>县政府</td><td>120</td><td>110</td></tr>
<tr><td>各部门</td><td>30</td><td><p>28</p></td></tr>
<tr><td>合计</td><td>150</td><td>{total}</td></tr>
</table>
{tail}
</div></body></html>"""


def write_html(path: Path, total: str) -> Path:
    paras = lambda lines: "\n".join(f"<p>{x}</p>" for x in lines)   # noqa: E731
    path.write_text(HTML.format(title=TITLE, body=paras(BODY), tail=paras(TAIL), total=total), encoding="utf-8")
    return path


def test_html_table_grid_counts_rowspan_and_colspan(tmp_path) -> None:
    doc = load(write_html(tmp_path / "报告.html", "138"))
    (table,) = doc.meta["tables"]
    grid = cells(doc, table)
    assert grid[(1, 1)] == "单位" and grid[(1, 2)] == "行政复议" and grid[(2, 2)] == "收到"
    assert grid[(2, 3)] == "审结" and grid[(4, 3)] == "28" and grid[(5, 3)] == "138"
    assert (2, 1) not in grid            # covered by the rowspan


def test_html_wrong_total(tmp_path, rules) -> None:
    assert not figures(check_file(str(write_html(tmp_path / "对.html", "138")), rules), "figures.table-total")
    (d,) = figures(check_file(str(write_html(tmp_path / "错.html", "140")), rules), "figures.table-total")
    assert d.text == "140" and "表格1第5行第3列" in d.message and "110＋28＝138" in d.message


@pytest.mark.parametrize("lines, shape", [
    (["指标 | 2024年 | 2025年", "行政处罚 | 1287 | 1426", "合计 | 1 | 2"], [3, 3, 3]),
    (["| 指标 | 2024年 |", "|---|---|", "| 行政处罚 | 1287 |", "| 合计 | 1 |"], [2, 2, 2]),
    (["项目\t受理\t办结", "甲\t1\t", "合计\t3\t2"], [3, 3, 3]),
    (["项目    受理    办结", "甲镇    10    9", "合计    10    9"], [3, 3, 3]),
])
def test_plain_text_tables(lines: list[str], shape: list[int]) -> None:
    text = "正文第一段。\n" + "\n".join(lines) + "\n正文最后一段。"
    (table,) = list(text_tables(text, paragraphs_of_lines(text)))
    rows: dict[int, int] = {}
    for c in table.cells:
        rows[c.row] = rows.get(c.row, 0) + 1
    assert [rows[r] for r in sorted(rows)] == shape
    assert table.name == "第2行起的表格"


@pytest.mark.parametrize("text", [
    "一段文字，没有表格。\n另一段 | 只有一条竖线。\n第三段。",
    "甲  乙  丙\n只有一行像表格。\n",
    "甲 | 乙\n丙 | 丁 | 戊\n己 | 庚\n",           # different numbers of cells: no table
])
def test_prose_is_no_table(text: str) -> None:
    assert not list(text_tables(text, paragraphs_of_lines(text)))
