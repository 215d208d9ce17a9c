"""The words of a web page around a report: metadata labels (索引号, 发布机构, 成文日期 …), buttons, banners
and breadcrumbs. Matched against the folded (simplified) text, so 發布時間 is 发布时间.

Metadata comes in every shape: a table row (索引号 | … ), a bullet (``- 索 引 号：…``), a bracketed label
(``[ 成文日期 ] 2025-02-18``), a label alone on its line with the value on the next (``发布时间：`` /
``2026-03-04``). Labels are often spaced out (``索 引 号``); the patterns allow spaces between characters.
"""
from __future__ import annotations

import re
from functools import lru_cache

# labels of the metadata block a government page prints above (and sometimes below) an article
META_LABELS = (
    "索引号", "发布机构", "发文机关", "发文单位", "成文日期", "成文时间", "发布日期", "发布时间", "公开日期", "公开时间",
    "发文日期", "生成日期", "印发日期", "施行日期", "主题分类", "主题词", "体裁分类", "组配分类", "服务对象", "文号",
    "发文字号", "标题", "名称", "文件名称", "公开方式", "公开范围", "公开形式", "有效性", "时效性", "信息来源", "来源",
    "作者", "责任编辑", "编辑", "审核", "校对", "浏览次数", "阅读次数", "访问次数", "点击数", "点击量", "访问量",
    "浏览量", "字号", "字体", "时间", "日期", "所属机构", "信息分类", "分类", "内容分类", "公开责任部门",
)
# labels of a page's footer and header
SITE_LABELS = ("主办", "主办单位", "承办", "承办单位", "协办", "地址", "联系电话", "电话", "邮编", "网站标识码",
               "ICP备案", "国际联网备案", "版权所有", "技术支持", "维护", "运维", "热搜", "分享", "分享到")


def _spaced(word: str) -> str:
    return r"\s*".join(re.escape(c) for c in word)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


LABEL = f"(?:{_alternation(META_LABELS)})"
SITE_LABEL = f"(?:{_alternation(SITE_LABELS)})"
BULLET = r"(?:[-–•·●▪◆■*]\s*)?"
BULLETS = "-–•·●▪◆■*"
# labels by their first character, longest first (a constant: is_meta_row looks a line's head up in it)
_BY_FIRST: dict[str, tuple[str, ...]] = {
    first: tuple(w for w in sorted(META_LABELS, key=len, reverse=True) if w[0] == first)
    for first in {w[0] for w in META_LABELS}}


@lru_cache(maxsize=1)
def _pair_re() -> re.Pattern[str]:
    """Every label and its value in a row that may hold several ("[ 索引号 ] … [ 主题分类 ] …", "发布时间：…
    来源：…"). Compiled on first use (≈ 20 ms: only pages with metadata rows need it)."""
    return re.compile(
        rf"(?:[\[【]\s*(?P<b>{LABEL})\s*[\]】]|(?P<c>{LABEL})\s*[:：|｜])\s*(?P<value>.*?)\s*(?=(?:[\[【]\s*{LABEL}\s*[\]】]|"
        rf"(?<=\s){BULLET}{LABEL}\s*[:：|｜]|[-–•·●▪◆■*]\s*{LABEL}\s*[:：|｜])|$)")


def is_meta_row(text: str) -> bool:
    """A metadata row: a (bulleted) label followed by a colon or a bar (发布机构：…, - 索 引 号：…), a bracketed
    label ([ 成文日期 ] …), or a label alone on its line (发布时间：, its value on the next line). Plain string
    work, no big regex: it runs on every short line of every document."""
    s = text.strip()
    if s and s[0] in BULLETS:
        s = s[1:].lstrip()
    head = "".join(s[:48].split())
    bracket = head[:1] in ("[", "【")
    if bracket:
        head = head[1:]
    for label in _BY_FIRST.get(head[:1], ()):
        if head.startswith(label):
            rest = head[len(label):]
            if bracket:
                return rest[:1] in ("]", "】")
            return rest[:1] in (":", "：", "|", "｜") or "".join(s.split()) == label
    return False


SITE_ROW_RE = re.compile(rf"^\s*{BULLET}{SITE_LABEL}\s*[:：|｜]")
# a site's date banner: 今天是：2025年3月4日 星期二 农历二月初五
BANNER_RE = re.compile(r"^\s*(?:今天是|今日|当前日期|现在是)\s*[:：]?\s*\d{4}\s*[-/.年]|星期[一二三四五六日天]\s*(?:农历|$)")
# font switches: 字体：【大 中 小】, 【大】【中】【小】, [大 中 小]
FONT_RE = re.compile(r"[【\[]\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]")


def label_key(label: str) -> str:
    """A label as written ("索 引 号", "發布時間" folded) → its key ("索引号")."""
    return re.sub(r"\s+", "", label)


def meta_pairs(line: str) -> list[tuple[str, str]]:
    """(label, value) pairs of a metadata row, labels without their spaces."""
    alone = "".join(line.split()).strip("-–•·●▪◆■*[]【】:：|｜")
    if alone in META_LABELS:
        return [(alone, "")]         # a label alone on its line: its value is on the next
    out = []
    for m in _pair_re().finditer(line):
        label = m.group("b") or m.group("c")
        out.append((label_key(label), m.group("value").strip(" \u3000|｜")))
    return out
