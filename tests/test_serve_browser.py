"""The `fzlint serve` page in Debian's Chromium through Playwright, against the real server on 127.0.0.1.

A drafter's path: upload the flawed example .docx, see its findings highlighted in the text and listed beside it,
jump to a part, filter, open the diff of the fixes, download the annotated copy (python-docx finds the comments)
and the fixed file; paste text instead; meet a bad file and a token. The page must never reach anything but the
server that served it, and log no script error or CSP violation.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from helpers import EXAMPLES

pytest.importorskip("starlette", reason="fzlint serve 的可选组件未安装（pip install -e '.[test]' 会装上）")
pytest.importorskip("uvicorn", reason="fzlint serve 的可选组件未安装")
pytest.importorskip("python_multipart", reason="fzlint serve 的可选组件未安装")

from serve_helpers import Server, leftovers, start  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]           # as tests/test_audit_html.py launches it
DOCX = EXAMPLES / "draft-flawed.docx"
TOKEN = "qh-2025-fzb7"


@pytest.fixture(scope="module")
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip("没有 /usr/bin/chromium（Debian 的 chromium 包）：跳过浏览器测试；.ci/run 会安装它")
    sync_api = pytest.importorskip("playwright.sync_api", reason="没有安装 playwright（pip install -e .[test]）")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Server]:
    s = start(tmp_path_factory.mktemp("serve-page"), "--isolated", "--jobs", "2")
    yield s
    code, out, err = s.stop()
    assert code == 0 and "Traceback" not in err, err


def _page(browser: Any, url: str) -> Any:
    pg = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    pg.attempted, pg.problems = [], []
    own = url.split("#", 1)[0].rstrip("/")

    def guard(route: Any) -> None:
        target = route.request.url
        if target.startswith((own + "/", "data:", "blob:")) or target == own:
            route.continue_()
        else:
            pg.attempted.append(target)
            route.abort()

    pg.route("**/*", guard)
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda exc: pg.problems.append(str(exc)))
    pg.goto(url)
    pg.wait_for_load_state("load")
    return pg


@pytest.fixture()
def page(browser: Any, server: Server) -> Iterator[Any]:
    pg = _page(browser, server.url)
    yield pg
    assert pg.attempted == [], f"页面尝试访问别处：{pg.attempted}"
    assert pg.problems == [], pg.problems             # no script error, no CSP violation, no failed request
    pg.close()


def _upload(page: Any, path: Path) -> None:
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)


def test_upload_highlights_findings_and_jumps_to_a_part(page: Any, server: Server, tmp_path: Path) -> None:
    from serve_helpers import post_file

    expected = post_file(server.url, "check", DOCX.name, DOCX.read_bytes()).json()["files"][0]["diagnostics"]
    _upload(page, DOCX)
    assert page.text_content("#r-name") == "draft-flawed.docx"
    # every finding with a place is highlighted on exactly its characters
    marked = page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('#doc mark').forEach(m => m.dataset.ids.split(' ').forEach(id => {
            out[id] = (out[id] || '') + m.textContent; }));
        return out; }""")
    placed = [(i, d) for i, d in enumerate(expected) if d["start"] is not None and d["end"] > d["start"]]
    assert placed and all(marked.get(str(i)) == d["text"] for i, d in placed)
    assert "学些" in page.locator("#doc mark").all_text_contents()
    # the list: one entry per finding, the missing part first
    items = page.locator("#findings li.finding")
    assert items.count() == len(expected)
    assert page.locator("#findings h3").first.text_content().startswith("必备部分与结构")
    assert items.first.get_attribute("data-rule") == "structure.part-missing"
    assert "第一责任人" in items.first.text_content() and "依据" in items.first.text_content()
    # the parts: missing ones cannot be clicked, the others jump to their heading
    missing = page.locator('#parts button[data-part="first_responsible"]')
    assert "missing" in missing.get_attribute("class") and missing.is_disabled() and "缺" in missing.text_content()
    assert "incomplete" in page.get_attribute('#parts button[data-part="shortcomings"]', "class")
    page.locator("#doc").evaluate("d => d.scrollTop = 0")
    page.click('#parts button[data-part="next_year"]')
    line = page.locator("#doc p.flash")
    assert line.count() == 1 and "2026年工作安排" in line.text_content()
    assert page.evaluate("""() => { const p = document.querySelector('#doc p.flash').getBoundingClientRect();
        const d = document.querySelector('#doc').getBoundingClientRect();
        return p.top >= d.top && p.bottom <= d.bottom; }""")
    # a click on a finding marks its words in the text
    typo = page.locator('#findings li[data-rule="wording.known-typo"]')
    typo.click()
    assert page.locator("#doc mark.current").all_text_contents() == ["学些"]
    shot = tmp_path / "serve-page.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_filters_hide_findings_and_their_marks(page: Any) -> None:
    _upload(page, DOCX)
    total = page.locator("#findings li.finding").count()
    errors = page.locator('#findings li.finding[data-severity="error"]').count()
    page.uncheck('.f-sev[value="error"]')
    visible = page.locator("#findings li.finding:visible")
    assert visible.count() == total - errors
    assert page.text_content("#f-count") == f"显示 {total - errors} / {total} 条"
    typo_mark = page.locator("#doc mark", has_text="学些")
    assert "off" in typo_mark.get_attribute("class")          # an error only: no longer highlighted
    page.check('.f-sev[value="error"]')
    page.select_option("#f-cat", "punctuation")
    assert all(c == "punctuation" for c in page.eval_on_selector_all(
        "#findings li.finding:not([hidden])", "els => els.map(e => e.dataset.category)"))
    assert "off" not in (page.locator("#doc mark", has_text="。。").get_attribute("class") or "")


