"""`fzlint serve` over HTTP: a real server on 127.0.0.1 (a subprocess), spoken to with urllib.

The JSON API gives what `fzlint check --format json` gives; the downloads are what `--annotate` and `fzlint fix`
make; bad input gets a Chinese message and never a traceback; limits, the time limit, the token, the host and
origin checks hold; nothing is left on disk.
"""
from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest
from helpers import EXAMPLES, ROOT

pytest.importorskip("starlette", reason="fzlint serve 的可选组件未安装（pip install -e '.[test]' 会装上）")
pytest.importorskip("uvicorn", reason="fzlint serve 的可选组件未安装")
pytest.importorskip("python_multipart", reason="fzlint serve 的可选组件未安装")

from serve_helpers import (Server, leftovers, multipart, post_file, post_raw, request,  # noqa: E402
                           start)

from checker.serve.app import CSP  # noqa: E402

DOCX = (EXAMPLES / "draft-flawed.docx").read_bytes()
TXT = (EXAMPLES / "draft-flawed.txt").read_bytes()
TOKEN = "qh-2025-fzb7"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = start(tmp_path_factory.mktemp("serve"), "--isolated", "--jobs", "2")
    yield s
    code, out, err = s.stop()
    assert code == 0 and "已停止" in out, (out, err)
    assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Tight limits: 1 MB files (a .docx 5 MB), one worker, one second per request."""
    s = start(tmp_path_factory.mktemp("small"), "--isolated", "--jobs", "1", "--max-size", "1MB", "--timeout", "1")
    yield s
    code, out, err = s.stop()
    assert code == 0 and "Traceback" not in err, err


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An office's server: its own configuration with a custom pack, and a token."""
    folder = tmp_path_factory.mktemp("office")
    (folder / "fzlint.yaml").write_text(f"packs: [{EXAMPLES / 'custom-pack.yaml'}]\n", encoding="utf-8")
    s = start(folder, "--config", str(folder / "fzlint.yaml"), "--jobs", "1", "--token", TOKEN)
    yield s
    s.stop()


