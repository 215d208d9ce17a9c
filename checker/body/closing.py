"""The end of a report: the signature and the 成文日期, and what may follow them and is not the report —
attachments (附件, often tables) and the 版记 (抄送：…, ××办公室 2026年2月3日印发). Also the 附件说明 the
report gives above its signature ("附件：1.××表"), so a check can compare it with the attachments present.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .lines import NOTE_RE, is_date_line, is_organ_line

# a line of the 版记: 抄送/抄报/分送 lists, the 印发 line, the rules around it
BANJI_RE = re.compile(
    r"^\s*(?:抄\s*送|抄\s*报|分\s*送|发\s*送)\s*[:：]"
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$"
    r"|^\s*[─—―\-_=＿━]{8,}\s*$|^\s*[（(]\s*共印\s*\d+\s*份\s*[)）]\s*$")
# an attachment's own header line: 附件 / 附件1 / 附件二： (its name on the next line), or 附件1：名称
ATTACH_HEAD_RE = re.compile(r"^\s*附\s*件\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})?\s*[:：]?\s*(?P<name>[^。；;]{0,60}?)\s*$")
# the 附件说明 line: 附件：1.××表 (further items on the lines below: 2.××)
NOTE_HEAD_RE = re.compile(r"^\s*附\s*件\s*[:：]\s*(?P<rest>.*?)\s*$")
NOTE_ITEM_RE = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.．、]\s*(?P<name>\S.*?)\s*$")
FILE_SUFFIX_RE = re.compile(r"\.(?:xlsx?|docx?|wps|et|pdf|zip|rar|ofd|txt)$", re.I)


@dataclass(frozen=True, slots=True)
class Named:
    paragraph: int
    start: int          # offset of the name within the paragraph's text
    end: int
    name: str           # numbering, 书名号 and a file suffix taken off
    number: int | None = None


def clean_name(name: str) -> str:
    s = FILE_SUFFIX_RE.sub("", name.strip())
    s = s.strip("《》“”\"'：:；;，,。 \u3000")
    return s


def is_banji(text: str) -> bool:
    return BANJI_RE.search(text) is not None


def tail_start(texts: list[str], start: int, stop: int, skip: Callable[[int], bool]) -> int:
    """The first line after the report that belongs to its attachments or its 版记 (stop when there is none):
    a 版记 line, or an attachment header after the 成文日期, the signature or a bracketed note."""
    prev: int | None = None
    for i in range(start + 1, stop):
        t = texts[i]
        if not t.strip() or skip(i):
            continue
        if is_banji(t):
            return i
        if prev is not None and ATTACH_HEAD_RE.match(t) and (
                is_date_line(texts[prev]) or is_organ_line(texts[prev]) or NOTE_RE.match(texts[prev].strip())):
            return i
        prev = i
    return stop


def date_index(texts: list[str], start: int, end: int, prev: Callable[[int], int | None]) -> int | None:
    """The 成文日期 line: the last line, or the last before a bracketed 附注 such as "（此件公开发布）"."""
    i: int | None = end
    for _ in range(3):
        if i is None or i <= start:
            return None
        if is_date_line(texts[i]):
            return i
        if not NOTE_RE.match(texts[i].strip()):
            return None
        i = prev(i - 1)
    return None


def signature_lines(texts: list[str], last: int | None, floor: int, title: set[int | None],
                    prev: Callable[[int], int | None]) -> tuple[int, ...]:
    """The organ lines (one to three: a joint report is signed by two organs) ending at `last`."""
    out: list[int] = []
    i = last
    while i is not None and i > floor and i not in title and is_organ_line(texts[i]) and len(out) < 3:
        out.insert(0, i)
        i = prev(i - 1)
    return tuple(out)


def attachment_note(texts: list[str], paragraphs: list[int]) -> tuple[Named, ...]:
    """The 附件说明: the last "附件：…" line of the body and the numbered items below it."""
    heads = [k for k, i in enumerate(paragraphs) if NOTE_HEAD_RE.match(texts[i])]
    if not heads:
        return ()
    k = heads[-1]
    i = paragraphs[k]
    m = NOTE_HEAD_RE.match(texts[i])
    assert m is not None
    out: list[Named] = []
    rest = m.group("rest")
    if rest:
        item = NOTE_ITEM_RE.match(rest)
        name, number = (item.group("name"), int(item.group("n"))) if item else (rest, None)
        at = texts[i].find(name, m.start("rest"))
        out.append(Named(i, at, at + len(name), clean_name(name), number))
    for j in paragraphs[k + 1:]:
        item = NOTE_ITEM_RE.match(texts[j])
        if item is None or len(texts[j].strip()) > 80:
            break
        out.append(Named(j, item.start("name"), item.end("name"), clean_name(item.group("name")), int(item.group("n"))))
    return tuple(n for n in out if n.name)


def attachments(texts: list[str], tail: list[int]) -> tuple[Named, ...]:
    """The attachments after the 成文日期: each header (附件 / 附件1：名称) with its name, on the header line
    or on the next line when that is a short caption."""
    out: list[Named] = []
    for k, i in enumerate(tail):
        m = ATTACH_HEAD_RE.match(texts[i])
        if m is None or is_banji(texts[i]):
            continue
        n = m.group("n")
        number = int(n) if n and n.isdigit() else None
        name = m.group("name")
        if name:
            at = texts[i].find(name, m.start("name"))
            out.append(Named(i, at, at + len(name), clean_name(name), number))
            continue
        nxt = tail[k + 1] if k + 1 < len(tail) else None
        caption = texts[nxt].strip() if nxt is not None else ""
        if caption and len(caption) <= 60 and not re.search(r"[。；;]", caption) and not ATTACH_HEAD_RE.match(caption):
            at = texts[nxt].find(caption)   # type: ignore[index]
            out.append(Named(nxt, at, at + len(caption), clean_name(caption), number))  # type: ignore[arg-type]
        else:
            out.append(Named(i, 0, len(texts[i].strip()), "", number))
    return tuple(out)
