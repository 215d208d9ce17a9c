"""Issue 20, hardening round two: hostile input never hangs a run, never ends in a traceback, never makes fzlint
write where it must not. Every hostile file is built here (no committed binaries). Each test asserts the clear
Chinese message, the exit code, the time bound and that nothing but the outputs asked for changed.

The time bound is fzlint's own deadline (checker.load.limits.deadline), never a stopwatch: a run that must end
quickly runs under ``bounded`` (our deadline around the whole command: a hang fails as TimedOut), a file that is
slow by nature is stopped by the per-file ``--timeout`` and said to be, and commands in a child process run with
the harness's timeout only as a guard.

The work that grows with a document's shape (numbering, headings, outline, body finding) must stay linear: the
shapes that made it quadratic run here at sizes where linear work takes seconds and quadratic work hours, under
a deadline a minute long.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any, Iterator

import docx
import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, ROOT

from checker.cli import main
from checker.load.limits import TimedOut, deadline

CLEAN = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")
FLAWED = EXAMPLES / "draft-flawed.txt"
FLAWED_DOCX = EXAMPLES / "draft-flawed.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BOUND = 30.0        # seconds: what the slowest command here may take under load, far below a hang


# ---------------------------------------------------------------- running and watching

def bounded(*args: str, seconds: float = BOUND, **kwargs: Any) -> Any:
    """The command under fzlint's own deadline: a hang fails the test as TimedOut instead of hanging the suite
    (inside it, the per-file deadline stands aside: there is one alarm)."""
    with deadline(seconds):
        return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def run(*args: str, **kwargs: Any) -> Any:
    """The command as a user runs it, with its own per-file deadline."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def child(*args: str, cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)}, **kwargs)


def tree(*folders: Path) -> dict[str, str]:
    """Every entry under the folders: content hash, mtime and mode of files; what links point at; kinds of the rest."""
    out: dict[str, str] = {}
    for folder in folders:
        for p in sorted([folder, *folder.rglob("*")]):
            key = str(p)
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[key] = "link " + os.readlink(p)
            elif stat.S_ISREG(st.st_mode):
                out[key] = f"{hashlib.sha256(p.read_bytes()).hexdigest()} {st.st_mtime_ns} {stat.S_IMODE(st.st_mode):o}"
            else:
                out[key] = f"kind {stat.S_IFMT(st.st_mode):o}"
    return out


@contextlib.contextmanager
def only_outputs(*folders: Path, outputs: tuple[Path, ...] = ()) -> Iterator[None]:
    """Nothing under ``folders`` changes but ``outputs`` (created or replaced)."""
    before = tree(*folders)
    yield
    after = tree(*folders)
    allowed = {str(p) for p in outputs}
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)} - allowed
    parents = {str(Path(p).parent) for p in allowed}      # a folder's mtime moves when an output is written into it
    changed = {k for k in changed if not (k in parents and before.get(k, "").startswith("kind"))}
    assert not changed, sorted(changed)


def no_traceback(result: Any) -> None:
    text = (result.stdout or "") + (result.stderr or "")
    assert "Traceback" not in text and "内部错误" not in text, text[-2000:]


# ---------------------------------------------------------------- building hostile .docx files

def docx_bytes(text: str = CLEAN) -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            z.writestr(name, replace.get(name, src.read(name)))
        for name, content in replace.items():
            if name not in src.namelist():
                z.writestr(name, content)
    return out.getvalue()


def member(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def with_body(paragraphs: str) -> bytes:
    """A real .docx whose body is ``paragraphs`` (raw w:p XML)."""
    base = docx_bytes("占位")
    head = member(base, "word/document.xml").split("<w:body>", 1)[0]
    return rezip(base, {"word/document.xml": f"{head}<w:body>{paragraphs}<w:sectPr/></w:body></w:document>".encode()})


def numbered(lines: list[str], level_xml: str, ilvl: Any = lambda i: 0) -> bytes:
    """A .docx whose paragraphs are all in one Word list, level(s) defined by ``level_xml``."""
    paras = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl(i)}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                    f"<w:r><w:t>{line}</w:t></w:r></w:p>" for i, line in enumerate(lines))
    data = with_body(paras)
    numbering = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
                 f'<w:abstractNum w:abstractNumId="0">{level_xml}</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    return rezip(data, {"word/numbering.xml": numbering.encode()})


# ================================================================ work that grows faster than the input

