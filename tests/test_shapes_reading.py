"""Reading real reports, round two: the shapes a held-out set showed fzlint still read wrong — what follows the
signature and the 成文日期 without a 附件 label, page chrome after the report, a repost's own date, an organ's
name in the opening, Markdown marks around headings and the title, a writing assistant's line above the title,
and the title forms published reports use. Small made-up snippets (the shapes of tests/test_shapes.py); the
first-responsible-person lead sentences have their cases in tests/cases/structure.part-missing.yaml and the PDF
line rejoining its own in tests/test_load_pdf.py."""
from __future__ import annotations

import pytest

from checker.runner import check_text
from test_shapes import COVER, F, LONG_PARTS, M, N, OPENING, PARTS, S, findings, outline_of, report, said


# ---- what follows the signature and the 成文日期, labelled or not ---------------------------------------

UNLABELLED_AFTER = [
    # a statistics table with its caption and no 附件 line, cell by cell
    "2025年度行政执法主要数据统计表\n指标\n2024年\n2025年\n行政处罚案件（件）\n1287\n1426\n",
    # the table alone, rows cut by |
    "指标|2024年|2025年\n行政处罚案件（件）|1287|1426\n行政许可（件）|312|356\n",
    # an attachment's title with its own numbered items (its numbering starts again at 一)
    "\n某某县2025年度法治政府建设重点任务清单\n一、完善依法行政制度体系\n1.规范性文件备案审查，已完成。\n"
    "二、严格规范公正文明执法\n2.行政执法“三项制度”全覆盖，已完成。\n",
    # an attached report of its own, with its own headings
    "某某县2025年度行政复议工作情况报告\n一、基本情况\n全年办理行政复议案件21件，依法纠错3件。\n",
]


@pytest.mark.parametrize("signature, date, note", [
    ("中共某某县委员会\n某某县人民政府", "2026年2月10日", ""),
    ("某某县人民政府", "二〇二六年二月十日", ""),
    ("某某县人民政府", "2026年2月10日", "（此件公开发布）\n"),
])
def test_every_signing_block_ends_the_report_before_an_unlabelled_table(rules, signature: str, date: str,
                                                                        note: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", signature=signature, date=date,
                  after=note + "2025年度行政执法主要数据统计表\n指标|2025年\n行政处罚案件（件）|1426\n")
    doc, o = outline_of(text)
    assert said(doc, o.signature) == signature and o.date.text == date and o.tail is not None
    assert findings(text, rules, "signature.missing", "date.missing") == []


@pytest.mark.parametrize("after", UNLABELLED_AFTER)
def test_what_follows_the_signed_date_is_not_the_body_without_a_label(rules, after: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", after=after)
    doc, o = outline_of(text)
    assert said(doc, o.signature) == "某某县人民政府" and o.date.text == "2026年2月10日"
    assert o.body.end == o.date.span.end and o.tail is not None
    assert findings(text, rules, "signature.", "date.", "structure.") == []


def test_a_late_date_is_still_judged_when_a_table_follows_it(rules) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", date="2026年4月10日",
                  after="2025年度法治政府建设重点任务完成情况统计表\n序号|任务|完成情况\n1|规范性文件备案|已完成\n")
    assert [r for r, _ in findings(text, rules, "signature.", "date.")] == ["date.untimely"]


def test_an_organ_and_a_date_inside_the_report_do_not_end_it() -> None:
    # a table of the measures, cell by cell, with an organ and a date in two cells: the report goes on (三、)
    parts = PARTS.replace("二、存在的不足和原因", "牵头单位\n完成时间\n某某县司法局\n2025年6月30日\n二、存在的不足和原因")
    doc, o = outline_of(report("某某县人民政府关于2025年度法治政府建设情况的报告", parts=parts))
    assert said(doc, o.signature) == "某某县人民政府" and o.date.text == "2026年2月10日"
    assert len(o.sections) == 4 and o.tail is None


def test_a_cover_letters_own_signature_and_date_do_not_end_the_report() -> None:
    text = COVER + "某某省交通运输厅2025年度法治政府建设情况报告\n" + OPENING + PARTS + "统计表\n指标|2025年\n"
    doc, o = outline_of(text)
    assert o.cover is not None and len(o.sections) == 4


