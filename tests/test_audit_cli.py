"""`fzlint audit` on the command line: exit codes, the ranked table and totals, the files it writes."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from audit_helpers import real_folder, report, write
from click.testing import CliRunner
from helpers import EXAMPLES

from checker.cli import main


def run(tmp: Path, *args: str):
    return CliRunner().invoke(main, ["audit", "--isolated", "--cache-dir", str(tmp / "cache"), *args])


def test_exit_0_when_every_report_passes(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    write(root, "b/c.txt", report("白沙县公安局"))
    result = run(tmp_path, str(root))
    assert result.exit_code == 0, result.output
    assert "共 2 份报告：通过 2，不通过 0，无法读取 0" in result.stdout
    assert "清河县司法局" in result.stdout and "b/c.txt" in result.stdout


def test_exit_1_when_a_report_fails_and_the_table_ranks_it_first(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    shutil.copy(EXAMPLES / "draft-flawed.txt", root / "z.txt")
    result = run(tmp_path, str(root))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert out.index("z.txt") < out.index("a.txt")
    assert "不通过" in out and "第一责任人职责" in out         # the part the draft leaves out
    assert "通过 1，不通过 1" in out
    assert run(tmp_path, "--fail-on", "never", str(root)).exit_code == 0


def test_exit_2_when_a_file_is_unreadable_and_the_others_are_still_listed(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    write(root, "empty.txt", "")
    result = run(tmp_path, str(root))
    assert result.exit_code == 2
    assert "无法读取" in result.stdout and "文件是空的" in result.stdout and "清河县司法局" in result.stdout


def test_exit_2_for_usage_errors(tmp_path: Path) -> None:
    missing = run(tmp_path, str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "不存在" in missing.stderr
    bad = write(tmp_path, "bad.yaml", "id: x\nrules: [1, 2\n")
    pack = run(tmp_path, "--pack", str(bad), str(EXAMPLES))
    assert pack.exit_code == 2 and "bad.yaml" in pack.stderr and "Traceback" not in pack.output
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run(tmp_path, str(empty))
    assert nothing.exit_code == 2 and "没有可检查的报告" in nothing.stdout
    assert run(tmp_path, "--jobs", "0", str(EXAMPLES)).exit_code == 2


def test_outputs_are_written_and_json_to_stdout(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = run(tmp_path, "--quiet", "--xlsx", str(out / "a.xlsx"), "--csv", str(out / "csv"),
                 "--json", str(out / "a.json"), str(root))
    assert result.exit_code == 1
    assert {p.name for p in (out / "csv").iterdir()} == {"汇总.csv", "问题清单.csv", "结构.csv"}
    assert (out / "a.xlsx").read_bytes()[:2] == b"PK"
    data = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert data["summary"]["reports"] == 8
    assert "共 8 份报告" in result.stdout and "序号" not in result.stdout     # --quiet: totals only
    piped = run(tmp_path, "--json", "-", str(root))
    assert json.loads(piped.stdout)["summary"]["cached"] == 8


def test_an_output_that_cannot_be_written_is_reported_after_the_summary_the_others_still_written(
        tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    blocker = write(tmp_path, "not-a-folder", "x")              # a file where a folder would have to be
    target = blocker / "a.xlsx"
    result = run(tmp_path, "--xlsx", str(target), "--json", str(tmp_path / "a.json"), str(root))
    assert result.exit_code == 2
    assert f"无法写入 {target}（路径中有一段是文件而不是文件夹）" in result.stderr
    assert "共 1 份报告：通过 1" in result.stdout and "清河县司法局" in result.stdout      # the result is still shown
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["summary"]["passed"] == 1
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_read_only_output_says_why_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the user may not write to (simulated: the tests may run as root, who may write anywhere)."""
    import errno

    import checker.cli.audit as cli_audit

    class ReadOnly:
        @staticmethod
        def write_xlsx(result: object, path: str) -> None:
            raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(cli_audit, "_tables", lambda: ReadOnly)
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    result = run(tmp_path, "--quiet", "--xlsx", str(tmp_path / "a.xlsx"), str(root))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"fzlint：无法写入 {tmp_path / 'a.xlsx'}（没有写入权限）"
    assert "Permission denied" not in result.output and "共 1 份报告" in result.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run(tmp_path, "--xlsx", str(locked / "a.xlsx"), str(root))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2 and "（没有写入权限）" in result.stderr and "共 1 份报告" in result.stdout