def test_a_numbering_level_text_and_start_value_cannot_amplify(tmp_path) -> None:
    """A few KB of numbering definitions: a 20,000-character level text of %1 placeholders, a start value of
    ten digits in a letter format, list levels far past Word's nine. Rendered as bounded marks, quickly."""
    from checker.load import load

    lines = [f"第{i}项工作" for i in range(3000)]
    amplifier = ('<w:lvl w:ilvl="0"><w:start w:val="9999999999"/><w:numFmt w:val="upperLetter"/>'
                 f'<w:lvlText w:val="{"%1" * 10000}"/></w:lvl>')
    files = {"文字放大.docx": numbered(lines, amplifier),
             "层级.docx": numbered(lines, '<w:lvl w:ilvl="0"><w:start w:val="-99999"/><w:numFmt w:val="chineseCounting"/>'
                                         '<w:lvlText w:val="%1、"/></w:lvl>', ilvl=lambda i: i * 7919),
             "罗马.docx": numbered(lines, '<w:lvl w:ilvl="0"><w:start w:val="32767"/><w:numFmt w:val="upperRoman"/>'
                                         '<w:lvlText w:val="%1."/></w:lvl>')}
    for name, data in files.items():
        assert len(data) < 200_000
        (tmp_path / name).write_bytes(data)
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", "--format", "json", *(str(tmp_path / n) for n in files))
    no_traceback(result)
    assert result.exit_code in (0, 1)
    for entry in json.loads(result.stdout)["files"]:
        assert entry["error"] is None, entry
    for name in files:
        doc = load(tmp_path / name)
        assert len(doc.text) < 200 * len(lines), name       # each mark bounded, whatever the definitions say
    roman = load(tmp_path / "罗马.docx").text.split("\n")
    assert roman[0].startswith("32767.") and roman[1].startswith("32768.")     # past MMMCMXCIX: digits


@pytest.mark.parametrize("opening, count", [("<!DOCTYPE html [", 20_000), ("<?xml version='1.0' ", 40_000),
                                            ("<!doctype html [<!ENTITY x 'y'>", 10_000)])
def test_unterminated_doctype_subsets_and_xml_declarations_are_cut_in_linear_time(tmp_path, opening, count) -> None:
    body = "".join(f"<p>{line}</p>" for line in CLEAN.split("\n"))
    page = tmp_path / "页面.html"
    page.write_text(opening * count + f"<html><body><div id='zoom'>{body}</div></body></html>", encoding="utf-8")
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", "--format", "json", str(page))
    no_traceback(result)
    entry = json.loads(result.stdout)["files"][0]
    assert entry["error"] is None and result.exit_code == 0, entry["error"]      # the report after them is found


def test_five_megabytes_of_blank_lines_are_refused_by_their_count(tmp_path) -> None:
    blank = tmp_path / "空行.txt"
    blank.write_text("某县人民政府2025年度法治政府建设情况报告\n" + "\n" * 5_000_000 + "正文。\n", encoding="utf-8")
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", str(blank))
    no_traceback(result)
    assert result.exit_code == 2
    assert "个段落（行），上限 200,000" in result.stderr and "--max-size" in result.stderr
    piped = bounded("check", "--isolated", "-", "--stdin-filename", "空行.txt", input=blank.read_bytes())
    assert piped.exit_code == 2 and "个段落（行）" in piped.stderr


def test_a_docx_of_empty_paragraphs_is_refused_by_their_count(tmp_path) -> None:
    """The paragraph limit follows --max-size: 500 KB allows 9,765 paragraphs; 10,000 empty w:p are refused
    before any of them is read."""
    word = tmp_path / "空段落.docx"
    word.write_bytes(with_body("<w:p/>" * 10_000))
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", "--max-size", "500KB", str(word))
    assert result.exit_code == 2 and "文件有 10,000 个段落（行），上限 9,765" in result.stderr
    no_traceback(result)


CN = "一二三四五六七八九十"


def test_numbering_of_100000_headings_is_linear() -> None:
    """Each heading's next sibling was found by slicing the rest of the list (n² copies), and each doubtful
    level-1 mark ("二主要工作") looked for its sure neighbours by scanning all of them: minutes at this size."""
    from checker.load.txt import document_from_text
    from checker.packs import resolve
    from checker.runner import check_document

    lines = []
    for i in range(25_000):
        lines += [f"{CN[i % 10]}、标题", f"{CN[(i + 1) % 10]}主要工作", f"（{CN[i % 10]}）小标题", f"{i % 9 + 1}.条目"]
    doc = document_from_text("\n".join(lines), "很多标题.txt", "utf-8")
    rules = [r for r in resolve(["default"])[1] if r.kind == "numbering"]
    assert len(doc.paragraphs) == 100_000 and rules
    with deadline(60):
        result = check_document(doc, rules)
    assert result.outline is not None and len(result.outline.headings()) >= 75_000
    assert any(d.rule == "numbering.heading-sequence" for d in result.diagnostics)


