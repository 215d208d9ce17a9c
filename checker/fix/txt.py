"""A .txt draft as `fzlint fix` edits it: the file's own bytes, written back in the same encoding (UTF-8, UTF-8
with BOM, GB18030, UTF-16 LE/BE with BOM) and with the same line ends (CRLF stays CRLF, a lone CR stays CR);
every character no edit touches is written back as it was.

The loader folds line ends (CRLF, CR → LF) before anything is checked, so a diagnostic's offsets refer to that
folded text; ``TxtSource`` keeps, for each character of it, where it is in the decoded file.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import InputError
from ..load.txt import decode, document_from_text
from ..model import Document
from .plan import Edit

LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True, slots=True)
class TxtSource:
    path: str
    raw: str            # the decoded file, line ends as written
    encoding: str       # as the loader names it: utf-8, utf-8-sig, gb18030, utf-16
    bom: bytes          # the byte-order mark written before the text ("" for none)
    codec: str          # the codec that encodes `raw` back to the file's bytes (after the BOM)

    @classmethod
    def of(cls, data: bytes, path: str) -> TxtSource:
        if not data.strip():
            raise InputError("文件是空的", path)
        raw, encoding = decode(data, path)
        bom, codec = b"", encoding
        if encoding == "utf-8-sig":
            bom, codec = codecs.BOM_UTF8, "utf-8"
        elif encoding == "utf-16":
            be = data.startswith(codecs.BOM_UTF16_BE)
            bom, codec = (codecs.BOM_UTF16_BE, "utf-16-be") if be else (codecs.BOM_UTF16_LE, "utf-16-le")
            raw = raw.removeprefix("\ufeff")
        source = cls(path, raw, encoding, bom, codec)
        if source.data() != data:
            raise InputError(f"文件的编码（{encoding}）不能原样写回（含有不规范的字节序列），为免改坏文件，未作修改；"
                             "请先用编辑器以 UTF-8 另存后再修复", path)
        return source

    def data(self) -> bytes:
        return self.bom + self.raw.encode(self.codec)

    def document(self) -> Document:
        """What the loader makes of this text (the same offsets the checks report)."""
        return document_from_text(self.raw, self.path, self.encoding)

    def _positions(self) -> list[int]:
        """For each offset of the folded text (and its end), the offset in ``raw``."""
        out = []
        i, n = 0, len(self.raw)
        while i < n:
            out.append(i)
            i += 2 if self.raw.startswith("\r\n", i) else 1
        out.append(n)
        return out

    def apply(self, edits: Iterable[Edit]) -> tuple[TxtSource, list[Edit], list[tuple[Edit, str]]]:
        """(the source with the edits made, the edits made, none refused). Offsets are of the folded text; the
        edits do not overlap and none crosses a line end."""
        pos = self._positions()
        made = sorted(edits, key=lambda e: (e.start, e.end))
        raw = self.raw
        for e in reversed(made):
            raw = raw[:pos[e.start]] + e.new + raw[pos[e.end]:]
        return TxtSource(self.path, raw, self.encoding, self.bom, self.codec), made, []

    def lines(self) -> list[str]:
        """The file's lines with their own line ends (what a unified diff of the file shows)."""
        return LINE_RE.findall(self.raw)