def cli_json(path: Path, *args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", *args, str(path)],
                          capture_output=True, text=True, cwd=ROOT)
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def zip_bomb() -> bytes:
    """A small .docx whose document part inflates 5 MB of spaces (a ratio far past 100)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(DOCX)) as original:
            for info in original.infolist():
                if info.filename != "word/document.xml":
                    z.writestr(info.filename, original.read(info))
        z.writestr("word/document.xml", b"<?xml version='1.0'?>" + b" " * (5 * 1024 * 1024))
    return out.getvalue()


def assert_chinese_error(answer: Any, status: int, *fragments: str) -> None:
    assert answer.status == status, (answer.status, answer.text)
    body = answer.json()
    if "error" in body:
        message = body["error"]
    else:                                                   # /api/check: the CLI's JSON, the file named in it
        message = body["files"][0]["path"] + "：" + body["files"][0]["error"]
    assert all(f in message for f in fragments), message
    assert "Traceback" not in answer.text and "Error:" not in message


# ── the JSON API is the CLI's JSON ──

@pytest.mark.parametrize("name", ["draft-flawed.docx", "draft-flawed.txt", "report-clean.txt"])
def test_api_check_gives_the_json_of_fzlint_check(server: Server, name: str) -> None:
    expected = cli_json(EXAMPLES / name, "--isolated")
    expected["files"][0]["path"] = name
    data = (EXAMPLES / name).read_bytes()
    for answer in (post_file(server.url, "check", name, data), post_raw(server.url, "check", name, data)):
        assert answer.status == 200, answer.text
        assert answer.headers["Content-Type"].startswith("application/json")
        assert answer.json() == expected
    assert expected["files"][0]["diagnostics"] or name == "report-clean.txt"


def test_an_unreadable_file_is_a_422_with_the_same_json(server: Server) -> None:
    answer = post_file(server.url, "check", "坏.docx", DOCX[: len(DOCX) // 2])
    assert answer.status == 422
    entry = answer.json()["files"][0]
    assert entry["path"] == "坏.docx" and entry["diagnostics"] == [] and "损坏" in entry["error"]


def test_report_offsets_index_the_text_it_sends(server: Server) -> None:
    view = post_file(server.url, "report", "报告.docx", DOCX).json()
    text, diags = view["text"], view["report"]["files"][0]["diagnostics"]
    placed = [d for d in diags if d["start"] is not None]
    assert placed and all(text[d["start"]:d["end"]] == d["text"] for d in placed)
    parts = {p["part"]: p for p in view["parts"]}
    assert [p["part"] for p in view["parts"]] == ["measures", "shortcomings", "first_responsible", "next_year"]
    assert parts["first_responsible"]["status"] == "missing" and parts["first_responsible"]["start"] is None
    assert parts["shortcomings"]["status"] == "incomplete"          # 不足 without 原因 in the example
    assert parts["measures"]["status"] == parts["next_year"]["status"] == "present"
    for p in (parts["measures"], parts["shortcomings"], parts["next_year"]):
        assert text[p["start"]:].startswith(p["heading"])
    assert {p["key"] for p in view["places"]} == {"title", "signature", "date"}
    assert view["can_fix"] and view["fixable"]
    assert view["titles"]["wording.known-typo"]


# ── downloads: what --annotate and fzlint fix make ──

def test_annotated_copy_has_every_finding_as_a_comment(server: Server) -> None:
    import docx

    answer = post_file(server.url, "annotate", "报告.docx", DOCX)
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "filename*=UTF-8''%E6%8A%A5%E5%91%8A.fzlint.docx" in answer.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(answer.body))
    comments = [c for c in document.comments if c.author == "fzlint"]
    diags = cli_json(EXAMPLES / "draft-flawed.docx", "--isolated")["files"][0]["diagnostics"]
    assert len(comments) == len(diags)
    assert any("学些" in c.text and "学习" in c.text for c in comments)


def test_annotated_copy_of_pasted_text(server: Server) -> None:
    import docx

    body, ctype = multipart({"text": (None, TXT)})
    answer = request(server.url + "api/annotate", body, {"Content-Type": ctype})
    assert answer.status == 200
    comments = list(docx.Document(io.BytesIO(answer.body)).comments)
    assert len(comments) == len(cli_json(EXAMPLES / "draft-flawed.txt", "--isolated")["files"][0]["diagnostics"])


@pytest.mark.parametrize("name", ["draft-flawed.docx", "draft-flawed.txt"])
def test_fixed_file_is_what_fzlint_fix_writes(server: Server, tmp_path: Path, name: str) -> None:
    copy = tmp_path / name
    copy.write_bytes((EXAMPLES / name).read_bytes())
    subprocess.run([sys.executable, "-m", "checker", "fix", "--isolated", "--no-backup", str(copy)],
                   capture_output=True, cwd=ROOT, check=False)
    answer = post_file(server.url, "fix", name, (EXAMPLES / name).read_bytes())
    assert answer.status == 200
    assert Path(name).stem + ".fixed" + Path(name).suffix in answer.headers["Content-Disposition"]
    assert answer.body == copy.read_bytes() != (EXAMPLES / name).read_bytes()


def test_fix_keeps_a_gb18030_crlf_text_as_it_was(server: Server) -> None:
    text = "某县司法局关于2025年度法治政府建设情况的报告\r\n一、主要举措和成效\r\n全年办结案件12件。。\r\n"
    answer = post_file(server.url, "fix", "报告.txt", text.encode("gb18030"))
    assert answer.status == 200 and "gb18030" in answer.headers["Content-Type"]
    assert answer.body == text.replace("。。", "。").encode("gb18030")


def test_diff_shows_what_the_fixes_change(server: Server) -> None:
    diff = post_file(server.url, "diff", "报告.docx", DOCX).json()
    assert diff["changed"] and diff["count"] == sum(f["count"] for f in diff["fixed"]) >= 3
    assert {"date.malformed", "punctuation.doubled-mark", "punctuation.range-hyphen"} <= {f["rule"] for f in diff["fixed"]}
    removed = ["".join(s[1] for s in ln["segments"] if s[0] == "-") for h in diff["hunks"] for ln in h["lines"]]
    added = ["".join(s[1] for s in ln["segments"] if s[0] == "+") for h in diff["hunks"] for ln in h["lines"]]
    assert "-" in removed and "—" in added and "。" in removed
    assert diff["remaining"]["total"] == diff["remaining"]["error"] + diff["remaining"]["warning"] + \
        diff["remaining"]["info"] > 0


def test_a_web_page_is_checked_but_not_fixed(server: Server, tmp_path: Path) -> None:
    page = ("<html><head><title>报告</title></head><body><div class='article'><h1>某县人民政府关于2025年度法治政府建设"
            "情况的报告</h1>" + "".join(f"<p>{line}</p>" for line in TXT.decode("utf-8").splitlines()[1:] if line)
            + "</div></body></html>").encode("utf-8")
    assert post_file(server.url, "report", "报告.html", page).status == 200
    assert_chinese_error(post_file(server.url, "fix", "报告.html", page), 422, "报告.html", "只有 .docx 和 .txt 文件可以自动修复")


# ── bad input: a Chinese message naming the file, never a traceback ──

@pytest.mark.parametrize("name, data, fragment", [
    ("空.txt", b"", "文件是空的"),
    ("旧.rtf", b"{\\rtf1\\ansi 2025}", "不支持"),
    ("坏.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "LibreOffice"),     # with or without it
    ("坏.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ("半截.docx", DOCX[: len(DOCX) // 3], "损坏"),
    ("炸弹.docx", None, "压缩炸弹"),
    ("图.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "PNG"),
    ("乱码.txt", bytes(range(128, 256)) * 40, "编码"),
    ("无扩展名", b"abc", "不支持"),
])
def test_bad_uploads_get_a_chinese_message(server: Server, name: str, data: bytes | None, fragment: str) -> None:
    payload = zip_bomb() if data is None else data
    for op in ("report", "annotate", "fix", "diff"):
        assert_chinese_error(post_file(server.url, op, name, payload), 422, name, fragment)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The flawed example as LibreOffice exports it: a PDF and a legacy .doc."""
    from checker.load.convert import convert, find_soffice

    if find_soffice() is None:
        pytest.skip("needs LibreOffice (soffice; Debian libreoffice-writer), which .ci/run installs")
    folder = tmp_path_factory.mktemp("converted")
    out = {}
    for suffix, target in ((".pdf", "pdf"), (".doc", "doc:MS Word 97")):
        path = folder / f"draft-flawed{suffix}"
        path.write_bytes(convert(DOCX, ".docx", target, "draft-flawed.docx"))
        out[suffix] = path
    return out


