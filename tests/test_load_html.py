"""The .html loader: decode, drop the page chrome, keep the report lines in order, read the publication date."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.load import load
from checker.load.html import clean_line, declared_encoding, decode

DATA = Path(__file__).resolve().parent / "data" / "html"
CHROME = ("网站地图", "分享到微信朋友圈", "主办单位", "当前位置", "打印本页", "关闭窗口", "首页", "政务公开",
          "字号", "浏览次数", "网站标识码", "相关文章", "脚本里的中文", "隐藏的统计代码", "请输入关键词")

REPORT = """2025年，某某县人民政府深入学习贯彻习近平法治思想，全面推进依法行政，法治政府建设取得新进展。
一、主要举措和成效
（一）完善依法决策机制。严格落实重大行政决策程序规定，全年重大行政决策事项全部经过合法性审查。
二、存在的不足和原因
部分执法人员法治意识有待增强。"""


def lines(doc) -> list[str]:
    return [doc.para_text(p) for p in doc.paragraphs]


def assert_in_order(doc, expected: list[str]) -> None:
    got = lines(doc)
    positions = [got.index(e) for e in expected]
    assert positions == sorted(positions), got


def assert_shape(doc) -> None:
    assert doc.format == "html"
    assert doc.text == "\n".join(lines(doc))
    for i, p in enumerate(doc.paragraphs):
        assert p.index == i and p.line == i + 1 and doc.position(p.span.start) == (i + 1, 1)
        text = doc.para_text(p)
        assert text == text.strip(" \t\u3000\xa0") and text and "  " not in text


def test_utf8_government_page() -> None:
    doc = load(DATA / "report_utf8.html")
    assert_shape(doc)
    assert doc.encoding == "utf-8"
    for junk in CHROME:
        assert junk not in doc.text, junk
    got = lines(doc)
    assert got[0] == "某某区人民政府关于2025年法治政府建设情况的报告"      # the title, once
    assert got.count(got[0]) == 1
    assert_in_order(doc, [
        "一、2025年推进法治政府建设的主要举措和成效",
        "（一）加强党的领导，压实法治建设责任。区政府常务会议专题研究法治政府建设工作4次， 制定年度工作要点和责任清单。",
        "（二）深化“放管服”改革，优化法治化营商环境。全年清理规范性文件36件，",   # <br> splits the line
        "新增“一网通办”事项120项。",
        "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2026年推进法治政府建设的主要安排",
        "某某区人民政府",
    ])
    assert got[-1] == "2026年1月8日"
    assert doc.meta == {"title": "某某区人民政府关于2025年法治政府建设情况的报告",
                        "published": "2026-01-15", "site": "某某区人民政府网"}


def test_gb18030_table_layout_page() -> None:
    doc = load(DATA / "report_gb18030.html")
    assert_shape(doc)
    assert doc.encoding == "gb18030"                    # declared gb2312, but uses the GBK character 镕
    assert "王镕同志" in doc.text
    for junk in ("首页", "机构概况", "网站地图", "通知公告", "点击数", "打印本页", "版权所有", "主办单位", "备案号"):
        assert junk not in doc.text, junk
    got = lines(doc)
    assert got[0] == "某某县2025年法治政府建设年度报告"         # from <title>, " -某某县人民政府" cut
    assert got[1].startswith("2025年，在县委的坚强领导下")     # leading full-width spaces stripped
    assert_in_order(doc, ["一、主要举措和成效", "（一）完善依法决策机制。严格落实重大行政决策程序规定，全年重大行政决策事项全部经过合法性审查。",
                          "（二）规范行政执法行为。全面推行行政执法三项制度，开展执法案卷评查两次。",
                          "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                          "四、2026年主要安排", "某某县人民政府", "2026年1月10日"])
    assert got[-1] == "2026年1月10日"
    # the labelled date outside the article wins over the report's own date inside it
    assert doc.meta["published"] == "2026-01-16"
    assert doc.meta["title"] == "某某县2025年法治政府建设年度报告" and "site" not in doc.meta


def test_entities_are_never_resolved() -> None:
    doc = load(DATA / "entities.html")
    assert "root:" not in doc.text
    assert "lollol" not in doc.text
    assert "&xxe;" in doc.text and "]>" not in doc.text   # left as written, the internal subset cut
    assert "一、主要举措和成效" in lines(doc)


def test_external_entity_does_not_read_local_files(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-8f2a", encoding="utf-8")
    page = tmp_path / "xxe.html"
    page.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>
<html><body><div id="zoom"><p>&xxe;</p><p>{REPORT.replace(chr(10), '</p><p>')}</p>
<img src="{secret.as_uri()}"><iframe src="{secret.as_uri()}"></iframe><a href="{secret.as_uri()}">附件</a></div></body></html>
""", encoding="utf-8")
    doc = load(page)
    assert "SECRET-MARKER" not in doc.text
    assert "部分执法人员法治意识有待增强。" in lines(doc)