@pytest.mark.parametrize("unit", [
    "某县人民政府关于2025年度法治政府建设情况的报告\n",             # a title on every line
    "某县人民政府\n2026年1月5日\n",                                  # signatures and dates
    "首页 > 政务公开 > 法治政府\n发布日期：2026-01-05\n",              # page chrome and labels
    "一、主要举措和成效\n（一）依法履职。\n二、存在的不足和原因\n三、党政主要负责人履行推进法治建设第一责任人职责情况\n",
], ids=["titles", "signatures", "chrome", "parts"])
def test_body_and_outline_of_100000_lines_are_linear(unit: str) -> None:
    from checker.load.txt import document_from_text
    from checker.outline import build_outline

    doc = document_from_text(unit * (100_000 // unit.count("\n")), "形状.txt", "utf-8")
    with deadline(60):
        outline = build_outline(doc)
    assert outline.body.end > outline.body.start


def test_200000_digits_in_a_row_are_read_as_text(tmp_path) -> None:
    lines = CLEAN.split("\n")
    digits = "1" * 200_000
    report = tmp_path / "数字.txt"
    report.write_text("\n".join([*lines[:8], f"合计{digits}件，其中{digits}件办结。", *lines[8:]]), encoding="utf-8")
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", "--format", "json", str(report))
    no_traceback(result)
    assert result.exit_code in (0, 1) and json.loads(result.stdout)["files"][0]["error"] is None


def test_a_file_past_the_deadline_is_a_clear_row_and_the_batch_goes_on(tmp_path) -> None:
    slow = tmp_path / "很长的报告.txt"
    slow.write_text(CLEAN * 400, encoding="utf-8")
    after = tmp_path / "后一份.txt"
    after.write_bytes(FLAWED.read_bytes())
    for jobs in ("1", "2"):
        with only_outputs(tmp_path):
            result = run("check", "--isolated", "--format", "json", "--timeout", "0.2", "--jobs", jobs,
                         str(slow), str(after))
        assert result.exit_code == 2
        files = json.loads(result.stdout)["files"]
        assert "检查超时（超过 0.2 秒），已停止检查此文件" in files[0]["error"] and "--timeout" in files[0]["error"]
        assert files[1]["error"] is None and files[1]["diagnostics"]
        assert f"{slow}：检查超时" in result.stderr
    # fix: the same deadline, and a file stopped by it is left exactly as it was
    draft = tmp_path / "草稿.txt"
    draft.write_text(CLEAN.replace("。", "。。", 1) * 400, encoding="utf-8")
    with only_outputs(tmp_path):
        fixed = run("fix", "--isolated", "--timeout", "0.2", str(draft))
    assert fixed.exit_code == 2 and "检查超时（超过 0.2 秒）" in fixed.stderr and "未作修改" in fixed.stderr


def test_the_timeout_option_says_its_real_default() -> None:
    from checker.load.limits import DEFAULT_TIMEOUT

    for command in ("check", "fix", "audit"):
        help_text = " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())
        assert f"（默认 {DEFAULT_TIMEOUT:g}）" in help_text, command


# ================================================================ hostile packs and configuration

PACK_HEAD = "id: mine\nversion: '1'\ntitle: 本地规则\nextends: [default]\n"
RULE = """  - id: wording.mine
    kind: pattern
    category: wording
    severity: warning
    title: 自定义
    message: 不要写“{match}”
    reference: 本地规定
    pattern: "PATTERN"
"""
LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else "l0: &l0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n"
                 for i in range(9))


def pack_file(tmp_path: Path, text: str, name: str = "本地规则.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("where", ["rules", "title", "examples"])
def test_a_billion_laughs_pack_is_refused_quickly_and_briefly(tmp_path, where: str) -> None:
    anchors = "x-laughs:\n" + "".join("  " + line + "\n" for line in LAUGHS.splitlines())
    if where == "rules":
        text = "id: mine\nversion: '1'\ntitle: t\n" + anchors + "rules: *l8\n"
    elif where == "title":
        text = "id: mine\nversion: '1'\n" + anchors + "title: *l8\nrules: []\n"
    else:
        text = PACK_HEAD + anchors + "rules:\n" + RULE.replace("PATTERN", "某某") + "    examples: {bad: *l8}\n"
    pack = pack_file(tmp_path, text)
    assert len(text) < 2000
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", "--pack", str(pack), str(FLAWED))
    assert result.exit_code == 2 and result.stdout == ""
    assert "本地规则.yaml" in result.stderr and "别名炸弹" in result.stderr and len(result.stderr) < 1000
    no_traceback(result)


@pytest.mark.parametrize("key", ["accept", "select", "exclude"])
def test_an_alias_bomb_in_the_configuration_gets_a_short_message(tmp_path, monkeypatch, key: str) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "fzlint.yaml"
    config.write_text(LAUGHS + f"{key}: *l8\n", encoding="utf-8")
    assert config.stat().st_size < 700
    report = tmp_path / "报告.txt"
    report.write_bytes(FLAWED.read_bytes())
    with only_outputs(tmp_path):
        result = bounded("check", str(report))
    assert result.exit_code == 2 and "fzlint.yaml" in result.stderr and "别名炸弹" in result.stderr
    assert len(result.stderr) < 1000
    # a plain value too long to quote is cut in the message, never megabytes of it
    config.write_text(f"select: [{'x' * 100_000}!]\n", encoding="utf-8")
    long = bounded("check", str(report))
    assert long.exit_code == 2 and "键 select" in long.stderr and len(long.stderr) < 1000


@pytest.mark.parametrize("text, message", [
    ("a: &a [1, *a]\n", "循环引用"),
    ("a: " + "[" * 100 + "]" * 100 + "\n", "嵌套超过 64 层"),
    ("version: 2025-13-45\n", "无法读取的值"),
])
def test_other_yaml_traps_in_a_pack_are_named(tmp_path, text: str, message: str) -> None:
    pack = pack_file(tmp_path, text)
    result = bounded("check", "--isolated", "--pack", str(pack), str(FLAWED))
    assert result.exit_code == 2 and message in result.stderr and "本地规则.yaml" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("pattern, message", [
    ("((某{100}){100}){100}", "重复次数层层相乘后过大"),
    ("(?:(?:(?:x{1,60}){1,60}){1,60})", "重复次数层层相乘后过大"),
    ("(\\\\s*\\\\S+)*。", "指数增长"),
    ("(某+)+$", "指数增长"),
    ("某" * 20_000, "太长"),
])
def test_user_regexes_that_can_explode_are_refused_at_load_time(tmp_path, pattern: str, message: str) -> None:
    import tracemalloc

    pack = pack_file(tmp_path, PACK_HEAD + "rules:\n" + RULE.replace("PATTERN", pattern))
    tracemalloc.start()
    try:
        result = bounded("check", "--isolated", "--pack", str(pack), str(FLAWED))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 2 and "规则 wording.mine" in result.stderr and "字段 pattern" in result.stderr
    assert message in result.stderr and len(result.stderr) < 1000
    assert peak < 100 * 1024 * 1024                        # refused before the engine built anything
    no_traceback(result)


@pytest.mark.parametrize("pattern", ["(第[一二三四五六七八九十]+条、?)+", "(?:…|\\\\.{3,})++等", "(?>某+)+了", "(某|某某)+$"])
def test_regexes_of_safe_shape_are_accepted(tmp_path, pattern: str) -> None:
    pack = pack_file(tmp_path, PACK_HEAD + "rules:\n" + RULE.replace("PATTERN", pattern))
    result = bounded("check", "--isolated", "--pack", str(pack), str(FLAWED))
    assert result.exit_code == 1, result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_and_devices_are_refused_as_packs_configuration_and_baselines(tmp_path) -> None:
    fifo = tmp_path / "管道.yaml"
    os.mkfifo(fifo)
    report = tmp_path / "报告.txt"
    report.write_bytes(FLAWED.read_bytes())
    cases = [(["--pack", "/dev/zero"], "/dev/zero", "设备文件"),
             (["--pack", str(fifo)], "管道.yaml", "命名管道"),
             (["--config", str(fifo)], "管道.yaml", "命名管道"),
             (["--isolated", "--baseline", str(fifo)], "管道.yaml", "命名管道")]
    extending = pack_file(tmp_path, "id: mine\nversion: '1'\ntitle: t\nextends: [管道.yaml]\nrules: []\n")
    cases.append((["--pack", str(extending)], "管道.yaml", "命名管道"))
    for args, name, kind in cases:
        with only_outputs(tmp_path):
            result = child("check", *args, str(report), cwd=tmp_path)        # a blocking open would hang here
        assert result.returncode == 2, (args, result.stderr)
        assert name in result.stderr and kind in result.stderr and "未读取" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_an_extends_chain_1500_deep_is_a_clear_error(tmp_path) -> None:
    for i in range(1500):
        parent = f"extends: [p{i + 1}.yaml]\n" if i < 1499 else ""
        pack_file(tmp_path, f"id: p{i}\nversion: '1'\ntitle: t\n{parent}rules: []\n", f"p{i}.yaml")
    result = bounded("check", "--isolated", "--pack", str(tmp_path / "p0.yaml"), str(FLAWED))
    assert result.exit_code == 2 and "超过 32 层" in result.stderr and "字段 extends" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("setting, message", [
    ("collapse: " + "9" * 5000, "位数过多的整数"),
    ("collapse: 1000000000000", "超出范围"),
    ("timeout: .nan", "超出范围"),
])
def test_absurd_numbers_in_a_pack_are_refused(tmp_path, setting: str, message: str) -> None:
    pack = pack_file(tmp_path, PACK_HEAD + "rules:\n" + RULE.replace("PATTERN", "某某") + f"    {setting}\n")
    result = bounded("check", "--isolated", "--pack", str(pack), str(FLAWED))
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr) < 1000
    no_traceback(result)


@pytest.mark.parametrize("config, args, message", [
    ("jobs: " + "9" * 5000 + "\n", [], "位数过多的整数"),
    ("jobs: 100000\n", [], "至多 64"),
    ("max-size: " + "9" * 5000 + "\n", [], "位数过多的整数"),
    ("max-size: 999999999999999999999999\n", [], "超出范围"),
    ("", ["--max-size", "99999999999999999999999999GB"], "超出范围"),
    ("", ["--max-size", "9" * 5000], "应为大小"),
])
def test_absurd_numbers_in_the_configuration_and_flags_are_refused(tmp_path, monkeypatch, config, args,
                                                                    message) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fzlint.yaml").write_text(config or "fail-on: error\n", encoding="utf-8")
    report = tmp_path / "报告.txt"
    report.write_bytes(FLAWED.read_bytes())
    with only_outputs(tmp_path):
        result = bounded("check", *args, str(report))
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr) < 1000, result.stderr
    no_traceback(result)


