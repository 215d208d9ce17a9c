"""The audit's tables: the .xlsx read back with openpyxl cell by cell for one report, the CSV files (BOM, the
same rows), and the JSON file."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from audit_helpers import real_folder

from checker.audit import AuditOptions, audit
from checker.audit.tables import write_csv, write_xlsx

PART_IDS = ("measures", "shortcomings", "first_responsible", "next_year")
PART_ZH = {"present": "有", "incomplete": "不完整", "missing": "缺"}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("audit-tables")
    root = real_folder(tmp)
    (root / "坏").mkdir()
    (root / "坏" / "empty.txt").write_bytes(b"")
    return audit([str(root)], AuditOptions(jobs=2, isolated=True, cache_dir=str(tmp / "cache")))


def _same(text: str) -> object:
    """A number as a number (Excel keeps 0.0 as 0), any other text as it is."""
    try:
        return float(text)
    except ValueError:
        return text


def _values(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_xlsx_cell_by_cell_for_one_report(result: dict, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "audit.xlsx"
    write_xlsx(result, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "问题清单", "结构"]
    report = next(r for r in result["reports"] if r["path"] == "部门/draft-flawed.txt")
    n = result["reports"].index(report) + 1
    assert report["status"] == "fail" and report["errors"] > 0

    summary = wb["汇总"]
    assert [c.value for c in summary[1]] == ["序号", "文件", "格式", "机关", "年度", "结果", "错误", "警告", "提示",
                                             "举措和成效", "不足和原因", "第一责任人职责", "下一年度安排", "成文日期",
                                             "发布日期", "公开截止日", "时效", "雷同比例", "说明"]
    row = [c.value for c in summary[n + 1]]
    assert row == [n, "部门/draft-flawed.txt", "文本", "清河县市场监督管理局", 2025, "不通过", report["errors"],
                   report["warnings"], report["infos"], *(PART_ZH[report["parts"][p]] for p in PART_IDS),
                   "2026年01月20日", None, "2026-04-01", "按时", report["copied_share"], None]
    assert summary.freeze_panes == "A2" and summary["A1"].font.b
    assert summary.column_dimensions["B"].width >= 20          # the path column is readable

    findings = wb["问题清单"]
    assert findings.auto_filter.ref == f"A1:O{sum(len(r['diagnostics']) for r in result['reports']) + 1}"
    assert findings.freeze_panes == "A2"
    header = [c.value for c in findings[1]]
    assert header == ["序号", "文件", "机关", "年度", "行", "列", "严重程度", "类别", "规则", "规则说明", "问题", "原文",
                      "建议", "所在部分", "依据"]
    mine = [r for r in _values(findings)[1:] if r[1] == "部门/draft-flawed.txt"]
    assert len(mine) == len(report["diagnostics"])
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    for got, d in zip(mine, report["diagnostics"]):
        assert got[2:4] == ["清河县市场监督管理局", 2025]
        assert got[4:6] == [d["line"], d["column"]]
        assert got[6] == severity[d["severity"]]
        assert got[8:11] == [d["rule"], d["title"], d["message"]]
        assert got[11] == d["text"] and got[12] == d["suggestion"] and got[14] == d["reference"]
    rate = next(r for r in mine if r[8] == "figures.rate-mismatch")
    assert rate[4:8] == [11, 73, "错误", "数字"] and rate[11] == "100%" and "513件" in rate[10]
    missing = next(r for r in mine if r[8] == "structure.part-missing")
    assert missing[4:6] == [None, None] and missing[13] == "党政主要负责人履行推进法治建设第一责任人职责情况"

    parts = wb["结构"]
    assert [c.value for c in parts[1]] == ["序号", "文件", "机关", "年度", "举措和成效", "不足和原因", "第一责任人职责",
                                           "下一年度安排"]
    assert [c.value for c in parts[n + 1]] == [n, "部门/draft-flawed.txt", "清河县市场监督管理局", 2025,
                                               *(PART_ZH[report["parts"][p]] for p in PART_IDS)]
    assert "缺" in [c.value for c in parts[n + 1]]               # this draft leaves out the first-responsible part
    bad = [c.value for c in parts[2]]
    assert bad[1] == "坏/empty.txt" and bad[4:] == ["无法读取"] * 4


def test_csv_has_a_bom_and_the_same_rows_as_the_workbook(result: dict, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_xlsx(result, tmp_path / "audit.xlsx")
    written = write_csv(result, tmp_path / "csv")
    assert [p.name for p in written] == ["汇总.csv", "问题清单.csv", "结构.csv"]
    wb = load_workbook(tmp_path / "audit.xlsx")
    for path in written:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [[_same(v) for v in row] for row in csv.reader(f)]
        sheet = [[_same("" if v is None else str(v)) for v in row] for row in _values(wb[path.stem])]
        assert rows == sheet
    summary = list(csv.reader((tmp_path / "csv" / "汇总.csv").open(encoding="utf-8-sig", newline="")))
    assert len(summary) == len(result["reports"]) + 1


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    fake = {"reports": [{"path": "=HYPERLINK(\"x\")", "format": "txt", "status": "error", "error": "=1+1\x07",
                         "organ": None, "title": None, "year": None, "errors": 0, "warnings": 0, "infos": 0,
                         "parts": dict.fromkeys(PART_IDS), "date": None, "date_iso": None, "published": None,
                         "deadline": None, "timeliness": "unknown", "copied_share": 0.0, "diagnostics": []}]}
    write_xlsx(fake, tmp_path / "f.xlsx")
    cell = load_workbook(tmp_path / "f.xlsx")["汇总"]["B2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"
    assert load_workbook(tmp_path / "f.xlsx")["汇总"]["S2"].value == "=1+1"
    write_csv(fake, tmp_path / "csv")
    text = (tmp_path / "csv" / "汇总.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text


def test_every_csv_formula_start_is_neutralised(tmp_path: Path) -> None:
    """CSV injection: a cell that begins with =, +, -, @, a tab or a carriage return is read as a formula by
    Excel or LibreOffice; each gets an apostrophe first. Numbers and ordinary text are left as they are."""
    starts = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    fake = {"reports": [{"path": start, "format": "txt", "status": "pass", "error": None, "organ": start,
                         "title": None, "year": 2025, "errors": 0, "warnings": 0, "infos": 0,
                         "parts": dict.fromkeys(PART_IDS, "present"), "date": None, "date_iso": None,
                         "published": None, "deadline": None, "timeliness": "unknown", "copied_share": 0.0,
                         "diagnostics": []} for start in [*starts, "清河县司法局"]]}
    write_csv(fake, tmp_path / "csv")
    with (tmp_path / "csv" / "汇总.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    for row, start in zip(rows, [*starts, "清河县司法局"]):
        expected = start if start == "清河县司法局" else "'" + start
        assert (row[1], row[3]) == (expected, expected)
        assert row[0].isdigit() and row[4] == "2025" and row[6] == "0"      # numbers untouched


def test_json_file_is_the_whole_result(result: dict, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    root = Path(result["root"])
    out = tmp_path / "a.json"
    CliRunner().invoke(main, ["audit", "--isolated", "--quiet", "--cache-dir", str(tmp_path / "c"), "--json", str(out),
                              str(root)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["reports"] == result["summary"]["reports"]
    assert [r["path"] for r in data["reports"]] == [r["path"] for r in result["reports"]]
    assert [r["diagnostics"] for r in data["reports"]] == [r["diagnostics"] for r in result["reports"]]
