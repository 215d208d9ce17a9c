"""What a .docx carries besides its text: unaccepted tracked changes, hidden text, and the words in its page
headers, footers and watermarks. The `leftovers` check kind (checker.checks.leftovers) turns them into findings.

The checked text of a document with tracked changes is the text as it reads **with every change accepted**:
inserted text (w:ins, w:moveTo) is in it, deleted text (w:del, w:moveFrom) is not. So the text is what the
report says once the drafter clicks "接受所有修订", and each change is a finding of its own:

- ``meta["revisions"]``: (kind, start, end, text, author) — kind "insert" (start–end is the inserted text in the
  checked text) or "delete" (start == end is where the deleted ``text`` stood). Adjacent pieces of one
  change by one author are one entry.
- ``meta["hidden"]``: (start, end) of hidden text (w:vanish, directly or through a character or paragraph style).
  Hidden text stays in the checked text: it is in the file, anyone can show it, and it is checked like the rest.
- ``meta["furniture"]``: (where, text) of each non-empty paragraph of a page header ("页眉") or footer ("页脚"),
  and of each watermark ("水印", the text of a WordArt shape in a header). These are not report text.
"""
from __future__ import annotations

from typing import Any, Iterator

from .wordml import (ALTERNATE, FALLBACK, P, R, RUN_CONTAINERS, _alternate_branch, _on_off, _paragraph_style,
                     _run_text, _runs, _Styles, _w)

INS, MOVE_TO, DEL, MOVE_FROM = _w("ins"), _w("moveTo"), _w("del"), _w("moveFrom")
INSERTED = (INS, MOVE_TO)
DELETED = (DEL, MOVE_FROM)
AUTHOR = _w("author")
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
VML_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"
MAX_FURNITURE = 200         # header/footer paragraphs kept (a file can hold many sections' headers)
MAX_TEXT = 500              # characters kept of one deleted piece or one header paragraph


def _events(p: Any, author: str | None = None) -> Iterator[tuple[str, Any, str | None]]:
    """("run", w:r, author of the insertion it is in or None) for each shown run in the order checker.load.docx
    reads them, and ("delete", w:del, author) where deleted text stands."""
    for child in p:
        tag = child.tag
        if tag == R:
            yield "run", child, author
        elif tag in INSERTED:
            yield from _events(child, child.get(AUTHOR) or "")
        elif tag in DELETED:
            yield "delete", child, child.get(AUTHOR) or ""
        elif tag in RUN_CONTAINERS:
            yield from _events(child, author)
        elif tag == ALTERNATE:
            branch = _alternate_branch(child)
            if branch is not None:
                yield from _events(branch, author)


def _deleted_text(element: Any) -> str:
    parts = []
    for el in element.iter(_w("delText"), _w("t"), _w("tab")):
        parts.append("\t" if el.tag == _w("tab") else el.text or "")
    return "".join(parts)


def _hidden(r: Any, para_style: Any, styles: _Styles) -> bool:
    rpr = r.find(_w("rPr"))
    vanish = _on_off(rpr, "vanish")
    if vanish is None and rpr is not None:
        vanish = _style_vanish(styles.lookup(rpr.find(_w("rStyle"))), styles)
    if vanish is None:
        vanish = _style_vanish(para_style, styles)
    return bool(vanish)


