"""Check kinds: a YAML rule names its kind and gives that kind's parameters.

Each kind module exposes ``Params`` (a frozen dataclass whose __post_init__ refuses parameters that cannot
work, raising ParamError) and ``check(doc, outline, rule) -> Iterator[Finding]``: pure, no I/O.
The registry is a constant built from an explicit module list: no import side effects.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, Iterator

from ..errors import ParamError  # noqa: F401 - its home is checker.errors; kept importable from here
from ..model import Document, Finding, Outline, Rule
from . import (addressee, anachronism, attachments, date, figures, growth, indicators, leftovers, numbering, organs,
               pairs, parts, pattern, personal, signature, slips, tables, terms, time_words, title, years)


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    params: type
    check: Callable[[Document, Outline, Rule[Any]], Iterator[Finding]]
    needs: frozenset[str] = frozenset()     # "docx": its examples and test cases are docx markup (load.docx_sample)


def _kinds(*entries: tuple[str, ModuleType, str, str]) -> dict[str, Kind]:
    return {name: Kind(name, getattr(mod, params), getattr(mod, fn), frozenset(getattr(mod, "NEEDS", ())))
            for name, mod, params, fn in entries}


KINDS: dict[str, Kind] = _kinds(
    ("parts", parts, "PartsParams", "check_parts"),
    ("require", parts, "RequireParams", "check_require"),
    ("order", parts, "OrderParams", "check_order"),
    ("title", title, "Params", "check"),
    ("signature", signature, "Params", "check"),
    ("date", date, "Params", "check"),
    ("pattern", pattern, "Params", "check"),
    ("figures", figures, "Params", "check"),
    ("growth", growth, "Params", "check"),
    ("indicator", indicators, "Params", "check"),
    ("table", tables, "Params", "check"),
    ("years", years, "Params", "check"),
    ("addressee", addressee, "Params", "check"),
    ("pairs", pairs, "Params", "check"),
    ("numbering", numbering, "Params", "check"),
    ("terms", terms, "Params", "check"),
    ("personal", personal, "Params", "check"),
    ("organs", organs, "Params", "check"),
    ("anachronism", anachronism, "Params", "check"),
    ("time-word", time_words, "Params", "check"),
    ("slips", slips, "Params", "check"),
    ("attachments", attachments, "Params", "check"),
    ("leftovers", leftovers, "Params", "check"),
)
