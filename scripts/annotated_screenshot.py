"""Make docs/annotated.png: the first page of examples/draft-flawed.docx annotated by fzlint, as LibreOffice shows
it, the comments in the margin.

Steps: `fzlint check examples/draft-flawed.docx --annotate-to TMP/draft-flawed.fzlint.docx`; LibreOffice headless
(a private profile whose Writer print setting puts comments in the margins, which its PDF export follows; 7.5+
also takes the ExportNotesInMargin filter option) converts the copy to PDF; `pdftoppm -r 80` renders page 1.
Needs soffice (libreoffice-writer), pdftoppm (poppler-utils) and a CJK font. Run: python scripts/annotated_screenshot.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "draft-flawed.docx"
TARGET = ROOT / "docs" / "annotated.png"
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse"><value>4</value>\
</prop></item>
</oor:items>
"""
FILTER = ('pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"},'
          '"ExportNotes":{"type":"boolean","value":"false"}}')


def run(args: list[str], timeout: int = 300) -> None:
    proc = subprocess.run(args, check=False, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"{args[0]} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print("需要 LibreOffice（soffice）和 pdftoppm（poppler-utils）", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="fzlint-shot-") as tmp:
        work = Path(tmp)
        annotated = work / "draft-flawed.fzlint.docx"
        proc = subprocess.run([sys.executable, "-m", "checker", "check", str(SOURCE), "--annotate-to", str(annotated),
                               "--format", "concise"], check=False, capture_output=True, text=True, cwd=ROOT)
        if not annotated.exists():
            raise SystemExit(f"fzlint wrote no annotated copy:\n{proc.stdout}{proc.stderr}")
        profile = work / "lo-profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
        run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
             "--convert-to", FILTER, "--outdir", str(work), str(annotated)])
        run([pdftoppm, "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-png", str(work / (annotated.stem + ".pdf")),
             str(work / "page")])
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "page.png", TARGET)
    print(f"已写入 {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