def _style_vanish(style: Any, styles: _Styles) -> bool | None:
    for s in styles.chain(style):
        v = _on_off(s.find(_w("rPr")), "vanish")
        if v is not None:
            return v
    return None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def marks_of(paras: list[tuple[Any, int, int, int]], styles: _Styles, text: str
             ) -> tuple[tuple[tuple[str, int, int, str, str], ...], tuple[tuple[int, int], ...]]:
    """(revisions, hidden spans) of the paragraphs read: ``paras`` as for docx_comments.comments_of
    (w:p, start, offset after its list mark, end)."""
    revisions: list[tuple[str, int, int, str, str]] = []
    hidden: list[tuple[int, int]] = []
    styled = _styles_hide(styles)
    for p, _, base, _ in paras:
        if not styled and not any(True for _ in p.iter(*INSERTED, *DELETED, _w("vanish"))):
            continue
        para_style = _paragraph_style(p, styles)
        at = base
        for kind, el, author in _events(p):
            if kind == "delete":
                deleted = _deleted_text(el)
                last = revisions[-1] if revisions else None
                if last and last[0] == "delete" and last[1] == at and last[4] == author:
                    revisions[-1] = ("delete", at, at, (last[3] + deleted)[:MAX_TEXT], author)
                elif deleted:
                    revisions.append(("delete", at, at, deleted[:MAX_TEXT], author or ""))
                continue
            shown = len(_run_text(el))
            if shown and author is not None:
                last = revisions[-1] if revisions else None
                if last and last[0] == "insert" and last[2] == at and last[4] == author:
                    revisions[-1] = ("insert", last[1], at + shown, text[last[1]:at + shown], author)
                else:
                    revisions.append(("insert", at, at + shown, text[at:at + shown], author))
            if shown and _hidden(el, para_style, styles):
                hidden.append((at, at + shown))
            at += shown
    return tuple(revisions), tuple(_merge(hidden))


def _styles_hide(styles: _Styles) -> bool:
    """Whether some style hides text (then every paragraph is looked at, not only those with w:vanish)."""
    return any(_on_off(s.find(_w("rPr")), "vanish") for s in styles.by_id.values())


def _part_texts(element: Any) -> Iterator[str]:
    """Each paragraph's text (text boxes included, an AlternateContent's choice only) and each WordArt string."""
    seen_fallback = {id(el) for fb in element.iter(FALLBACK) for el in fb.iter()}
    for el in element.iter(P, VML_TEXTPATH):
        if id(el) in seen_fallback:
            continue
        if el.tag == VML_TEXTPATH:
            yield "\x00" + (el.get("string") or "")
        else:
            yield "".join(_run_text(r) for r in _runs(el))


def furniture_of(document: Any) -> tuple[tuple[str, str], ...]:
    """(where, text) of the header, footer and watermark texts of every section (each part once)."""
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (HEADER_REL, FOOTER_REL):
            continue
        element = getattr(rel.target_part, "element", None)
        if element is None:
            continue
        where = "页眉" if rel.reltype == HEADER_REL else "页脚"
        for raw in _part_texts(element):
            kind, value = ("水印", raw[1:]) if raw.startswith("\x00") else (where, raw)
            value = " ".join(value.split())[:MAX_TEXT]
            if value and (kind, value) not in seen and len(out) < MAX_FURNITURE:
                seen.add((kind, value))
                out.append((kind, value))
    return tuple(out)


def extras(document: Any, body: Any, paras: list[tuple[Any, int, int, int]], styles: _Styles, text: str
           ) -> dict[str, Any]:
    """The meta entries of a loaded .docx beyond its title: ``comments`` (those addressed to fzlint, for
    checker.suppress: (start, end, text)), ``review_comments`` (the others, except those fzlint's --annotate
    wrote: (start, end, author, text), start and end None when not anchored in the text), ``revisions``,
    ``hidden`` and ``furniture`` (see the module docstring). Empty entries are left out."""
    from .docx_comments import ANNOTATION_AUTHOR, addressed_to_fzlint, comments_of

    comments = comments_of(document, body, paras, len(text))
    revisions, hidden = marks_of(paras, styles, text)
    found: dict[str, Any] = {
        "comments": tuple((s, e, t) for s, e, _, t in comments if s is not None and addressed_to_fzlint(t)),
        "review_comments": tuple(c for c in comments if not addressed_to_fzlint(c[3]) and c[2] != ANNOTATION_AUTHOR),
        "revisions": revisions,
        "hidden": hidden,
        "furniture": furniture_of(document),
    }
    return {key: value for key, value in found.items() if value}


__all__ = ["extras", "furniture_of", "marks_of"]
