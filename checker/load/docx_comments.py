"""Where Word comments are anchored in the loaded text: those addressed to fzlint ("fzlint: ignore RULE") are
suppressions (checker.suppress), the others are reviewers' comments left in the file."""
from __future__ import annotations

from typing import Any

from .wordml import C_END, C_REF, C_START, COMMENTS_REL, P, R, _run_text, _runs, _w


def _comment_texts(document: Any) -> dict[str, tuple[str, str]]:
    """Comment id → (author, text (paragraphs joined by "\n")) of every comment in the part related as comments."""
    from lxml import etree

    rels = [r for r in document.part.rels.values() if r.reltype == COMMENTS_REL and not r.is_external]
    try:
        root = getattr(rels[0].target_part, "element", None) if rels else None
        root = root if root is not None or not rels else etree.fromstring(rels[0].target_part.blob)
    except etree.XMLSyntaxError:
        return {}
    return {c.get(_w("id")) or "": (c.get(_w("author")) or "",
                                    "\n".join("".join(t.text or "" for t in p.iter(_w("t"))) for p in c.iter(P)))
            for c in (root.iter(_w("comment")) if root is not None else ())}


ANNOTATION_AUTHOR = "fzlint"        # the author of the comments `fzlint check --annotate` writes


def addressed_to_fzlint(text: str) -> bool:
    return text.lstrip()[:6].lower() == "fzlint"


def comments_of(document: Any, body: Any, paras: list[tuple[Any, int, int, int]], size: int
              ) -> tuple[tuple[int | None, int | None, str, str], ...]:
    """(start, end, author, text) of each comment, in the order of the text; start and end are None for a
    comment not anchored in the text read (one in a header or footnote).

    ``paras``: (w:p, start offset, offset after its list mark, end offset) of each paragraph read. A range
    starting before a paragraph's first character also covers Word's list number, which no run holds; a
    w:commentReference alone anchors at its place. Marks in text that is not read (deleted text, text
    boxes) count at their paragraph's start or end; marks between paragraphs at the next paragraph's start
    (a range start) or the previous one's end (a range end)."""
    texts = _comment_texts(document)
    if not texts:
        return ()
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    known = {p: (start, end) for p, start, _, end in paras}
    for p, start, base, _ in paras:
        if not any(True for _ in p.iter(C_START, C_END, C_REF)):
            continue
        at = start      # where a range opened here begins: before the list number until text is passed
        for el in _runs(p, marks=True):
            if el.tag == R:
                ref = el.find(C_REF)
                if ref is not None:
                    ends.setdefault(f"ref{ref.get(_w('id'))}", base)
                shown = len(_run_text(el))
                base += shown
                at = base if shown else at
            elif el.tag == C_START:
                starts.setdefault(el.get(_w("id")) or "", at)
            else:
                ends.setdefault(el.get(_w("id")) or "", base)
    pending: list[str] = []         # range starts between paragraphs: at the next paragraph read
    last = (0, 0)
    for el in body.iter(P, C_START, C_END, C_REF):
        if el.tag == P:
            if el in known:
                last = known[el]
                starts.update({cid: last[0] for cid in pending})
                pending = []
            continue
        cid = ("ref" if el.tag == C_REF else "") + (el.get(_w("id")) or "")
        inside = next((known[a] for a in el.iterancestors(P) if a in known), None)
        if el.tag != C_START:
            ends.setdefault(cid, (inside or last)[1])
        elif cid not in starts and inside:
            starts[cid] = inside[0]
        elif cid not in starts:
            pending.append(cid)
    starts.update({cid: size for cid in pending})
    out: list[tuple[int | None, int | None, str, str]] = []
    for cid, (author, text) in texts.items():
        found = [at for at in (starts.get(cid), ends.get(cid, ends.get(f"ref{cid}"))) if at is not None]
        out.append((min(found), max(found), author, text) if found else (None, None, author, text))
    return tuple(sorted(out, key=lambda c: (c[0] is None, c[0] or 0, c[1] or 0, c[3])))