# ================================================================ one unreadable file stops nothing

@pytest.fixture
def unreadable(tmp_path, monkeypatch) -> Path:
    """A report the user may not read (as root, who reads anything, the refusal is made as the system makes it)."""
    p = tmp_path / "无权限.txt"
    p.write_bytes(FLAWED.read_bytes())
    if os.geteuid() != 0:
        p.chmod(0)
    else:
        real_open, real_access = os.open, os.access

        def refusing_open(path, flags, *args, **kwargs):
            if str(path) == str(p):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
        monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: str(path) != str(p) and real_access(path, mode))
    yield p
    p.chmod(0o644)


def test_a_named_file_that_cannot_be_read_is_a_row_and_the_run_goes_on(tmp_path, unreadable) -> None:
    other = tmp_path / "其他.txt"
    other.write_bytes(FLAWED.read_bytes())
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", "--format", "json", str(unreadable), str(other))
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert files[0]["error"] == "没有读取该文件的权限" and files[1]["error"] is None and files[1]["diagnostics"]
    assert "Usage" not in result.stderr and "用法" not in result.stderr
    with only_outputs(tmp_path):
        fixed = bounded("fix", "--isolated", "--diff", str(unreadable), str(other))
    assert fixed.exit_code == 2 and "没有读取该文件的权限" in fixed.stderr and str(other) in fixed.stdout


