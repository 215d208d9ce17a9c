"""The 附件说明 agrees with the attachments present (GB/T 9704—2012 7.3.4 and 8): as many attachments as it
lists, under the names it gives.

The attachments present are those after the 成文日期 (附件 / 附件1 and the caption under it) and the files a
saved page offers for download under 附件. Where the document carries no attachment at all, they were sent as
separate files: nothing is compared. Attachments without a 附件说明 are not judged here (a page's downloads
need none)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from ..model import Attachment, Document, Finding, Outline, Rule
from ..text.cjk import cjk_count


@dataclass(frozen=True, slots=True)
class Params:
    SCHEMA: ClassVar[dict[str, Any]] = {"properties": {}}


def same_name(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a) and bool(b) and (a == b or (min(cjk_count(a), cjk_count(b)) >= 4 and (a in b or b in a)))


def check(doc: Document, outline: Outline, rule: Rule[Params]) -> Iterator[Finding]:
    note, present = outline.note, outline.attached
    if not note or not present:
        return
    if len(note) != len(present):
        yield Finding(note[0].span, {"problem": f"附件说明列了{len(note)}个附件，文后附了{len(present)}个",
                                     "name": note[0].name})
        return
    named = [a for a in present if a.name]
    unmatched_present = [a for a in named if not any(same_name(n.name, a.name) for n in note)]
    for n in note:
        if not named or any(same_name(n.name, a.name) for a in named):
            continue
        yield Finding(n.span, {"problem": _problem(n, unmatched_present), "name": n.name})


def _problem(n: Attachment, unmatched: list[Attachment]) -> str:
    if len(unmatched) == 1:
        return f"附件说明写的是“{n.name}”，文后的附件题为“{unmatched[0].name}”"
    return f"附件说明中的“{n.name}”在文后的附件中找不到"
