"""Every shape of ../shared/REAL-SHAPES.md (how real reports come: titles, organs, openings and endings, page
chrome, traditional characters, one-line pages, cover letters, attachments) read right. Small made-up snippets;
the parts under their real headings and the numbering shapes have their cases in tests/cases/."""
from __future__ import annotations

import pytest

from checker.load.txt import document_from_text
from checker.model import Part
from checker.outline import build_outline
from checker.runner import check_text

M, S, F, N = Part.MEASURES, Part.SHORTCOMINGS, Part.FIRST_RESPONSIBLE, Part.NEXT_YEAR
PARTS = ("一、主要举措和成效\n全年制定规范性文件3件，全部经过合法性审查，备案审查率100%。\n"
         "二、存在的不足和原因\n执法力量不足，主要原因是编制紧张。\n"
         "三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责同志召开常务会议专题研究法治工作4次。\n"
         "四、2026年工作安排\n继续推进严格规范公正文明执法。\n")
OPENING = "2025年，某某县坚持以习近平法治思想为指导，深入推进法治政府建设，现将有关情况报告如下：\n"


def outline_of(text: str):
    doc = document_from_text(text, "<t>", None)
    return doc, build_outline(doc)


def said(doc, span) -> str | None:
    return doc.text[span.start:span.end] if span else None


def findings(text: str, rules, *prefixes: str) -> list[tuple[str, str | None]]:
    result = check_text(text, rules)
    return [(d.rule, d.text) for d in result.diagnostics
            if d.severity.label != "info" and (not prefixes or d.rule.startswith(prefixes))]


def report(title: str, signature: str = "某某县人民政府", date: str = "2026年2月10日", after: str = "",
           before: str = "", opening: str = OPENING, parts: str = PARTS) -> str:
    return f"{before}{title}\n{opening}{parts}{signature}\n{date}\n{after}"


# ---- titles ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, organ", [
    ("某某县人民政府关于2025年度法治政府建设情况的报告", "某某县人民政府"),
    ("某某县人民政府关于2025年度法治政府建设工作的报告", "某某县人民政府"),
    ("某某县教育局2025年法治政府建设工作报告", "某某县教育局"),
    ("某某县人民政府 2025年度法治政府建设情况报告", "某某县人民政府"),
    ("2025年某某县法治政府建设情况报告", "某某县"),
    ("某某县司法局2025年法治政府建设年度报告", "某某县司法局"),
    ("某某县人民政府 2025法治政府建设情况报告", "某某县人民政府"),
    ("某某县人民政府2025年度法治政府年度报告", "某某县人民政府"),
    ("某某县人民政府2025年度法治政府建设情况报告", "某某县人民政府"),
])
def test_title_forms_are_titles_with_their_year_and_organ(rules, title: str, organ: str) -> None:
    text = report(title, signature=organ if organ.endswith(("政府", "局")) else organ + "人民政府")
    doc, o = outline_of(text)
    assert said(doc, o.title) == title and o.report_year == 2025
    from checker.checks.title import title_organ
    assert title_organ(title).replace(" ", "") == organ
    assert findings(text, rules, "structure.title-missing", "date.", "signature.") == []


@pytest.mark.parametrize("title", ["某某县人民政府关于法治政府建设工作情况", "某某县人民政府法治政府建设情况报告"])
def test_a_title_without_report_or_year_is_still_the_title(title: str) -> None:
    doc, o = outline_of(report(title))
    assert said(doc, o.title) == title


def test_title_over_two_lines_is_one_title() -> None:
    doc, o = outline_of(report("某某市市场监督管理局\n关于2025年度法治政府建设工作的报告", signature="某某市市场监督管理局"))
    assert said(doc, o.title) == "某某市市场监督管理局\n关于2025年度法治政府建设工作的报告"


def test_title_wrapped_inside_a_phrase_is_one_title() -> None:
    doc, o = outline_of(report("某某县人民政府关于2025年度法治政府建设\n情况的报告"))
    assert said(doc, o.title) == "某某县人民政府关于2025年度法治政府建设\n情况的报告"


def test_title_broken_before_its_topic_is_one_title(rules) -> None:
    text = report("某某县人民政府关于2025年度\n法治政府建设情况的报告")
    doc, o = outline_of(text)
    assert said(doc, o.title) == "某某县人民政府关于2025年度\n法治政府建设情况的报告"
    assert findings(text, rules, "structure.title", "signature.") == []