def write(tmp_path: Path, html: str, encoding: str = "utf-8", name: str = "page.html") -> Path:
    p = tmp_path / name
    p.write_bytes(html.encode(encoding))
    return p


def paragraphs_html(text: str = REPORT) -> str:
    return "".join(f"<p>{line}</p>" for line in text.split("\n"))


@pytest.mark.parametrize("meta, published", [
    ('<meta name="PubDate" content="2026-01-20 10:00">', "2026-01-20"),
    ('<meta name="pubdate" content="2026/1/21">', "2026-01-21"),
    ('<meta property="article:published_time" content="2026-01-22T08:00:00+08:00">', "2026-01-22"),
    ('<meta name="firstpublishedtime" content="2026-01-23-09:30:00">', "2026-01-23"),
    ("", "2026-02-03"),                                # then a label in the page text
])
def test_published_from_meta_then_text(tmp_path, meta: str, published: str) -> None:
    html = (f"<html><head>{meta}<title>报告</title></head><body>"
            f"<div class='info'>发布时间：2026年2月3日 09:30</div><div class='content'>{paragraphs_html()}</div></body></html>")
    assert load(write(tmp_path, html)).meta["published"] == published


@pytest.mark.parametrize("label, published", [
    ("发布日期：2026.03.04", "2026-03-04"),
    ("公开日期: 2026-3-5", "2026-03-05"),
    ("成文日期：2026年3月6日", None),                    # the signing date is not the publication date
    ("[ 发布日期 ] 2026-03-08", "2026-03-08"),          # bracketed label
    ("日期：2026/03/07 10:00:00", "2026-03-07"),
    ("发布日期：2026-13-40", None),                     # not a date
])
def test_published_labels(tmp_path, label: str, published: str | None) -> None:
    html = f"<html><body><div class='info'>{label}</div><div id='zoom'>{paragraphs_html()}</div></body></html>"
    assert load(write(tmp_path, html)).meta.get("published") == published


def test_signed_date_row_is_metadata_of_its_own(tmp_path) -> None:
    html = (f"<html><body><table class='xxgk'><tr><td>成文日期：</td><td>2026-03-12</td><td>发布日期：</td>"
            f"<td>2026-03-16</td></tr></table><div id='zoom'>{paragraphs_html()}</div></body></html>")
    meta = load(write(tmp_path, html)).meta
    assert meta["published"] == "2026-03-16" and meta["signed"] == "2026-03-12"


def test_traditional_labels_are_read(tmp_path) -> None:
    html = (f"<html><body><div class='info'>發布時間：2026-03-04</div><div id='zoom'>{paragraphs_html()}</div>"
            "</body></html>")
    assert load(write(tmp_path, html)).meta["published"] == "2026-03-04"


@pytest.mark.parametrize("source", ["来源：某某日报", "转载自某某新闻网", "信息来源：某某网"])
def test_a_repost_has_no_publication_date(tmp_path, source: str) -> None:
    html = (f"<html><body><div class='info'>发布时间：2026-04-20 {source}</div><div id='zoom'>{paragraphs_html()}"
            "</div></body></html>")
    assert "published" not in load(write(tmp_path, html)).meta