# ================================================================ odd input bytes and names

def test_a_docx_whose_main_part_is_not_wordprocessingml(tmp_path) -> None:
    word = tmp_path / "不是文档.docx"
    word.write_bytes(rezip(docx_bytes(), {"word/document.xml": b'<?xml version="1.0"?><sheet xmlns="urn:x"><c>1</c></sheet>'}))
    result = bounded("check", "--isolated", str(word))
    assert result.exit_code == 2 and "不是 Word 文档内容（根元素是 <sheet>" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("target, message", [
    ('file:///etc/passwd" TargetMode="External', "样式（styles）关系指向压缩包之外的“file:///etc/passwd”"),
    ("../docProps/core.xml", "docProps/core.xml 不是样式部件"),
    ("document.xml", "word/document.xml 不是样式部件"),
])
def test_a_styles_relationship_outside_the_package_or_elsewhere(tmp_path, target: str, message: str) -> None:
    data = docx_bytes()
    rels = member(data, "word/_rels/document.xml.rels").replace('Target="styles.xml"', f'Target="{target}"')
    word = tmp_path / "样式.docx"
    word.write_bytes(rezip(data, {"word/_rels/document.xml.rels": rels.encode()}))
    result = bounded("check", "--isolated", str(word))
    assert result.exit_code == 2 and message in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("charset", ["undefined", "punycode", "idna", "unicode_escape", "rot13", "base64"])
def test_a_page_declaring_a_codec_that_is_no_page_encoding(tmp_path, charset: str) -> None:
    body = "".join(f"<p>{line}</p>" for line in CLEAN.split("\n"))
    page = tmp_path / "页面.html"
    page.write_bytes(f'<html><head><meta charset="{charset}"></head><body><div id="zoom">{body}</div></body></html>'
                     .encode("gb18030"))
    ascii_page = tmp_path / "英文.html"
    ascii_page.write_bytes(f'<html><head><meta charset="{charset}"></head><body><p>Annual report</p></body></html>'
                           .encode())
    result = bounded("check", "--isolated", "--format", "json", str(page), str(ascii_page))
    no_traceback(result)
    files = json.loads(result.stdout)["files"]
    assert files[0]["error"] is None and files[0]["encoding"] == "gb18030"
    assert files[1]["error"] == "网页中找不到报告正文"


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf\n\n  \r\n\t\n", b"\xff\xfe" + "\n \n\u3000\n".encode("utf-16-le"),
                                  "\ufeff\n\u200b\n\ufeff\n".encode("utf-8")])
