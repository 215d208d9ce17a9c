"""Build examples/draft-flawed.docx from examples/draft-flawed.txt the way drafters format a report in Word:
a centred bold title, level-1 headings in the "Heading 1" style, run-in level-2 headings in bold,
the signature and date right-aligned. Run: python scripts/make_examples.py"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent


def build(src: Path, dest: Path) -> None:
    lines = [ln for ln in src.read_text(encoding="utf-8").split("\n") if ln.strip()]
    doc = Document()
    doc.core_properties.title = lines[0]
    doc.core_properties.author = "fzlint examples"
    doc.sections[0].header.paragraphs[0].text = "（页眉：不属于报告正文）"
    for i, line in enumerate(lines):
        if i == 0:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line)
            run.bold = True
            run.font.size = Pt(22)
        elif re.match(r"^[一二三四五六七八九十]+、", line):
            doc.add_paragraph(line, style="Heading 1")
        elif m := re.match(r"^(（[一二三四五六七八九十]+）[^。]*。)(.*)$", line):
            p = doc.add_paragraph()
            p.add_run(m.group(1)).bold = True
            p.add_run(m.group(2))
        elif i >= len(lines) - 2:
            p = doc.add_paragraph(line)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            doc.add_paragraph(line)
    doc.save(str(dest))


if __name__ == "__main__":
    build(ROOT / "examples" / "draft-flawed.txt", ROOT / "examples" / "draft-flawed.docx")
    print("wrote examples/draft-flawed.docx", file=sys.stderr)
