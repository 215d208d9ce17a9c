"""The audit as three tables, ready for the office's own 通报: 汇总 (one row per report), 问题清单 (one row per
finding) and 结构 (reports × the four mandated parts), as an Excel workbook (openpyxl) or as CSV files in UTF-8
with a BOM (so Excel opens them without garbling the Chinese). Every file is written atomically.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from ..files import write_atomic, write_bytes_atomic
from ..model import MANDATED_PARTS, Category, Severity
from .summary import STATUS_ZH, TIMELINESS_ZH

PART_ZH = {"present": "有", "incomplete": "不完整", "missing": "缺"}
FORMAT_ZH = {"txt": "文本", "docx": "Word", "html": "网页", "pdf": "PDF", "doc": "Word（.doc）", "wps": "WPS"}
SHEETS = ("汇总", "问题清单", "结构")

SUMMARY_HEADER = ("序号", "文件", "格式", "机关", "年度", "结果", "错误", "警告", "提示",
                  *(p.short for p in MANDATED_PARTS), "成文日期", "发布日期", "公开截止日", "时效", "雷同比例", "说明")
FINDINGS_HEADER = ("序号", "文件", "机关", "年度", "行", "列", "严重程度", "类别", "规则", "规则说明", "问题",
                   "原文", "建议", "所在部分", "依据")
PARTS_HEADER = ("序号", "文件", "机关", "年度", *(p.short for p in MANDATED_PARTS))

ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")     # what an .xlsx cell cannot hold


def summary_rows(result: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for n, r in enumerate(result["reports"], 1):
        error = r["status"] == "error"
        rows.append([n, r["path"], _format(r), r["organ"] or "", r["year"] or "",
                     STATUS_ZH[r["status"]], *(("", "", "") if error else (r["errors"], r["warnings"], r["infos"])),
                     *(PART_ZH.get(r["parts"].get(p.value) or "", "") for p in MANDATED_PARTS),
                     r["date"] or "", r["published"] or "", _deadline(r),
                     "" if error else TIMELINESS_ZH[r["timeliness"]],
                     "" if error else round(r["copied_share"], 4), r["error"] or ""])
    return rows


def _format(r: dict[str, Any]) -> str:
    """The format in words; for a file fzlint does not read, its own suffix (".xlsx")."""
    if r.get("format"):
        return FORMAT_ZH.get(r["format"], r["format"])
    return PurePosixPath(r["path"]).suffix if r.get("unsupported") else ""


def _deadline(r: dict[str, Any]) -> str:
    """The deadline; both when the pack gives the publication date another one than the 成文日期."""
    written, published = r.get("deadline"), r.get("published_deadline")
    if published and written and published != written:
        return f"成文 {written}；发布 {published}"
    return written or published or ""


def finding_rows(result: dict[str, Any]) -> list[list[Any]]:
    from ..model import Part

    rows = []
    n = 0
    for r in result["reports"]:
        for d in r["diagnostics"]:
            n += 1
            rows.append([n, r["path"], r["organ"] or "", r["year"] or "", d["line"] or "", d["column"] or "",
                         Severity.parse(d["severity"]).zh, Category(d["category"]).zh, d["rule"],
                         d.get("title") or "", d["message"], d["text"] or "", d["suggestion"] or "",
                         Part(d["part"]).zh if d["part"] else "", d["reference"] or ""])
    return rows


def parts_rows(result: dict[str, Any]) -> list[list[Any]]:
    return [[n, r["path"], r["organ"] or "", r["year"] or "",
             *((PART_ZH[r["parts"][p.value]] if r["parts"].get(p.value) else "无法读取") for p in MANDATED_PARTS)]
            for n, r in enumerate(result["reports"], 1)]


def tables(result: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[list[Any]]]]:
    return [("汇总", SUMMARY_HEADER, summary_rows(result)), ("问题清单", FINDINGS_HEADER, finding_rows(result)),
            ("结构", PARTS_HEADER, parts_rows(result))]


def write_csv(result: dict[str, Any], directory: str | Path) -> list[Path]:
    """汇总.csv, 问题清单.csv, 结构.csv in `directory` (created if need be)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, header, rows in tables(result):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_csv_safe(v) for v in row] for row in rows)
        path = folder / f"{name}.csv"
        write_atomic(path, buf.getvalue(), encoding="utf-8-sig")
        written.append(path)
    return written


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")     # what makes Excel (or LibreOffice) read a CSV cell as a formula


def _csv_safe(value: Any) -> Any:
    """A text cell that a spreadsheet could read as a formula (CSV injection: =, +, -, @, a tab or a carriage
    return first) is prefixed with an apostrophe, so it is shown as the text it is. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_xlsx(result: dict[str, Any], path: str | Path) -> None:
    """The workbook: bold frozen header, an autofilter on every sheet, readable column widths. Written in
    openpyxl's write-only mode (rows streamed, not kept as cell objects): thousands of findings stay cheap."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    middle = Alignment(vertical="center")
    for name, header, rows in tables(result):
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        for i, width in enumerate(_widths(header, rows), 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        share = header.index("雷同比例") if "雷同比例" in header else -1
        head = []
        for h in header:
            cell = WriteOnlyCell(ws, h)
            cell.font, cell.fill, cell.alignment = bold, fill, middle
            head.append(cell)
        ws.append(head)
        for row in rows:
            cells = []
            for k, v in enumerate(row):
                cell = WriteOnlyCell(ws, _xlsx_value(v))
                if cell.data_type == "f":           # text that begins with "=": keep it text
                    cell.data_type = "s"
                if k == share:
                    cell.number_format = "0%"
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    write_bytes_atomic(path, buf.getvalue())


def _xlsx_value(value: Any) -> Any:
    return ILLEGAL_RE.sub("", value) if isinstance(value, str) else value


def _widths(header: Iterable[str], rows: list[list[Any]]) -> list[float]:
    """Each column as wide as its longest cell (Chinese characters count double), between 6 and 60."""
    widths = [_display(h) for h in header]
    for row in rows[:2000]:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], _display(str(v)))
    return [min(60.0, max(6.0, w + 2.0)) for w in widths]


def _display(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)
