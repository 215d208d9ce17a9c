"""What one line (paragraph) of a saved report is: a title, a date, an organ's name, a sentence of the report.
Every predicate reads the folded (simplified) text."""
from __future__ import annotations

import re

from ..text.cjk import cjk_count
from ..text.marks import ORDINAL_START_RE
from .chrome import is_breadcrumb, is_chrome

TITLE_RE = re.compile(r"法治.{0,12}(?:报告|情况)|(?:报告|情况).{0,6}$")
DATE_CHARS_RE = re.compile(r"^[\d０-９〇零○一二三四五六七八九十年月日号.．/\-－\s]+$")
ORGAN_RE = re.compile(
    r"(?:人民政府|委员会|党委|党工委|政府|办事处|局|办公室|办|委|厅|院|所|中心|镇|乡|街道|部|队|站|会|公司)$")
NOTE_RE = re.compile(r"^[（(][^（）()]{2,40}[）)]$")
# 密级 and 紧急程度 labels a GB/T 9704 document carries above its title
LABEL_RE = re.compile(r"^(?:(?:绝密|机密|秘密)(?:\s*★.{0,10})?|(?:特急|加急|平急)|[【\[（(]?(?:内部资料|内部文件)[】\]）)]?)$")
# a title's first line that the next line completes ("××县人民政府关于2025年度法治政府建设" / "情况的报告")
TITLE_HEAD_RE = re.compile(r"(?:关于|^(?:19|20)\d\d\s*年).{0,40}法治|法治.{0,20}$")
TITLE_TAIL_RE = re.compile(r"^[^。，,；;：:]{1,24}(?:报告|情况)$")
# the 发文字号 of a letter or a document: 北交法〔2026〕6号
DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d{1,4}\s*号$")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_title(text: str) -> bool:
    s = text.strip()
    return (4 <= len(s) <= 100 and not s.endswith(("。", "：", ":", "，", ","))
            and TITLE_RE.search(s) is not None and "法治" in s
            and ORDINAL_START_RE.match(s) is None and not is_chrome(s) and not is_breadcrumb(s)
            and cjk_count(s) >= len(s.replace(" ", "")) * 0.6)


def is_date_line(text: str) -> bool:
    """A short line that is (or was meant to be) a date: '2026年1月15日', '2026115', '二〇二六年一月十五日'."""
    s = text.strip()
    if not (5 <= len(s) <= 24) or not DATE_CHARS_RE.match(s):
        return False
    digits = sum(c.isdigit() for c in s)
    return digits >= 5 or ("年" in s and "月" in s)


def is_organ_line(text: str) -> bool:
    s = squash(text)
    return (2 <= len(s) <= 60 and not any(c in s for c in "。，,；;：:！？")
            and ORGAN_RE.search(s) is not None and cjk_count(s) >= len(s) * 0.8)


def is_content(text: str) -> bool:
    """A sentence of the report: long, with sentence punctuation, and not a title line."""
    return cjk_count(text) >= 30 and re.search(r"[，,。；;]", text) is not None and not is_title(text)


def has_organ(title: str) -> bool:
    """A title line that names its organ (not one that starts with 关于 or with the year)."""
    s = title.strip()
    return not (s.startswith("关于") or re.match(r"^(?:19|20)\d\d", s))