def test_downloads_the_annotated_copy_and_the_fixed_file(page: Any, tmp_path: Path) -> None:
    import docx

    _upload(page, DOCX)
    findings = page.locator("#findings li.finding").count()
    with page.expect_download() as got:
        page.click("#dl-annotated")
    annotated = tmp_path / got.value.suggested_filename
    got.value.save_as(annotated)
    assert annotated.name == "draft-flawed.fzlint.docx"
    comments = [c for c in docx.Document(str(annotated)).comments if c.author == "fzlint"]
    assert len(comments) == findings
    assert any("学些" in c.text for c in comments)
    # the diff first, then the file it describes
    page.click("#show-diff")
    page.wait_for_selector("#diff:not([hidden])")
    assert page.locator("#diff ins").all_text_contents().count("—") == 1
    assert "。" in page.locator("#diff del").all_text_contents()
    with page.expect_download() as got:
        page.click("#dl-fixed")
    fixed = tmp_path / got.value.suggested_filename
    got.value.save_as(fixed)
    assert fixed.name == "draft-flawed.fixed.docx"
    text = "\n".join(p.text for p in docx.Document(str(fixed)).paragraphs)
    assert "2021—2025" in text and "2026年1月20日" in text and "。。" not in text
    assert DOCX.read_bytes() != fixed.read_bytes()


def test_pasted_text(page: Any, tmp_path: Path) -> None:
    page.click("#tab-paste")
    page.fill("#paste", (EXAMPLES / "draft-flawed.txt").read_text(encoding="utf-8"))
    page.click("#paste-check")
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert page.text_content("#r-name") == "粘贴的文字.txt"
    assert "学些" in page.locator("#doc mark").all_text_contents()
    with page.expect_download() as got:
        page.click("#dl-fixed")
    fixed = tmp_path / "fixed.txt"
    got.value.save_as(fixed)
    assert got.value.suggested_filename == "粘贴的文字.fixed.txt"
    assert "。。" not in fixed.read_text(encoding="utf-8") and "学些" in fixed.read_text(encoding="utf-8")


