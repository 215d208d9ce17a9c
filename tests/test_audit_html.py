"""The audit HTML page (checker.audit.html.render): structure and escaping with lxml, behaviour in real Chromium.

The fixture tests/data/audit-result.json follows the audit contract: eleven reports (two unreadable, one clean,
one whose organ, title, message and context carry markup that must never run) and two copied paragraphs.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES, ROOT

from checker.audit.html import CONTEXT_RADIUS, _context, render

FIXTURE = Path(__file__).parent / "data" / "audit-result.json"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def page_html(result: dict[str, Any]) -> str:
    return render(result)


def _tree(text: str) -> Any:
    import lxml.html

    return lxml.html.document_fromstring(text)


def q(el: Any, selector: str) -> list[Any]:
    """A small CSS subset over lxml without the cssselect package: `a b`, `a > b`, `tag#id.cls.cls`, `a, b`."""
    if "," in selector:
        return [x for part in selector.split(",") for x in q(el, part.strip())]
    xpath, axis = ".", "//"
    for token in selector.replace(">", " > ").split():
        if token == ">":
            axis = "/"
            continue
        m = re.fullmatch(r"([\w-]*)(?:#([\w-]+))?((?:\.[\w-]+)*)(?:\[([\w-]+)=\"([^\"]*)\"\])?", token)
        assert m, token
        tag, ident, classes, attr, value = m.groups()
        tests = [f"@id='{ident}'"] if ident else []
        tests += [f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes.split(".") if c]
        if attr:
            tests.append(f"@{attr}='{value}'")
        xpath += axis + (tag or "*") + "".join(f"[{t}]" for t in tests)
        axis = "//"
    return list(el.xpath(xpath))


def _text(el: Any) -> str:
    return " ".join(el.text_content().split())


# ── the fixture itself follows the contract (so the page is tested against what the audit really produces) ──

def test_fixture_summary_agrees_with_its_reports(result: dict[str, Any]) -> None:
    s, reports = result["summary"], result["reports"]
    assert s["reports"] == len(reports) == s["passed"] + s["failed"] + s["unreadable"]
    for key, status in (("passed", "pass"), ("failed", "fail"), ("unreadable", "error")):
        assert s[key] == sum(r["status"] == status for r in reports)
    for key in ("errors", "warnings", "infos"):
        assert s[key] == sum(r[key] for r in reports)
    assert sum(s["by_category"].values()) == sum(len(r["diagnostics"]) for r in reports)
    assert all(r["parts"] == dict.fromkeys(r["parts"]) for r in reports if r["status"] == "error")


# ── structure, without a browser ──

def test_every_report_is_a_row_in_rank_order(result: dict[str, Any], page_html: str) -> None:
    doc = _tree(page_html)
    bodies = q(doc, "table#reports tbody.report")
    assert [b.get("data-path") for b in bodies] == [r["path"] for r in result["reports"]]
    for body, r in zip(bodies, result["reports"]):
        cells = q(body, "tr.row > td")
        assert [c.text_content() for c in cells[5:8]] == [str(r["errors"]), str(r["warnings"]), str(r["infos"])]
        assert body.get("data-status") == r["status"]
        assert len(q(body, "ol.findings > li")) == len(r["diagnostics"])
    matrix_rows = q(doc, "table.matrix tbody tr")
    assert len(matrix_rows) == len(result["reports"])


def test_overview_counts_match_the_summary(result: dict[str, Any], page_html: str) -> None:
    doc = _tree(page_html)
    s = result["summary"]
    cards = {q(c, ".t")[0].text_content(): q(c, ".n")[0].text_content() for c in q(doc, ".card")}
    assert cards["份报告"] == str(s["reports"])
    assert cards["✓ 通过"] == str(s["passed"])
    assert cards["✗ 不通过"] == str(s["failed"])
    assert cards["⚠ 无法读取"] == str(s["unreadable"])
    assert (cards["错误"], cards["警告"], cards["提示"]) == (str(s["errors"]), str(s["warnings"]), str(s["infos"]))
    assert cards["份有雷同段落"] == str(s["copied_reports"])
    # the category chart: one bar per category, its value written beside it
    chart = q(doc, "#overview svg.chart")[1]
    values = [t.text_content() for t in q(chart, "text.value")]
    assert values == [str(s["by_category"][c]) for c in
                      ("structure", "signature", "date", "figures", "numbering", "punctuation", "wording")]
    top = q(doc, "table.rules tbody tr")
    assert [q(r, "code")[0].text_content() for r in top] == [t["rule"] for t in s["top_rules"][:len(top)]]
    assert len(q(doc, "table.copies tbody tr")) == len(result["copies"])


def test_parts_matrix_has_a_symbol_and_a_word_for_each_value(result: dict[str, Any], page_html: str) -> None:
    doc = _tree(page_html)
    expected = {"present": "✓ 有", "incomplete": "△ 不完整", "missing": "✗ 缺", None: "—"}
    for row, r in zip(q(doc, "table.matrix tbody tr"), result["reports"]):
        cells = [_text(td) for td in q(row, "td.part")]
        want = [expected[r["parts"][p]] for p in ("measures", "shortcomings", "first_responsible", "next_year")]
        assert cells == want, r["path"]
    assert {"missing", "incomplete", "present"} <= {r["parts"]["shortcomings"] for r in result["reports"]}


def test_timeliness_column_and_late_list(result: dict[str, Any], page_html: str) -> None:
    doc = _tree(page_html)
    words = {"on_time": "按时", "late": "逾期", "undated": "无成文日期", "unknown": "无法判断"}
    for body, r in zip(q(doc, "tbody.report"), result["reports"]):
        assert words[r["timeliness"]] in _text(q(body, "td.timeliness span.tl")[0])
    listed = _text(doc.get_element_by_id("timeliness"))
    for r in result["reports"]:
        shown = r["path"] in listed
        assert shown == (r["timeliness"] in ("late", "undated")), r["path"]
    # one circle per 成文日期 and one square per publication date on the strip
    strip = q(doc, "svg.timeline")[0]
    assert len(q(strip, "circle.dot")) == sum(1 for r in result["reports"] if r["date_iso"] and r["deadline"])
    assert len(q(strip, "rect.dot")) == sum(1 for r in result["reports"] if r["published"] and r["deadline"])
    assert len(q(strip, ".dot.late")) >= 2


def test_flagged_text_is_marked_inside_its_line(result: dict[str, Any], page_html: str) -> None:
    doc = _tree(page_html)
    for body, r in zip(q(doc, "tbody.report"), result["reports"]):
        for li, d in zip(q(body, "ol.findings > li"), r["diagnostics"]):
            marks = q(li, "div.ctx mark")
            if d["context"] and d["text"]:
                assert [m.text_content() for m in marks] == [d["text"]], (r["path"], d["rule"])
            else:
                assert not marks and not q(li, "div.ctx"), (r["path"], d["rule"])
            if d["suggestion"]:
                assert q(li, ".sug")[0].text_content() == d["suggestion"]
            assert d["reference"] in _text(li)


def test_context_is_cut_around_the_finding_and_falls_back_to_search() -> None:
    line = "甲" * 300 + "学些" + "乙" * 300
    out = _context(line, "学些", 301)
    assert out.startswith("…") and out.endswith("…") and "<mark>学些</mark>" in out
    assert len(out) < 2 * CONTEXT_RADIUS + 40
    assert "<mark>学些</mark>" in _context(line, "学些", 5)          # a wrong column: found by search
    assert "<mark>" not in _context("没有这个词", "学些", 1)         # not in the line: the line, unmarked
    assert _context(None, "学些", 1) == ""
    assert _context("a<b>c", "<b>", 2) == "a<mark>&lt;b&gt;</mark>c"


def test_unreadable_and_clean_reports_say_so(result: dict[str, Any], page_html: str) -> None:
    doc = _tree(page_html)
    by_path = {b.get("data-path"): b for b in q(doc, "tbody.report")}
    broken = next(r for r in result["reports"] if r["status"] == "error")
    assert broken["error"] in _text(q(by_path[broken["path"]], "tr.detail")[0])
    clean = next(r for r in result["reports"] if r["status"] == "pass" and not r["diagnostics"])
    assert "没有发现问题" in _text(q(by_path[clean["path"]], "tr.detail")[0])
    failing = next(r for r in result["reports"] if r["status"] == "fail")
    assert "没有发现问题" not in _text(q(by_path[failing["path"]], "tr.detail")[0])


def test_page_needs_no_network(page_html: str) -> None:
    doc = _tree(page_html)
    for el in doc.iter():
        for attr in ("src", "href", "action", "data", "poster", "xlink:href"):
            value = (el.get(attr) or "").strip().lower()
            assert not re.match(r"(https?:)?//", value), (el.tag, attr, value)
    assert not q(doc, "link, iframe, object, embed, img")
    style = "".join(s.text_content() for s in q(doc, "style"))
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_report_text_is_escaped_and_only_our_script_is_there(page_html: str) -> None:
    doc = _tree(page_html)
    scripts = q(doc, "script")
    assert len(scripts) == 1 and "__fzlintXss" not in scripts[0].text_content()
    assert not [el for el in doc.iter() if any(a.lower().startswith("on") for a in el.attrib)]
    text = doc.text_content()
    assert "<script>window.__fzlintXss = 1</script>" in text        # shown as text, in the context line
    assert '<img src=x onerror="window.__fzlintXss=2">' in text     # the organ, as text
    # the Content-Security-Policy admits exactly the inline script and style by hash
    csp = q(doc, 'meta[http-equiv="Content-Security-Policy"]')[0].get("content")
    digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_an_empty_audit_renders(result: dict[str, Any]) -> None:
    empty = copy.deepcopy(result)
    empty["reports"], empty["copies"] = [], []
    empty["summary"].update(reports=0, passed=0, failed=0, unreadable=0, errors=0, warnings=0, infos=0, top_rules=[],
                            copied_reports=0, by_category=dict.fromkeys(result["summary"]["by_category"], 0))
    doc = _tree(render(empty))
    assert not q(doc, "tbody.report")
    assert "没有发现报告之间雷同的长段落" in _text(doc.get_element_by_id("copies"))
    assert "没有逾期或无成文日期的报告" in _text(doc.get_element_by_id("timeliness"))


def test_a_real_audit_of_seeds_and_examples(tmp_path: Path) -> None:
    from checker.audit import AuditOptions, audit

    folder = tmp_path / "2025年度报告"
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(EXAMPLES, folder / "examples", ignore=shutil.ignore_patterns("*.yaml"))
    (folder / "examples" / "损坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    res = audit([str(folder)], AuditOptions(jobs=1, use_cache=False))
    doc = _tree(render(res))
    bodies = q(doc, "tbody.report")
    assert [b.get("data-path") for b in bodies] == [r["path"] for r in res["reports"]]
    assert len(bodies) == res["summary"]["reports"] == 9
    assert bodies[0].get("data-status") == "error"      # the corrupt file ranks first
    marked = q(doc, "ol.findings div.ctx mark")
    assert marked and len(q(doc, "ol.findings > li")) == sum(len(r["diagnostics"]) for r in res["reports"])
    assert "学些" in {m.text_content() for m in marked}   # seed 001's typo, highlighted in its line


# ── behaviour in real headless Chromium ──

@pytest.fixture(scope="module")
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip("没有 /usr/bin/chromium（Debian 的 chromium 包）：跳过浏览器测试；.ci/run 会安装它")
    sync_api = pytest.importorskip("playwright.sync_api", reason="没有安装 playwright（pip install -e .[test]）")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, page_html: str, tmp_path: Path) -> Any:
    path = tmp_path / "audit.html"
    path.write_text(page_html, encoding="utf-8")
    pg = browser.new_page(viewport={"width": 1366, "height": 768})
    attempted: list[str] = []
    problems: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda exc: problems.append(str(exc)))
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    yield pg
    assert attempted == [], f"页面尝试访问网络：{attempted}"
    assert problems == [], problems          # no script error, no CSP violation
    assert pg.evaluate("typeof window.__fzlintXss") == "undefined"
    pg.close()


def _column(pg: Any, key: str) -> list[str]:
    return list(pg.eval_on_selector_all("#reports tbody.report", f"els => els.map(e => e.dataset['{key}'])"))


def test_table_sorts_by_a_header_and_back(page: Any, result: dict[str, Any]) -> None:
    ranked = [r["path"] for r in result["reports"]]
    assert _column(page, "path") == ranked
    page.click('th[data-key="errors"]')
    first = [int(x) for x in _column(page, "errors")]
    assert first == sorted(first) and _column(page, "path") != ranked
    assert page.get_attribute('th[data-key="errors"]', "aria-sort") == "ascending"
    page.click('th[data-key="errors"]')
    second = [int(x) for x in _column(page, "errors")]
    assert second == sorted(first, reverse=True)
    assert page.get_attribute('th[data-key="errors"]', "aria-sort") == "descending"
    page.click('th[data-key="path"]')
    paths = _column(page, "path")
    assert paths != ranked and sorted(paths) == sorted(ranked)
    page.click('th[data-key="path"]')
    assert _column(page, "path") == paths[::-1]


def test_filter_by_text_and_status(page: Any, result: dict[str, Any]) -> None:
    def visible() -> list[str]:
        return list(page.eval_on_selector_all("#reports tbody.report", "els => els.filter(e => !e.hidden && "
                                              "e.offsetParent !== null).map(e => e.dataset.path)"))

    everyone = [r["path"] for r in result["reports"]]
    assert visible() == everyone
    page.fill("#filter-text", "清河县")
    want = [r["path"] for r in result["reports"] if "清河县" in r["path"] or "清河县" in (r["organ"] or "")]
    assert visible() == want and 0 < len(want) < len(everyone)
    assert page.text_content("#filter-count") == f"显示 {len(want)} / {len(everyone)} 份"
    page.fill("#filter-text", "wording.known-typo")          # a rule id finds the reports that broke it
    assert visible() == [r["path"] for r in result["reports"]
                         if any(d["rule"] == "wording.known-typo" for d in r["diagnostics"])]
    page.fill("#filter-text", "")
    page.select_option("#filter-status", "error")
    assert visible() == [r["path"] for r in result["reports"] if r["status"] == "error"]
    page.select_option("#filter-status", "")
    page.select_option("#filter-timeliness", "late")
    assert visible() == [r["path"] for r in result["reports"] if r["timeliness"] == "late"]
    page.select_option("#filter-timeliness", "")
    page.fill("#filter-text", "不存在的机关")
    assert visible() == []
    page.fill("#filter-text", "")
    assert visible() == everyone


def test_a_report_expands_to_its_findings(page: Any, result: dict[str, Any], tmp_path: Path) -> None:
    evil = next(r for r in result["reports"] if "城关镇" in r["path"])
    body = page.locator(f'tbody.report[data-path="{evil["path"]}"]')
    detail = body.locator("tr.detail")
    assert not detail.is_visible()
    body.locator("tr.row td.organ").click()
    assert detail.is_visible()
    assert body.locator("button.toggle").get_attribute("aria-expanded") == "true"
    assert detail.locator("ol.findings > li").count() == len(evil["diagnostics"])
    assert detail.locator("mark").all_text_contents() == ["12余件"]
    assert "<script>window.__fzlintXss = 1</script>" in detail.locator("div.ctx").text_content()
    other = page.locator("tbody.report").nth(3).locator("tr.detail")
    assert not other.is_visible()                           # only the clicked report opened
    shot = tmp_path / "audit-expanded.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    body.locator("button.toggle").click()
    assert not detail.is_visible()


def test_printing_expands_everything_and_hides_controls(page: Any) -> None:
    assert page.locator("tr.detail").first.is_visible() is False
    page.emulate_media(media="print")
    details = page.locator("tr.detail")
    assert all(details.nth(i).is_visible() for i in range(details.count()))
    assert not page.locator(".controls").is_visible() and not page.locator("button.toggle").first.is_visible()
    page.emulate_media(media="screen")
    assert not details.first.is_visible()
