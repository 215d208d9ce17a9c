"""The article inside a saved web page: page chrome by tag/role/id/class, one line per block,
the content element holding every real report line, and the signature/date just after it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..text.cjk import cjk_count

MIN_CJK = 50                # fewer Chinese characters than this is not a report
CHROME_SHARE_LIMIT = 0.5    # a "chrome" element holding this share of the page's text is not chrome

JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
             "applet", "svg", "math", "canvas", "audio", "video", "select", "button", "textarea", "input",
             "map", "link", "base")
CHROME_TAGS = {"nav": "nav", "footer": "footer", "header": "header", "aside": "aside", "menu": "nav"}
CHROME_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer", "complementary": "aside",
                "menu": "nav", "menubar": "nav"}
# id/class words (split at - and _) that mark page furniture, and the kind of furniture
CHROME_WORDS = {
    "nav": "nav", "navbar": "nav", "navi": "nav", "menu": "nav", "menus": "nav", "submenu": "nav",
    "menubar": "nav", "sitemap": "nav", "dh": "nav",
    "footer": "footer", "foot": "footer", "bottom": "footer", "copyright": "footer", "banquan": "footer",
    "header": "header", "head": "header", "top": "header", "topbar": "header", "banner": "header",
    "logo": "header", "search": "header", "login": "header",
    "share": "share", "sharebox": "share", "bdshare": "share", "bshare": "share", "jiathis": "share",
    "fenxiang": "share", "print": "share", "qrcode": "share", "ewm": "share", "toolbar": "share",
    "tools": "share", "tool": "share",
    "breadcrumb": "crumb", "breadcrumbs": "crumb", "crumb": "crumb", "crumbs": "crumb", "bread": "crumb",
    "position": "crumb", "location": "crumb", "dqwz": "crumb", "weizhi": "crumb", "path": "crumb",
    "sidebar": "aside", "side": "aside", "aside": "aside", "related": "aside", "relevant": "aside",
    "xgwz": "aside", "xglj": "aside", "links": "aside", "friendlink": "aside", "yqlj": "aside",
    "comment": "aside", "comments": "aside",
}
CHROME_PARTS = {"breadcrumb": "crumb", "navbar": "nav", "navigation": "nav", "sidebar": "aside",
                "footer": "footer", "copyright": "footer", "bdshare": "share", "jiathis": "share",
                "share": "share", "menu": "nav"}
# kinds of chrome whose text is not searched for the publication date
NO_DATE_KINDS = frozenset({"nav", "footer", "hidden"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# ids/classes (lower-cased) of article containers used by Chinese government CMSs
CONTENT_NAMES = frozenset({
    "trs_editor", "trs_ueditor", "trs_paper_default", "custom_unionstyle", "zoom", "fontzoom", "article",
    "article-content", "article_content", "articlecontent", "article-body", "article_body", "articlebody",
    "article_con", "article-con", "art_con", "arti_con", "content", "con", "contents", "detail", "details",
    "detail-content", "detail_content", "detailcontent", "main-content", "main_content", "maincontent",
    "xxgk_content", "pages_content", "pages-content", "wzy", "news_content", "news-content", "newscontent",
    "news_txt", "contenttext", "content-text", "content_text", "con_text", "con-text", "text", "txt",
    "view", "info_content", "info-content", "xl_content", "xl-content", "bt_content", "zw", "zhengwen",
    "j-fontcontent", "ccontent", "pagecontent", "page-content", "page_content", "neirong", "nr",
    "post-content", "entry-content",
})
CONTAINER_TAGS = frozenset({"div", "article", "section", "td", "main", "body", "table", "tbody", "tr",
                            "center", "form", "font", "span", "blockquote"})
BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "section", "article", "main", "header", "footer", "nav",
    "aside", "blockquote", "pre", "center", "form", "fieldset", "legend", "address", "figure", "figcaption",
    "hr", "body", "html", "details", "summary", "title",
})

SPACE_RUN = re.compile(r"[ \t\n\r\f\v\xa0]+")
INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\x00")
LINE_STRIP = " \t\n\r\f\v\xa0\u3000"


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _words(el: Any) -> tuple[list[str], list[str]]:
    """(id/class tokens, their words split at - and _), lower-cased."""
    tokens = f"{el.get('id') or ''} {el.get('class') or ''}".lower().split()
    return tokens, [w for t in tokens for w in re.split(r"[-_]+", t) if w]


def _is_content_name(el: Any) -> bool:
    tokens, _ = _words(el)
    return any(t in CONTENT_NAMES for t in tokens)


def _chrome_kind(el: Any) -> str | None:
    """Why an element is page furniture ("nav", "footer", "header", "share", …), or None."""
    tag = _tag(el)
    if el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or ""):
        return "hidden"
    if tag in CHROME_TAGS:
        return CHROME_TAGS[tag]
    role = (el.get("role") or "").lower()
    if role in CHROME_ROLES:
        return CHROME_ROLES[role]
    if tag in ("html", "body") or _is_content_name(el):
        return None
    tokens, words = _words(el)
    for w in words:
        if w in CHROME_WORDS:
            return CHROME_WORDS[w]
    for t in tokens:
        for part, kind in CHROME_PARTS.items():
            if part in t:
                return kind
    return None


def _chrome(body: Any) -> dict[Any, str]:
    """Outermost chrome elements → kind; an element holding half the page's text is never chrome."""
    total = cjk_count(body.text_content())
    found: dict[Any, str] = {}
    skip: set[Any] = set()
    for el in body.iter():
        if not isinstance(el.tag, str) or el in skip:
            continue
        kind = _chrome_kind(el)
        if kind is None:
            continue
        if kind != "hidden" and total and cjk_count(el.text_content()) >= CHROME_SHARE_LIMIT * total:
            continue
        found[el] = kind
        skip.update(el.iter())
    return found