def test_joint_title_over_three_lines_and_the_two_organ_signature(rules) -> None:
    text = report("中共某某区委员会\n某某区人民政府\n关于2025年度法治政府建设情况的报告",
                  signature="中共某某区委员会\n某某区人民政府")
    doc, o = outline_of(text)
    assert said(doc, o.title).startswith("中共某某区委员会\n某某区人民政府\n关于")
    assert said(doc, o.signature) == "中共某某区委员会\n某某区人民政府"
    assert findings(text, rules, "signature.", "structure.title") == []


@pytest.mark.parametrize("signature, ok", [
    ("中共某某县委员会   某某县人民政府", True),          # both organs, full name of the 县委
    ("中共某某县委 某某县人民政府", True),
    ("某某县人民政府办公室", False),                       # an office under one of them signs the joint report
    ("某某县人民政府", False),                             # one of two organs
])
def test_joint_report_is_signed_by_both_organs(rules, signature: str, ok: bool) -> None:
    text = report("中共某某县委 某某县人民政府关于2025年度法治政府建设情况的报告", signature=signature)
    rule_ids = [r for r, _ in findings(text, rules, "signature.organ-mismatch")]
    assert (rule_ids == []) is ok


def test_a_short_title_organ_signed_in_full_is_the_same_organ(rules) -> None:
    text = report("2025年某某区法治政府建设情况报告", signature="某某市某某区人民政府")
    assert findings(text, rules, "signature.", "structure.title") == []


# ---- organs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("organ", ["某某街道办事处", "中共某某街道工作委员会", "某某高新技术产业开发区管理委员会",
                                   "某某旗人民政府", "某某自治县人民政府", "某某乡人民政府", "某某部", "某某市气象局"])
def test_organs_of_every_kind_sign(organ: str) -> None:
    doc, o = outline_of(report(f"{organ}关于2025年度法治政府建设情况的报告", signature=organ))
    assert said(doc, o.signature) == organ and o.date is not None


def test_a_report_to_the_peoples_congress_ends_asking_for_deliberation(rules) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告",
                  parts=PARTS + "以上报告，请予审议。\n", before="某某县人大常委会：\n")
    doc, o = outline_of(text)
    assert o.cover is None and said(doc, o.signature) == "某某县人民政府"
    assert findings(text, rules, "structure.", "signature.", "date.") == []


# ---- cover letter ------------------------------------------------------------------------------------

COVER = ("某交法〔2026〕6号\n中共某某省委、某某省人民政府：\n"
         "根据《法治政府建设与责任落实督察工作规定》，我厅起草了2025年度法治政府建设情况报告，现将报告报送你们，请审阅。\n"
         "附件：某某省交通运输厅2025年度法治政府建设情况报告\n某某省交通运输厅\n2026年2月6日\n")


def test_cover_letter_signs_an_unsigned_report(rules) -> None:
    text = COVER + "某某省交通运输厅2025年度法治政府建设情况报告\n" + OPENING + PARTS
    doc, o = outline_of(text)
    assert said(doc, o.title) == "某某省交通运输厅2025年度法治政府建设情况报告"
    assert o.cover is not None and o.signed_by_cover
    assert said(doc, o.signature) == "某某省交通运输厅" and o.date.text == "2026年2月6日"
    assert doc.text[o.body.start:].startswith("某某省交通运输厅2025年度")
    assert findings(text, rules, "structure.", "signature.", "date.") == []
    from checker.outline.describe import describe
    assert any("呈送函" in line for line in describe(doc, o))


def test_cover_letter_before_a_signed_report_leaves_the_report_its_own(rules) -> None:
    text = COVER + report("某某省交通运输厅2025年度法治政府建设情况报告", signature="某某省交通运输厅",
                          date="2026年2月5日")
    doc, o = outline_of(text)
    assert o.cover is not None and not o.signed_by_cover and o.date.text == "2026年2月5日"


def test_an_addressee_and_a_date_above_a_title_are_no_cover_letter() -> None:
    text = "2026-03-04\n" + report("某某县人民政府关于2025年度法治政府建设情况的报告")
    _, o = outline_of(text)
    assert o.cover is None


