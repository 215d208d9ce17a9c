"""`fzlint fix` from the command line: --diff writes nothing, a rewrite keeps FILE.bak (or not, with --no-backup),
what was fixed and what is left are printed, bad input gets a Chinese message and exit code 2, never a traceback,
and one bad file does not stop the others."""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

DRAFT = ("某某镇人民政府关于2025年度法治政府建设情况的报告\n"
         "一、主要举措和成效\n"
         "开展普法活动12场，，覆盖群众3000余人次。\n"
         "二、存在的不足和原因\n"
         "执法力量不足，原因是编制少。\n"
         "三、党政主要负责人履行推进法治建设第一责任人职责情况\n"
         "镇党委书记带头学法。\n"
         "四、下一年度主要安排\n"
         "继续推进严格规范公正文明执法。\n"
         "某某镇人民政府\n"
         "2026年01月15日\n")
CLEAN = DRAFT.replace("，，", "，").replace("2026年01月15日", "2026年1月15日")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str):
    return CliRunner().invoke(main, ["fix", "--isolated", *args])


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "草稿.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_diff_prints_and_writes_nothing(draft: Path) -> None:
    before = _sha(draft)
    result = _run("--diff", str(draft))
    assert _sha(draft) == before
    assert sorted(p.name for p in draft.parent.iterdir()) == ["草稿.txt"]     # no .bak, no temporary file
    assert "-开展普法活动12场，，覆盖群众3000余人次。" in result.stdout
    assert "+开展普法活动12场，覆盖群众3000余人次。" in result.stdout
    assert "+2026年1月15日" in result.stdout
    assert "可修复 2 处" in result.stderr and "未写入文件" in result.stderr
    assert result.exit_code == 1                     # something is left to fix


def test_diff_of_a_clean_file_is_empty_and_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "干净.txt"
    path.write_text(CLEAN, encoding="utf-8")
    result = _run("--diff", str(path))
    assert result.stdout == "" and result.exit_code == 0
    assert "没有可以自动修复的问题" in result.stderr and "没有需要人工处理的问题" in result.stderr


def test_fix_rewrites_and_keeps_a_backup(draft: Path) -> None:
    original = draft.read_bytes()
    draft.chmod(0o640)
    result = _run(str(draft))
    assert result.exit_code == 0, result.output
    assert draft.read_text(encoding="utf-8") == CLEAN
    backup = draft.with_name("草稿.txt.bak")
    assert backup.read_bytes() == original
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640 and stat.S_IMODE(backup.stat().st_mode) == 0o640
    assert "已修复 2 处" in result.stdout and "punctuation.doubled-mark 1 处" in result.stdout
    assert "date.malformed 1 处" in result.stdout and "已备份为" in result.stdout
    assert sorted(p.name for p in draft.parent.iterdir()) == ["草稿.txt", "草稿.txt.bak"]
    again = _run(str(draft))                          # a second run finds nothing to fix
    assert again.exit_code == 0 and "没有可以自动修复的问题" in again.stdout
    assert backup.read_bytes() == original or backup.read_bytes() == CLEAN.encode("utf-8")


def test_no_backup(draft: Path) -> None:
    result = _run("--no-backup", str(draft))
    assert result.exit_code == 0
    assert draft.read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in draft.parent.iterdir()) == ["草稿.txt"]


def test_what_is_left_is_listed_and_sets_the_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "草稿.txt"
    path.write_text(DRAFT.replace("镇党委书记带头学法。", "调解纠纷516件，成功513件，调解成功率100%。"), encoding="utf-8")
    result = _run(str(path))
    assert result.exit_code == 1                           # an error no fix can make is left
    assert "仍有 1 处问题需要人工处理（错误 1）" in result.stdout
    assert "figures.rate-mismatch" in result.stdout
    assert "100%" in path.read_text(encoding="utf-8")       # figures are never changed
    assert _run("--fail-on", "never", str(path)).exit_code == 0


def test_select_and_ignore_limit_what_is_fixed(draft: Path) -> None:
    result = _run("--select", "punctuation", "--no-backup", str(draft))
    assert result.exit_code == 0
    text = draft.read_text(encoding="utf-8")
    assert "，，" not in text and "2026年01月15日" in text
    draft.write_text(DRAFT, encoding="utf-8")
    _run("--ignore", "punctuation.doubled-mark", "--no-backup", str(draft))
    text = draft.read_text(encoding="utf-8")
    assert "，，" in text and "2026年1月15日" in text


