"""No file silently skipped: walking a folder, every regular file is checked, or a row says why not, or it is
skipped by rule (hidden, ~$ lock files, fzlint's own copies, backups) or by --exclude, and listed as such."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_build import pdf, text_page

from checker.audit import AuditOptions, audit
from checker.cli import main
from checker.load import convert as convert_module
from checker.load.convert import find_soffice
from checker.runner import check_paths, walk

ROOT = Path(__file__).resolve().parent.parent
HARDENING = ROOT / "tests" / "data" / "hardening"
REPORT = (ROOT / "examples" / "draft-flawed.txt").read_bytes()


def folder_of_everything(root: Path) -> Path:
    """Reports, files of other types, and files skipped by rule, in a folder with a subfolder."""
    root.mkdir()
    (root / "报告.txt").write_bytes(REPORT)
    (root / "报告.pdf").write_bytes(pdf([text_page(["A report printed to PDF, with a text layer"] * 3)]))
    (root / "统计表.xlsx").write_bytes(b"PK\x03\x04" + bytes(64))
    (root / "说明.md").write_text("notes", encoding="utf-8")
    (root / "无扩展名").write_bytes(b"x")
    (root / ".DS_Store").write_bytes(b"\x00")
    (root / "~$报告.docx").write_bytes(b"lock")
    (root / "报告.fzlint.docx").write_bytes(b"PK\x03\x04")
    (root / "报告.txt.bak").write_bytes(REPORT)
    (root / "下级").mkdir()
    (root / "下级" / "乙.txt").write_bytes(REPORT)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]", encoding="utf-8")
    return root


def test_walk_accounts_for_every_file(tmp_path) -> None:
    root = folder_of_everything(tmp_path / "报告")
    found = walk([str(root)])
    entries = {Path(p).relative_to(root).as_posix(): error for p, error in found.entries}
    assert list(entries) == [*sorted(["无扩展名", "报告.pdf", "报告.txt", "统计表.xlsx", "说明.md"]), "下级/乙.txt"]
    assert entries["报告.txt"] is None and entries["报告.pdf"] is None and entries["下级/乙.txt"] is None
    assert "不支持的文件类型“.xlsx”" in entries["统计表.xlsx"] and "另存为" not in entries["统计表.xlsx"]
    assert "fzlint 可检查 .txt、.docx、.html/.htm、.pdf" in entries["说明.md"]
    assert "不支持的文件类型“（无扩展名）”" in entries["无扩展名"]
    skipped = {Path(p).relative_to(root).as_posix(): why for p, why in found.skipped}
    assert skipped == {".DS_Store": "隐藏文件", "~$报告.docx": "Word/WPS 打开文件时留下的锁定文件（~$）",
                       "报告.fzlint.docx": "fzlint 写的批注副本（.fzlint.docx）", "报告.txt.bak": "备份文件（.bak）",
                       ".git": "隐藏文件夹"}
    excluded = walk([str(root)], skip=lambda p: p.endswith(("下级", ".xlsx")))
    assert {Path(p).name: why for p, why in excluded.skipped if why == "--exclude"} == {"下级": "--exclude",
                                                                                        "统计表.xlsx": "--exclude"}
    assert all(not p.endswith(".xlsx") for p, _ in excluded.entries)


def test_check_counts_them_and_exits_2(tmp_path, monkeypatch) -> None:
    root = folder_of_everything(tmp_path / "报告")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "报告"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert files["统计表.xlsx"]["unsupported"] is True and files["说明.md"]["unsupported"] is True
    assert "unsupported" not in files["报告.txt"] and files["报告.pdf"]["error"] is None
    assert data["summary"]["files"] == 6 and data["summary"]["files_with_errors"] == 3
    assert data["summary"]["files_unsupported"] == 3 and data["summary"]["files_skipped"] == 5
    assert "fzlint：报告/统计表.xlsx：不支持的文件类型“.xlsx”" in result.stderr
    rich = CliRunner().invoke(main, ["check", "--isolated", "--format", "rich", "报告"], env={"COLUMNS": "200"})
    assert "无法检查的文件 3（其中不支持的文件类型 3）" in rich.stdout and "按规则跳过 5 个文件" in rich.stdout
    junit = ET.fromstring(CliRunner().invoke(main, ["check", "--isolated", "--format", "junit", "报告"]).stdout)
    errors = [e.get("message") or "" for e in junit.iter("error")]
    assert sum("不支持的文件类型" in m for m in errors) == 3
    sarif = json.loads(CliRunner().invoke(main, ["check", "--isolated", "--format", "sarif", "报告"]).stdout)
    notes = [n["message"]["text"] for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert sum("不支持的文件类型" in n for n in notes) == 3


def test_results_carry_the_unsupported_flag(tmp_path) -> None:
    root = folder_of_everything(tmp_path / "报告")
    results = {Path(r.path).name: r for r in check_paths([str(root)], [])}
    assert sorted(n for n, r in results.items() if r.unsupported) == sorted(["无扩展名", "统计表.xlsx", "说明.md"])
    named = check_paths([str(root / "统计表.xlsx"), str(tmp_path / "不存在.xlsx")], [])
    assert named[0].unsupported and not named[1].unsupported and "文件不存在" in (named[1].error or "")


def test_the_issue_folder_txt_doc_pdf_wps(tmp_path) -> None:
    """The folder of the issue: one .txt, one .doc, one .pdf, one .wps. Audited, all four are accounted for (and,
    with LibreOffice, all four are checked); the exit code and the summary say what could not be."""
    if find_soffice() is None:
        pytest.skip("needs LibreOffice (soffice; Debian libreoffice-writer), which .ci/run installs")
    root = tmp_path / "206"
    root.mkdir()
    (root / "甲.txt").write_bytes(REPORT)
    shutil.copy(HARDENING / "legacy.doc", root / "乙.doc")
    (root / "丙.pdf").write_bytes(pdf([text_page(["A report printed to PDF, with a text layer"] * 3)]))
    shutil.copy(HARDENING / "legacy.doc", root / "丁.wps")
    (root / "附件.xlsx").write_bytes(b"PK\x03\x04")
    result = audit([str(root)], AuditOptions(jobs=2, isolated=True, use_cache=False, timeout=300))
    rows = {r["path"]: r for r in result["reports"]}
    assert set(rows) == {"甲.txt", "乙.doc", "丙.pdf", "丁.wps", "附件.xlsx"}
    assert {p: r["format"] for p, r in rows.items()} == {"甲.txt": "txt", "乙.doc": "doc", "丙.pdf": "pdf",
                                                         "丁.wps": "wps", "附件.xlsx": None}
    assert all(rows[p]["error"] is None for p in ("甲.txt", "乙.doc", "丙.pdf", "丁.wps"))
    assert rows["附件.xlsx"]["status"] == "error" and rows["附件.xlsx"]["unsupported"] is True
    s = result["summary"]
    assert s["reports"] == 5 and s["unreadable"] == 1 and s["unsupported"] == 1


def test_without_libreoffice_a_doc_in_a_folder_is_a_row(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(convert_module, "find_soffice", lambda: None)
    root = tmp_path / "报告"
    root.mkdir()
    (root / "甲.txt").write_bytes(REPORT)
    shutil.copy(HARDENING / "legacy.doc", root / "乙.doc")
    results = {Path(r.path).name: r for r in check_paths([str(root)], [])}
    assert results["甲.txt"].error is None
    assert "本机没有找到 soffice" in (results["乙.doc"].error or "") and not results["乙.doc"].unsupported


def test_verbose_names_what_was_skipped_and_why(tmp_path, monkeypatch) -> None:
    folder_of_everything(tmp_path / "报告")
    monkeypatch.chdir(tmp_path)
    quiet = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "报告"])
    assert "跳过" not in quiet.stderr
    loud = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--verbose", "--exclude", "下级",
                                     "报告"])
    for name, why in ((".DS_Store", "隐藏文件"), ("~$报告.docx", "锁定文件（~$）"), ("报告.fzlint.docx", "批注副本"),
                      ("报告.txt.bak", "备份文件（.bak）"), (".git", "隐藏文件夹"), ("下级", "按 --exclude")):
        assert any(line.startswith(f"fzlint：跳过 报告/{name}：") and why in line for line in loud.stderr.splitlines()), name
    assert json.loads(loud.stdout) == json.loads(
        CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--exclude", "下级", "报告"]).stdout)
    audited = CliRunner().invoke(main, ["audit", "--isolated", "--no-cache", "--quiet", "--verbose", "报告"])
    assert "fzlint：跳过 .DS_Store：隐藏文件" in audited.stderr and "按规则跳过 5 个文件" in audited.stdout
    assert "无法读取 3（其中不支持的文件类型 3）" in audited.stdout and audited.exit_code == 2
    data = json.loads(CliRunner().invoke(main, ["audit", "--isolated", "--no-cache", "--json", "-", "报告"]).stdout)
    assert {item["path"] for item in data["skipped"]} == {".DS_Store", "~$报告.docx", "报告.fzlint.docx",
                                                           "报告.txt.bak", ".git"}
    assert data["summary"]["skipped"] == 5 and data["summary"]["unsupported"] == 3


def test_the_audit_page_and_tables_carry_the_unsupported_rows(tmp_path, monkeypatch) -> None:
    import openpyxl

    folder_of_everything(tmp_path / "报告")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["audit", "--isolated", "--no-cache", "--quiet", "--html", "a.html",
                                       "--xlsx", "a.xlsx", "报告"])
    assert result.exit_code == 2
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "其中不支持的文件类型 3" in page and "统计表.xlsx" in page
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["汇总"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["统计表.xlsx"][2] == ".xlsx" and rows["统计表.xlsx"][5] == "无法读取"
    assert "不支持的文件类型“.xlsx”" in rows["统计表.xlsx"][-1] and rows["报告.pdf"][2] == "PDF"
