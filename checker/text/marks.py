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