def _inside(chrome: Iterable[Any]) -> set[Any]:
    return {d for el in chrome for d in el.iter()}


def _is_within(el: Any, ancestor: Any) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


# ---------------------------------------------------------------- lines

@dataclass(frozen=True, slots=True)
class Line:
    text: str
    element: Any    # the innermost block element the line starts in
    cjk: int
    link_cjk: int   # Chinese characters inside <a>


CJK_BREAK = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff01-\uff60“”‘’])[ \t\r\f\v]*\n\s*"
                       r"(?=[\u4e00-\u9fff\u3000-\u303f\uff01-\uff60“”‘’])")


def clean_line(raw: str) -> str:
    """A source line break between Chinese characters is dropped (as browsers do: CSS Text 3); other runs of
    ASCII whitespace (and NBSP) collapse to one space; strip; keep inner U+3000."""
    return SPACE_RUN.sub(" ", CJK_BREAK.sub("", raw.translate(INVISIBLE))).strip(LINE_STRIP)


class _LineBuilder:
    """Accumulates inline text; a block boundary or <br> ends the current line."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._link = 0
        self._element: Any = None

    def add(self, text: str | None, element: Any, in_link: bool) -> None:
        if not text:
            return
        if self._element is None and text.strip(LINE_STRIP):
            self._element = element
        self._parts.append(text)
        if in_link:
            self._link += cjk_count(text)

    def flush(self) -> None:
        text = clean_line("".join(self._parts))
        if text:
            self.lines.append(Line(text, self._element, cjk_count(text), self._link))
        self._parts, self._link, self._element = [], 0, None


def lines_of(root: Any, skip: set[Any] | frozenset[Any] = frozenset()) -> list[Line]:
    """One line per block-level piece of ``root``, in document order, skipping ``skip`` subtrees."""
    builder = _LineBuilder()

    # Recursion depth is bounded by the tree depth, which libxml2 limits (256 without huge_tree).
    def walk(el: Any, block: Any, in_link: bool) -> None:
        tag = _tag(el)
        if tag == "br":
            builder.flush()
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            builder.flush()
            block = el
        in_link = in_link or tag == "a"
        builder.add(el.text, block, in_link)
        for child in el:
            if isinstance(child.tag, str) and child not in skip:
                walk(child, block, in_link)
            builder.add(child.tail, block, in_link)
        if is_block:
            builder.flush()

    walk(root, root, False)
    builder.flush()
    return builder.lines


# ---------------------------------------------------------------- furniture lines

FURNITURE = re.compile(
    r"(?:发布|更新|生成|成文|公开|发文|印发)?(?:日期|时间)\s*[:：]"
    r"|(?:信息|文章|稿件)?来源\s*[:：]|(?:浏览|点击|访问|阅读)(?:次数|量|数|率)?\s*[:：]"
    r"|作者\s*[:：]|(?:责任)?编辑\s*[:：]|索引号|发布机构|发文机关|主题分类|文\s*号\s*[:：]"
    r"|字号|字体\s*[:：]|【\s*[大中小]\s*】|大\s*中\s*小|打印(?:本页|此页|文章|页面|正文)?"
    r"|关闭(?:窗口|本页|页面)|分享到|分享\s*[:：]|收藏(?:本页|文章)?|当前位置|您的位置|您现在的位置|所在位置"
    r"|扫一扫|二维码|上一篇|下一篇|网站地图|主办单位|承办单位|主办\s*[:：]|承办\s*[:：]|版权所有"
    r"|ICP\s*备|网站标识码|公网安备|联系我们|返回顶部|【\s*返回\s*】|便民日历|^收起$|^展开$"
    r"|^相关(?:文件|链接|文章|新闻|阅读|信息|稿件|附件|政策|解读)\s*[:：]?$",
    re.I)
FURNITURE_MAX_CJK = 80
DATE_ONLY = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}")


def _folded(text: str) -> str:
    """Furniture words are matched in simplified characters (a traditional page says 發布時間)."""
    from ..text.fold import fold

    return fold(text) or text


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u3000", "")


def is_real(line: Line, titles: frozenset[str]) -> bool:
    """Report text, as opposed to page furniture, link lists and the page title."""
    if line.cjk == 0:
        return bool(DATE_ONLY.match(line.text))
    if line.link_cjk * 2 >= line.cjk:
        return False
    if line.cjk <= FURNITURE_MAX_CJK and FURNITURE.search(_folded(line.text)):
        return False
    return _squash(line.text) not in titles


def _common_ancestor(elements: list[Any]) -> Any:
    common = elements[0]
    for el in elements[1:]:
        while not _is_within(el, common):
            common = common.getparent()
    return common


# ---------------------------------------------------------------- scoring and the content

def _tally(body: Any, chrome: set[Any]) -> dict[Any, tuple[int, int]]:
    """element → (Chinese characters, those inside links), chrome counted as nothing."""
    tally: dict[Any, tuple[int, int]] = {}
    for el in reversed(list(body.iter())):        # children before their parents
        if not isinstance(el.tag, str):
            continue
        if el in chrome:
            tally[el] = (0, 0)
            continue
        total, link = cjk_count(el.text or ""), 0
        for child in el:
            t, l = tally.get(child, (0, 0))
            total += t + cjk_count(child.tail or "")
            link += l
        tally[el] = (total, total if _tag(el) == "a" else link)
    return tally


def _region(body: Any, hidden: set[Any]) -> Any:
    tally = _tally(body, hidden)

    def score(el: Any) -> int:
        total, link = tally.get(el, (0, 0))
        return total - 3 * link

    visible = [el for el in body.iter() if isinstance(el.tag, str) and el not in hidden]
    containers = [el for el in visible if _tag(el) in CONTAINER_TAGS] or [body]
    best_any = max(containers, key=score)
    known = [el for el in visible if _is_content_name(el) and _tag(el) not in ("a", "img", "meta", "li")]
    if known:
        best_known = max(known, key=score)
        if score(best_known) >= MIN_CJK and score(best_known) * 2 >= score(best_any):
            return best_known
    return best_any


@dataclass(frozen=True, slots=True)
class Content:
    element: Any
    lines: list[Line]


def find_content(region: Any, hidden: set[Any], titles: frozenset[str]) -> Content:
    """The smallest element inside ``region`` holding every real line, and its lines, trimmed."""
    real = [ln for ln in lines_of(region, hidden) if is_real(ln, titles)]
    element = _common_ancestor([ln.element for ln in real]) if real else region
    lines = lines_of(element, hidden)
    flags = [is_real(ln, titles) for ln in lines]
    if any(flags):
        first = flags.index(True)
        last = len(flags) - 1 - flags[::-1].index(True)
        lines = lines[first:last + 1]
    return Content(element, lines)


SIGN_OFF_LINES = 3          # signature lines (organ, date) looked for after the content element
SIGN_OFF_MAX_CJK = 30
SIGN_DATE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"
                       r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)$")


def sign_off(page: list[Line], content: Content, titles: frozenset[str]) -> list[Line]:
    """The signature and date right after the content element, for CMSs that keep them outside it."""
    if not content.lines or SIGN_DATE.match(content.lines[-1].text):
        return []
    inside = [i for i, ln in enumerate(page) if _is_within(ln.element, content.element)]
    if not inside:
        return []
    taken: list[Line] = []
    for line in page[inside[-1] + 1:]:
        if len(taken) == SIGN_OFF_LINES or line.cjk > SIGN_OFF_MAX_CJK or not is_real(line, titles):
            break
        taken.append(line)
        if SIGN_DATE.match(line.text):
            return taken
    return []


# ---------------------------------------------------------------- title, date, site
