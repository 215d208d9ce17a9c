"""A real Word file from a marked-up text: how the examples and test cases of the rules about what a .docx
hides (checker.checks.leftovers) are written, since plain text cannot carry a tracked change or a comment.

One line is one paragraph; inside a line:

    {+文字+}              a tracked insertion (author 审阅人), not yet accepted
    {-文字-}              a tracked deletion
    {~文字~}              hidden text (w:vanish)
    {#批注|锚定文字#}      a comment by 审阅人 anchored on 锚定文字; {#批注|锚定文字|作者#} names the author

and a whole line ``[页眉] 文字``, ``[页脚] 文字`` or ``[水印] 文字`` goes into the page header, the footer, or a
WordArt watermark in the header instead of the body. python-docx and lxml are imported on use.
"""
from __future__ import annotations

import io
import re
from typing import Any

MARK = re.compile(r"\{\+(?P<ins>.*?)\+\}|\{-(?P<del>.*?)-\}|\{~(?P<hid>.*?)~\}|\{#(?P<cmt>.*?)#\}")
FURNITURE = re.compile(r"^\[(?P<where>页眉|页脚|水印)\]\s*(?P<text>.*)$")
REVIEWER = "审阅人"
WHEN = "2026-01-20T09:00:00Z"
V_NS = "urn:schemas-microsoft-com:vml"


def _run(text: str, tag: str = "t", hidden: bool = False) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    if hidden:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:vanish"))
        r.append(rpr)
    t = OxmlElement(f"w:{tag}")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _change(kind: str, text: str, ident: int) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(f"w:{kind}")
    el.set(qn("w:id"), str(ident))
    el.set(qn("w:author"), REVIEWER)
    el.set(qn("w:date"), WHEN)
    el.append(_run(text, "delText" if kind == "del" else "t"))
    return el


def _paragraph(document: Any, line: str, counter: list[int]) -> None:
    from docx.text.run import Run

    p = document.add_paragraph()
    at = 0
    for m in MARK.finditer(line):
        if m.start() > at:
            p._p.append(_run(line[at:m.start()]))
        at = m.end()
        counter[0] += 1
        if m.group("ins") is not None:
            p._p.append(_change("ins", m.group("ins"), counter[0]))
        elif m.group("del") is not None:
            p._p.append(_change("del", m.group("del"), counter[0]))
        elif m.group("hid") is not None:
            p._p.append(_run(m.group("hid"), hidden=True))
        else:
            note, _, rest = m.group("cmt").partition("|")
            anchor, _, author = rest.partition("|")
            r = _run(anchor or " ")
            p._p.append(r)
            document.add_comment([Run(r, p)], text=note, author=author or REVIEWER, initials="审")
    if at < len(line):
        p._p.append(_run(line[at:]))


def _watermark(header: Any, text: str) -> None:
    from xml.sax.saxutils import quoteattr

    from docx.oxml import parse_xml

    xml = (f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="{V_NS}">'
           '<w:pict><v:shape style="position:absolute;width:400pt;height:100pt;rotation:315">'
           f'<v:textpath string={quoteattr(text)}/></v:shape></w:pict></w:r>')
    header.paragraphs[0]._p.append(parse_xml(xml))


def build(marked: str) -> bytes:
    """The .docx bytes of a marked-up text (see the module docstring)."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    counter = [0]
    for line in marked.rstrip("\n").split("\n"):
        m = FURNITURE.match(line)
        if m is None:
            _paragraph(document, line, counter)
        elif m.group("where") == "水印":
            _watermark(section.header, m.group("text"))
        else:
            part = section.header if m.group("where") == "页眉" else section.footer
            part.add_paragraph(m.group("text"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def load_marked(marked: str, where: str = "<示例>.docx") -> Any:
    """The Document the .docx loader reads from ``build(marked)``."""
    from .docx import from_bytes

    return from_bytes(build(marked), where)


__all__ = ["build", "load_marked"]