def test_a_pack_can_switch_a_fix_off(draft: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("id: mine\nversion: 1\ntitle: 我的\nextends: [default]\nrules:\n"
                    "  - {id: date.malformed, fix: false}\n", encoding="utf-8")
    _run("--pack", str(pack), "--no-backup", str(draft))
    text = draft.read_text(encoding="utf-8")
    assert "，，" not in text and "2026年01月15日" in text


def test_read_only_file_is_not_touched(draft: Path) -> None:
    before = _sha(draft)
    draft.chmod(0o444)
    try:
        result = _run(str(draft))
    finally:
        draft.chmod(0o644)
    assert result.exit_code == 2
    assert "只读" in result.stderr and "Traceback" not in result.output
    assert _sha(draft) == before and not draft.with_name("草稿.txt.bak").exists()


def test_unreadable_file_gives_a_message_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "无权限.txt"
    path.write_text(DRAFT, encoding="utf-8")
    if os.geteuid() != 0:
        path.chmod(0)
    else:                                   # root reads anything: make the loader meet the same refusal
        import checker.load.txt

        def refuse(p: Path):
            raise PermissionError(13, "Permission denied", str(p))
        monkeypatch.setattr(checker.load.txt, "load", refuse)
    result = _run(str(path))
    assert result.exit_code == 2
    assert "没有读取该文件的权限" in result.stderr and "Traceback" not in result.output


def test_bad_files_do_not_stop_the_batch(tmp_path: Path, draft: Path) -> None:
    page = tmp_path / "报告.html"
    page.write_text("<html><body><p>某某镇人民政府关于2025年度法治政府建设情况的报告</p></body></html>", encoding="utf-8")
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    missing = tmp_path / "不存在.txt"
    page_before = _sha(page)
    result = _run("--no-backup", str(page), str(broken), str(missing), str(draft))
    assert result.exit_code == 2
    assert "网页文件（.html）不能自动修复" in result.stderr
    assert "坏.docx" in result.stderr and "不存在.txt" in result.stderr and "文件不存在" in result.stderr
    assert "Traceback" not in result.output
    assert draft.read_text(encoding="utf-8") == CLEAN           # the good file was still fixed
    assert _sha(page) == page_before


def test_a_folder_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("甲.txt", "乙.txt"):
        (folder / name).write_text(DRAFT, encoding="utf-8")
    result = _run("--no-backup", str(folder))
    assert result.exit_code == 0, result.output
    assert all((folder / n).read_text(encoding="utf-8") == CLEAN for n in ("甲.txt", "乙.txt"))


def test_a_web_page_in_a_folder_is_skipped_with_a_note(tmp_path: Path) -> None:
    """fix only edits .txt and .docx: a page met while walking a folder is skipped (said, exit code unaffected);
    the same page named on the command line is refused (exit 2), as before."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "甲.txt").write_text(DRAFT, encoding="utf-8")
    page = folder / "乙.html"
    page.write_text("<html><body><p>开展普法活动12场，，覆盖群众。</p></body></html>", encoding="utf-8")
    before = _sha(page)
    result = _run("--no-backup", str(folder))
    assert result.exit_code == 0, result.output
    assert f"{page}：跳过：网页文件（.html）不自动修复" in result.stdout and not result.stderr
    assert (folder / "甲.txt").read_text(encoding="utf-8") == CLEAN
    assert _sha(page) == before and sorted(p.name for p in folder.iterdir()) == ["乙.html", "甲.txt"]
    diff = _run("--diff", str(folder))                          # with --diff the note stays off the patch
    assert "跳过" in diff.stderr and "跳过" not in diff.stdout
    named = _run("--no-backup", str(page))
    assert named.exit_code == 2 and "网页文件（.html）不能自动修复" in named.stderr and _sha(page) == before


def test_pdf_doc_and_wps_are_refused_named_and_skipped_in_a_folder(tmp_path: Path) -> None:
    """fix never writes a PDF or a binary Word/WPS file: named, each is refused with what to do instead (exit 2,
    the file untouched, before anything is converted or read); met in a folder, each is skipped with a note, and
    so is a file of a type fzlint does not read at all."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "甲.txt").write_text(DRAFT, encoding="utf-8")
    others = {"乙.pdf": b"%PDF-1.4\n%%EOF\n", "丙.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
              "丁.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "戊.xlsx": b"PK\x03\x04"}
    for name, data in others.items():
        (folder / name).write_bytes(data)
    before = {name: _sha(folder / name) for name in others}
    result = _run("--no-backup", str(folder))
    assert result.exit_code == 0, result.output
    for name, note in (("乙.pdf", "PDF 文件不自动修复"), ("丙.doc", "旧版 Word 文件（.doc）不自动修复"),
                       ("丁.wps", "WPS 文字文件（.wps）不自动修复"), ("戊.xlsx", "不支持的文件类型“.xlsx”")):
        assert f"{folder / name}：跳过：{note}" in result.stdout, name
    assert (folder / "甲.txt").read_text(encoding="utf-8") == CLEAN
    for name, message in (("乙.pdf", "PDF 文件不能自动修复：它是由源文档导出的版式文件，请修复报告的 .docx 原稿"),
                          ("丙.doc", "旧版 Word 文件（.doc）不能自动修复"), ("丁.wps", "另存为 .docx 后再修复")):
        named = _run("--no-backup", str(folder / name))
        assert named.exit_code == 2 and message in named.stderr, name
    assert {name: _sha(folder / name) for name in others} == before


def test_docx_diff_shows_extracted_text(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in DRAFT.strip().split("\n"):
        d.add_paragraph(line)
    path = tmp_path / "草稿.docx"
    d.save(str(path))
    before = _sha(path)
    result = _run("--diff", str(path))
    assert _sha(path) == before
    assert "+开展普法活动12场，覆盖群众3000余人次。" in result.stdout
    result = _run(str(path))
    assert result.exit_code == 0
    assert path.with_name("草稿.docx.bak").exists()
    from checker.load import load

    assert load(path).text == CLEAN.rstrip("\n")


@pytest.mark.parametrize(("args", "expected"), [(["fix", "--help"], ""),
                                                 (["fix", "--isolated", "--diff", "TXT"], "rjieba")])
def test_fix_is_light_for_help_and_txt(args: list[str], expected: str, draft: Path) -> None:
    """`fzlint fix --help` imports neither python-docx, lxml nor rjieba; fixing a .txt imports no python-docx nor
    lxml (rjieba: the findings left after the fix include the suspected-slip rules, which segment words)."""
    args = [str(draft) if a == "TXT" else a for a in args]
    probe = (f"import sys\nfrom checker.cli import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('HEAVY=' + ','.join(m for m in ('docx', 'lxml', 'rjieba') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert proc.stderr.splitlines()[-1] == "HEAVY=" + expected, proc.stderr


def test_max_size_is_honoured_like_check(draft: Path) -> None:
    before = _sha(draft)
    small = _run("--max-size", "100", str(draft))      # bytes
    assert small.exit_code == 2 and "文件太大" in small.stderr and _sha(draft) == before
    assert _run("--max-size", "0", "--no-backup", str(draft)).exit_code == 0
    assert draft.read_text(encoding="utf-8") == CLEAN



def test_the_diff_applies_with_patch(tmp_path: Path) -> None:
    import shutil

    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    path = tmp_path / "草稿.txt"
    path.write_bytes(DRAFT.replace("\n", "\r\n").encode("gb18030"))     # a GB18030 file with CRLF line ends
    diff = subprocess.run([sys.executable, "-m", "checker", "fix", "--isolated", "--diff", str(path)],
                          capture_output=True, check=False).stdout            # bytes: CRLF as printed
    assert b"-2026\xe5\xb9\xb401\xe6\x9c\x8815\xe6\x97\xa5\r\n" in diff
    (tmp_path / "fix.diff").write_bytes(diff)
    # the diff is of the decoded lines: apply it to a UTF-8 copy and compare with what fix writes
    copy = tmp_path / "copy.txt"
    copy.write_bytes(DRAFT.replace("\n", "\r\n").encode("utf-8"))
    subprocess.run(["patch", "--binary", str(copy), str(tmp_path / "fix.diff")], check=True, capture_output=True)
    _run("--no-backup", str(path))
    assert copy.read_bytes().decode("utf-8") == path.read_bytes().decode("gb18030") == CLEAN.replace("\n", "\r\n")