def test_a_dated_report_without_signature_before_a_table_is_dated(rules) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", signature="",
                  after="2025年度行政执法主要数据统计表\n指标|2025年\n行政处罚案件（件）|1426\n").replace("\n\n", "\n")
    doc, o = outline_of(text)
    assert o.date.text == "2026年2月10日" and o.signature is None and o.tail is not None
    assert [r for r, _ in findings(text, rules, "signature.missing", "date.missing")] == ["signature.missing"]


def test_an_unsigned_report_followed_by_a_table_is_still_unsigned(rules) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", signature="", date="",
                  after="2025年度行政执法主要数据统计表\n指标|2025年\n行政处罚案件（件）|1426\n").replace("\n\n\n", "\n")
    assert {r for r, _ in findings(text, rules, "signature.missing", "date.missing")} == {"signature.missing",
                                                                                         "date.missing"}


# ---- page chrome after the report -------------------------------------------------------------------------

TRAILING_CHROME = [
    "【打印本页】【关闭窗口】\n",
    "相关文章\n某某县召开2026年法治政府建设工作推进会\n某某市2024年度法治政府建设情况报告\n",
    "热门文章：\n· 某某县2025年度政府信息公开工作年度报告 2026-01-20\n· 关于印发《某某县行政执法监督办法》的通知 2026-01-05\n",
    "推荐阅读\n某某镇人民政府2025年法治政府建设年度报告\n",
    "免责声明：本网站转载的文章，均来自互联网，其版权归原作者所有，如有侵权请联系我们删除，本网站不承担任何法律责任。\n",
    "http://www.mmx.gov.cn/art/2026/2/12/art_1.html\n",
    "某某娱乐城 www.bet365xx.com 注册送彩金\n",
]


