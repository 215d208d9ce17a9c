""".doc and .wps: converted by LibreOffice in a private folder and profile (macros off, a time limit), then read
as .docx; the JSON says so; without LibreOffice, or when it fails or hangs, a clear row."""
from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import InputError
from checker.load import convert as convert_module
from checker.load import load
from checker.load.convert import convert, find_soffice
from checker.runner import check_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> dict[str, Path]:
    """The flawed example draft as .docx, and as the .doc LibreOffice saves of it (also named .wps)."""
    if find_soffice() is None:
        pytest.skip("needs LibreOffice (soffice; Debian libreoffice-writer), which .ci/run installs")
    folder = tmp_path_factory.mktemp("legacy")
    source = EXAMPLES / "draft-flawed.docx"
    data = convert(source.read_bytes(), ".docx", "doc:MS Word 97", str(source))
    assert data.startswith(OLE)                     # a real binary Word file
    (folder / "报告.doc").write_bytes(data)
    (folder / "报告.wps").write_bytes(data)          # WPS writes its .wps in the same binary Word format
    return {"docx": source, "doc": folder / "报告.doc", "wps": folder / "报告.wps"}


def test_a_doc_is_converted_and_reads_as_the_docx(legacy) -> None:
    original = load(legacy["docx"])
    for kind in ("doc", "wps"):
        doc = load(legacy[kind])
        assert doc.format == kind and doc.path == str(legacy[kind])
        assert doc.meta["converted"] == {"from": kind, "to": "docx", "by": "LibreOffice"}
        assert [doc.para_text(p) for p in doc.paragraphs if doc.para_text(p)] == \
            [original.para_text(p) for p in original.paragraphs if original.para_text(p)]


def test_the_json_says_it_was_converted_and_the_checks_run(legacy, monkeypatch) -> None:
    monkeypatch.chdir(legacy["doc"].parent)
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "报告.doc"])
    entry = json.loads(result.stdout)["files"][0]
    assert result.exit_code == 1 and entry["format"] == "doc" and entry["error"] is None
    assert entry["converted"] == {"from": "doc", "to": "docx", "by": "LibreOffice"}
    original = check_file(str(legacy["docx"]), _rules())
    assert sorted((d["rule"], d["text"]) for d in entry["diagnostics"]) == \
        sorted((d.rule, d.text) for d in original.diagnostics)
    assert legacy["doc"].read_bytes().startswith(OLE)                # the original is only read


def _rules():
    from checker.packs import resolve

    return resolve(["default"])[1]


