"""Make docs/serve.png, the README's picture of the `fzlint serve` page (python scripts/serve_screenshot.py).

Starts `fzlint serve --isolated --no-browser` on a free loopback port, opens the page in Debian's Chromium
through Playwright (1366 px wide), uploads examples/draft-flawed.docx, selects one finding so its words are
marked in the text, and photographs the page. Every request to anywhere but the server is refused; the server
is stopped at the end.

    python scripts/serve_screenshot.py [--out docs/serve.png] [--width 1366] [--height 1080]
"""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "serve.png")
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=1080)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--isolated", "--no-browser", "--jobs", "1"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        url = line[line.index("http://"):].split()[0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith((url, "blob:", "data:"))
                       else route.abort())
            page.goto(url)
            page.set_input_files("#file", str(ROOT / "examples" / "draft-flawed.docx"))
            page.wait_for_selector("#result:not([hidden])", timeout=60_000)
            page.locator('#findings li[data-rule="figures.rate-mismatch"]').click()
            page.evaluate("window.scrollTo(0, 0)")
            page.locator("#doc").evaluate("d => d.scrollTop = 0")
            page.locator("#findings").evaluate("d => d.scrollTop = 0")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    print(f"{args.out}: {url} 上传 draft-flawed.docx 后的页面")


if __name__ == "__main__":
    main()
