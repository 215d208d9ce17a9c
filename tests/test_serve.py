"""`fzlint serve` pieces without a server: file names, downloads' headers, the diff, the worker's tasks in memory,
the start-up messages. (tests/test_serve_http.py and tests/test_serve_browser.py drive a real server.)"""
from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES

from checker.serve.upload import clean_name
from checker.serve.view import hunks
from checker.serve.work import Context, Task, handle, load_upload
from checker.session import Flags

DOCX = (EXAMPLES / "draft-flawed.docx").read_bytes()
TXT = (EXAMPLES / "draft-flawed.txt").read_bytes()


@pytest.fixture(scope="module")
def ctx() -> Context:
    from checker.serve.setup import prepare

    setup = prepare(Flags(isolated=True), Path.cwd())
    return Context(setup.rules, setup.options, setup.info)


@pytest.mark.parametrize("raw, name", [
    ("报告.docx", "报告.docx"),
    ("C:\\Users\\张三\\桌面\\报告.docx", "报告.docx"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("a\x00b\r\n.txt", "a_b__.txt"),
    ('引号"与*号?.txt', "引号_与_号_.txt"),
    ("...", "未命名"),
    ("", "未命名"),
    ("长" * 300 + ".docx", "长" * 115 + ".docx"),          # 120 characters, the suffix kept
])
def test_clean_name(raw: str, name: str) -> None:
    assert clean_name(raw) == name


def test_content_disposition_carries_a_chinese_name_and_an_ascii_fallback() -> None:
    pytest.importorskip("starlette")
    from checker.serve.app import content_disposition

    header = content_disposition("报告.fzlint.docx")
    assert header == "attachment; filename=\"fzlint.docx\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.fzlint.docx"
    assert content_disposition("report.fixed.txt").startswith('attachment; filename="report.fixed.txt"')
    header.encode("latin-1")                                   # an HTTP header: no raw Chinese in it


def test_hunks_mark_the_changed_characters() -> None:
    before = ["标题\n", "第一行，，有误\n", "不变\n", "不变\n", "不变\n", "2026年01月20日\n"]
    after = ["标题\n", "第一行，有误\n", "不变\n", "不变\n", "不变\n", "2026年1月20日\n"]
    groups = hunks(before, after, context=1)
    assert len(groups) == 2                                    # the two changes are far apart
    first = groups[0]["lines"]
    assert [ln["op"] for ln in first] == [" ", "-", "+", " "]
    assert first[1]["segments"] == [["=", "第一行，"], ["-", "，"], ["=", "有误"]]
    assert first[2]["segments"] == [["=", "第一行，"], ["=", "有误"]]
    assert first[1]["old"] == 2 and first[2]["new"] == 2
    last = groups[1]["lines"]
    assert ["-", "0"] in last[-2]["segments"] and all(s[0] != "+" for s in last[-1]["segments"])
    assert hunks(before, before) == []


def test_a_txt_upload_never_touches_the_disk(monkeypatch: pytest.MonkeyPatch, ctx: Context) -> None:
    def no_disk(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a .txt upload made a temporary file")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_disk)
    monkeypatch.setattr(tempfile, "mkstemp", no_disk)
    doc = load_upload("报告.txt", TXT, ctx.options.limits)
    assert doc.path == "报告.txt" and doc.text.startswith("清河县")
    for op in ("check", "report", "annotate", "fix", "diff"):
        assert handle(Task(op, "报告.txt", TXT), ctx).status == 200


def test_a_docx_upload_uses_a_private_temporary_file_and_removes_it(monkeypatch: pytest.MonkeyPatch,
                                                                    ctx: Context, tmp_path: Path) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    doc = load_upload("报告.docx", DOCX, ctx.options.limits)
    assert doc.path == "报告.docx" and doc.format == "docx"
    assert list(tmp_path.iterdir()) == []


def test_an_unsupported_type_is_refused_before_anything_is_written(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path, ctx: Context) -> None:
    written: list[Path] = []
    original = Path.write_bytes

    def recorded(self: Path, data: bytes) -> int:
        written.append(self)
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", recorded)
    reply = handle(Task("report", "报告.rtf", b"{\\rtf1 x}"), ctx)
    assert reply.status == 422 and "RTF" in json.loads(reply.body)["error"] and written == []


def test_the_annotated_bytes_are_the_annotated_file(ctx: Context, tmp_path: Path) -> None:
    import docx

    from checker.annotate import annotate, annotated_bytes
    from checker.runner import check_file

    source = tmp_path / "报告.docx"
    source.write_bytes(DOCX)
    result = check_file(str(source), list(ctx.rules), ctx.options)
    annotate(source, result, tmp_path / "out.docx")
    data, count = annotated_bytes(result, docx=DOCX)
    on_disk = [(c.author, c.text) for c in docx.Document(str(tmp_path / "out.docx")).comments]
    in_memory = [(c.author, c.text) for c in docx.Document(io.BytesIO(data)).comments]
    assert in_memory == on_disk and count == len(on_disk) == len(result.diagnostics)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx", "报告.docx"]


def test_a_bug_in_a_task_is_a_chinese_500_without_a_traceback(monkeypatch: pytest.MonkeyPatch, ctx: Context) -> None:
    from checker.serve import work

    def broken(task: Task, ctx: Context) -> Any:
        raise ZeroDivisionError("secret internals")

    monkeypatch.setitem(work._HANDLERS, "report", broken)
    reply = handle(Task("report", "报告.txt", TXT), ctx)
    message = json.loads(reply.body)["error"]
    assert reply.status == 500 and "内部错误" in message and "报告.txt" in message
    assert "secret" not in message and "Traceback" not in message


def test_a_non_loopback_address_prints_a_warning(ctx: Context) -> None:
    from checker.serve.server import ServeOptions, _announce, is_loopback
    from checker.serve.setup import prepare

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("fzlint.intranet")
    setup = prepare(Flags(isolated=True, jobs=2), Path.cwd())
    for token, advice in ((None, "--token"), ("qh-2025-fzb7", "已设置访问口令")):
        out, err = io.StringIO(), io.StringIO()
        _announce(ServeOptions(host="0.0.0.0", token=token), setup, "http://127.0.0.1:8080/", False, out, err)
        assert "警告" in err.getvalue() and "任何人" in err.getvalue() and advice in err.getvalue()
        assert "http://127.0.0.1:8080/" in out.getvalue() and "检查进程 2 个" in out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    _announce(ServeOptions(), setup, "http://127.0.0.1:8080/", True, out, err)
    assert err.getvalue() == ""


def test_without_the_extra_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.serve.server import ServeOptions, run

    monkeypatch.setitem(sys.modules, "uvicorn", None)          # import uvicorn → ImportError
    err = io.StringIO()
    assert run(ServeOptions(), io.StringIO(), err, Path.cwd()) == 2
    assert "pip install 'fzlint[serve]'" in err.getvalue() and "uvicorn" in err.getvalue()


def test_a_token_must_be_ascii_and_long_enough() -> None:
    from click.testing import CliRunner

    from checker.cli import main

    for bad in ("短", "short", "中文口令中文口令", "with space in it"):
        result = CliRunner().invoke(main, ["serve", "--token", bad, "--no-browser"])
        assert result.exit_code == 2 and "访问口令" in result.output


def test_worker_count() -> None:
    import os

    from checker.serve.setup import worker_count

    cpus = os.cpu_count() or 1
    assert worker_count(None) == max(1, min(cpus, 4)) and worker_count(3) == 3 and worker_count(0) == cpus


def test_a_worker_grown_too_large_is_replaced_and_the_pool_goes_on(ctx: Context) -> None:
    import asyncio

    from checker.serve.pool import WorkerPool

    pool = WorkerPool(1, 60, ctx, retire_rss=1)            # every worker is "too large" after its first task
    pool.start()
    try:
        first = pool.pids()

        async def two() -> list[Any]:
            replies = [await pool.run(Task("check", "a.txt", TXT))]
            replies.append(await pool.run(Task("check", "b.txt", TXT)))
            return replies

        replies = asyncio.run(two())
        assert [r.status for r in replies] == [200, 200]
        assert [json.loads(r.body)["files"][0]["path"] for r in replies] == ["a.txt", "b.txt"]
        assert pool.restarts >= 1 and pool.pids() != first
    finally:
        pool.close()