def test_a_file_of_only_a_bom_and_blank_lines_is_empty(tmp_path, data: bytes) -> None:
    for name in ("空白.txt", "空白.html"):
        p = tmp_path / name
        p.write_bytes(data)
        result = bounded("check", "--isolated", str(p))
        assert result.exit_code == 2 and f"{name}：文件是空的" in result.stderr, result.stderr
    piped = bounded("check", "--isolated", "-", "--stdin-filename", "空白.txt", input=data)
    assert piped.exit_code == 2 and "标准输入是空的" in piped.stderr


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_in_every_output(tmp_path, monkeypatch) -> None:
    """What unzipping a ZIP made on Chinese Windows gives on Linux: 报告 in GBK bytes."""
    raw = "报告".encode("gbk") + b".txt"
    folder = tmp_path / "批量"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), raw), "wb") as f:
        f.write(FLAWED.read_bytes())
    name = os.fsdecode(raw)
    monkeypatch.chdir(folder)
    for fmt in ("json", "sarif", "junit", "github", "concise", "rich"):
        result = bounded("check", "--isolated", "--format", fmt, ".")
        assert result.exit_code == 1, (fmt, result.stderr)
        no_traceback(result)
    sarif = json.loads(bounded("check", "--isolated", "--format", "sarif", ".").stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%B1%A8%B8%E6.txt"                       # the name's own bytes, percent-encoded
    result, base = tmp_path / "结果.json", tmp_path / "基线.json"
    with only_outputs(tmp_path, outputs=(result, base)):
        out = bounded("check", "--isolated", "--format", "json", ".", "--output", str(result),
                      "--write-baseline", str(base))
        assert out.exit_code == 1, out.stderr
    path = json.loads(result.read_text(encoding="utf-8"))["files"][0]["path"]
    assert os.fsencode(path) == raw                        # valid UTF-8 JSON that gives the bytes back
    again = bounded("check", "--isolated", ".", "--baseline", str(base))
    assert again.exit_code == 0, again.stdout


# ================================================================ writing where it must not

def test_annotate_never_writes_over_another_input_of_the_run(tmp_path) -> None:
    draft = tmp_path / "r.docx"
    draft.write_bytes(FLAWED_DOCX.read_bytes())
    copy = tmp_path / "r.fzlint.docx"
    copy.write_bytes(FLAWED_DOCX.read_bytes())              # a second draft that happens to bear the copy's name
    with only_outputs(tmp_path):
        result = bounded("check", "--isolated", "--annotate", str(draft), str(copy))
    assert result.exit_code == 2
    assert f"批注副本 {copy} 就是被检查的文件 {copy}，没有写入" in result.stderr


@pytest.mark.parametrize("flag", ["--write-baseline", "--output"])
def test_no_output_overwrites_the_checked_report_or_the_configuration(tmp_path, monkeypatch, flag: str) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "r.txt"
    report.write_bytes(FLAWED.read_bytes())
    (tmp_path / "fzlint.yaml").write_text("fail-on: error\n", encoding="utf-8")
    pack = pack_file(tmp_path, PACK_HEAD + "rules: []\n")
    for target, what in (("r.txt", "被检查的文件"), ("fzlint.yaml", "本次使用的配置文件"), (str(pack), "本次使用的规则包")):
        with only_outputs(tmp_path):
            result = bounded("check", "--pack", str(pack), "r.txt", flag, target)
        assert result.exit_code == 2 and f"就是{what}" in result.stderr and "没有写入" in result.stderr, result.stderr


def test_a_planted_symlink_at_the_backup_never_sends_the_original_elsewhere(tmp_path) -> None:
    inputs, outside = tmp_path / "报告", tmp_path / "别处"
    inputs.mkdir()
    outside.mkdir()
    draft = inputs / "r.txt"
    draft.write_text(CLEAN.replace("。", "。。", 1), encoding="utf-8")
    victim = outside / "重要.txt"
    victim.write_text("不能被覆盖\n", encoding="utf-8")
    (inputs / "r.txt.bak").symlink_to(victim)
    with only_outputs(inputs, outside):
        result = bounded("fix", "--isolated", str(draft))
    assert result.exit_code == 2
    assert "无法写入备份文件" in result.stderr and "符号链接" in result.stderr and "原文件未作修改" in result.stderr


def test_a_planted_symlink_at_the_annotated_copy_is_refused(tmp_path) -> None:
    inputs, outside = tmp_path / "报告", tmp_path / "别处"
    inputs.mkdir()
    outside.mkdir()
    draft = inputs / "r.docx"
    draft.write_bytes(FLAWED_DOCX.read_bytes())
    victim = outside / "重要.docx"
    victim.write_bytes(b"keep")
    (inputs / "r.fzlint.docx").symlink_to(victim)
    fifo_draft = inputs / "s.docx"
    fifo_draft.write_bytes(FLAWED_DOCX.read_bytes())
    if hasattr(os, "mkfifo"):
        os.mkfifo(inputs / "s.fzlint.docx")
    with only_outputs(inputs, outside):
        result = bounded("check", "--isolated", "--annotate", str(draft), str(fifo_draft))
    assert result.exit_code == 2 and "符号链接" in result.stderr and victim.read_bytes() == b"keep"
    if hasattr(os, "mkfifo"):
        assert "命名管道" in result.stderr


def test_fix_does_not_rewrite_a_walked_link_to_outside_the_folder(tmp_path) -> None:
    inputs, outside = tmp_path / "报告", tmp_path / "别处"
    inputs.mkdir()
    outside.mkdir()
    victim = outside / "别人的.txt"
    victim.write_text(CLEAN.replace("。", "。。", 1), encoding="utf-8")
    (inputs / "链接.txt").symlink_to(victim)
    with only_outputs(inputs, outside):
        result = bounded("fix", "--isolated", str(inputs))
    assert result.exit_code == 2 and "指向所给文件夹之外" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_outputs_never_replace_a_fifo_or_a_device(tmp_path) -> None:
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    report = tmp_path / "r.txt"
    report.write_bytes(FLAWED.read_bytes())
    for flag in ("--output", "--write-baseline"):
        for target, kind in ((fifo, "命名管道"), (Path("/dev/zero"), "设备文件")):
            with only_outputs(tmp_path):
                result = bounded("check", "--isolated", str(report), flag, str(target))
            assert result.exit_code == 2 and kind in result.stderr and "不会用文件替换它" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode) and stat.S_ISCHR(os.stat("/dev/zero").st_mode)
    null = bounded("check", "--isolated", str(report), "--output", os.devnull)      # the null device discards
    assert null.exit_code == 1 and null.stdout == "" and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_audit_outputs_never_overwrite_an_audited_report_or_replace_a_fifo(tmp_path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    report = folder / "r.txt"
    report.write_bytes(FLAWED.read_bytes())
    targets = [("--json", str(report), f"{report} 就是审查的报告 {report}，没有写入")]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "管道.html")
        targets.append(("--html", str(tmp_path / "管道.html"), "这是命名管道（FIFO），不是普通文件；fzlint 不会用文件替换它"))
    for flag, target, message in targets:
        with only_outputs(tmp_path):
            result = bounded("audit", "--isolated", "--no-cache", "--quiet", str(folder), flag, target)
        assert result.exit_code == 2 and message in result.stderr, result.stderr
        no_traceback(result)


