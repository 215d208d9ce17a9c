"""Small helpers shared by check kinds."""
from __future__ import annotations

from ..errors import ParamError
from ..model import Part
from ..outline import YEAR_RE

__all__ = ["YEAR_RE", "check_aspect", "parse_part"]


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