@pytest.mark.parametrize("suffix", [".pdf", ".doc"])
def test_a_pdf_or_a_doc_is_read_like_any_file(server: Server, converted: dict[str, Path], suffix: str) -> None:
    import docx

    path = converted[suffix]
    expected = cli_json(path, "--isolated")
    expected["files"][0]["path"] = path.name
    answer = post_file(server.url, "check", path.name, path.read_bytes())
    assert answer.status == 200 and answer.json() == expected
    rules = {d["rule"] for d in expected["files"][0]["diagnostics"]}
    assert {"wording.known-typo", "structure.part-missing", "date.malformed"} <= rules
    view = post_file(server.url, "report", path.name, path.read_bytes()).json()
    assert view["format"] == suffix[1:] and view["can_fix"] is False and ".docx" in view["fix_refusal"]
    annotated = post_file(server.url, "annotate", path.name, path.read_bytes())
    assert annotated.status == 200 and "draft-flawed.fzlint.docx" in annotated.headers["Content-Disposition"]
    assert len(list(docx.Document(io.BytesIO(annotated.body)).comments)) == len(expected["files"][0]["diagnostics"])
    assert_chinese_error(post_file(server.url, "fix", path.name, path.read_bytes()), 422, path.name, "只有 .docx 和 .txt")


