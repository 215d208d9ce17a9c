"""Character classes and small predicates for Chinese text."""
from __future__ import annotations

import re

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
CJK_RE = re.compile(f"[{CJK}]")
SENTENCE_END = "。！？；!?;"


def cjk_count(s: str) -> int:
    return len(CJK_RE.findall(s))


