"""Issue 7, hardening: every bad input gets a clear Chinese answer naming the file, an error entry in every
output format and exit code 2, while the rest of the batch is checked; broken packs and configuration are
refused with file, line/column, rule and field; entities are never resolved, nothing is fetched from the
network, nothing is written but the outputs asked for; odd file names work."""
from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, ROOT

from checker.cli import main
from checker.errors import InputError
from checker.load import load
from checker.load.limits import MB, Limits, parse_size
from checker.runner import check_file, check_paths

CLEAN = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")
FLAWED = EXAMPLES / "draft-flawed.txt"
FORMATS = ("rich", "concise", "json", "sarif", "junit", "github")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
SECRET = "SECRET-MARKER-5d1c"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ---------------------------------------------------------------- building bad files

def docx_bytes(text: str = CLEAN) -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            if name not in drop:
                z.writestr(name, replace.get(name, src.read(name)))
    return out.getvalue()


def document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def with_dtd(data: bytes, dtd: str, reference: str) -> bytes:
    """The .docx with ``dtd`` after its XML declaration and ``reference`` before the first paragraph's text."""
    xml = document_xml(data)
    head, rest = xml.split("?>", 1)
    first = CLEAN.split("\n", 1)[0]
    rest = rest.replace(f">{first}<", f">{reference}{first}<", 1)
    return rezip(data, {"word/document.xml": (head + "?>\n" + dtd + rest).encode("utf-8")})