def test_the_authoring_office_as_source_is_no_repost(tmp_path) -> None:
    html = (f"<html><body><div class='info'>发布时间：2026-03-04 来源：县委依法治县办</div><div id='zoom'>"
            f"{paragraphs_html()}</div></body></html>")
    assert load(write(tmp_path, html)).meta["published"] == "2026-03-04"


def test_attachment_links_are_the_attachments_present(tmp_path) -> None:
    html = (f"<html><body><div id='zoom'>{paragraphs_html()}</div><div class='attach'>附件："
            "<a href='/u/2025/tl-rwqd.xls'>某某县2025年度重点任务完成情况表.xls</a></div>"
            "<div class='footer'><a href='/help.pdf'>帮助</a></div></body></html>")
    assert load(write(tmp_path, html)).meta["attachments"] == ("某某县2025年度重点任务完成情况表.xls",)


def test_published_inside_content_when_none_outside(tmp_path) -> None:
    html = f"<html><body><div id='zoom'><p>发布时间：2026-04-01</p>{paragraphs_html()}</div></body></html>"
    assert load(write(tmp_path, html)).meta["published"] == "2026-04-01"


def test_no_known_container_and_sign_off_outside_the_editor(tmp_path) -> None:
    html = ("<html><head><title>某某镇法治政府建设年度报告 - 某某镇人民政府</title></head><body>"
            "<ul class='menu'><li><a>首页</a></li><li><a>镇务公开</a></li></ul>"
            "<div class='wrap'><div class='TRS_Editor'>" + paragraphs_html() + "</div>"
            "<p align='right'>某某镇人民政府</p><p align='right'>2026年1月8日</p>"
            "<div class='share'>分享到微信朋友圈</div></div>"
            "<div class='bottom'>主办单位：某某镇人民政府</div></body></html>")
    got = lines(load(write(tmp_path, html)))
    assert got[0] == "某某镇法治政府建设年度报告"
    assert got[1:] == REPORT.split("\n") + ["某某镇人民政府", "2026年1月8日"]


def test_plain_page_without_containers(tmp_path) -> None:
    html = "<html><body><h1>某某县法治政府建设年度报告</h1>" + paragraphs_html() + "</body></html>"
    doc = load(write(tmp_path, html))
    assert lines(doc) == ["某某县法治政府建设年度报告"] + REPORT.split("\n")
    assert doc.meta == {"title": "某某县法治政府建设年度报告"}


def test_site_name_is_not_a_title(tmp_path) -> None:
    html = ('<html><head><title>某某县人民政府门户网站</title><meta name="SiteName" content="某某县人民政府门户网站">'
            "</head><body><div id='zoom'>" + paragraphs_html() + "</div></body></html>")
    doc = load(write(tmp_path, html))
    assert lines(doc) == REPORT.split("\n")
    assert doc.meta == {"site": "某某县人民政府门户网站"}


def test_whitespace_rules(tmp_path) -> None:
    html = ("<html><body><div id='zoom'><p>\u3000\u3000一、\n  主要举措\u3000和成效&nbsp;&nbsp;</p>"
            + paragraphs_html() + "<div>甲<div>乙</div>丙</div></div></body></html>")
    got = lines(load(write(tmp_path, html)))
    assert got[0] == "一、主要举措\u3000和成效"    # a line break between Chinese characters is dropped
    assert got[-3:] == ["甲", "乙", "丙"]
    assert clean_line(" \u3000 a \t\n b\xa0\u3000") == "a b"