# ---- openings and endings ----------------------------------------------------------------------------

@pytest.mark.parametrize("addressee", ["县委、县政府：", "市政府并报市委：", "市委全面依法治市委员会：", "某某县人民政府："])
def test_addressee_lines_are_report_text_not_title_or_chrome(addressee: str) -> None:
    doc, o = outline_of(report("某某县司法局关于2025年度法治政府建设情况的报告", before="",
                               opening=f"{addressee}\n{OPENING}", signature="某某县司法局"))
    assert said(doc, o.title).startswith("某某县司法局") and o.report_year == 2025
    first = doc.paragraphs[o.paragraphs[1]]
    assert doc.para_text(first) == addressee


def test_opening_citing_the_supervision_rules_is_no_cover_letter(rules) -> None:
    opening = ("根据《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）要求，现将我县2025年度法治政府建设情况"
               "报告如下：\n")
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", opening=opening)
    _, o = outline_of(text)
    assert o.cover is None and o.years.get("opening") == 2025
    assert findings(text, rules, "structure.", "signature.", "date.") == []


@pytest.mark.parametrize("date", ["2026年1月15日", "二〇二六年一月十五日"])
def test_ending_with_te_ci_bao_gao_and_either_date_form(date: str) -> None:
    doc, o = outline_of(report("某某县人民政府关于2025年度法治政府建设情况的报告", parts=PARTS + "特此报告。\n",
                               date=date))
    assert o.date.text == date and said(doc, o.signature) == "某某县人民政府"


def test_signature_and_date_on_one_line(rules) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", signature="　　　　某某县人民政府　　2026年2月10日",
                  date="")
    doc, o = outline_of(text)
    assert said(doc, o.signature) == "某某县人民政府" and o.date.text == "2026年2月10日"
    assert findings(text, rules) == []


AFTER_DATE = [
    "附件：1.行政执法数据统计表\n",                                                   # 附件说明 after the date
    "\n附件\n2025年度行政执法主要数据统计表\n指标\n2024年\n2025年\n行政处罚案件（件）\n1287\n1426\n",
    "\n抄送：某某市司法局，县委全面依法治县委员会办公室。\n",
    "附件\n2025年度行政执法主要数据统计表\n指标|2025年\n行政处罚案件（件）|1426\n\n"
    "抄送：某某市市场监督管理局，市委全面依法治市委员会办公室。\n某某市市场监督管理局办公室　　　　2026年2月3日印发\n",
]


@pytest.mark.parametrize("after", AFTER_DATE)
def test_attachments_and_banji_after_the_date_are_not_the_body(rules, after: str) -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", after=after)
    doc, o = outline_of(text)
    assert o.date is not None and o.date.text == "2026年2月10日"
    assert said(doc, o.signature) == "某某县人民政府"
    assert o.body.end == o.date.span.end and o.tail is not None
    assert findings(text, rules) == []


def test_attachment_note_above_the_signature_and_the_attachment_after_the_date() -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", parts=PARTS + "附件：2025年度行政执法主要数据统计表\n",
                  after="附件\n2025年度行政执法主要数据统计表\n指标|2025年\n")
    _, o = outline_of(text)
    assert [a.name for a in o.note] == ["2025年度行政执法主要数据统计表"]
    assert [a.name for a in o.attached] == ["2025年度行政执法主要数据统计表"]


# ---- page chrome -------------------------------------------------------------------------------------

CHROME_ABOVE = [
    "您当前所在的位置：首页 > 政务公开 > 法治政府建设\n",
    "今天是：2026年3月4日 星期三 农历正月十六\n",
    "字体：【大 中 小】\n",
    "- 索 引 号：11330213MB0A47765Q/2026-118732\n- 发布机构：某某县人民政府\n- 发布日期：2026-02-12\n",
    "[ 索引号 ] 11431027MB1C52018F/2026-00037　[ 主题分类 ] 法治政府建设\n[ 成文日期 ] 2026-02-10　[ 发布日期 ] 2026-02-12\n",
    "索引号：11430000MB1D27794K/2026-00418\n发文机关：某某县人民政府\n成文日期：2026-02-10\n"
    "标题：某某县人民政府关于2025年度法治政府建设情况的报告\n发布日期：2026-02-12\n",
    "發布時間：2026-02-12\n瀏覽次數：312\n",
    "发布时间：\n2026-02-12\n作者：\n来源：\n某某县司法局\n",
]
CHROME_BELOW = [
    "【打印本页】【关闭窗口】\n分享到：\n主办：某某县人民政府办公室　网站标识码：4310270021\n",
    "[ 索引号 ] 11431027MB1C52018F/2026-00037　[ 主题分类 ] 法治政府建设\n[ 成文日期 ] 2026-02-10　[ 发布日期 ] 2026-02-12\n",
    "发布时间：\n2026-03-04\n阅读次数：\n486\n",
    "扫一扫在手机打开当前页\n上一篇：某某县召开法治建设工作会议\n",
]