@pytest.mark.parametrize("chrome", TRAILING_CHROME)
def test_trailing_chrome_never_ends_the_body(rules, chrome: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", after=chrome)
    doc, o = outline_of(text)
    assert said(doc, o.signature) == "某某县人民政府" and o.body.end == o.date.span.end
    assert findings(text, rules, "signature.", "date.", "structure.") == []
    # unsigned, the findings are right and stand on the report's last paragraph, not on the chrome
    bare = report("某某县人民政府关于2025年度法治政府建设情况的报告", signature="", date="", after=chrome)
    bare = bare.replace("\n\n\n", "\n")
    found = dict(findings(bare, rules, "signature.missing", "date.missing"))
    assert found.get("signature.missing") == "继续推进严格规范公正文明执法。" and "date.missing" in found


@pytest.mark.parametrize("line", ["全年通过政府网站（www.mmx.gov.cn）公开规范性文件12件，公开率100%。",
                                  "如有侵权行为，依法严肃查处，全年查处侵权案件5件。",
                                  "规范政府网站转载信息的审核流程，全年审核信息312条。"])
def test_report_sentences_naming_a_site_or_a_repost_are_not_chrome(line: str) -> None:
    from checker.body import is_chrome
    assert not is_chrome(line)


# ---- a repost's date ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("before, after", [
    ("来源：某某县人民政府网站\n发布时间：2026-04-20\n", ""),
    ("发布时间：2026-04-20\n", "转载自：某某县人民政府网\n"),
    ("发布日期：2026-04-20\n", "原文链接：http://www.mmx.gov.cn/art/2026/2/12/art_1.html\n"),
    ("转载时间：2026-04-20　来源：某某县司法局\n", ""),
    ("（来源：某某县人民政府网站）\n发布日期：2026-04-20\n", ""),
    ("文章来源：某某县司法局微信公众号　发布时间：2026-04-20\n", ""),
    ("发布时间：2026-04-20\n", "本文转自某某日报客户端\n"),
])
def test_a_repost_time_is_not_the_publication_date(rules, before: str, after: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", before=before, after=after)
    _, o = outline_of(text)
    assert o.published is None
    assert findings(text, rules, "date.", "signature.") == []


@pytest.mark.parametrize("before", ["来源：某某县司法局\n发布时间：2026-04-20\n",
                                    "发布时间：2026-04-20　浏览次数：312\n"])
def test_the_organs_own_page_keeps_its_publication_date(rules, before: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", before=before)
    _, o = outline_of(text)
    assert o.published == "2026-04-20"
    assert [r for r, _ in findings(text, rules, "date.")] == ["date.published-late"]


# ---- the organ the opening names --------------------------------------------------------------------------

@pytest.mark.parametrize("name, organ", [("2023年度全县", False), ("2025年全市", False), ("全区", False),
                                         ("某某县司法局", True), ("乙镇", True), ("某某县人民政府", True)])
def test_a_year_or_a_whole_place_is_no_organs_name(name: str, organ: bool) -> None:
    from checker.checks.signature import _names_an_organ
    assert _names_an_organ(name) is organ


# ---- Markdown marks around headings and the title ---------------------------------------------------------

def test_headings_inside_markdown_marks_are_headings_and_the_marks_still_reported(rules) -> None:
    parts = (PARTS.replace("一、主要举措和成效", "**一、主要举措和成效**")
             .replace("二、存在的不足和原因", "## 二、存在的不足和原因")
             .replace("三、党政", "### **三、党政").replace("职责情况\n", "职责情况**\n"))
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", parts=parts)
    doc, o = outline_of(text)
    assert [s.heading.mark for s in o.sections] == ["一、", "二、", "三、", "四、"]
    assert o.sections[2].heading.title == "党政主要负责人履行推进法治建设第一责任人职责情况"
    assert {M, S, F, N} <= set(o.parts)
    found = findings(text, rules)
    assert [r for r, _ in found if r.startswith("structure.")] == []
    assert "wording.assistant-leftover" in {r for r, _ in found}


def test_a_run_in_heading_inside_bold_marks() -> None:
    parts = PARTS.replace("三、党政主要负责人履行推进法治建设第一责任人职责情况\n",
                          "三、履职情况\n**（一）主要负责人履行第一责任人职责。**县长主持专题学法4次。\n")
    doc, o = outline_of(report("某某县人民政府关于2025年度法治政府建设情况的报告", parts=parts))
    child = o.sections[2].children[0]
    assert child.heading.mark == "（一）" and child.heading.title == "主要负责人履行第一责任人职责"
    assert F in o.parts


@pytest.mark.parametrize("title", ["# 某某县人民政府关于2025年度法治政府建设情况的报告",
                                   "**某某县人民政府关于2025年度法治政府建设情况的报告**"])
def test_a_title_inside_markdown_marks_is_the_title_without_them(rules, title: str) -> None:
    text = report(title)
    doc, o = outline_of(text)
    assert said(doc, o.title) == "某某县人民政府关于2025年度法治政府建设情况的报告"
    assert o.organs == ("某某县人民政府",)
    assert [r for r, _ in findings(text, rules, "signature.", "structure.")] == []


def test_a_line_starting_with_hash_in_the_text_is_no_heading() -> None:
    parts = PARTS.replace("全年制定规范性文件3件", "#3号楼等处开展普法宣传，全年制定规范性文件3件")
    _, o = outline_of(report("某某县人民政府关于2025年度法治政府建设情况的报告", parts=parts))
    assert [s.heading.mark for s in o.sections] == ["一、", "二、", "三、", "四、"]


# ---- a writing assistant's line before the title ------------------------------------------------------------

@pytest.mark.parametrize("before", ["以下是根据您提供的材料整理的法治政府建设情况报告：\n",
                                    "好的，以下是为您撰写的某某县2025年度法治政府建设情况报告。\n\n",
                                    "```markdown\n"])
def test_an_assistant_line_before_the_title_is_checked(rules, before: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", before=before)
    doc, o = outline_of(text)
    assert doc.text[o.body.start:].startswith(before.strip())
    assert said(doc, o.title) == "某某县人民政府关于2025年度法治政府建设情况的报告"
    found = findings(text, rules)
    assert [r for r, _ in found] == ["wording.assistant-leftover"]


def test_an_assistant_line_on_a_one_line_page_is_checked(rules) -> None:
    body = report("2025年某某区法治政府建设情况报告", signature="某某市某某区人民政府", date="2026年1月20日",
                  parts=LONG_PARTS).strip()
    page = ("当前位置：首页 > 信息公开 - 发布日期：2026-01-22 以下是根据您提供的材料整理的某某区法治政府建设情况报告： "
            + body.replace("\n", " ") + " 【打印本页】 【关闭窗口】")
    doc, o = outline_of(page)
    assert said(doc, o.title) == "2025年某某区法治政府建设情况报告" and o.date.text == "2026年1月20日"
    assert [r for r, _ in findings(page, rules)] == ["wording.assistant-leftover"]


@pytest.mark.parametrize("before", ["您当前所在的位置：首页 > 政务公开 > 法治政府建设\n",
                                    "以下是本站发布的法治政府建设年度报告\n相关链接\n",
                                    "发布日期：2026-02-12\n"])
def test_page_chrome_above_the_title_stays_outside(rules, before: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", before=before)
    doc, o = outline_of(text)
    assert doc.text[o.body.start:].startswith("某某县人民政府关于")


def test_a_site_line_just_above_the_title_is_not_taken_for_an_assistants() -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", before="以下为本站发布的年度报告全文\n")
    doc, o = outline_of(text)
    assert doc.text[o.body.start:].startswith("某某县人民政府关于")


# ---- title forms: the 三要素 at warning, the customary form at info --------------------------------------------

@pytest.mark.parametrize("title, warned, told", [
    ("某某县人民政府关于2025年度法治政府建设情况的报告", [], []),
    ("某某县人民政府2025年度法治政府建设情况报告", [], []),                        # no 关于: not reported
    ("某某县司法局法治政府建设情况报告", [], ["年度"]),                             # no year: info
    ("某某县人民政府2025年度法治政府年度报告", [], ["建设"]),                       # no 建设: info
    ("某某街道办事处2025年度法治政府建设工作情况", ["文种“报告”"], []),             # no 报告: warning
    ("关于2025年度法治政府建设情况的报告", ["发文机关"], []),                       # no organ: warning
])
def test_title_elements_and_their_grades(rules, title: str, warned: list[str], told: list[str]) -> None:
    signature = "某某县司法局" if "司法局" in title else "某某街道办事处" if "街道" in title else "某某县人民政府"
    result = check_text(report(title, signature=signature), rules)
    got = [(d.severity.label, d.message) for d in result.diagnostics if d.rule.startswith("structure.title")]
    warnings = [m for s, m in got if s == "warning"]
    infos = [m for s, m in got if s == "info"]
    assert len(warnings) == (1 if warned else 0) and all(w in warnings[0] for w in warned)
    assert len(infos) == (1 if told else 0) and all(t in infos[0] for t in told)


def test_the_elements_a_title_rule_looks_for_are_its_parameters() -> None:
    from checker.checks.title import Params, _elements
    from checker.errors import ParamError
    p = Params(aspect="elements", elements=("guan-yu",))
    assert [e for e, _ in _elements("某某县人民政府2025年度法治政府建设情况报告", p)] == ["guan-yu"]
    assert [e for e, _ in _elements("某某县人民政府关于2025年度法治政府建设情况的报告", p)] == []
    with pytest.raises(ParamError):
        Params(aspect="elements", elements=("year", "subject"))


@pytest.mark.parametrize("after", ["希望以上内容对您有帮助。\n", "如需进一步修改，请随时告诉我。\n希望这份报告对您有帮助！\n"])
def test_an_assistants_closing_words_after_the_date_are_checked(rules, after: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", after=after + "【打印本页】【关闭窗口】\n")
    doc, o = outline_of(text)
    assert said(doc, o.signature) == "某某县人民政府" and o.date.text == "2026年2月10日"
    assert doc.text[o.body.start:o.body.end].endswith(after.strip())
    assert {r for r, _ in findings(text, rules)} == {"wording.assistant-leftover"}