@pytest.mark.parametrize("encoding, html_head, expected", [
    ("utf-8", "", "utf-8"),
    ("gb18030", "", "gb18030"),
    ("gbk", '<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030"),
    ("utf-8", '<meta charset="gb2312">', "utf-8"),      # re-saved page with a stale label: valid UTF-8 wins
    ("gbk", '<meta charset="utf-8">', "gb18030"),       # wrong declaration: falls back
    ("utf-8-sig", '<meta charset="gbk">', "utf-8-sig"),  # a BOM wins
    ("utf-8", '<meta charset="iso-8859-1">', "utf-8"),  # a Latin label is a lie on a Chinese page
])
def test_encodings(tmp_path, encoding: str, html_head: str, expected: str) -> None:
    html = f"<html><head>{html_head}</head><body><div id='zoom'>{paragraphs_html()}</div></body></html>"
    doc = load(write(tmp_path, html, encoding))
    assert doc.encoding == expected
    assert lines(doc) == REPORT.split("\n")


def test_declared_encoding() -> None:
    assert declared_encoding(b'<meta charset="UTF-8">') == "utf-8"
    assert declared_encoding(b"<meta http-equiv='content-type' content='text/html;charset=gb2312'>") == "gb18030"
    assert declared_encoding(b'<?xml version="1.0" encoding="GBK"?><html>') == "gb18030"
    assert declared_encoding(b'<meta charset="big5">') == "big5"
    assert declared_encoding(b'<meta charset="no-such-codec">') is None
    assert decode('<meta charset="big5">法治報告'.encode("big5"), "x") == ('<meta charset="big5">法治報告', "big5")
    assert decode("报告".encode("utf-16-le").join([b"\xff\xfe", b""]), "x") == ("报告", "utf-16")


@pytest.mark.parametrize("data, message", [
    (b"", "文件是空的"),
    (b" \r\n\t", "文件是空的"),
    (bytes([0x81, 0x20, 0xfe, 0x7f, 0x80, 0xff]), "编码"),
    ("<html><body><p>\x00二进制</p></body></html>".encode("utf-8"), "二进制"),
    (b"<html><head><title>x</title></head><body></body></html>", "网页中找不到报告正文"),
    ("<html><body><ul class='nav'><li><a>首页</a></li><li><a>政务公开</a></li></ul>"
     "<p>欢迎访问本网站。</p><div class='footer'>主办单位：某某县人民政府办公室</div></body></html>".encode("utf-8"),
     "网页中找不到报告正文"),
    ("<html><body>" + "".join(f"<a href='/{i}'>某某县人民政府政务公开栏目{i}</a>" for i in range(40))
     + "</body></html>", "网页中找不到报告正文"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "网页"),
], ids=["empty", "blank", "undecodable", "nul", "no-body", "chrome-only", "links-only", "zip"])
def test_bad_pages(tmp_path, data, message: str) -> None:
    p = tmp_path / "坏网页.html"
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    with pytest.raises(InputError) as info:
        load(p)
    assert message in str(info.value) and "坏网页.html" in str(info.value)


def test_htm_suffix_uses_the_html_loader(tmp_path) -> None:
    html = f"<html><body><div class='content'>{paragraphs_html()}</div></body></html>"
    doc = load(write(tmp_path, html, name="报告.HTM"))
    assert doc.format == "html" and lines(doc) == REPORT.split("\n")


def test_source_line_break_between_chinese_characters_is_dropped() -> None:
    from checker.load.html_content import clean_line

    assert clean_line("法治政府建设\n   实施纲要") == "法治政府建设实施纲要"
    assert clean_line("建设，\n继续") == "建设，继续"
    assert clean_line("English\ntext") == "English text"
    assert clean_line("共 12 件") == "共 12 件"


@pytest.mark.parametrize("row", ["来源：某某区人民政府网站　原文发布：2026-03-02　转载时间：2026-05-11 10:20",
                                 "转发日期：2026-05-11", "转载来源：某某区司法局"])
def test_a_repost_row_inside_the_article_block_leaves_no_publication_date(tmp_path, row: str) -> None:
    # a plain page: the only block holding the report also holds the repost's own metadata row
    html = f"<html><body><div><p>{row}</p>{paragraphs_html()}</div></body></html>"
    assert "published" not in load(write(tmp_path, html)).meta


def test_a_report_sentence_mentioning_a_repost_is_no_repost_row(tmp_path) -> None:
    sentence = ("全年在县政府网站发布政务信息1200条，其中被省级以上媒体转载时间较长的专题报道12篇，"
                "持续扩大法治宣传覆盖面，提升群众知晓率和满意度，营造了良好的法治氛围。")
    html = f"<html><body><div><p>发布时间：2026-03-02</p>{paragraphs_html()}<p>{sentence}</p></div></body></html>"
    assert load(write(tmp_path, html)).meta["published"] == "2026-03-02"
