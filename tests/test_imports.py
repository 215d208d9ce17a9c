"""Startup stays light: --help and a .txt check import neither python-docx, lxml, pypdfium2 nor the `serve`
extra (Starlette, uvicorn, python-multipart), and rjieba (word segmentation) is imported only when a rule of
the `slips` kind is active and a document reaches it; opencc (folding traditional characters) only for a
document that has them."""
from __future__ import annotations

import subprocess
import sys

from helpers import EXAMPLES

PROBE = """
import sys
from checker.cli import main
try:
    main({args!r}, standalone_mode=True)
except SystemExit:
    pass
heavy = sorted(m for m in ("docx", "lxml", "rjieba", "pypdfium2", "opencc", "starlette", "uvicorn",
                           "python_multipart") if m in sys.modules)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


def heavy_modules(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args))], capture_output=True, text=True)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY=")]
    assert line, proc.stderr
    return line[-1].removeprefix("HEAVY=")


def test_help_is_light() -> None:
    assert heavy_modules("--help") == ""


def test_txt_check_is_light() -> None:
    assert heavy_modules("check", "--format", "json", "--ignore", "wording.slip",
                         str(EXAMPLES / "draft-flawed.txt")) == ""


def test_segmentation_loads_only_for_a_slips_rule() -> None:
    assert heavy_modules("check", "--format", "json", str(EXAMPLES / "draft-flawed.txt")) == "rjieba"
    assert heavy_modules("check", "--format", "json", "--select", "wording.slip-de-di",
                         str(EXAMPLES / "draft-flawed.txt")) == "rjieba"
    assert heavy_modules("check", "--format", "json", "--select", "punctuation",
                         str(EXAMPLES / "draft-flawed.txt")) == ""


def test_traditional_text_loads_opencc_only_then(tmp_path) -> None:
    path = tmp_path / "繁體.txt"
    path.write_text("某某鎮人民政府關於2024年度法治政府建設情況的報告\n一、主要舉措和成效\n全年辦理案件29件。\n", encoding="utf-8")
    assert heavy_modules("check", "--format", "json", "--ignore", "wording.slip", str(path)) == "opencc"


def test_docx_check_loads_docx_only_then() -> None:
    assert "docx" in heavy_modules("check", "--format", "json", str(EXAMPLES / "draft-flawed.docx"))
    assert "docx" not in heavy_modules("check", "--format", "json", str(EXAMPLES / "draft-flawed.txt"))


def test_pdf_check_loads_pdfium_only_then(tmp_path) -> None:
    from pdf_build import pdf, text_page

    path = tmp_path / "report.pdf"
    path.write_bytes(pdf([text_page(["A report printed to PDF, with a text layer"] * 3)]))
    assert "pypdfium2" in heavy_modules("check", "--format", "json", str(path)).split(",")
    assert heavy_modules("check", "--format", "json", "--select", "punctuation", str(path)) == "pypdfium2"
    assert "pypdfium2" not in heavy_modules("check", "--format", "json", str(EXAMPLES / "draft-flawed.txt"))
