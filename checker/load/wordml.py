"""The WordprocessingML vocabulary and the run-level reading every .docx module shares: tag names, the runs of
a paragraph as Word shows them, their text, on/off properties and the style chain. checker.load.docx reads the
body with them; docx_comments, docx_marks, docx_numbering and docx_edit read comments, tracked changes and runs
with the same ones, so all agree on what the text is. Nothing here imports python-docx or lxml.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, TBL, TR, TC, R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
SDT, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
ALTERNATE, CHOICE, FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
VAL = _w("val")
C_START, C_END, C_REF = _w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference")

# Elements inside a paragraph whose runs are shown text (w:del / w:moveFrom are deleted text: skipped).
RUN_CONTAINERS = frozenset(_w(t) for t in (
    "hyperlink", "ins", "smartTag", "customXml", "fldSimple", "moveTo", "sdt", "sdtContent", "dir", "bdo"))

ALIGN = {
    "left": "left", "start": "left",
    "center": "center",
    "right": "right", "end": "right",
    "both": "justify", "distribute": "justify", "mediumKashida": "justify", "highKashida": "justify",
    "lowKashida": "justify", "thaiDistribute": "justify",
}

MAX_STYLE_CHAIN = 32       # styles based on styles based on …: Word's own chains are a few deep
# Characters that would break "one paragraph = one line" for any later str.splitlines(): one space each.
LINE_BREAKS = str.maketrans({c: " " for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def _alternate_branch(element: Any) -> Any:
    choice = element.find(CHOICE)
    return choice if choice is not None else element.find(FALLBACK)


def _runs(p: Any, marks: bool = False) -> Iterator[Any]:
    """The shown runs of a paragraph in order (and, with ``marks``, its comment range marks among them)."""
    for child in p:
        if child.tag == R or (marks and child.tag in (C_START, C_END)):
            yield child
        elif child.tag in RUN_CONTAINERS:
            yield from _runs(child, marks)
        elif child.tag == ALTERNATE:
            branch = _alternate_branch(child)
            if branch is not None:
                yield from _runs(branch, marks)


def _run_text(r: Any) -> str:
    parts: list[str] = []
    for child in r:
        tag = child.tag
        if tag == _w("t"):
            parts.append(child.text or "")
        elif tag in (_w("tab"), _w("ptab")):
            parts.append("\t")
        elif tag == _w("br"):
            parts.append("" if child.get(_w("type")) in ("page", "column") else " ")
        elif tag == _w("cr"):
            parts.append(" ")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
    return "".join(parts).translate(LINE_BREAKS)


def _on_off(rpr: Any, tag: str = "b") -> bool | None:
    if rpr is None:
        return None
    el = rpr.find(_w(tag))
    if el is None:
        return None
    return el.get(VAL, "true").lower() not in ("0", "false", "off")


@dataclass(frozen=True, slots=True)
class _Styles:
    by_id: dict[str, Any]           # styleId → w:style element
    default_paragraph: Any          # the default paragraph style element, or None
    default_bold: bool | None       # w:docDefaults run bold

    @classmethod
    def of(cls, styles_element: Any) -> "_Styles":
        by_id: dict[str, Any] = {}
        default = None
        for s in styles_element.iter(_w("style")) if styles_element is not None else ():
            sid = s.get(_w("styleId"))
            if sid is not None:
                by_id.setdefault(sid, s)
            if default is None and s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true", "on"):
                default = s
        bold = None
        if styles_element is not None:
            bold = _on_off(styles_element.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}"))
        return cls(by_id, default, bold)

    def chain(self, style: Any) -> Iterator[Any]:
        """The style and the styles it is based on (cycles cut, at most MAX_STYLE_CHAIN: each paragraph walks it)."""
        seen: set[str] = set()
        while style is not None and len(seen) < MAX_STYLE_CHAIN:
            sid = style.get(_w("styleId")) or ""
            if sid in seen:
                return
            seen.add(sid)
            yield style
            based = style.find(_w("basedOn"))
            style = self.by_id.get(based.get(VAL)) if based is not None else None

    def lookup(self, prop: Any, fallback: Any = None) -> Any:
        """The style a w:pStyle / w:rStyle element names (or ``fallback``)."""
        if prop is None:
            return fallback
        return self.by_id.get(prop.get(VAL), fallback)

    def style_bold(self, style: Any) -> bool | None:
        for s in self.chain(style):
            b = _on_off(s.find(_w("rPr")))
            if b is not None:
                return b
        return None

    def style_align(self, style: Any) -> str | None:
        for s in self.chain(style):
            jc = s.find(f"{_w('pPr')}/{_w('jc')}")
            if jc is not None:
                return ALIGN.get(jc.get(VAL, ""))
        return None


def _paragraph_style(p: Any, styles: _Styles) -> Any:
    return styles.lookup(p.find(f"{_w('pPr')}/{_w('pStyle')}"), styles.default_paragraph)
