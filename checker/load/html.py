"""Saved government web pages (.html/.htm): decode, find the article, one line per block.

lxml is imported inside ``load`` only. Parsing never touches the network or the file system: the HTML
parser runs with ``no_network``, and any DOCTYPE internal subset (where entities would be declared) is
cut out before parsing, so no entity is ever defined, expanded or fetched.

How the article is found:

1. script/style/… are dropped; navigation, headers, footers, share bars, breadcrumbs and hidden
   elements ("chrome", by tag, role, id or class) are ignored — unless one of them holds half of the
   page's Chinese text, in which case the marking is wrong and it is kept.
2. Every element gets a score: its Chinese characters minus three times those inside links. The
   region is the best-scoring well-known content container of Chinese government CMSs (TRS_Editor,
   zoom, article, content, xxgk_content, …) or, when none holds the text, the best-scoring element.
3. The region's lines are classified: "real" lines carry Chinese text (or a date) and are neither
   link lists, nor page furniture (发布日期：, 字号, 打印, 分享到, 主办单位, …), nor the page title.
   The content element is the smallest element holding every real line; its lines are trimmed of
   leading and trailing non-real lines.
"""
from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document, line_starts_of, paragraphs_of_lines
from ..text.cjk import cjk_count
from .html_tables import tables_of
from .html_content import (
    JUNK_TAGS,
    LINE_STRIP,
    MIN_CJK,
    NO_DATE_KINDS,
    Line,
    _chrome,
    _inside,
    _is_within,
    _region,
    _squash,
    clean_line,
    find_content,
    is_real,
    lines_of,
    sign_off,
)
from .limits import Limits, check_paragraphs, read_regular
from .txt import is_blank, sniff