def test_a_bad_file_gets_a_chinese_message(browser: Any, server: Server, tmp_path: Path) -> None:
    page = _page(browser, server.url)
    bad = tmp_path / "旧报告.rtf"
    bad.write_bytes(b"{\\rtf1\\ansi 2025}")
    page.set_input_files("#file", str(bad))
    page.wait_for_selector("#status.error")
    message = page.text_content("#status")
    assert "旧报告.rtf" in message and "不支持" in message and "另存为 .docx" in message
    assert "Traceback" not in page.content() and page.is_hidden("#result")
    assert page.attempted == []
    assert [p for p in page.problems if "422" not in p] == []     # the refused upload itself is the only one
    page.close()
    assert leftovers(server) == []


def test_a_token_is_asked_for(browser: Any, tmp_path: Path) -> None:
    s = start(tmp_path, "--isolated", "--jobs", "1", "--token", TOKEN)
    try:
        page = _page(browser, s.url)
        assert page.is_visible("#token")
        page.set_input_files("#file", str(DOCX))
        page.wait_for_selector("#status.error")
        assert "口令" in page.text_content("#status")
        page.fill("#token", TOKEN)
        page.dispatch_event("#token", "change")
        _upload(page, DOCX)
        assert page.locator("#findings li.finding").count() > 0
        page.close()
        hashed = _page(browser, s.url + "#token=" + TOKEN)          # a link carrying the token
        assert hashed.input_value("#token") == TOKEN and "token" not in hashed.url
        hashed.close()
    finally:
        s.stop()


def test_the_page_without_a_token_hides_the_field(page: Any) -> None:
    assert page.is_hidden("#token-row")
    assert page.title() == "法治政府建设年度报告检查 · fzlint"
    assert "规则包" in page.text_content("#tool-meta")
    csp = page.evaluate("() => fetch('/').then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self'" in csp and "default-src 'none'" in csp



def test_markup_in_a_report_stays_text(page: Any) -> None:
    """Report text is untrusted (a saved web page, a pasted draft): it is shown as text, never run."""
    lines = (EXAMPLES / "draft-flawed.txt").read_text(encoding="utf-8").split("\n")
    lines[4] += '<img src=x onerror="window.__fzlintXss = 1"><script>window.__fzlintXss = 2</script>'
    evil = "\n".join(lines)
    page.click("#tab-paste")
    page.fill("#paste", evil)
    page.click("#paste-check")
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert page.evaluate("typeof window.__fzlintXss") == "undefined"
    assert page.locator("#doc img, #doc script, #findings img, #findings script").count() == 0
    assert "<script>window.__fzlintXss = 2</script>" in page.text_content("#doc")
    assert "学些" in page.locator("#doc mark").all_text_contents()


def test_a_pdf_is_checked_and_its_fix_buttons_say_why_not(page: Any, tmp_path: Path) -> None:
    import docx

    from checker.load.convert import convert, find_soffice

    if find_soffice() is None:
        pytest.skip("needs LibreOffice (soffice; Debian libreoffice-writer) to make the PDF, which .ci/run installs")
    pdf = tmp_path / "draft-flawed.pdf"
    pdf.write_bytes(convert(DOCX.read_bytes(), ".docx", "pdf", str(DOCX)))
    _upload(page, pdf)
    assert page.text_content("#r-name") == "draft-flawed.pdf"
    assert "学些" in page.locator("#doc mark").all_text_contents()
    assert page.is_disabled("#dl-fixed") and page.is_disabled("#show-diff")
    assert "PDF" in page.text_content("#fix-note") and ".docx" in page.text_content("#fix-note")
    with page.expect_download() as got:
        page.click("#dl-annotated")
    annotated = tmp_path / got.value.suggested_filename
    got.value.save_as(annotated)
    assert annotated.name == "draft-flawed.fzlint.docx"
    assert len(list(docx.Document(str(annotated)).comments)) == page.locator("#findings li.finding").count()
