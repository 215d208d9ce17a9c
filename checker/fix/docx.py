"""A .docx draft as `fzlint fix` edits it: the runs of word/document.xml edited in place (checker.load.docx_edit), every
other part of the package written back byte for byte.

python-docx reads the package so that ``RunMap`` can find the runs at a diagnostic's offsets; its own ``save``
would re-serialise every part, so it is not used. Only the main document part is serialised again; the ZIP is
rebuilt member by member in the original order, each member with its original name, date and compression, and
the content of every member but the main document unchanged. The runs keep their properties (w:rPr): an edit
takes the formatting of the run it starts in; styles, tables, numbering, headers, footers, pictures and
comments (their marks in the text and the comments part) stay as they were.
"""
from __future__ import annotations

import dataclasses
import io
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document
from .plan import Edit, apply_to_text


@dataclass(frozen=True, slots=True)
class DocxSource:
    path: str
    blob: bytes         # the whole .docx as it is now
    limits: Any = None  # checker.load.limits.Limits for reading it back (None: the defaults)

    @classmethod
    def of(cls, data: bytes, path: str) -> DocxSource:
        return cls(path, data)

    def data(self) -> bytes:
        return self.blob

    def document(self) -> Document:
        """What the loader makes of the package as it is now (the offsets the checks report)."""
        from ..load import load

        with tempfile.TemporaryDirectory(prefix="fzlint-fix-") as tmp:
            copy = Path(tmp) / "fix.docx"
            copy.write_bytes(self.blob)
            doc = load(copy, self.limits) if self.limits is not None else load(copy)
        return dataclasses.replace(doc, path=self.path)

    def lines(self) -> list[str]:
        return [ln + "\n" for ln in self.document().text.split("\n")]

    def apply(self, edits: Iterable[Edit]) -> tuple[DocxSource, list[Edit], list[tuple[Edit, str]]]:
        """(the edited source, the edits made, the edits refused with the reason). Edits are made last to first;
        one that cannot be made exactly (on Word's automatic numbering, inside a field) is refused, not forced."""
        import docx

        from ..load.docx_edit import RunMap

        document = docx.Document(io.BytesIO(self.blob))
        runmap = RunMap.of(document)
        before = runmap.text
        applied: list[Edit] = []
        refused: list[tuple[Edit, str]] = []
        for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            try:
                runmap.replace(e.start, e.end, e.new)
            except ValueError as exc:
                refused.append((e, str(exc)))
                continue
            applied.append(e)
        applied.reverse()
        refused.reverse()
        if not applied:
            return self, [], refused
        if runmap.text != apply_to_text(before, applied):
            raise InputError("修改后的文档文字与预期不一致，为免改坏文件，未作修改；请把此文件报告给 fzlint 维护者",
                             self.path)
        part = document.part
        name = str(part.partname).lstrip("/")
        blob = rezip(self.blob, {name: part.blob})
        return DocxSource(self.path, blob, self.limits), applied, refused


def rezip(original: bytes, replace: dict[str, bytes]) -> bytes:
    """The ZIP ``original`` with the content of the members named in ``replace`` changed; every other member's
    content, and every member's name, order, date, attributes and compression, as they were."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as zin, zipfile.ZipFile(out, "w") as zout:
        zout.comment = zin.comment
        for info in zin.infolist():
            content = replace[info.filename] if info.filename in replace else zin.read(info)
            zout.writestr(info, content)
    return out.getvalue()
