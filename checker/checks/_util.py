"""Small helpers shared by check kinds."""
from __future__ import annotations

from collections import Counter

from ..errors import ParamError
from ..model import Document, Outline, Part
from ..outline import YEAR_RE

__all__ = ["YEAR_RE", "body_year", "check_aspect", "parse_part"]


def check_aspect(aspect: str, aspects: tuple[str, ...]) -> None:
    """A kind with several aspects refuses one it does not know (user packs are schema-checked too; the
    built-in ones are not at run time, so the kind says it itself)."""
    if aspect not in aspects:
        raise ParamError("aspect", f"未知的检查项“{aspect}”；可用：{', '.join(aspects)}")


def parse_part(value: str, field: str) -> Part:
    try:
        return Part(value)
    except ValueError:
        raise ParamError(field, f"未知的部分“{value}”；可用：{', '.join(p.value for p in Part)}") from None



def body_year(doc: Document, outline: Outline) -> int | None:
    """The year the body speaks of most, the plan for next year left out."""
    years = Counter(int(y) for y in YEAR_RE.findall(doc.text, outline.body.start, outline.body.end))
    for span in outline.part_spans(Part.NEXT_YEAR):
        years.subtract(int(y) for y in YEAR_RE.findall(doc.text, span.start, span.end))
    return years.most_common(1)[0][0] if years else None
