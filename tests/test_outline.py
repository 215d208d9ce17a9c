"""Outline details beyond the seeds: docx heading hints, lost 顿号, what is not a heading."""
from __future__ import annotations

from checker.load import load
from checker.load.txt import document_from_text
from checker.model import Part
from checker.outline import build_outline

M, S, F, N = Part.MEASURES, Part.SHORTCOMINGS, Part.FIRST_RESPONSIBLE, Part.NEXT_YEAR


def outline_of(text: str):
    doc = document_from_text(text, "<t>", None)
    return doc, build_outline(doc)


def test_docx_heading_styles_and_bold_lines_without_marks(tmp_path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("某某县人民政府关于2025年度法治政府建设情况的报告")
    d.add_paragraph("主要举措和成效", style="Heading 1")
    d.add_paragraph("全年制定规范性文件3件，全部经过合法性审查，备案审查率100%。")
    d.add_paragraph("存在的不足和原因", style="Heading 1")
    d.add_paragraph("执法力量不足，原因是编制紧张。")
    d.add_paragraph().add_run("党政主要负责人履行推进法治建设第一责任人职责情况").bold = True
    d.add_paragraph("主要负责同志专题研究法治工作4次。")
    d.add_paragraph("2026年工作安排", style="Heading 1")
    d.add_paragraph("继续推进严格规范公正文明执法。")
    d.add_paragraph("某某县人民政府")
    d.add_paragraph("2026年2月10日")
    path = tmp_path / "styled.docx"
    d.save(str(path))
    o = build_outline(load(path))
    assert [s.parts for s in o.sections] == [(M,), (S,), (F,), (N,)]
    assert [s.heading.mark for s in o.sections] == ["", "", "", ""]


def test_lost_dunhao_is_a_level1_heading_but_yinianlai_is_not() -> None:
    _, o = outline_of("某镇人民政府关于2024年度法治政府建设情况的报告\n"
                      "一年来，我镇坚持依法行政，全年办理行政复议案件5件，均依法办结。\n"
                      "一主要举措和成效\n（一）强化组织领导。召开专题会议4次。\n"
                      "二存在的不足和原因\n一是队伍力量薄弱，原因是编制不足。\n")
    assert [(s.heading.level, s.heading.mark, s.heading.number) for s in o.sections] == [(1, "一", 1), (1, "二", 2)]
    assert o.sections[0].children[0].heading.mark == "（一）"


def test_run_in_heading_title_stops_at_the_full_stop() -> None:
    doc, o = outline_of("某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n"
                        "（一）健全法治工作体系，夯实基层治理根基。我镇将法治建设作为一把手工程。\n")
    h = o.sections[0].children[0].heading
    assert h.title == "健全法治工作体系，夯实基层治理根基"
    assert doc.text[h.span.start:h.span.end] == "（一）健全法治工作体系，夯实基层治理根基"


def test_numbers_and_decimals_are_not_headings() -> None:
    _, o = outline_of("某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n"
                      "1.5万元用于普法宣传。\n2025年全年办结案件。\n1.严格执法。\n（1）规范程序。\n")
    levels = [(c.heading.level, c.heading.mark) for c in o.sections[0].children]
    assert levels == [(3, "1.")]
    assert o.sections[0].children[0].children[0].heading.mark == "（1）"


def test_children_inherit_their_parent_part_unless_it_carries_several() -> None:
    _, o = outline_of("某县人民政府关于2025年度法治政府建设情况的报告\n"
                      "一、存在的问题及下一步打算\n（一）存在的问题\n执法力量不足，原因是编制少。\n"
                      "（二）下一步打算\n加强培训。\n二、2026年度推进法治政府建设的主要工作思路与目标举措\n（一）主要目标举措\n继续推进。\n")
    first, second = o.sections
    assert set(first.parts) == {S, N}
    assert [c.parts for c in first.children] == [(S,), (N,)]
    assert second.parts == (N,) and second.children[0].parts == (N,)


def test_text_fallback_finds_a_part_no_heading_names() -> None:
    _, o = outline_of("某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n"
                      "县政府主要负责同志认真履行推进法治建设第一责任人职责，专题研究法治工作4次。\n"
                      "二、存在的不足和原因\n执法力量不足，原因是编制少。\n三、2026年工作安排\n加强培训。\n")
    assert o.sections[0].parts == (M, F)


def test_two_numerals_and_words_starting_with_a_numeral_are_not_headings() -> None:
    _, o = outline_of("某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n三、四月份，开展专项整治。\n"
                      "二维码扫码办事全覆盖\n二、存在的不足和原因\n执法力量不足，原因是编制少。\n")
    assert [(s.heading.mark, s.heading.title) for s in o.sections] == [("一、", "主要举措和成效"), ("二、", "存在的不足和原因")]


def test_classification_label_above_the_title_is_inside_the_body() -> None:
    from checker.runner import findings
    from checker.packs import resolve

    text = ("网站首页\n秘密★1年\n某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n"
            "全年制定规范性文件3件，全部经过合法性审查。\n某县人民政府\n2026年2月10日\n")
    doc, o = outline_of(text)
    assert doc.text[o.body.start:].startswith("秘密★1年")
    assert doc.text[o.title.start:o.title.end].startswith("某县人民政府关于")
    rule = next(r for r in resolve(["default"])[1] if r.id == "wording.classified-marking")
    assert [d.text for d in findings(rule, text)] == ["秘密★1年"]