def test_standard_input_is_read_no_further_than_the_limit(tmp_path) -> None:
    from checker.cli.check import CheckRequest, run_check
    from checker.session import Flags

    class Endless(io.RawIOBase):
        """Standard input that never ends (yes | fzlint check -), counting what is taken from it."""

        taken = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            n = len(buffer)
            buffer[:n] = b"a" * n
            self.taken += n
            return n

    for name, limit in (("报告.txt", 1024 * 1024), ("报告.docx", 5 * 1024 * 1024)):
        source = Endless()
        stdin = io.BufferedReader(source)
        err = io.StringIO()
        code = run_check(CheckRequest(paths=("-",), flags=Flags(isolated=True, max_size="1MB"), stdin_filename=name),
                         stdin, io.StringIO(), err, tmp_path)
        assert code == 2 and "太大" in err.getvalue()
        assert source.taken <= limit + 64 * 1024, (name, source.taken)      # one buffer past the limit at most


# ================================================================ faults in the audit

def _audit(tmp_path: Path, *extra: str) -> Any:
    return bounded("audit", "--isolated", "--jobs", "1", "--cache-dir", str(tmp_path / "缓存"), "--quiet",
                   "--json", str(tmp_path / "审查.json"), *extra, str(tmp_path / "报告"))


def _entries(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "缓存").rglob("*.json"))


@pytest.mark.parametrize("damage", ["nested", "no-keys", "wrong-types", "bad-diagnostic", "huge-number", "fifo",
                                    "symlink"])
def test_a_damaged_cache_entry_is_recomputed(tmp_path, damage: str) -> None:
    (tmp_path / "报告").mkdir()
    (tmp_path / "报告" / "r.txt").write_bytes(FLAWED.read_bytes())
    first = _audit(tmp_path)
    expected = json.loads((tmp_path / "审查.json").read_text(encoding="utf-8"))["reports"]
    (entry,) = _entries(tmp_path)
    key = json.loads(entry.read_text(encoding="utf-8"))["key"]
    row = json.loads(entry.read_text(encoding="utf-8"))["row"]
    if damage == "nested":
        entry.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif damage == "no-keys":
        entry.write_text(json.dumps({"key": key, "row": {"error": None}}), encoding="utf-8")
    elif damage == "wrong-types":
        entry.write_text(json.dumps({"key": key, "row": {**row, "errors": "many", "parts": []}}), encoding="utf-8")
    elif damage == "bad-diagnostic":
        entry.write_text(json.dumps({"key": key, "row": {**row, "diagnostics": [{"rule": 1}]}}), encoding="utf-8")
    elif damage == "huge-number":
        entry.write_text('{"key": "%s", "row": {"errors": %s}}' % (key, "9" * 5000), encoding="utf-8")
    elif damage == "fifo":
        entry.unlink()
        os.mkfifo(entry)
    else:
        outside = tmp_path / "别处.json"
        outside.write_text(json.dumps({"key": key, "row": row}), encoding="utf-8")
        entry.unlink()
        entry.symlink_to(outside)
    second = _audit(tmp_path)
    no_traceback(second)
    assert second.exit_code == first.exit_code
    result = json.loads((tmp_path / "审查.json").read_text(encoding="utf-8"))
    assert result["summary"]["cached"] == 0 and result["summary"]["checked"] == 1
    assert [r["diagnostics"] for r in result["reports"]] == [r["diagnostics"] for r in expected]
    if damage == "symlink":
        assert entry.is_symlink() and json.loads((tmp_path / "别处.json").read_text(encoding="utf-8"))["key"] == key


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc); zombies are not alive."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.add(c)
            todo.append(c)
    return found


