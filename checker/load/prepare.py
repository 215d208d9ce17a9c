"""What every loader's Document goes through before it is checked, whatever its format (txt, docx, html, pdf
…): traditional characters folded for matching (``Document.simplified`` / ``Document.folded``, offsets
unchanged) and a page whose whole text is one block split into paragraphs (checker.load.split)."""
from __future__ import annotations

from dataclasses import replace

from ..model import Document
from ..text.fold import fold
from .split import split_blocks


def prepare(doc: Document) -> Document:
    if doc.simplified is None:
        folded = fold(doc.text)
        if folded is not None:
            doc = replace(doc, simplified=folded)
    return split_blocks(doc)