def test_an_unsupported_type_gets_the_json_of_fzlint_check(server: Server, tmp_path: Path) -> None:
    odt = tmp_path / "报告.odt"
    odt.write_bytes(b"PK\x03\x04 not really")
    expected = cli_json(odt, "--isolated")
    expected["files"][0]["path"] = odt.name
    answer = post_file(server.url, "check", odt.name, odt.read_bytes())
    assert answer.status == 422 and answer.json() == expected
    assert expected["files"][0]["unsupported"] is True and expected["summary"]["files_unsupported"] == 1


def test_requests_that_carry_no_report(server: Server) -> None:
    body, ctype = multipart({"other": (None, b"x")})
    assert_chinese_error(request(server.url + "api/check", body, {"Content-Type": ctype}), 400, "没有收到文件")
    body, ctype = multipart({"text": (None, b"   ")})
    assert_chinese_error(request(server.url + "api/report", body, {"Content-Type": ctype}), 400, "粘贴")
    broken = b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc"
    answer = request(server.url + "api/check", broken, {"Content-Type": "multipart/form-data; boundary=x"})
    assert_chinese_error(answer, 400, "上传不完整")
    assert_chinese_error(request(server.url + "api/check", b"x", {"Content-Type": "multipart/form-data"}), 400,
                         "分隔符")
    assert_chinese_error(request(server.url + "api/check", b"abc", {"Content-Type": "application/octet-stream"}),
                         400, "?name=")
    assert_chinese_error(request(server.url + "api/check"), 405, "请求方式")
    assert_chinese_error(request(server.url + "api/nothing", b"x"), 404, "接口")
    missing = request(server.url + "no/such/page")
    assert missing.status == 404 and "找不到" in missing.text


def test_pasted_text_is_checked_as_a_txt(server: Server) -> None:
    body, ctype = multipart({"text": (None, TXT)})
    view = request(server.url + "api/report", body, {"Content-Type": ctype}).json()
    expected = cli_json(EXAMPLES / "draft-flawed.txt", "--isolated")["files"][0]["diagnostics"]
    assert view["name"] == "粘贴的文字.txt" and view["report"]["files"][0]["diagnostics"] == expected


# ── headers, origin, host ──

def test_every_response_carries_the_security_headers(server: Server) -> None:
    answers = [request(server.url), request(server.url + "assets/serve.js"), request(server.url + "assets/serve.css"),
               request(server.url + "api/info"), post_file(server.url, "check", "a.txt", TXT),
               post_file(server.url, "check", "a.doc", b"x"), request(server.url + "nope")]
    for a in answers:
        assert a.headers["Content-Security-Policy"] == CSP
        assert a.headers["X-Content-Type-Options"] == "nosniff"
        assert a.headers["X-Frame-Options"] == "DENY"
    page = answers[0].text
    assert 'src="/assets/serve.js"' in page and 'href="/assets/serve.css"' in page
    for a in answers[:3]:                               # nothing from elsewhere: no absolute URL at all
        assert "http://" not in a.text and "https://" not in a.text and "//cdn" not in a.text
    info = answers[3].json()
    assert info["version"] and info["packs"][0]["id"] and info["token_required"] is False


def test_requests_from_another_site_or_host_are_refused(server: Server) -> None:
    body, ctype = multipart({"file": ("a.txt", TXT)})
    foreign = request(server.url + "api/check", body, {"Content-Type": ctype, "Origin": "http://evil.example"})
    assert_chinese_error(foreign, 403, "其他网站")
    own = server.url.rstrip("/")
    assert request(server.url + "api/check", body, {"Content-Type": ctype, "Origin": own}).status == 200
    rebound = request(server.url, headers={"Host": "evil.example"})
    assert rebound.status == 400 and "本机" in rebound.text


# ── limits, the time limit, nothing left behind ──

def test_size_limits(small: Server) -> None:
    too_big = b"\xe6\x8a\xa5" * (700 * 1024)                   # 2.1 MB of text: over the 1 MB limit
    for op in ("check", "report"):
        assert_chinese_error(post_file(small.url, op, "大.txt", too_big), 422, "大.txt", "太大", "管理员")
    body = b"0" * (6 * 1024 * 1024)                           # past what any upload may be (a .docx 5 MB)
    answer = post_raw(small.url, "check", "巨大.docx", body)
    assert_chinese_error(answer, 413, "太大", "--max-size")
    assert post_file(small.url, "check", "a.txt", TXT).json()["files"][0]["diagnostics"]


