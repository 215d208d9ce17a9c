"""Ordinal marks that open a heading (一、 · （一） · 1. · （1） · 第一部分), as plain patterns shared by body
finding, the paragraph splitter and the checks. The outline reads levels and numbers from its own table."""
from __future__ import annotations

import re

CN = "[一二三四五六七八九十]{1,3}"
# a paragraph that opens with an ordinal mark (any level)
ORDINAL_START_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．，,]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]"
                              r"|第[一二三四五六七八九十]+部分)")
# a heading mark at this position, as it stands after a space inside a run of text: level 1 and 2 marks only
# (一、 （一） 第一部分), and a level-2 mark whose opening bracket was lost (三）)
HEADING_MARK_RE = re.compile(rf"(?:第{CN}部分|{CN}[、．]|[(（]{CN}[)）]|{CN}[)）])(?=\S)")
# any ordinal mark at this position (also 1. and （1）), for splitting where a heading is already known to begin
ANY_MARK_RE = re.compile(rf"(?:第{CN}部分|{CN}[、．.]|[(（]{CN}[)）]|{CN}[)）]|\d{{1,2}}[.．、](?!\d)|[(（]\d{{1,2}}[)）])(?=\S)")
# Markdown marks a writing assistant leaves around a line: "## 二、…", "**三、存在的问题**", "# **标题**"
# (wording.assistant-leftover reports them; the outline reads the heading or title inside them)
MARKDOWN_LEAD_RE = re.compile(r"^[ \t\u3000]*(?:#{1,6}[ \t\u3000]*)?(?:\*\*|__)?[ \t\u3000]*")
MARKDOWN_TRAIL_RE = re.compile(r"[ \t\u3000]*(?:\*\*|__)[ \t\u3000]*$")


def markdown_marks(line: str) -> tuple[int, int]:
    """(characters before, characters after) the line's words that are Markdown marks and spaces; (0, 0) when the
    line carries none ("**一、主要举措和成效**" → (2, 2); "## 二、存在的问题" → (3, 0))."""
    if not line or (line.lstrip(" \t\u3000")[:1] not in "#*_" and not line.rstrip().endswith(("**", "__"))):
        return 0, 0
    lead = MARKDOWN_LEAD_RE.match(line)
    a = lead.end() if lead and lead.group().strip() else 0
    trail = MARKDOWN_TRAIL_RE.search(line, a)
    b = len(line) - trail.start() if trail else 0
    return a, b