def _alive(pids: set[int]) -> set[int]:
    live = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            live.add(pid)
    return live


def _start_slow(tmp_path: Path, *args: str, processes: int = 2) -> tuple[subprocess.Popen[str], set[int]]:
    """fzlint busy on slow files in worker processes; returns the process and its workers once ``processes`` of
    them (the audit's fork server counts) are there and at work."""
    folder = tmp_path / "报告"
    folder.mkdir(exist_ok=True)
    for i in range(4):
        (folder / f"长{i}.txt").write_text(CLEAN * 2000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args, str(folder)], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    workers: set[int] = set()
    with deadline(60):
        while len(workers) < processes:
            time.sleep(0.2)
            workers = _descendants(proc.pid)
            assert proc.poll() is None, proc.communicate()
        time.sleep(1.0)                                  # the workers are on their files now
    return proc, _descendants(proc.pid)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to see the workers")
@pytest.mark.parametrize("command, processes", [
    (["audit", "--isolated", "--no-cache", "--jobs", "2", "--quiet", "--timeout", "300"], 3),   # fork server + 2
    (["check", "--isolated", "--jobs", "2", "--timeout", "300"], 2)])
@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_stop_the_workers(tmp_path, command, processes, sig, status) -> None:
    proc, workers = _start_slow(tmp_path, *command, processes=processes)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err
    assert "Traceback" not in err
    if sig == signal.SIGINT:
        assert "已中断" in err
    with deadline(30):
        while _alive(workers):
            time.sleep(0.1)


def test_leftover_temporaries_of_a_killed_fix_are_removed_by_the_next_run(tmp_path) -> None:
    from checker.files import STALE_AFTER

    folder = tmp_path / "报告"
    folder.mkdir()
    draft = folder / "r.txt"
    draft.write_text(CLEAN.replace("。", "。。", 1), encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    gone = int(dead.stdout)
    stale = folder / f".r.txt.fzlint-{gone}-0badf00d.tmp"          # what SIGKILL mid-write leaves
    stale.write_text("半个文件", encoding="utf-8")
    old = time.time() - STALE_AFTER - 10
    os.utime(stale, (old, old))
    running = folder / f".r.txt.fzlint-{os.getpid()}-0badf00e.tmp"  # a writer still at work: left alone
    running.write_text("正在写", encoding="utf-8")
    other = folder / ".r.txt.0badf00d.tmp"                           # not fzlint's naming: left alone
    other.write_text("别人的", encoding="utf-8")
    result = bounded("fix", "--isolated", "--no-backup", str(draft))
    assert result.exit_code in (0, 1), result.stderr
    assert not stale.exists() and running.exists() and other.exists()
    assert "。。" not in draft.read_text(encoding="utf-8")


def test_a_killed_fix_leaves_its_temporary_in_the_temporaries_pattern(tmp_path, monkeypatch) -> None:
    """The name a writer gives its temporary is the one the sweep looks for."""
    import re

    from checker import files

    made: list[Path] = []
    real = files._create_temp

    def spy(directory: Path, name: str):
        fd, tmp = real(directory, name)
        made.append(tmp)
        return fd, tmp

    monkeypatch.setattr(files, "_create_temp", spy)
    files.write_atomic(tmp_path / "r.txt", "x")
    assert made and re.match(files._TEMP_NAME, made[0].name)


# ================================================================ standard output as a path, and closed pipes

def test_output_to_dev_stdout_when_stdout_is_a_pipe(tmp_path) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(FLAWED.read_bytes())
    for target in ("/dev/stdout", "/dev/fd/1"):
        if not os.path.exists(target):
            continue
        with only_outputs(tmp_path):
            result = child("check", "--isolated", "--format", "json", str(report), "--output", target, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert json.loads(result.stdout)["files"][0]["diagnostics"]
        with only_outputs(tmp_path, outputs=(tmp_path / "缓存",)):
            audit = child("audit", "--isolated", "--no-cache", "--quiet", str(tmp_path), "--json", target,
                          cwd=tmp_path)
        assert audit.returncode == 1, audit.stderr
        assert json.loads(audit.stdout)["reports"][0]["errors"]           # the JSON alone, no table before it


def test_a_closed_pipe_ends_the_run_quietly(tmp_path) -> None:
    reports = []
    for i in range(30):
        p = tmp_path / f"r{i}.txt"
        p.write_bytes(FLAWED.read_bytes())
        reports.append(str(p))
    for command in (["check", "--isolated", *reports], ["extract", reports[0]], ["rules"]):
        proc = subprocess.Popen([sys.executable, "-m", "checker", *command], cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()                              # `| head -1`
        err = proc.stderr.read().decode("utf-8")
        proc.wait(timeout=120)
        assert proc.returncode in (141, 0), (command, proc.returncode, err)   # 0: it had written all before
        assert err == "", (command, err)