# ---------------------------------------------------------------- decoding

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml\b[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9_.:\-]+)""", re.I)
GB_NAMES = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "gb_2312",
                      "euc-cn", "euccn", "csgb2312", "gb18030", "chinese"})
# Declared but so often wrong on Chinese pages that UTF-8 and GB18030 are tried first.
WEAK_CODECS = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"})
# Python codecs that are no character set of any web page, whatever a page declares: "undefined" fails on every
# byte, punycode and idna are for host names (and punycode decodes in quadratic time), the escapes and UTF-7 are
# not page encodings. Codecs that are not text encodings at all (base64, zlib, rot13 …) are refused too.
NOT_PAGE_CODECS = frozenset({"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7",
                             "mbcs", "oem", "palmos"})


def declared_encoding(data: bytes) -> str | None:
    """The codec named by <meta charset>, http-equiv content="…; charset=…" or <?xml encoding?>."""
    head = data[:16384]
    match = META_CHARSET.search(head) or XML_ENCODING.search(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    if name in GB_NAMES:
        return "gb18030"        # a superset: pages labelled gb2312 routinely use GBK characters
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if info.name in NOT_PAGE_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, codec used): BOM, then the declared charset, then UTF-8, then GB18030.

    One exception to that order: bytes that are valid UTF-8 and not plain ASCII are read as UTF-8 even
    when the page declares another charset; GBK text is practically never valid UTF-8, while pages
    re-saved as UTF-8 often keep their old ``charset=gb2312``.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise InputError(f"网页以 {codec.upper()} 字节序标记开头，但内容不是有效的 {codec.upper()} 文本", path) from None
    if not data.isascii():
        try:    # valid UTF-8 with Chinese in it is UTF-8, whatever the page says (re-saved pages keep old labels)
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = declared_encoding(data)
    order = ([declared] if declared and declared not in WEAK_CODECS else []) + ["utf-8", "gb18030"]
    if declared in WEAK_CODECS:
        order.append(declared)
    for codec in dict.fromkeys(order):
        try:
            return data.decode(codec), codec
        except (UnicodeError, LookupError, ValueError):
            continue
    raise InputError("无法识别网页的文字编码：既不是声明的编码，也不是 UTF-8 或 GB18030/GBK", path)


DOCTYPE_START = re.compile(r"<!DOCTYPE\b", re.I)
XML_DECL_START = re.compile(r"<\?xml\b", re.I)


def defang(text: str) -> str:
    """Cut the XML declaration and the DOCTYPE with any internal subset: no entity can be declared.

    Found with one search and a few ``str.find`` each, so the cost stays linear in the page whatever it holds (a
    lazy regex over ``<!DOCTYPE [`` repeated without its ``]`` scanned to the end from every one of them). A
    declaration that never ends loses its opening only; an internal subset that never ends loses everything up
    to its ``[``, and the declarations after it are bogus comments to the HTML parser, which defines no entity."""
    m = XML_DECL_START.search(text)
    if m:
        end = text.find("?>", m.end())
        text = text[:m.start()] + (text[end + 2:] if end != -1 else text[m.end():])
    m = DOCTYPE_START.search(text)
    if m:
        gt, bracket = text.find(">", m.end()), text.find("[", m.end())
        if bracket != -1 and (gt == -1 or bracket < gt):
            close = text.find("]", bracket)
            gt = text.find(">", close) if close != -1 else -1
            end = gt + 1 if gt != -1 else bracket + 1
        else:
            end = gt + 1 if gt != -1 else m.end()
        text = text[:m.start()] + text[end:]
    return text


def _parser(html: Any) -> Any:
    options = dict(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        return html.HTMLParser(resolve_entities=False, **options)
    except TypeError:       # lxml's HTML parser has no such option (it never loads external entities)
        return html.HTMLParser(**options)


# ---------------------------------------------------------------- tree helpers

TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|－|\s[-–—]\s|(?<=\D)-(?=\D))\s*")


def _meta(root: Any) -> dict[str, str]:
    """<meta> name/property/itemprop/http-equiv (lower-cased) → content (first one wins)."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        content = clean_line(el.get("content") or "")
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key and content:
                found.setdefault(key, content)
    return found


def _page_title(root: Any) -> str | None:
    el = root.find(".//title")
    if el is None:
        return None
    whole = clean_line(el.text_content())
    parts = [p for p in TITLE_SEPARATORS.split(whole) if p.strip(LINE_STRIP)]
    if not parts:
        return None
    for part in parts:
        if "报告" in part:
            return clean_line(part)
    return clean_line(parts[0])


def _similar(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    return a == b or (min(len(a), len(b)) >= 6 and (a in b or b in a))


def find_title(body: Any, region: Any, chrome: dict[Any, str], meta: dict[str, str],
               page_title: str | None) -> str | None:
    """An <h1> (matching the page's title if one does), else meta ArticleTitle, else <title>."""
    in_chrome = {d: kind for el, kind in chrome.items() for d in el.iter()}
    h1s = [(clean_line(h.text_content()), h) for h in body.iter("h1")]
    h1s = [(t, h) for t, h in h1s if cjk_count(t) >= 2 and h not in in_chrome]
    site = _squash(meta.get("sitename", ""))
    hints = [t for t in (meta.get("articletitle"), page_title) if t and _squash(t) != site]
    for text, _ in h1s:
        if any(_similar(text, hint) for hint in hints):
            return text
    outside = [t for t, h in h1s if not _is_within(h, region)]
    if outside:
        return outside[0]
    if hints:
        return hints[0]
    return h1s[0][0] if h1s else None


DATE = r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
DATE_RE = re.compile(DATE)
# a labelled date: "发布日期：2026-03-16", "[ 发布日期 ] 2026-03-16"; the 成文日期 is the signing date, not the
# publication date, and is read on its own
LABEL_END = r"\s*(?:[:：]|[\]】]\s*[:：]?)\s*"
LABELLED_DATE = re.compile(r"(?<!成文)(?<!印发)(?<!生成)(?<!转载)(?<!转发)(?:发布日期|发布时间|公开日期|时间|日期)" + LABEL_END
                           + DATE)
SIGNED_DATE = re.compile(r"(?:成文日期|成文时间|发文日期|印发日期)" + LABEL_END + DATE)
# the page says the article comes from another site: the date it shows is the repost's, not the publication's
REPOST = re.compile(r"转载|转自|原文链接|原文地址|(?:信息|文章|稿件)?来源\s*[:：]\s*\S*?(?:网|日报|晚报|报社|新闻|公众号|微信|客户端|融媒|电视台)(?:\s|$)")
# a metadata row, even inside the article's block, that gives the repost's own time or source (转载时间：…)
REPOST_ROW = re.compile(r"(?:^|\s)(?:转载|转发)(?:时间|日期|来源)\s*[:：]")
ATTACHMENT_HREF = re.compile(r"\.(?:xlsx?|docx?|wps|et|pdf|zip|rar|ofd)(?:$|[?#])", re.I)
DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "published_time",
             "publishedtime", "datepublished", "publish_date", "publishdatetime", "dc.date.issued", "dc.date",
             "createdate", "releasedate")


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    try:
        d = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return d.isoformat() if 1949 <= d.year <= 2100 else None


def _first_date(pattern: re.Pattern[str], text: str) -> str | None:
    for match in pattern.finditer(text):
        found = _iso(match)
        if found:
            return found
    return None


def _folded(text: str) -> str:
    """Labels are matched in simplified characters (a traditional page says 發布時間)."""
    from ..text.fold import fold

    return fold(text) or text


def find_published(meta: dict[str, str], page: list[Line], content: Any,
                   pattern: re.Pattern[str] = LABELLED_DATE) -> str | None:
    """Meta tags first; then a labelled date outside the article content; then one inside. With
    ``pattern=SIGNED_DATE``: the 成文日期 the page's metadata states."""
    if pattern is LABELLED_DATE:
        for key in DATE_META:
            if key in meta:
                found = _first_date(DATE_RE, meta[key])
                if found:
                    return found
    outside = [ln.text for ln in page if not _is_within(ln.element, content)]
    inside = [ln.text for ln in page if _is_within(ln.element, content)]
    for lines in (outside, inside):
        found = _first_date(pattern, _folded("\n".join(lines)))
        if found:
            return found
    return None


def is_repost(page: list[Line], content: Any) -> bool:
    """The page names another site as the article's source (转载自…, 来源：××日报)."""
    outside = "\n".join(ln.text for ln in page if not _is_within(ln.element, content))
    if REPOST.search(_folded(outside)) is not None:
        return True
    rows = (ln.text for ln in page if _is_within(ln.element, content) and len(ln.text) <= 120)
    return any(REPOST_ROW.search(_folded(text)) for text in rows)


def attachment_links(body: Any, skip: set[Any]) -> tuple[str, ...]:
    """The names of the files a page offers as attachments (links to .xls, .doc, .pdf … outside menus)."""
    names = []
    for a in body.iter("a"):
        if a in skip or not ATTACHMENT_HREF.search(a.get("href") or ""):
            continue
        name = clean_line(a.text_content()) or (a.get("href") or "").rsplit("/", 1)[-1]
        if name and name not in names:
            names.append(name)
    return tuple(names)


# ---------------------------------------------------------------- load

def _parse(text: str, path: str) -> Any:
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.document_fromstring(defang(text).encode("utf-8"), parser=_parser(lxml.html))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise InputError("网页中找不到报告正文（无法解析该网页）", path) from None


def _drop_junk(root: Any) -> None:
    for el in list(root.iter(*JUNK_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()


def _starts_with(lines: list[str], title: str) -> bool:
    return any(_squash(line) == _squash(title) for line in lines[:3])


def load(path: Path, limits: Limits | None = None) -> Document:
    where = str(path)
    limits = limits or Limits()
    data = read_regular(path)
    if not data.strip():
        raise InputError("文件是空的", where)
    kind = sniff(data)
    if kind is not None:
        raise InputError(f"这是{' ' if kind[0].isascii() else ''}{kind}，不是网页文件", where)
    text, encoding = decode(data, where)
    if is_blank(text):
        raise InputError("文件是空的（只有空白、空行或字节序标记）", where)
    if "\x00" in text:
        raise InputError("文件含有二进制内容，不是网页文件", where)
    root = _parse(text, where)
    meta = _meta(root)
    page_title = _page_title(root)
    _drop_junk(root)
    body = root.find("body")
    body = body if body is not None else root

    chrome = _chrome(body)
    hidden = _inside(chrome)
    region = _region(body, hidden)
    title = find_title(body, region, chrome, meta, page_title)
    titles = frozenset(_squash(t) for t in (title, page_title, meta.get("articletitle")) if t)
    content = find_content(region, hidden, titles)
    if sum(ln.cjk for ln in content.lines if is_real(ln, titles)) < MIN_CJK:
        raise InputError("网页中找不到报告正文", where)

    found = content.lines + sign_off(lines_of(body, hidden), content, titles)
    lines = [ln.text for ln in found]
    elements = [ln.element for ln in found]
    if title and not _starts_with(lines, title):
        lines.insert(0, title)
        elements.insert(0, None)
    out = "\n".join(lines)
    check_paragraphs(where, len(lines), limits)
    paragraphs = paragraphs_of_lines(out)

    no_date = _inside(el for el, kind in chrome.items() if kind in NO_DATE_KINDS)
    page = lines_of(body, no_date)
    published = None if is_repost(page, content.element) else find_published(meta, page, content.element)
    signed = find_published(meta, page, content.element, SIGNED_DATE)
    info: dict[str, Any] = {}
    if title:
        info["title"] = title
    if published:
        info["published"] = published
    if signed:
        info["signed"] = signed
    links = attachment_links(body, _inside(el for el, kind in chrome.items() if kind in ("nav", "footer", "aside")))
    if links:
        info["attachments"] = links
    if meta.get("sitename"):
        info["site"] = meta["sitename"]
    tables = tables_of(elements, [p.span for p in paragraphs])
    if tables:
        info["tables"] = tables
    return Document(path=where, format="html", text=out, paragraphs=paragraphs,
                    encoding=encoding, meta=info, line_starts=line_starts_of(out))
