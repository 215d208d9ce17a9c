"""Make docs/audit.png, the README's picture of the audit page (python scripts/audit_screenshot.py).

Builds a small corpus with benchmarks/corpus.py (the seeds and example drafts with varied defects and formats),
audits it with `checker.audit.audit`, renders the page and photographs the top of it (overview and report table)
in Debian's Chromium through Playwright, 1366 px wide. With --fixture, or when the audit is not available,
it renders tests/data/audit-result.json instead. Nothing is downloaded; the page is loaded from a file and
every network request is refused.

    python scripts/audit_screenshot.py [--out docs/audit.png] [-n 40] [--fixture] [--html KEEP.html]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
FIXTURE = ROOT / "tests" / "data" / "audit-result.json"


def real_audit(n: int, work: Path) -> dict[str, Any] | None:
    try:
        from corpus import build_corpus

        from checker.audit import AuditOptions, audit
    except ImportError as exc:
        print(f"没有审查模块或语料生成器（{exc}），改用示例数据", file=sys.stderr)
        return None
    folder = work / "2025年度报告"
    build_corpus(folder, n, seed=7)
    result = audit([str(folder)], AuditOptions(use_cache=False))
    result["root"] = "2025年度报告"
    return result


def shoot(page_html: str, out: Path, width: int, height: int) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "audit.html"
        page_file.write_text(page_html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                       else route.abort())
            page.goto(page_file.as_uri())
            # open a failing report so the picture shows findings with their highlighted text
            failing = page.locator('tbody.report[data-status="fail"] tr.row')
            if failing.count():
                failing.nth(min(2, failing.count() - 1)).click()
                page.evaluate("document.querySelector('.scroll').scrollTop = 0")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "audit.png")
    ap.add_argument("-n", type=int, default=40, help="reports in the corpus (default 40)")
    ap.add_argument("--fixture", action="store_true", help="render tests/data/audit-result.json, no audit")
    ap.add_argument("--html", type=Path, help="also keep the rendered page here")
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args()
    from checker.audit.html import render

    with tempfile.TemporaryDirectory() as tmp:
        result = None if args.fixture else real_audit(args.n, Path(tmp))
    if result is None:
        result = json.loads(FIXTURE.read_text(encoding="utf-8"))
    page_html = render(result)
    if args.html:
        args.html.write_text(page_html, encoding="utf-8")
    shoot(page_html, args.out, args.width, args.height)
    s = result["summary"]
    print(f"{args.out}: {s['reports']} 份报告（通过 {s['passed']}，不通过 {s['failed']}，无法读取 {s['unreadable']}）")


if __name__ == "__main__":
    main()