@pytest.mark.parametrize("above", CHROME_ABOVE)
@pytest.mark.parametrize("below", CHROME_BELOW)
def test_page_chrome_is_never_title_signature_date_or_end(rules, above: str, below: str) -> None:
    title = "某某县人民政府关于2025年度法治政府建设情况的报告"
    text = above + report(title, after=below)
    doc, o = outline_of(text)
    assert said(doc, o.title) == title
    assert said(doc, o.signature) == "某某县人民政府" and o.date.text == "2026年2月10日"
    assert o.body.end == o.date.span.end
    assert findings(text, rules) == []


def test_metadata_rows_give_the_publication_and_signing_dates() -> None:
    text = ("[ 成文日期 ] 2026-02-10　[ 发布日期 ] 2026-04-12\n"
            + report("某某县人民政府关于2025年度法治政府建设情况的报告"))
    _, o = outline_of(text)
    assert o.published == "2026-04-12" and o.signed == "2026-02-10"


def test_label_and_value_on_separate_lines_give_the_publication_date() -> None:
    _, o = outline_of("发布时间：\n2026-04-12\n" + report("某某县人民政府关于2025年度法治政府建设情况的报告"))
    assert o.published == "2026-04-12"


def test_the_page_banner_date_is_no_publication_date() -> None:
    _, o = outline_of("今天是：2026年5月4日 星期一\n" + report("某某县人民政府关于2025年度法治政府建设情况的报告"))
    assert o.published is None


def test_a_repost_date_is_not_the_publication_date(rules) -> None:
    text = ("来源：某某日报\n发布时间：2026-04-20\n" + report("某某县人民政府关于2025年度法治政府建设情况的报告"))
    _, o = outline_of(text)
    assert o.published is None
    assert findings(text, rules, "date.") == []


def test_a_title_row_stands_in_when_the_page_has_no_title() -> None:
    text = "标题：某某县人民政府关于2025年度法治政府建设情况的报告\n发布日期：2026-02-12\n" + OPENING + PARTS + \
        "某某县人民政府\n2026年2月10日\n"
    doc, o = outline_of(text)
    assert said(doc, o.title) == "某某县人民政府关于2025年度法治政府建设情况的报告"
    assert o.report_year == 2025


def test_a_title_cell_under_its_label_stands_in_too() -> None:
    text = "标题\n某某县人民政府关于2025年度法治政府建设情况的报告\n发布日期\n2026-02-12\n" + OPENING + PARTS + \
        "某某县人民政府\n2026年2月10日\n"
    doc, o = outline_of(text)
    assert said(doc, o.title) == "某某县人民政府关于2025年度法治政府建设情况的报告" and o.published == "2026-02-12"


def test_a_spam_line_inside_the_report_is_not_checked(rules) -> None:
    parts = PARTS.replace("二、存在", "扫一扫在手机打开当前页\n二、存在")
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告", parts=parts)
    assert findings(text, rules) == []


# ---- traditional characters --------------------------------------------------------------------------

TRADITIONAL = ("[ 發布日期 ] 2025-02-20\n某某鎮人民政府關於2024年度法治政府建設情況的報告\n"
               "2024年，某某鎮堅持以習近平法治思想爲指導，現將有關情況報告如下：\n"
               "一、主要舉措和成效\n全年辦理行政處罰案件29件，罰沒款合計4.37萬元。\n"
               "二、存在的不足和原因\n執法人員中具有法律專業背景的僅2人，原因是培訓投入不夠。\n"
               "三、黨政主要負責人履行推進法治建設第一責任人職責情況\n鎮黨委書記、鎮長切實履行推進法治建設第一責任人職責。\n"
               "四、2025年工作安排\n持續推進嚴格規範公正文明執法。\n某某縣某某鎮人民政府\n2025年2月18日\n")


