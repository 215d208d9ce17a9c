"""Page chrome: the lines of a saved web page that are not the report (labels, buttons, banners, breadcrumbs,
footers), and what its metadata rows say (标题, 成文日期, 发布日期, and whether the page is a repost).

None of these lines is the title, the signature, the 成文日期 or the end of the report. Matched against the
folded text, so a traditional page's 發布時間 is 发布时间."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..text.marks import ORDINAL_START_RE
from ..text.page import BANNER_RE, FONT_RE, SITE_ROW_RE, is_meta_row as _is_meta_row, label_key, meta_pairs

# A short line that is part of the page, not the report.
CHROME_RE = re.compile(
    r"^\s*(?:"
    r"(?:分享到|分享|打印|关闭|返回顶部|返回|收藏|附件下载|相关链接|相关文档|相关阅读|上一篇|下一篇|扫一扫|网站地图|"
    r"版权声明|联系我们|我要写信|我要留言|展开菜单|收起|点击收起|智能机器人|适老版|无障碍|便民日历|政府信息公开|"
    r"设为首页|加入收藏|简体|繁体|【打印】|【关闭】|【字体|字体：|\[\s*打印\s*\]|×|微信|微博|"
    r"索\s*引\s*号|文\s*号|来\s*源|公开日期|主题分类)"
    r"(?:\s|$|[:：|【\[]|相关链接)"
    r"|[|｜\s]+$"
    r"|.*(?:ICP备|公网安备|版权所有|网站标识码|建议使用.{0,20}浏览器|分辨率)"
    r")"
)
CHROME_WORDS_RE = re.compile(
    r"分享到|扫一扫|打印本页|关闭窗口|加入收藏|收藏本页|在手机打开|责任编辑[:：]|浏览次数[:：]|点击数[:：]|阅读次数[:：]")
BREADCRUMB_RE = re.compile(r"^\s*(?:当前位置|您现在的位置|您当前所在的位置|您的位置|所在位置|首页\s*[>＞»›/]"
                           r"|.{0,40}[>＞»›]\s*(?:正文|详情))|[>＞»›].*[>＞»›]")
DATE_VALUE_RE = re.compile(r"((?:19|20)\d\d)\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)")
# where a page says it reposts another site's article: 转载自…, 来源：××日报 / ××网 / 微信公众号
REPOST_RE = re.compile(r"转载|转自|原文链接|原文地址")
MEDIA_RE = re.compile(r"网$|网站|日报|晚报|报社|新闻|公众号|微信|客户端|头条|报$|电视台|融媒")
PUBLISHED_LABELS = ("发布日期", "发布时间", "公开日期", "公开时间", "时间", "日期")
SIGNED_LABELS = ("成文日期", "成文时间", "发文日期", "印发日期")


def is_breadcrumb(text: str) -> bool:
    s = text.strip()
    return bool(s) and len(s) <= 100 and BREADCRUMB_RE.search(s) is not None


def is_meta_row(text: str) -> bool:
    """A metadata row in any of its shapes (table, bullet, bracketed label, label alone)."""
    return _is_meta_row(text)


def is_chrome(text: str) -> bool:
    """A line of the web page, not of the report: labels (发布日期:), buttons (打印, 分享到), banners, footers."""
    s = text.strip()
    if not s or len(s) > 160:
        return False
    if _is_meta_row(s) or SITE_ROW_RE.match(s) or BANNER_RE.search(s) or FONT_RE.search(s):
        return True
    if len(s) > 80:
        return False
    if CHROME_RE.match(s):
        return True
    # a short line with a page word anywhere in it ("分享到微信朋友圈", "微信扫一扫"), unless it reads
    # like report text: a heading mark, quotation marks or a full stop ("推行“扫一扫”亮码执法")
    return (len(s) <= 30 and CHROME_WORDS_RE.search(s) is not None and not ORDINAL_START_RE.match(s)
            and not any(c in s for c in "“”。"))


def iso(value: str) -> str | None:
    m = DATE_VALUE_RE.search(value)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page's metadata rows say."""

    title: tuple[int, int, int] | None = None   # (paragraph, start, end) of a 标题 row's value, label stripped
    signed: str | None = None                   # 成文日期 row (YYYY-MM-DD)
    published: str | None = None                # 发布日期 / 发布时间 row (YYYY-MM-DD)
    repost: bool = False                        # the page says the article comes from another site


def page_meta(texts: list[str], rows: list[int]) -> PageMeta:
    """Read the metadata rows (paragraph indices, in order); a label alone on its line takes the next line's
    value ("发布时间：" / "2026-03-04")."""
    title = signed = published = None
    repost = False
    for k, i in enumerate(rows):
        line = texts[i]
        pairs = meta_pairs(line)
        for label, value in pairs:
            where = i
            if not value and i + 1 < len(texts) and (k + 1 >= len(rows) or rows[k + 1] != i + 1):
                value, where = texts[i + 1].strip(), i + 1
            if label == "标题" and value and title is None:
                at = texts[where].find(value)
                title = (where, at, at + len(value)) if at >= 0 else None
            elif label in SIGNED_LABELS and signed is None:
                signed = iso(value)
            elif label in PUBLISHED_LABELS and published is None:
                published = iso(value)
            elif label in ("来源", "信息来源") and MEDIA_RE.search(re.sub(r"[\s。]+$", "", value)):
                repost = True
        if REPOST_RE.search(line):
            repost = True
    return PageMeta(title, signed, None if repost else published, repost)


def meta_value_lines(texts: list[str], rows: set[int]) -> set[int]:
    """Lines holding the value of a label that stands alone on the line above ("发布时间：" / "2026-03-04")."""
    out = set()
    for i in rows:
        pairs = meta_pairs(texts[i])
        if pairs and not pairs[-1][1] and i + 1 < len(texts) and len(texts[i + 1].strip()) <= 60:
            out.add(i + 1)
    return out


def label_of(text: str) -> str | None:
    pairs = meta_pairs(text)
    return label_key(pairs[0][0]) if pairs else None
