"""Find the report body inside page chrome: from the title line to the signature and 成文日期.

Published reports are saved from government web pages: "分享到微信朋友圈", "网站地图", "点击数" and the
like stand around (and sometimes just inside) the report. Only the body is checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import DateLine, Document, Paragraph, Span
from .text.cjk import cjk_count

# A short line that is part of the page, not the report.
CHROME_RE = re.compile(
    r"^\s*(?:"
    r"(?:发布日期|发布时间|公开日期|发文日期|成文日期|信息来源|来\s*源|字\s*号|字体|作者|时间|日期|点击数|点击量|"
    r"浏览次数|阅读次数|访问量|索引号|文\s*号|发文字号|发布机构|发文机关|主题分类|责任编辑|编辑|审核|分享|分享到|"
    r"主办|主办单位|承办|承办单位|协办|地址|联系电话|电话|邮编|网站标识码|ICP备案|国际联网备案|版权所有|热搜)"
    r"\s*[:：|]"
    r"|(?:分享到|分享|打印|关闭|返回顶部|返回|收藏|附件下载|相关链接|相关文档|相关阅读|上一篇|下一篇|扫一扫|网站地图|"
    r"版权声明|联系我们|我要写信|我要留言|展开菜单|收起|点击收起|智能机器人|适老版|无障碍|便民日历|政府信息公开|"
    r"【打印】|【关闭】|【字体|字体：|\[\s*打印\s*\]|×|微信|微博|索引号|文\s*号|来\s*源|公开日期|主题分类)"
    r"(?:\s|$|[:：|【\[]|相关链接)"
    r"|[|｜\s]+$"

    r"|.*(?:ICP备|公网安备|版权所有|网站标识码|建议使用.{0,20}浏览器|分辨率)"
    r")"
)
TITLE_RE = re.compile(r"法治.{0,12}(?:报告|情况)|(?:报告|情况).{0,6}$")
ORDINAL_START_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．，,]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第[一二三四五六七八九十]+部分)")
DATE_CHARS_RE = re.compile(r"^[\d０-９〇零○一二三四五六七八九十年月日号.．/\-－\s]+$")
ORGAN_RE = re.compile(
    r"(?:人民政府|委员会|党委|政府|办事处|局|办公室|办|委|厅|院|所|中心|镇|乡|街道|部|队|站|会)$")
PUBLISHED_RE = re.compile(
    r"(?:发布日期|发布时间|公开日期|时间|日期)\s*[:：]?\s*\n?\s*(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


BREADCRUMB_RE = re.compile(r"^\s*(?:当前位置|您现在的位置|您的位置|首页\s*[>＞»›/]|.{0,40}[>＞»›]\s*(?:正文|详情))|[>＞»›].*[>＞»›]")
LABEL_RE = re.compile(r"^(?:(?:绝密|机密|秘密)(?:\s*★.{0,10})?|(?:特急|加急|平急)|[【\[（(]?(?:内部资料|内部文件)[】\]）)]?)$")
NOTE_RE = re.compile(r"^[（(][^（）()]{2,40}[）)]$")


def is_breadcrumb(text: str) -> bool:
    s = text.strip()
    return bool(s) and len(s) <= 100 and BREADCRUMB_RE.search(s) is not None


@dataclass(frozen=True, slots=True)
class Body:
    span: Span
    title: int | None           # paragraph indices
    signature: tuple[int, ...]
    date: int | None
    paragraphs: tuple[int, ...]  # report paragraphs in the body (blank lines and chrome left out)
    chrome: tuple[int, ...]      # chrome paragraphs inside the body span
    published: str | None
    title_start: int | None = None   # first line of a title wrapped over two lines (else == title)


CHROME_WORDS_RE = re.compile(
    r"分享到|扫一扫|打印本页|关闭窗口|加入收藏|收藏本页|在手机打开|责任编辑[:：]|浏览次数[:：]|点击数[:：]|阅读次数[:：]")


def is_chrome(text: str) -> bool:
    """A line of the web page, not of the report: labels (发布日期:), buttons (打印, 分享到), footers."""
    s = text.strip()
    if not s or len(s) > 80:
        return False
    if CHROME_RE.match(s):
        return True
    # a short line with a page word anywhere in it ("分享到微信朋友圈", "微信扫一扫"), unless it reads
    # like report text: a heading mark, quotation marks or a full stop ("推行“扫一扫”亮码执法")
    return (len(s) <= 30 and CHROME_WORDS_RE.search(s) is not None and not ORDINAL_START_RE.match(s)
            and not any(c in s for c in "“”。"))


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
    s = re.sub(r"\s+", "", text)
    return (2 <= len(s) <= 60 and not any(c in s for c in "。，,；;：:！？")
            and ORGAN_RE.search(s) is not None and cjk_count(s) >= len(s) * 0.8)


def is_content(text: str) -> bool:
    """A sentence of the report: long, with sentence punctuation, and not a title line."""
    return cjk_count(text) >= 30 and re.search(r"[，,。；;]", text) is not None and not is_title(text)


def _published(doc: Document) -> str | None:
    if doc.meta.get("published"):
        return str(doc.meta["published"])
    m = PUBLISHED_RE.search(doc.text[:4000])
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def find_body(doc: Document) -> Body:
    paras = doc.paragraphs
    texts = [doc.para_text(p) for p in paras]
    first_content = next((i for i, t in enumerate(texts) if is_content(t) and not is_chrome(t)), None)
    limit = first_content if first_content is not None else next(
        (i for i, t in enumerate(texts) if ORDINAL_START_RE.match(t)), len(texts) - 1)
    title = _pick_title(texts, [i for i in range(min(limit, len(texts) - 1) + 1) if is_title(texts[i])])
    title_start = title
    if title is not None:
        # a title wrapped over two lines: the organ above, "关于2025年度…的报告" below
        above = _prev_nonblank(texts, title - 1, -1)
        if above is not None and is_organ_line(texts[above]) and not _has_organ(texts[title]):
            title_start = above
    if title_start is not None:
        start = _with_labels_above(texts, title_start)
    else:
        start = next((i for i, t in enumerate(texts) if t.strip() and not is_chrome(t) and not is_breadcrumb(t)), 0)
    end = _body_end(texts, start, {title, title_start})
    date = _date_index(texts, start, end)
    sig_end = _prev_nonblank(texts, date - 1, start) if date is not None else end
    signature: list[int] = []
    i = sig_end
    while i is not None and i > start and i != title and is_organ_line(texts[i]) and len(signature) < 3:
        signature.insert(0, i)
        i = _prev_nonblank(texts, i - 1, start)
    heads = {title, title_start}
    chrome = tuple(i for i in range(start, end + 1) if i not in heads and (is_chrome(texts[i]) or is_breadcrumb(texts[i])))
    body_paras = tuple(i for i in range(start, end + 1) if texts[i].strip() and i not in chrome)
    span = _trimmed(doc, paras[start], paras[end]) if paras else Span(0, 0)
    return Body(span=span, title=title, signature=tuple(signature), date=date,
                paragraphs=body_paras, chrome=chrome, published=_published(doc),
                title_start=title_start)


def _with_labels_above(texts: list[str], first: int) -> int:
    """GB/T 9704 puts the 密级 and 紧急程度 labels above the title: they are part of the document (and a
    report that is published must not carry them), so the body starts with them."""
    start = first
    i = _prev_nonblank(texts, first - 1, -1)
    while i is not None and first - i <= 4 and LABEL_RE.match(texts[i].strip()):
        start = i
        i = _prev_nonblank(texts, i - 1, -1)
    return start


def _pick_title(texts: list[str], candidates: list[int]) -> int | None:
    """The first title-like line with a year (a column name such as 法治政府建设年度报告 has none);
    where the page prints the title again just above the report, that copy."""
    with_year = [i for i in candidates if re.search(r"20\d\d", texts[i])]
    pool = with_year or candidates
    if not pool:
        return None
    key = re.sub(r"\s+", "", texts[pool[0]])
    return [i for i in pool if re.sub(r"\s+", "", texts[i]) == key][-1]


def _has_organ(title: str) -> bool:
    s = title.strip()
    return not (s.startswith("关于") or re.match(r"^20\d\d", s))


def _date_index(texts: list[str], start: int, end: int) -> int | None:
    """The 成文日期 line: the last line, or the last before a bracketed 附注 such as "（此件公开发布）"."""
    i: int | None = end
    for _ in range(3):
        if i is None or i <= start:
            return None
        if is_date_line(texts[i]):
            return i
        if not NOTE_RE.match(texts[i].strip()):
            return None
        i = _prev_nonblank(texts, i - 1, start)
    return None


def _trimmed(doc: Document, first: Paragraph, last: Paragraph) -> Span:
    """From the first character of the first paragraph to the last character of the last one."""
    head = doc.para_text(first)
    tail = doc.para_text(last)
    return Span(first.span.start + len(head) - len(head.lstrip()), last.span.start + len(tail.rstrip()))


def _prev_nonblank(texts: list[str], i: int, floor: int) -> int | None:
    """The nearest non-blank line at or before i and above floor."""
    while i > floor:
        if texts[i].strip():
            return i
        i -= 1
    return None


def _body_end(texts: list[str], start: int, heads: set[int | None]) -> int:
    """The last report paragraph: before the first chrome line that follows some of the report's own text
    (chrome between the title and the text — 发布日期, 字号, 打印 — is skipped, not an end)."""
    seen_text = False
    stop = len(texts)
    for i in range(start, len(texts)):
        t = texts[i]
        if not t.strip() or i in heads:
            continue
        if is_chrome(t) or is_breadcrumb(t):
            if seen_text:
                stop = i
                break
            continue
        seen_text = True
    i = stop - 1
    while i > start and not texts[i].strip():
        i -= 1
    return max(i, start)


def date_line(doc: Document, body: Body) -> DateLine | None:
    if body.date is None:
        return None
    p: Paragraph = doc.paragraphs[body.date]
    raw = doc.para_text(p)
    lead = len(raw) - len(raw.lstrip())
    s = raw.strip()
    return DateLine(span=Span(p.span.start + lead, p.span.start + lead + len(s)), text=s)