def billion_laughs(root: str) -> str:
    entities = ['<!ENTITY e0 "lollollollollollollollollollol">'] + [
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE {root} [{''.join(entities)}]>"


def zip_bomb(path: Path, inflated: int, name: str = "word/document.xml") -> None:
    """A real .docx whose ``name`` inflates to ``inflated`` bytes of spaces (written in 1 MB pieces)."""
    src = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member in src.namelist():
            if member != name:
                z.writestr(member, src.read(member))
        original = src.read(name) if name in src.namelist() else b""
        with z.open(name, "w", force_zip64=True) as f:
            head, tail = (original[:-len(b"</w:document>")], b"</w:document>") if original else (b"", b"")
            f.write(head)
            chunk = b" " * MB
            for _ in range(inflated // MB):
                f.write(chunk)
            f.write(tail)


def sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space and no time to write."""
    with path.open("wb") as f:
        f.truncate(size)


def invalid_text() -> bytes:
    """Neither UTF-8 nor GB18030 (0x80 and 0xFF are not lead bytes in GB18030), no BOM."""
    return "某县人民政府".encode() + b"\x80\xff\x80\xff" + "报告".encode("gb18030")


# name → (bytes or a function of the path writing the file, what the message says)
BAD: dict[str, tuple[object, str]] = {
    "空.txt": (b"", "文件是空的"),
    "图片.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG 图片"),
    "乱码.txt": (invalid_text(), "无法识别文件编码"),
    "大文件.txt": (lambda p: sparse(p, 50 * MB), "太大"),
    "截断.docx": (lambda p: p.write_bytes(docx_bytes()[:4000]), "损坏或不完整"),
    "压缩包.docx": (lambda p: p.write_bytes(rezip(docx_bytes(), {}, drop=("word/document.xml",))),
                 "没有 word/document.xml"),
    "加密.docx": (OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64, "加密"),
    "旧版.docx": (OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "旧版 Word/WPS"),
    "炸弹.docx": (lambda p: zip_bomb(p, 64 * MB), "解压后太大"),
    "实体.docx": (lambda p: p.write_bytes(with_dtd(docx_bytes(), billion_laughs("w:document"), "&e9;")), "DTD"),
    "无正文.html": ("<html><head><title>首页</title></head><body><ul><li><a href='/'>首页</a></li>"
                 "<li><a href='/a'>政务公开</a></li></ul><p>网站地图</p></body></html>".encode(),
                 "找不到报告正文"),
}


def make(folder: Path, name: str) -> Path:
    content, _ = BAD[name]
    p = folder / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        content(p)  # type: ignore[operator]
    return p


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """A folder with every bad file and, last, a flawed report that must still be checked."""
    folder = tmp_path_factory.mktemp("批量")
    for name in BAD:
        make(folder, name)
    (folder / "有问题的报告.txt").write_bytes(FLAWED.read_bytes())
    return folder


BATCH = [*BAD, "缺失.txt", "有问题的报告.txt"]         # the bad files, one that is missing, and a real report


EXPECTED = {**{name: msg for name, (_, msg) in BAD.items()}, "缺失.txt": "文件不存在"}


# ---------------------------------------------------------------- every bad input, every format

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_bad_input_is_an_error_entry_and_the_batch_goes_on(batch, monkeypatch, jobs: str) -> None:
    monkeypatch.chdir(batch)
    result = run("check", "--format", "json", "--jobs", jobs, *BATCH)
    assert result.exit_code == 2
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert list(files) == BATCH
    for name, message in EXPECTED.items():
        assert files[name]["error"] and message in files[name]["error"], (name, files[name]["error"])
        assert files[name]["diagnostics"] == []
        assert f"fzlint：{name}：" in result.stderr                     # named on stderr too
    last = files["有问题的报告.txt"]
    assert last["error"] is None and {"date.malformed", "punctuation.doubled-mark"} <= {
        d["rule"] for d in last["diagnostics"]}
    assert "Traceback" not in result.stdout + result.stderr


def test_check_paths_gives_the_same_error_entries(batch) -> None:
    from checker.packs import resolve

    paths = [str(batch / n) for n in BATCH]
    results = check_paths(paths, resolve(["default"])[1])
    assert [r.path for r in results] == paths
    for r, name in zip(results, BATCH):
        if name in EXPECTED:
            assert r.error and EXPECTED[name] in r.error and not r.diagnostics, name
        else:
            assert r.error is None and r.diagnostics
    # a folder: the same files, found by walking it
    walked = {Path(r.path).name: r for r in check_paths([str(batch)], resolve(["default"])[1])}
    assert set(walked) == set(BAD) | {"有问题的报告.txt"}
    assert all(walked[n].error for n in BAD) and walked["有问题的报告.txt"].error is None


def _sarif(out: str, names: list[str]) -> None:
    run_ = json.loads(out)["runs"][0]
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    for name in names:
        assert any(text.startswith(f"{name}：") and EXPECTED[name] in text for text in notes), name
    assert any(r["ruleId"] == "date.malformed" for r in run_["results"])


def _junit(out: str, names: list[str]) -> None:
    suites = ET.fromstring(out)
    cases = {c.get("name") or "": c for c in suites.iter("testcase")}
    for name in names:
        case = next(c for key, c in cases.items() if name in key or name in (c.get("classname") or ""))
        error = case.find("error")
        assert error is not None and EXPECTED[name] in (error.get("message") or ""), name
    flawed = next(c for key, c in cases.items() if "有问题的报告" in key + (c.get("classname") or ""))
    assert flawed.find("failure") is not None and flawed.find("error") is None
    assert int(suites.get("errors") or next(suites.iter("testsuite")).get("errors") or 0) == len(names)


def _github(out: str, names: list[str]) -> None:
    lines = out.splitlines()
    for name in names:
        assert any(ln.startswith(f"::error file={name}::") and EXPECTED[name] in ln for ln in lines), name
    assert any(ln.startswith("::error file=有问题的报告.txt,line=") for ln in lines)


def _concise(out: str, names: list[str]) -> None:
    lines = out.splitlines()
    for name in names:
        assert any(ln.startswith(f"{name}:0:0: error input.unreadable ") and EXPECTED[name] in ln
                   for ln in lines), name
    assert any(ln.startswith("有问题的报告.txt:") and "date.malformed" in ln for ln in lines)


def _rich(out: str, names: list[str]) -> None:
    flat = "".join(out.split())
    for name in names:
        start = flat.index("无法检查：", flat.index(name))
        end = flat.find("无法检查：", start + 1)
        assert "".join(EXPECTED[name].split()) in flat[start:end if end != -1 else None], name
    assert "date.malformed" in flat[flat.index("有问题的报告.txt"):]


CHECKERS = {"sarif": _sarif, "junit": _junit, "github": _github, "concise": _concise, "rich": _rich}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_every_format_carries_the_error_entries(batch, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(batch)
    monkeypatch.setenv("COLUMNS", "400")
    result = run("check", "--format", fmt, *BATCH)
    assert result.exit_code == 2
    CHECKERS[fmt](result.stdout, list(EXPECTED))
    assert "Traceback" not in result.stdout + result.stderr


def test_a_good_batch_still_exits_by_its_findings(batch, monkeypatch) -> None:
    monkeypatch.chdir(batch)
    assert run("check", "有问题的报告.txt").exit_code == 1            # not 2: nothing unreadable here
    assert run("check", "有问题的报告.txt", "空.txt").exit_code == 2


# ---------------------------------------------------------------- files, one by one

def test_mixed_line_ends_are_folded_and_counted(tmp_path) -> None:
    lines = CLEAN.rstrip("\n").split("\n")
    ends = [("\r\n", "\r", "\n")[i % 3] for i in range(len(lines))]
    # a CR before an empty line's LF would be one CRLF: CR only where the next line has text
    ends = [e if e != "\r" or (i + 1 < len(lines) and lines[i + 1]) else "\n" for i, e in enumerate(ends)]
    assert ends.count("\r") > 3 and ends.count("\r\n") > 3 and ends.count("\n") > 3
    mixed = "".join(line + end for line, end in zip(lines, ends))
    p = tmp_path / "混合换行.txt"
    p.write_bytes(mixed.encode("utf-8"))
    doc = load(p)
    assert doc.text == "\n".join(lines) + "\n" and "\r" not in doc.text
    assert [doc.para_text(x) for x in doc.paragraphs][: len(lines)] == lines
    data = json.loads(run("check", "--format", "json", str(p)).stdout)
    assert data["files"][0]["error"] is None and data["files"][0]["encoding"] == "utf-8"
    extracted = run("extract", str(p)).stdout
    assert extracted.rstrip("\n") == doc.text.rstrip("\n")


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "这是 PDF 文件"),
    (b"PK\x03\x04" + bytes(40), "ZIP 压缩包"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG 图片"),
    (b"{\\rtf1\\ansi \\b \xb1\xa8\xb8\xe6}", "RTF 文件"),
    ("2025年某县法治政府建设年度报告".encode("utf-16-le"), "NUL"),        # UTF-16 without its BOM
    ("报告".encode() + bytes(range(1, 32)) * 4, "控制字符"),
])
def test_binary_files_renamed_txt_say_what_they_are(tmp_path, data: bytes, message: str) -> None:
    p = tmp_path / "改名.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as info:
        load(p)
    assert message in info.value.message and "改名.txt" in str(info.value)


def test_tabs_form_feeds_and_odd_characters_are_still_text(tmp_path) -> None:
    p = tmp_path / "正常.txt"
    p.write_text(CLEAN.replace("。", "。\t", 5) + "\f附件\u2028说明\U0001F600\n", encoding="utf-8")
    assert load(p).text.endswith("\f附件\u2028说明\U0001F600\n")


HARDENING = Path(__file__).parent / "data" / "hardening"


@pytest.mark.parametrize("fixture, name, message", [
    ("encrypted.docx", "加密的报告.docx", "设置了密码（已加密）"),
    ("legacy.doc", "改名的旧版.docx", "旧版 Word/WPS 格式"),
    ("encrypted.docx", "报告.pdf", "旧版 Office/WPS 文件（.doc/.wps/.xls），不是 PDF 文件"),
    ("encrypted.pdf", "加密的报告.pdf", "PDF 文件设置了打开密码（已加密），无法读取"),
    ("encrypted.pdf", "不是Word.doc", "这是 PDF 文件，不是 Word 或 WPS 文件"),
])
def test_real_encrypted_and_legacy_word_files(tmp_path, fixture: str, name: str, message: str) -> None:
    """Files written by the tools themselves (see tests/data/hardening/README.md), under the names users give."""
    p = tmp_path / name
    p.write_bytes((HARDENING / fixture).read_bytes())
    result = check_file(str(p), [])
    assert result.error and message in result.error


def test_a_zip_encrypted_docx(tmp_path) -> None:
    data = bytearray(docx_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:                        # set "encrypted" in every central directory entry's flags
        data[at + 8] |= 1
        at = data.find(b"PK\x01\x02", at + 4)
    p = tmp_path / "加密压缩.docx"
    p.write_bytes(bytes(data))
    with pytest.raises(InputError, match="ZIP 加密"):
        load(p)


def test_a_symlink_that_loops_or_dangles(tmp_path) -> None:
    (tmp_path / "甲.txt").symlink_to(tmp_path / "乙.txt")
    (tmp_path / "乙.txt").symlink_to(tmp_path / "甲.txt")
    (tmp_path / "悬空.txt").symlink_to(tmp_path / "没有.txt")
    (tmp_path / "好.txt").symlink_to(FLAWED)
    results = check_paths([str(tmp_path / n) for n in ("甲.txt", "悬空.txt", "好.txt")], [])
    assert [("失效的符号链接" in (r.error or "")) for r in results] == [True, True, False]
    assert results[2].error is None


def test_standard_input_is_held_to_the_size_limit(tmp_path) -> None:
    text = FLAWED.read_bytes()
    small = CliRunner().invoke(main, ["check", "--max-size", "1KB", "-", "--stdin-filename", "报告.txt"], input=text)
    assert small.exit_code == 2 and "标准输入太大" in small.stderr and "上限 1 KB" in small.stderr
    ok = CliRunner().invoke(main, ["check", "--max-size", "1MB", "-", "--stdin-filename", "报告.txt"], input=text)
    assert ok.exit_code == 1 and "date.malformed" in ok.stdout


def test_output_never_overwrites_a_checked_file(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "报告.txt"
    report.write_bytes(FLAWED.read_bytes())
    for target in ("报告.txt", str(report), "./报告.txt"):
        result = run("check", "报告.txt", "--output", target)
        assert result.exit_code == 2 and "就是被检查的文件" in result.stderr
        assert report.read_bytes() == FLAWED.read_bytes()
    folder = run("check", ".", "--output", "报告.txt")          # also when found by walking a folder
    assert folder.exit_code == 2 and report.read_bytes() == FLAWED.read_bytes()
    fine = run("check", "报告.txt", "--output", "结果.txt")
    assert fine.exit_code == 1 and "date.malformed" in (tmp_path / "结果.txt").read_text(encoding="utf-8")


def test_a_50_mb_text_is_refused_from_its_size_without_reading_it(tmp_path) -> None:
    p = tmp_path / "大.txt"
    sparse(p, 50 * MB)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            load(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 * MB                                   # refused before a byte of it was read
    assert "太大（50 MB，上限 10 MB）" in info.value.message and "--max-size" in info.value.message
    assert "大.txt" in str(info.value)


def test_the_size_limit_is_configurable(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "长报告.txt"
    report.write_text(CLEAN * 40, encoding="utf-8")        # about 100 KB
    size = report.stat().st_size
    assert 80_000 < size < 200_000
    for args, code in ((["--max-size", "50KB"], 2), (["--max-size", "1MB"], 0), (["--max-size", "0"], 0),
                       ([], 0)):
        result = run("check", "--format", "json", "--fail-on", "never", *args, str(report))
        error = json.loads(result.stdout)["files"][0]["error"]
        assert result.exit_code == code, (args, error)
        assert (error is not None and "上限 50 KB" in error) == (code == 2)
    (tmp_path / "fzlint.yaml").write_text("max-size: 50KB\n", encoding="utf-8")
    assert run("check", "--fail-on", "never", str(report)).exit_code == 2
    assert run("check", "--fail-on", "never", "--max-size", "2MB", str(report)).exit_code == 0   # flag wins
    (tmp_path / "fzlint.yaml").write_text("max-size: 二十兆\n", encoding="utf-8")
    bad = run("check", str(report))
    assert bad.exit_code == 2 and "max-size" in bad.stderr and "二十兆" in bad.stderr
    bad = run("check", "--isolated", "--max-size", "lots", str(report))
    assert bad.exit_code == 2 and "--max-size" in bad.stderr


@pytest.mark.parametrize("text, size", [("20MB", 20 * MB), ("512 kb", 512 * 1024), ("1.5G", int(1.5 * 1024 ** 3)),
                                        ("0", 0), (4096, 4096), ("100", 100), ("2MiB", 2 * MB)])
def test_parse_size(text, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "-1", "20 TB", "二十", True, None, 1.5, -3])
def test_parse_size_refuses(text) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_zip_bomb_is_refused_from_the_directory_before_inflating(tmp_path) -> None:
    bomb = tmp_path / "炸弹.docx"
    zip_bomb(bomb, 64 * MB)
    assert bomb.stat().st_size < 1 * MB                    # 64 MB of XML in well under 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            load(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * MB
    assert "word/document.xml 解压后太大（64 MB，上限 10 MB）" in info.value.message
    # a smaller member that still inflates a hundredfold and more is a bomb by its ratio
    ratio = tmp_path / "图片炸弹.docx"
    zip_bomb(ratio, 4 * MB, name="word/media/image1.png")
    with pytest.raises(InputError, match="压缩比异常"):
        load(ratio)
    # an ordinary .docx passes the same checks; raising the limit lets a large document through the size test
    good = tmp_path / "正常.docx"
    good.write_bytes(docx_bytes())
    assert load(good).text.startswith(CLEAN.split("\n", 1)[0])
    with pytest.raises(InputError, match="压缩比异常"):
        load(bomb, Limits(100 * MB))


def test_entities_in_a_docx_are_refused_and_never_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    xxe = tmp_path / "外部实体.docx"
    dtd = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    xxe.write_bytes(with_dtd(docx_bytes(), dtd, "&xxe;"))
    laughs = tmp_path / "实体膨胀.docx"
    laughs.write_bytes(with_dtd(docx_bytes(), billion_laughs("w:document"), "&e9;"))
    tracemalloc.start()
    try:
        for p in (xxe, laughs):
            with pytest.raises(InputError) as info:
                load(p)
            assert "DTD" in info.value.message and p.name in str(info.value)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * MB
    # and beneath that refusal, python-docx's own parser does not resolve entities either
    from docx.oxml.parser import parse_xml
    from lxml import etree

    element = parse_xml(document_xml(xxe.read_bytes()).encode("utf-8"))
    assert SECRET not in etree.tostring(element, encoding="unicode", method="text")
    with pytest.raises(etree.XMLSyntaxError):        # the expansion is stopped by libxml2's amplification limit
        parse_xml(document_xml(laughs.read_bytes()).encode("utf-8"))


def test_entities_in_html_are_never_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    lines = CLEAN.split("\n")
    lines[2] += "&xxe;&e9;"
    body = "".join(f"<p>{line}</p>" for line in lines)
    page = tmp_path / "实体.html"
    page.write_text(f"""<?xml version="1.0"?>
{billion_laughs("html")[:-2]}<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>
<html><body><div id="zoom">{body}</div></body></html>""", encoding="utf-8")
    tracemalloc.start()
    try:
        result = check_file(str(page), [])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.error is None
    doc = load(page)
    assert SECRET not in doc.text and "lollol" not in doc.text
    assert "&xxe;&e9;" in doc.text                         # left as written, neither expanded nor fetched
    assert peak < 20 * MB


def test_a_symlink_loop_ends_and_each_file_is_checked_once(tmp_path) -> None:
    root = tmp_path / "报告"
    (root / "乡镇").mkdir(parents=True)
    (root / "a.txt").write_text(CLEAN, encoding="utf-8")
    (root / "乡镇" / "b.txt").write_text(CLEAN, encoding="utf-8")
    (root / "乡镇" / "回到上级").symlink_to(root, target_is_directory=True)
    (root / "自己").symlink_to(".", target_is_directory=True)
    (root / "断链.txt").symlink_to(tmp_path / "不存在.txt")
    data = json.loads(run("check", "--format", "json", str(root)).stdout)
    names = [Path(f["path"]).relative_to(root).as_posix() for f in data["files"]]
    assert names == ["a.txt", "断链.txt", "乡镇/b.txt"]
    assert data["files"][1]["error"] and "不存在" in data["files"][1]["error"]


def test_a_file_deleted_between_listing_and_reading(tmp_path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(CLEAN, encoding="utf-8")

    def delete_a(path: str) -> bool:       # called while the folder is listed: a.txt vanishes after listing
        if path.endswith("a.txt"):
            os.unlink(path)
        return False

    results = check_paths([str(folder)], [], skip=delete_a)
    assert [Path(r.path).name for r in results] == ["a.txt", "b.txt"]
    assert results[0].error and "不存在" in results[0].error and results[1].error is None


def test_an_unreadable_file_is_an_error_entry(tmp_path, monkeypatch) -> None:
    p = tmp_path / "无权限.txt"
    p.write_text(CLEAN, encoding="utf-8")
    other = tmp_path / "b.txt"
    other.write_text(CLEAN, encoding="utf-8")
    if os.geteuid() != 0:
        p.chmod(0)
    else:                          # root reads through chmod 000: make the open itself fail as it would
        real_open = os.open

        def refusing_open(path, flags, *args, **kwargs):
            if str(path) == str(p):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    try:
        results = check_paths([str(p), str(other)], [])
    finally:
        p.chmod(0o644)
    assert results[0].error == "没有读取该文件的权限" and results[1].error is None


def test_an_unreadable_folder_is_an_error_entry_in_its_place(tmp_path, monkeypatch) -> None:
    root = tmp_path / "报告"
    for sub in ("一组", "二组", "三组"):
        (root / sub).mkdir(parents=True)
        (root / sub / "r.txt").write_text(CLEAN, encoding="utf-8")
    locked = root / "二组"
    if os.geteuid() != 0:
        locked.chmod(0)
    else:                          # root lists through chmod 000: make the listing itself fail as it would
        real_scandir = os.scandir

        def refusing_scandir(path="."):
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", refusing_scandir)
    try:
        results = check_paths([str(root)], [])
    finally:
        locked.chmod(0o755)
    assert [(Path(r.path).relative_to(root).as_posix(), r.error) for r in results] == [
        ("一组/r.txt", None), ("三组/r.txt", None), ("二组", "没有读取该文件夹的权限，其中的报告未检查")]


def test_a_loader_that_fails_unexpectedly_is_one_error_entry(tmp_path, monkeypatch) -> None:
    import checker.load.html

    def broken(path: Path):
        raise ValueError("意外")

    monkeypatch.setattr(checker.load.html, "load", broken)
    page, report = tmp_path / "页面.html", tmp_path / "报告.txt"
    page.write_text("<html><body><p>正文</p></body></html>", encoding="utf-8")
    report.write_bytes(FLAWED.read_bytes())
    results = check_paths([str(page), str(report)], [])
    assert results[0].error == "读取时发生内部错误（ValueError: 意外），请将此文件报告给 fzlint 维护者"
    assert results[1].error is None


def _fifo_run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", *args],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_socket_and_device_are_never_read(tmp_path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "a.txt").write_text(CLEAN, encoding="utf-8")
    os.mkfifo(folder / "管道.txt")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "套接字.txt"))
        (folder / "设备.txt").symlink_to("/dev/zero")
        walked = _fifo_run(tmp_path, str(folder))           # in a folder: not reports, left out
        assert walked.returncode == 0, walked.stderr
        assert [Path(f["path"]).name for f in json.loads(walked.stdout)["files"]] == ["a.txt"]
        named = _fifo_run(tmp_path, *(str(folder / n) for n in ("管道.txt", "套接字.txt", "设备.txt", "a.txt")))
    finally:
        sock.close()
    assert named.returncode == 2
    errors = [f["error"] for f in json.loads(named.stdout)["files"]]
    assert "命名管道" in errors[0] and "套接字" in errors[1] and "设备文件" in errors[2] and errors[3] is None


@pytest.mark.parametrize("name", ["-报告.txt", "--报告 草稿.txt", "带 空格 的报告.txt", "-.txt", "--help.txt"])
def test_odd_file_names(tmp_path, monkeypatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(FLAWED.read_bytes())
    result = run("check", "--format", "concise", "--", name)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{name}:") and "date.malformed" in result.stdout
    assert run("extract", "--", name).stdout.startswith(FLAWED.read_text(encoding="utf-8")[:20])
    folder = json.loads(run("check", "--format", "json", ".").stdout)       # found by walking a folder too
    assert [Path(f["path"]).name for f in folder["files"]] == [name]


# ---------------------------------------------------------------- packs and configuration

PACK_HEAD = "id: mine\nversion: '1'\ntitle: 本地规则\nextends: [default]\nrules:\n"
PACK_RULE = """  - id: wording.mine
    kind: pattern
    category: wording
    severity: warning
    title: 自定义
    message: 不要写“{match}”
    reference: 本地规定
    pattern: "{pattern}"
"""


def pack(tmp_path: Path, body: str, name: str = "本地规则.yaml") -> str:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("body, expected", [
    (PACK_HEAD + "  - id: [unclosed\n", ["本地规则.yaml", "YAML 语法错误", "第7行第1列"]),
    (PACK_HEAD + PACK_RULE.replace("    reference: 本地规定\n", "").replace("{pattern}", "某某"),
     ["本地规则.yaml", "规则 wording.mine", "字段 reference"]),
    (PACK_HEAD + PACK_RULE.replace("kind: pattern", "kind: telepathy").replace("{pattern}", "某某"),
     ["规则 wording.mine", "字段 kind", "telepathy"]),
    (PACK_HEAD + PACK_RULE.replace("{pattern}", "([)"), ["规则 wording.mine", "字段 pattern", "无法编译"]),
    (PACK_HEAD + PACK_RULE.replace("severity: warning", "severity: fatal").replace("{pattern}", "某某"),
     ["规则 wording.mine", "字段 severity"]),
    ("id: mine\nversion: '1'\ntitle: t\nextends: [nowhere]\nrules: []\n", ["字段 extends", "nowhere"]),
], ids=["yaml-syntax", "missing-field", "unknown-kind", "bad-regex", "bad-severity", "missing-parent"])
def test_broken_packs_are_refused_with_file_rule_and_field(tmp_path, body: str, expected: list[str]) -> None:
    result = run("check", "--isolated", "--pack", pack(tmp_path, body), str(FLAWED))
    assert result.exit_code == 2 and result.stdout == ""
    for part in expected:
        assert part in result.stderr, (part, result.stderr)
    assert "Traceback" not in result.stderr


def test_extends_cycle_and_missing_pack_file(tmp_path) -> None:
    pack(tmp_path, "id: a\nversion: '1'\ntitle: a\nextends: [b.yaml]\nrules: []\n", "a.yaml")
    pack(tmp_path, "id: b\nversion: '1'\ntitle: b\nextends: [a.yaml]\nrules: []\n", "b.yaml")
    cycle = run("check", "--isolated", "--pack", str(tmp_path / "a.yaml"), str(FLAWED))
    assert cycle.exit_code == 2 and "循环" in cycle.stderr
    missing = run("check", "--isolated", "--pack", str(tmp_path / "没有.yaml"), str(FLAWED))
    assert missing.exit_code == 2 and "没有.yaml" in missing.stderr and "不存在" in missing.stderr


def test_catastrophic_user_regex_is_reported_not_hung(tmp_path) -> None:
    body = PACK_HEAD + PACK_RULE.replace("{pattern}", "(a|aa)+$") + "    timeout: 0.05\n"
    report = tmp_path / "报告.txt"
    report.write_text(CLEAN.replace("\n", "\n" + "a" * 60 + "!\n", 3), encoding="utf-8")
    result = run("check", "--isolated", "--format", "json", "--pack", pack(tmp_path, body), str(report))
    diagnostics = json.loads(result.stdout)["files"][0]["diagnostics"]
    timed_out = [d for d in diagnostics if d["rule"] == "wording.mine"]
    assert len(timed_out) == 1 and "超时" in timed_out[0]["message"] and timed_out[0]["severity"] == "info"
    # the same pack on a report without the pathological line: the rule runs and finds nothing
    clean = tmp_path / "干净.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    result = run("check", "--isolated", "--format", "json", "--pack", pack(tmp_path, body), str(clean))
    assert not [d for d in json.loads(result.stdout)["files"][0]["diagnostics"] if d["rule"] == "wording.mine"]


def test_broken_configuration_names_file_line_and_key(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "报告.txt"
    report.write_text(CLEAN, encoding="utf-8")
    cfg = tmp_path / "fzlint.yaml"
    for text, expected in (("select: [date\nignore: x\n", ["fzlint.yaml", "YAML 语法错误", "行", "列"]),
                           ("jobz: 2\n", ["fzlint.yaml", "jobz", "jobs"]),
                           ("fail-on: sometimes\n", ["fzlint.yaml", "键 fail-on"])):
        cfg.write_text(text, encoding="utf-8")
        result = run("check", str(report))
        assert result.exit_code == 2 and result.stdout == ""
        assert all(part in result.stderr for part in expected), (text, result.stderr)


# ---------------------------------------------------------------- security: no network, no stray writes

HOOK = """
import sys

LOG = {log!r}
BLOCKED = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
           "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect")


def _hook(event, args):
    if event in BLOCKED:
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(event + " " + repr(args)[:200] + "\\n")
        raise PermissionError("network blocked by the test")


sys.addaudithook(_hook)
"""


class Listener:
    """A local TCP server that counts connections: catches fetches made below Python (libxml2)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.server.close()


def external_docx(url: str) -> bytes:
    d = docx.Document()
    for line in CLEAN.split("\n"):
        d.add_paragraph(line)
    paragraph = d.paragraphs[3]
    rid = paragraph.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                                   is_external=True)
    link = paragraph._p.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink",
                                    {"{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id": rid})
    paragraph._p.append(link)
    paragraph.part.relate_to(url + "image.png",
                             "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
                             is_external=True)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_nothing_is_fetched_from_the_network(tmp_path) -> None:
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/"
        hooks = tmp_path / "hooks"
        hooks.mkdir()
        log = tmp_path / "network.log"
        (hooks / "sitecustomize.py").write_text(HOOK.format(log=str(log)), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), str(ROOT)])}
        body = "".join(f"<p>{line}</p>" for line in CLEAN.split("\n"))
        page = tmp_path / "页面.html"
        page.write_text(f"""<!DOCTYPE html SYSTEM "{url}dtd"><html><head><link rel="stylesheet" href="{url}s.css">
<script src="{url}a.js"></script><base href="{url}"></head><body><div id="zoom"><img src="{url}a.png">
<iframe src="{url}frame"></iframe>{body}<a href="{url}附件.pdf">附件</a></div></body></html>""", encoding="utf-8")
        word = tmp_path / "外链.docx"
        word.write_bytes(external_docx(url))
        remote_dtd = tmp_path / "远程DTD.docx"
        remote_dtd.write_bytes(with_dtd(docx_bytes(), f'<!DOCTYPE w:document SYSTEM "{url}doc.dtd">', ""))

        # the control: under the hook a connection attempt is seen and stopped; without it, it reaches the server
        probe = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), timeout=5).close()"
        hooked = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60, check=False)
        assert hooked.returncode != 0 and "socket." in log.read_text(encoding="utf-8")
        subprocess.run([sys.executable, "-c", probe], check=True, timeout=60)
        deadline = threading.Event()
        for _ in range(50):
            if listener.connections:
                break
            deadline.wait(0.1)
        assert listener.connections == 1
        log.unlink()

        result = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json",
                                 str(page), str(word), str(remote_dtd)],
                                env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False)
    finally:
        listener.close()
    files = json.loads(result.stdout)["files"]
    assert files[0]["error"] is None and files[1]["error"] is None
    assert "DTD" in files[2]["error"]
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert listener.connections == 1                       # only the control's