def test_without_libreoffice_a_clear_row(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(convert_module, "find_soffice", lambda: None)
    path = tmp_path / "旧版.doc"
    path.write_bytes(OLE + bytes(504))
    result = check_file(str(path), [])
    assert result.error and "本机没有找到 soffice" in result.error and "另存为 .docx" in result.error
    assert "安装 LibreOffice" in result.error


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for soffice")
def test_a_conversion_past_its_time_limit_is_stopped_with_its_children(tmp_path) -> None:
    pidfile = tmp_path / "child.pid"
    program = fake_soffice(tmp_path, f"sleep 60 &\necho $! > {pidfile}\nwait\n")
    started = time.monotonic()
    with pytest.raises(InputError, match="LibreOffice 转换超过 1 秒仍未完成，已停止"):
        convert(b"x", ".doc", "docx", "慢.doc", timeout=1, soffice=program)
    assert time.monotonic() - started < 15
    child = int(pidfile.read_text())
    for _ in range(50):                 # the whole process group was killed, not only the script
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the converter's child process outlived the time limit")


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for soffice")
def test_each_conversion_has_a_private_profile_with_macros_off(tmp_path) -> None:
    """The arguments and the profile LibreOffice is given, seen by a stand-in that records them."""
    record = tmp_path / "record"
    program = fake_soffice(tmp_path, f"""
for a in "$@"; do echo "$a" >> {record}/args; done
profile=$(echo "$1" | sed 's|^-env:UserInstallation=file://||')
cp "$profile/user/registrymodifications.xcu" {record}/settings.xcu
outdir=""; prev=""
for a in "$@"; do [ "$prev" = "--outdir" ] && outdir="$a"; prev="$a"; done
mkdir -p "$outdir" && printf 'converted' > "$outdir/input.docx"
pwd > {record}/cwd
""")
    record.mkdir()
    assert convert(b"original", ".doc", "docx:MS Word 2007 XML", "报告.doc", soffice=program) == b"converted"
    args = (record / "args").read_text(encoding="utf-8").splitlines()
    assert args[0].startswith("-env:UserInstallation=file://") and "--headless" in args and "--norestore" in args
    settings = (record / "settings.xcu").read_text(encoding="utf-8")
    assert '"MacroSecurityLevel" oor:op="fuse"><value>3<' in settings
    assert '"DisableMacrosExecution" oor:op="fuse"><value>true<' in settings
    folder = (record / "cwd").read_text(encoding="utf-8").strip()
    assert args[-1] == f"{folder}/input.doc" and not Path(folder).exists()     # a private folder, removed after
    first = args[0]
    (record / "args").unlink()
    convert(b"again", ".doc", "docx", "报告.doc", soffice=program)
    assert (record / "args").read_text(encoding="utf-8").splitlines()[0] != first   # never the same profile


def test_a_failed_conversion_and_files_that_are_no_word_file(tmp_path) -> None:
    program = fake_soffice(tmp_path, "exit 1\n")
    with pytest.raises(InputError, match="LibreOffice 无法转换该文件"):
        convert(OLE + bytes(504), ".doc", "docx", "坏.doc", soffice=program)
    for name, data, message in (("空.doc", b"", "文件是空的"), ("图.wps", b"\x89PNG\r\n\x1a\n" + bytes(32), "PNG 图片"),
                                ("其实是PDF.doc", b"%PDF-1.4\n", "PDF 文件，不是 Word 或 WPS 文件")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError, match=message):
            load(path)


def test_docx_loader_reads_the_docx_bytes_it_is_given(tmp_path) -> None:
    """from_bytes is what a converted file goes through: the path named in messages, the format given."""
    from checker.load.docx import from_bytes

    d = docx.Document()
    d.add_paragraph("某某县人民政府关于2025年度法治政府建设情况的报告")
    path = tmp_path / "x.docx"
    d.save(str(path))
    doc = from_bytes(path.read_bytes(), "原件.wps", fmt="wps")
    assert (doc.path, doc.format, doc.text) == ("原件.wps", "wps", "某某县人民政府关于2025年度法治政府建设情况的报告")
    with pytest.raises(InputError) as caught:
        from_bytes(b"not a zip", "原件.doc", fmt="doc")
    assert caught.value.path == "原件.doc"


def test_annotate_on_a_doc_writes_a_docx_copy_and_leaves_the_doc(legacy, tmp_path, monkeypatch) -> None:
    import shutil

    source = tmp_path / "报告.doc"
    shutil.copy(legacy["doc"], source)
    before = source.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--annotate", "报告.doc"])
    assert result.exit_code == 1, result.stderr
    copy = tmp_path / "报告.fzlint.docx"
    findings = json.loads(result.stdout)["files"][0]["diagnostics"]
    assert copy.exists() and source.read_bytes() == before
    assert load(copy).text == load(source).text and len(list(docx.Document(str(copy)).comments)) == len(findings)


def test_lasting_and_passing_failures(tmp_path, monkeypatch) -> None:
    """LibreOffice missing or too slow is no fact about the file: the audit does not cache such a row, so the file
    is converted once LibreOffice is there; the audit keeps a conversion shorter than the time a file may take."""
    from checker.audit import _within
    from checker.audit.row import check_row
    from checker.errors import TransientInputError
    from checker.runner import CheckOptions

    monkeypatch.setattr(convert_module, "find_soffice", lambda: None)
    path = tmp_path / "旧版.doc"
    path.write_bytes(OLE + bytes(504))
    with pytest.raises(TransientInputError):
        load(path)
    row = check_row(str(path), [], CheckOptions(), {})
    assert row["transient"] is True and "本机没有找到 soffice" in row["error"]
    assert _within(CheckOptions(), 60.0).limits.convert_timeout == 53.0
    assert _within(CheckOptions(), 600.0).limits.convert_timeout == 120.0