def test_traditional_page_is_read_like_a_simplified_one(rules) -> None:
    doc, o = outline_of(TRADITIONAL)
    assert doc.simplified is not None and len(doc.folded) == len(doc.text)
    assert said(doc, o.title) == "某某鎮人民政府關於2024年度法治政府建設情況的報告"
    assert {M, S, F, N} <= set(o.parts) and o.published == "2025-02-20"
    assert findings(TRADITIONAL, rules) == []


def test_findings_on_a_traditional_page_quote_the_original(rules) -> None:
    text = TRADITIONAL.replace("習近平法治思想", "習近平法制思想").replace("29件，", "29件，，")
    result = check_text(text, rules)
    quoted = {d.rule: d.text for d in result.diagnostics}
    assert quoted.get("punctuation.doubled-mark") == "，，"
    span = next(d.span for d in result.diagnostics if d.rule == "punctuation.doubled-mark")
    assert text[span.start:span.end] == "，，"


def test_simplified_text_is_never_converted() -> None:
    doc = document_from_text(report("某某县人民政府关于2025年度法治政府建设情况的报告"), "<t>", None)
    assert doc.simplified is None and doc.matching() is doc


# ---- one-paragraph pages -----------------------------------------------------------------------------

LONG_PARTS = PARTS.replace("备案审查率100%。", "备案审查率100%。全区行政复议案件全部依法办结，行政机关负责人出庭应诉率100%。")


def test_one_line_page_is_split_at_heading_marks_and_sentence_ends(rules) -> None:
    body = report("2025年某某区法治政府建设情况报告", signature="某某市某某区人民政府", date="2026年1月20日",
                  parts=LONG_PARTS).strip()
    page = ("当前位置：首页 > 信息公开 > 法治政府建设 - 索 引 号：11330213MB0A47765Q/2026-118732 "
            "- 发布机构：某某市某某区人民政府 - 发布日期：2026-01-22 字体:【大 中 小】 "
            + body.replace("\n", " ") + " 【打印本页】 【关闭窗口】 主办：某某区人民政府办公室")
    assert "\n" not in page
    doc, o = outline_of(page)
    assert said(doc, o.title) == "2025年某某区法治政府建设情况报告"
    assert [s.heading.mark for s in o.sections] == ["一、", "二、", "三、", "四、"]
    assert said(doc, o.signature) == "某某市某某区人民政府" and o.date.text == "2026年1月20日"
    assert o.published == "2026-01-22"
    assert findings(page, rules) == []


def test_a_space_inside_a_sentence_of_a_one_line_page_is_still_reported(rules) -> None:
    body = report("2025年某某区法治政府建设情况报告", signature="某某市某某区人民政府", date="2026年1月20日",
                  parts=LONG_PARTS).strip()
    page = body.replace("\n", " ").replace("全年制定规范性文件", "全年制定 规范性文件")
    assert [r for r, _ in findings(page, rules, "punctuation.stray-space")] == ["punctuation.stray-space"]


def test_an_ordinary_long_paragraph_is_not_split() -> None:
    text = report("某某县人民政府关于2025年度法治政府建设情况的报告",
                  parts=PARTS.replace("备案审查率100%。", "备案审查率100%。" + "全县推进依法行政，" * 40 + "成效明显。"))
    doc = document_from_text(text, "<t>", None)
    assert len(doc.paragraphs) == text.count("\n") + 1


# ---- one reporting year ------------------------------------------------------------------------------

def test_a_title_year_that_disagrees_with_the_body_is_one_finding(rules) -> None:
    text = report("某某县人民政府关于2024年度法治政府建设情况的报告")
    _, o = outline_of(text)
    assert o.report_year == 2025 and o.years["title"] == 2024
    assert [r for r, _ in findings(text, rules, "date.")] == ["date.title-year"]


def test_a_title_year_wrong_without_a_date_is_still_found(rules) -> None:
    text = report("某某县人民政府关于2024年度法治政府建设情况的报告", date="").rstrip("\n") + "\n"
    assert ("date.title-year", "2024") in findings(text, rules, "date.title-year")
