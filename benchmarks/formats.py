"""The formats that need more than reading text: PDF (per page) and .doc (converted by LibreOffice, per file).

Rows (benchmarks/bench.py prints them in its table, section "formats"):
  PDF load, pypdfium2       checker.load.load on PDFs LibreOffice makes here from examples/draft-flawed.docx and
                            from the five seeds in one 公文-style .docx: median ms per page; the note gives the share
                            of the .docx twin's paragraphs the PDF text holds word for word, spaces aside (quality)
  PDF load, pdfminer.six    the peer the loader was chosen against: pdfminer.six's glyphs (LTChar, its own
                            line grouping) through the same layout code; ms per page and the same share
  .doc convert + load       checker.load.load on the .doc LibreOffice saves of draft-flawed.docx: the whole
                            conversion (a fresh private LibreOffice profile each time) and reading; ms per file

LibreOffice is needed to make the files; without it the rows say so. pdfminer.six is a peer, not a dependency
(pip install '.[bench]').
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "examples" / "draft-flawed.docx"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _seeds_docx(path: Path) -> Path:
    """The five seeds as one 公文-style .docx: 16 pt, first-line indent of two characters, justified."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.size = Pt(16)
    for seed in SEEDS:
        for line in seed.read_text(encoding="utf-8").splitlines():
            if line.strip():
                p = d.add_paragraph(line.strip())
                p.paragraph_format.first_line_indent = Pt(32)
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    d.save(str(path))
    return path


def _paragraphs(doc: Any) -> list[str]:
    """The non-empty paragraphs, spaces left out (LibreOffice's PDF drops some typed spaces itself)."""
    return ["".join(doc.para_text(p).split()) for p in doc.paragraphs if doc.para_text(p).strip()]


def _share(found: list[str], twin: list[str]) -> float:
    have = set(found)
    return sum(1 for p in twin if p in have) / max(1, len(twin))


def pdfminer_paragraphs(path: Path) -> tuple[list[str], int]:
    """The paragraphs our layout code makes of pdfminer.six's glyphs, and the page count."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    from checker.load.pdf_blocks import blocks
    from checker.load.pdf_layout import Glyph, Line, line_of

    pages: list[list[Line]] = []
    for n, layout in enumerate(extract_pages(str(path))):
        lines: list[Line] = []
        for box in layout:
            if not isinstance(box, LTTextContainer):
                continue
            for text_line in box:
                if not isinstance(text_line, LTTextLine):
                    continue
                glyphs = [Glyph(ch.get_text(), ch.x0, ch.x1, ch.y0, ch.size, "Bold" in ch.fontname)
                          for ch in text_line if isinstance(ch, LTChar)]
                line = line_of(n, glyphs)
                if line is not None:
                    lines.append(line)
        lines.sort(key=lambda ln: -ln.y)
        pages.append(lines)
    found, _ = blocks(pages)
    return ["".join(b.text.split()) for b in found if b.text.strip()], len(pages)


def _timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def rows(runs: int, row: Callable[..., Any]) -> list[Any]:
    """The rows, built with ``row(section, what, median, best, note)`` (bench.Row)."""
    from checker.load import load
    from checker.load.convert import convert, find_soffice

    if find_soffice() is None:
        return [row("formats", "PDF and .doc", None, None, "LibreOffice (soffice) not installed: no files to time")]
    out = []
    with tempfile.TemporaryDirectory(prefix="fzlint-bench-") as tmp:
        folder = Path(tmp)
        sources = [DOCX, _seeds_docx(folder / "five-seeds.docx")]
        for source in sources:
            pdf = folder / (source.stem + ".pdf")
            pdf.write_bytes(convert(source.read_bytes(), ".docx", "pdf", str(source)))
            twin = _paragraphs(load(source))
            doc = load(pdf)
            pages = doc.meta["pages"]
            load(pdf)
            med, best = _timed(lambda pdf=pdf: load(pdf), runs)
            out.append(row("formats", f"PDF load, pypdfium2: {pdf.name} ({pages} pages)", med / pages, best / pages,
                           f"ms/页; {_share(_paragraphs(doc), twin):.0%} of the .docx paragraphs word for word"))
            try:
                found, _ = pdfminer_paragraphs(pdf)
            except ImportError:
                out.append(row("formats", f"PDF load, pdfminer.six: {pdf.name}", None, None, "not installed"))
                continue
            med, best = _timed(lambda pdf=pdf: pdfminer_paragraphs(pdf), max(1, runs // 3))
            out.append(row("formats", f"PDF load, pdfminer.six: {pdf.name} ({pages} pages)", med / pages,
                           best / pages, f"ms/页; {_share(found, twin):.0%} word for word (peer, same layout code)"))
        doc_file = folder / "draft-flawed.doc"
        doc_file.write_bytes(convert(DOCX.read_bytes(), ".docx", "doc:MS Word 97", str(DOCX)))
        med, best = _timed(lambda: load(doc_file), max(1, min(runs, 3)))
        out.append(row("formats", ".doc convert + load: draft-flawed.doc", med, best,
                       "ms/文件: LibreOffice with a fresh private profile, then the .docx loader"))
    return out


__all__ = ["pdfminer_paragraphs", "rows"]