def _tree(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink() or not p.is_file():
            out[rel] = "dir" if p.is_dir() else "other"
        else:
            st = p.stat()
            out[rel] = f"{hashlib.sha256(p.read_bytes()).hexdigest()} {st.st_mtime_ns} {stat.S_IMODE(st.st_mode):o}"
    return out


def test_nothing_is_written_but_the_outputs_asked_for(tmp_path) -> None:
    work = tmp_path / "工作"
    for sub in ("home", "tmp", "cache", "reports"):
        (work / sub).mkdir(parents=True)
    (work / "reports" / "报告.txt").write_bytes(FLAWED.read_bytes())
    (work / "reports" / "报告.docx").write_bytes((EXAMPLES / "draft-flawed.docx").read_bytes())
    (work / "reports" / "空.txt").write_bytes(b"")
    env = {**os.environ, "HOME": str(work / "home"), "TMPDIR": str(work / "tmp"),
           "XDG_CACHE_HOME": str(work / "cache"), "PYTHONDONTWRITEBYTECODE": "1"}

    def fzlint(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "checker", "check", *args], env=env, cwd=work,
                              capture_output=True, text=True, timeout=120, check=False)

    before = _tree(work)
    assert fzlint("reports").returncode == 2
    assert _tree(work) == before                            # a plain check writes nothing at all
    for fmt in ("json", "sarif"):
        out = f"结果 {fmt}.json"
        assert fzlint("reports", "--format", fmt, "--output", out).returncode == 2
        after = _tree(work)
        assert set(after) - set(before) == {out}            # the output, and no temporary file left behind
        assert {k: v for k, v in after.items() if k != out} == before
        json.loads((work / out).read_text(encoding="utf-8"))
        (work / out).unlink()
    # an output that cannot be written: exit 2, a message, and still nothing else written
    failed = fzlint("reports", "--output", "没有的文件夹/结果.txt")
    assert failed.returncode == 2 and "无法写入输出文件" in failed.stderr
    assert _tree(work) == before


@pytest.mark.parametrize("command", [["check"], ["audit"], ["fix"]])
def test_max_size_help_states_the_real_default(command: list[str]) -> None:
    """The help is plain text (building it from the constant would import the loaders into `--help`), so this
    holds the three commands to the default that checker.load.limits really applies."""
    from checker.load.limits import DEFAULT_MAX_SIZE

    help_text = " ".join(CliRunner().invoke(main, [*command, "--help"]).output.split())
    assert f"默认 {DEFAULT_MAX_SIZE // MB}MB" in help_text