def test_missing_output_folders_are_created(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    out = tmp_path / "通报" / "2025"
    result = run(tmp_path, "--quiet", "--xlsx", str(out / "x" / "a.xlsx"), "--html", str(out / "y" / "a.html"),
                 "--json", str(out / "z" / "a.json"), "--csv", str(out / "csv"), str(root))
    assert result.exit_code == 0, result.output
    assert (out / "x" / "a.xlsx").read_bytes()[:2] == b"PK"
    assert "<html" in (out / "y" / "a.html").read_text(encoding="utf-8")
    assert json.loads((out / "z" / "a.json").read_text(encoding="utf-8"))["summary"]["passed"] == 1
    assert (out / "csv" / "汇总.csv").exists()


def test_html_page_is_written(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    result = run(tmp_path, "--html", str(tmp_path / "a.html"), str(root))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<html" in page.lower() and "清河县司法局" in page


def test_audit_is_a_real_command_and_its_help_is_light(tmp_path: Path) -> None:
    probe = ("import sys\nfrom checker.cli import main\ntry:\n    main(['audit', '--help'])\nexcept SystemExit:\n"
             "    pass\nprint(sorted(m for m in ('docx', 'lxml', 'rjieba', 'openpyxl', 'rich') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "--timeout" in proc.stdout and proc.stdout.strip().endswith("[]")


def test_a_file_name_that_is_not_utf8_is_shown_and_every_output_written(tmp_path: Path) -> None:
    import os

    root = tmp_path / "r"
    root.mkdir()
    name = os.fsencode(root) + b"/\xff\xfe.txt"
    try:
        with open(name, "wb") as f:
            f.write(report("清河县司法局").encode("utf-8"))
    except (OSError, ValueError):
        pytest.skip("this file system does not take a file name that is not UTF-8")
    write(root, "b.txt", report("白沙县公安局"))
    out = tmp_path / "out"
    out.mkdir()
    result = run(tmp_path, "--json", str(out / "a.json"), "--html", str(out / "a.html"), "--csv", str(out / "csv"),
                 "--xlsx", str(out / "a.xlsx"), str(root))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "无法写入" not in result.output
    data = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in data["reports"]) == ["b.txt", "\ufffd\ufffd.txt"]
    assert "\ufffd\ufffd.txt" in (out / "a.html").read_text(encoding="utf-8")
    assert "\ufffd\ufffd.txt" in (out / "csv" / "汇总.csv").read_text(encoding="utf-8-sig")
    assert (out / "a.xlsx").read_bytes()[:2] == b"PK"
    assert "\ufffd\ufffd.txt" in result.stdout
    assert os.path.exists(name)                      # the input is untouched



def test_the_terminal_the_tables_and_the_page_use_the_same_words(tmp_path: Path) -> None:
    from checker.audit.summary import STATUS_ZH, TIMELINESS_ZH

    root = tmp_path / "r"
    write(root, "undated.txt", report("清河县教育局", 2025, date=""))
    out = tmp_path / "out"
    result = run(tmp_path, "--csv", str(out / "csv"), "--html", str(out / "a.html"), str(root))
    summary = (out / "csv" / "汇总.csv").read_text(encoding="utf-8-sig")
    page = (out / "a.html").read_text(encoding="utf-8")
    for words in (STATUS_ZH["pass"], TIMELINESS_ZH["undated"]):
        assert words in result.stdout and words in summary and words in page
    assert "未署日期" not in page
