"""An annotated copy opens in a real office suite: LibreOffice renders it to PDF with the comments in the margin.

LibreOffice (Debian's libreoffice-writer) runs headless with a private profile whose Writer print setting puts
comments in the margins (Print/Content/Note = 4), which its PDF export follows; 7.5 and later also take the
ExportNotesInMargin filter option, passed as well. pdftotext then reads the page, margin included. Skipped, with
the reason, where soffice or pdftotext is absent (.ci/run installs both where it can).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import EXAMPLES

from checker.annotate import annotate
from checker.annotate.comments import comment_text
from checker.runner import check_file

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                reason="needs LibreOffice (soffice, Debian libreoffice-writer) and pdftotext "
                                       "(poppler-utils) to open the annotated .docx in a real office suite")

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse"><value>4</value>\
</prop></item>
</oor:items>
"""
FILTER = ('pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"},'
          '"ExportNotes":{"type":"boolean","value":"false"}}')


def to_pdf(docx_path: Path, work: Path) -> Path:
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    proc = subprocess.run([str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                           "--convert-to", FILTER, "--outdir", str(work), str(docx_path)],
                          check=False, capture_output=True, text=True, timeout=300)
    pdf = work / (docx_path.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF: {proc.stdout}\n{proc.stderr}"
    return pdf


def pdf_text(pdf: Path) -> str:
    out = subprocess.run([str(PDFTOTEXT), str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True)
    return re.sub(r"\s+", "", out.stdout)


@pytest.mark.parametrize("name", ["draft-flawed.docx", "draft-flawed.txt"])
def test_libreoffice_shows_the_comments(name, tmp_path, rules) -> None:
    src = tmp_path / name
    src.write_bytes((EXAMPLES / name).read_bytes())
    result = check_file(str(src), rules)
    out = tmp_path / "annotated.docx"
    assert annotate(src, result, out) == sum(max(1, len(d.occurrences)) for d in result.diagnostics) > 5
    text = pdf_text(to_pdf(out, tmp_path))
    assert "结案率100%。。" in text                        # the report itself
    for d in result.diagnostics:                            # and every comment beside it (long ones are cut
        head = re.sub(r"\s+", "", comment_text(d))[:14]     # short in the margin: their start is compared)
        assert head in text, head
    assert text.count("fzlint") >= len(result.diagnostics)  # each comment signed by its author


def test_the_original_has_no_comments_in_the_pdf(tmp_path, rules) -> None:
    src = tmp_path / "draft-flawed.docx"
    src.write_bytes((EXAMPLES / "draft-flawed.docx").read_bytes())
    result = check_file(str(src), rules)
    text = pdf_text(to_pdf(src, tmp_path))
    assert "结案率100%。。" in text
    assert not any(re.sub(r"\s+", "", comment_text(d))[:14] in text for d in result.diagnostics)