def test_size_limit_without_a_content_length(small: Server) -> None:
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(small.url)
    conn = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port, timeout=60)
    chunks = (b"0" * (1024 * 1024) for _ in range(8))
    conn.request("POST", "/api/check?name=a.docx", body=chunks, encode_chunked=True,
                 headers={"Content-Type": "application/octet-stream"})
    response = conn.getresponse()
    assert response.status == 413 and "太大" in json.loads(response.read())["error"]
    conn.close()


def test_a_request_past_the_time_limit_is_stopped_and_the_server_goes_on(small: Server) -> None:
    slow = TXT * 500                                          # ~0.9 MB: seconds of checking, fixing, checking
    answer = post_file(small.url, "diff", "长.txt", slow)
    assert_chinese_error(answer, 504, "长.txt", "超时", "1 秒")
    after = post_file(small.url, "check", "a.txt", TXT)
    assert after.status == 200 and after.json()["files"][0]["diagnostics"]


def test_nothing_is_left_on_disk(server: Server) -> None:
    for op in ("check", "report", "annotate", "fix", "diff"):
        for name, data in (("a.docx", DOCX), ("a.txt", TXT), ("坏.docx", DOCX[:900])):
            post_file(server.url, op, name, data)
    assert leftovers(server) == []


# ── an office's server: its configuration and packs, its token ──

def test_token_is_required_and_the_office_packs_are_used(office: Server) -> None:
    info = request(office.url + "api/info").json()
    assert info["token_required"] is True
    pack_ids = [p["id"] for p in info["packs"]]
    assert "my-province" in pack_ids or len(pack_ids) > 1
    page = request(office.url).text
    assert all(pid in page for pid in pack_ids)
    assert_chinese_error(post_file(office.url, "check", "a.txt", TXT), 401, "口令")
    assert_chinese_error(post_file(office.url, "check", "a.txt", TXT, {"Authorization": "Bearer wrong-token"}), 401,
                         "口令")
    ok = post_file(office.url, "check", "a.txt", TXT, {"Authorization": f"Bearer {TOKEN}"})
    assert ok.status == 200
    assert [p["id"] for p in ok.json()["tool"]["packs"]] == pack_ids
    config = ROOT / "examples" / "custom-pack.yaml"
    expected = cli_json(EXAMPLES / "draft-flawed.txt", "--isolated", "--pack", str(config))
    expected["files"][0]["path"] = "a.txt"
    assert ok.json() == expected


# ── starting: what stops the server before it listens ──

def test_a_bad_configuration_stops_it_before_listening(tmp_path: Path) -> None:
    bad = tmp_path / "fzlint.yaml"
    bad.write_text("packs: [\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "serve", "--no-browser", "--config", str(bad)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "fzlint.yaml" in proc.stderr and "http://" not in proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_port_in_use_is_said_in_chinese(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "checker", "serve", "--no-browser", "--isolated",
                               "--port", str(port)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "无法在 127.0.0.1" in proc.stderr and "--port" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_upload_that_trickles_in_is_cut_off(small: Server) -> None:
    """A client sending its body slower than the time limit holds no place for long: 408, and the server goes on."""
    import http.client
    import time
    from urllib.parse import urlsplit

    where = urlsplit(small.url)
    conn = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port, timeout=60)

    def trickle() -> Iterator[bytes]:
        for _ in range(30):
            yield b"x" * 10
            time.sleep(0.1)

    conn.request("POST", "/api/check?name=a.txt", body=trickle(), encode_chunked=True,
                 headers={"Content-Type": "application/octet-stream"})
    response = conn.getresponse()
    assert response.status == 408 and "上传超时" in json.loads(response.read())["error"]
    conn.close()
    assert post_file(small.url, "check", "a.txt", TXT).status == 200
