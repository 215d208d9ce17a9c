"""checker.load.docx_edit: Document.text offsets ↔ runs; isolating a span and replacing text keep formatting and text."""
from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.run import Run
from test_load_docx import build_numbered_report, build_report

from checker.load.docx_edit import RunMap
from checker.load import load
from checker.load.wordml import _run_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(tmp_path_factory.mktemp("edit") / "报告.docx")


@pytest.fixture(scope="module")
def numbered_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_numbered_report(tmp_path_factory.mktemp("edit") / "编号.docx")


def open_map(path: Path):
    document = docx.Document(str(path))
    return document, RunMap.of(document)


def saved_text(document, tmp_path: Path, name: str = "out.docx") -> str:
    out = tmp_path / name
    document.save(str(out))
    return load(out).text


def bold(r) -> bool | None:
    return Run(r, None).bold


def shown(paragraph) -> list[tuple[str, bool | None]]:
    """(text, bold) of the runs with text (the comment reference run build_report adds holds none)."""
    return [(r.text, r.bold) for r in paragraph.runs if r.text]


def run_text(runs) -> str:
    """The runs' text as the loader reads it (a soft break is a space there, "\\n" in python-docx)."""
    return "".join(_run_text(r) for r in runs)


def test_map_reads_the_text_the_loader_reads(built, numbered_path) -> None:
    for path in (built, numbered_path):
        _, runmap = open_map(path)
        assert runmap.text == load(path).text


def test_isolate_inside_one_run(built, tmp_path) -> None:
    document, runmap = open_map(built)
    text = runmap.text
    start = text.index("办结案件")
    runs = runmap.isolate(start, start + 4)
    assert len(runs) == 1 and Run(runs[0], None).text == "办结案件"
    # the pieces on both sides are runs of their own now, the text is unchanged
    assert runmap.text == text
    assert saved_text(document, tmp_path) == text
    texts = [r.text for p in document.paragraphs for r in p.runs]
    assert "全年" in texts and "办结案件" in texts and "513件。\t附表见后" in texts


def test_isolate_across_a_bold_normal_boundary_keeps_formatting(built, tmp_path) -> None:
    document, runmap = open_map(built)
    text = runmap.text
    start = text.index("加粗：其余")
    runs = runmap.isolate(start, start + 5)
    assert run_text(runs) == "加粗：其余"
    assert [bold(r) for r in runs] == [True, None]
    paragraph = next(p for p in document.paragraphs if p.text == "部分加粗：其余不加粗。")
    assert shown(paragraph) == [("部分", True), ("加粗：", True), ("其余", None), ("不加粗。", None)]
    assert saved_text(document, tmp_path) == text


def test_isolate_across_paragraphs_and_in_a_table(built) -> None:
    _, runmap = open_map(built)
    text = runmap.text
    start = text.index("其余不加粗")
    end = text.index("字符样式") + 4
    runs = runmap.isolate(start, end)
    assert run_text(runs) == text[start:end].replace("\n", "")
    cell = text.index("内表甲")
    assert run_text(runmap.isolate(cell + 1, cell + 3)) == "表甲"


def test_any_span_isolates_to_exactly_its_text(built, tmp_path) -> None:
    """Random spans, one after another on the same tree: each gives back its own characters, the text never moves."""
    document, runmap = open_map(built)
    text = runmap.text
    rng = random.Random(7)
    done = 0
    for _ in range(150):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(1, 12))
        if runmap.anchorable(start, end) is None:
            with pytest.raises(ValueError):
                runmap.isolate(start, end)
            continue
        runs = runmap.isolate(start, end)
        assert run_text(runs) == text[start:end].replace("\n", "")
        done += 1
    assert done > 100
    assert runmap.text == text
    assert saved_text(document, tmp_path) == text


def test_numbering_is_in_no_run(numbered_path) -> None:
    _, runmap = open_map(numbered_path)
    text = runmap.text
    heading = text.index("一、主要举措和成效")
    with pytest.raises(ValueError, match="自动编号"):
        runmap.isolate(heading, heading + 2)
    with pytest.raises(ValueError, match="自动编号"):
        runmap.isolate(heading, heading + 6)
    with pytest.raises(ValueError, match="自动编号"):
        runmap.replace(heading + 1, heading + 2, "")
    assert runmap.anchorable(heading, heading + 6) == (heading + 2, heading + 6)
    assert run_text(runmap.isolate(heading + 2, heading + 6)) == "主要举措"
    sub = text.index("（一）完善依法行政")
    assert run_text(runmap.isolate(sub + 3, sub + 7)) == "完善依法"


def test_replace_keeps_formatting_and_follows_its_own_edits(built, tmp_path) -> None:
    document, runmap = open_map(built)
    text = runmap.text
    edits = [("部分加粗：", "部分加粗:"), ("513件", "五百一十三件"), ("内表甲", "甲"), ("表后段落。", "表后段落")]
    expected = text
    for old, new in edits:                  # first to last: the map keeps later offsets right
        at = runmap.text.index(old)
        runmap.replace(at, at + len(old), new)
        expected = expected.replace(old, new, 1)
    assert runmap.text == expected
    assert saved_text(document, tmp_path) == expected
    paragraph = next(p for p in document.paragraphs if p.text.startswith("部分加粗"))
    assert shown(paragraph) == [("部分加粗:", True), ("其余不加粗。", None)]


def test_replace_last_to_first_with_original_offsets(built, tmp_path) -> None:
    document, runmap = open_map(built)
    text = runmap.text
    edits = (("完善制度", "健全制度"), ("其余", "其他部分"), ("格11", "格一"))
    spans = sorted(((text.index(old), text.index(old) + len(old), new) for old, new in edits), reverse=True)
    for start, end, new in spans:
        runmap.replace(start, end, new)
    expected = text.replace("完善制度", "健全制度").replace("其余", "其他部分").replace("格11", "格一")
    assert saved_text(document, tmp_path) == expected


def test_replace_leaves_shared_characters_in_their_runs(built, tmp_path) -> None:
    document, runmap = open_map(built)
    text = runmap.text
    at = text.index("：其余")
    runmap.replace(at, at + 3, "，其他")              # "：" → "，" in the bold run, "余" → "他" in the normal one
    paragraph = next(p for p in document.paragraphs if p.text.startswith("部分加粗"))
    assert shown(paragraph) == [("部分加粗，", True), ("其他不加粗。", None)]
    at = runmap.text.index("，其")
    runmap.replace(at, at + 2, "；且")                # nothing shared: the stretch takes its first run's format
    assert shown(paragraph) == [("部分加粗", True), ("；且", True), ("他不加粗。", None)]
    assert saved_text(document, tmp_path) == text.replace("：其余", "；且他")


def test_replace_inside_brackets_keeps_the_bold_run_and_its_comment(tmp_path) -> None:
    """"(一网通办)" → "（一网通办）": only the brackets change; the bold run between them and the comment
    anchored on it are as they were."""
    from test_annotate import raw_anchors

    d = docx.Document()
    p = d.add_paragraph("重点推进(")
    inner = p.add_run("一网通办")
    inner.bold = True
    p.add_run(")改革。")
    d.add_comment([inner], text="请核对名称", author="审核人", initials="审")
    path = tmp_path / "brackets.docx"
    d.save(str(path))
    document, runmap = open_map(path)
    runmap.replace(4, 10, "（一网通办）")
    out = tmp_path / "out.docx"
    document.save(str(out))
    assert load(out).text == "重点推进（一网通办）改革。"
    assert shown(document.paragraphs[0]) == [("重点推进（", None), ("一网通办", True), ("）改革。", None)]
    assert list(raw_anchors(out).values()) == ["一网通办"]


def test_a_refused_replacement_leaves_the_paragraph_as_it_was(tmp_path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("第")
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>(3</w:t></w:r></w:fldSimple>'))
    p.add_run(")页")
    path = tmp_path / "field.docx"
    d.save(str(path))
    document, runmap = open_map(path)
    xml = document.element.body.xml
    with pytest.raises(ValueError, match="域"):
        runmap.replace(1, 4, "（3）")            # ")" → "）" is made first, then "(" is in the field's result:
    # all or nothing
    assert document.element.body.xml == xml and runmap.text == "第(3)页"
    runmap.replace(4, 5, "页。")                  # and the map still follows the paragraph
    assert saved_text(document, tmp_path) == "第(3)页。"


def test_insert_and_delete(built, tmp_path) -> None:
    document, runmap = open_map(built)
    text = runmap.text
    tab = text.index("\t附表")
    with pytest.raises(ValueError, match="制表符"):
        runmap.replace(tab, tab + 1, "")                      # a w:tab is layout: not deleted …
    with pytest.raises(ValueError, match="制表符"):
        runmap.replace(tab - 1, tab + 1, "。")                # … nor replaced with its neighbour
    runmap.replace(tab - 1, tab + 1, "；\t")                  # a change beside it is made, the tab stays
    assert runmap.text == text.replace("。\t附表", "；\t附表")
    runmap.replace(tab + 1, tab + 1, "《")
    runmap.replace(tab + 4, tab + 4, "》")
    heading = runmap.text.index("一、主要举措")
    runmap.replace(heading + 1, heading + 1, "、")              # an insertion takes the run before
    empty = runmap.text.index("\n\n") + 1                     # the empty paragraph gets a run of its own
    runmap.replace(empty, empty, "新段落")
    expected = text.replace("。\t附表", "；\t《附表》").replace("一、主要", "一、、主要").replace("\n\n", "\n新段落\n", 1)
    assert runmap.text == expected
    assert saved_text(document, tmp_path) == expected
    assert len(document.element.body.findall(".//" + qn("w:tab"))) == 1


@pytest.mark.parametrize("xml", ['<w:br/>', '<w:cr/>', '<w:br w:type="textWrapping"/>'])
def test_a_manual_line_break_is_not_removed(tmp_path, xml: str) -> None:
    """A soft line break reads as " ": "开展培训 。" looks like a space before "。", but the break is layout."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("开展培训")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}>{xml}<w:t>。加强</w:t></w:r>'))
    path = tmp_path / "br.docx"
    d.save(str(path))
    document, runmap = open_map(path)
    assert runmap.text == "开展培训 。加强"
    before = document.element.body.xml
    for start, end, new in ((4, 5, ""), (4, 6, "。"), (3, 5, "训")):
        with pytest.raises(ValueError, match="换行"):
            runmap.replace(start, end, new)
    assert document.element.body.xml == before and runmap.text == "开展培训 。加强"


def test_refused_edits(built) -> None:
    _, runmap = open_map(built)
    text = runmap.text
    end_of_title = text.index("\n")
    with pytest.raises(ValueError, match="跨越段落"):
        runmap.replace(end_of_title - 2, end_of_title + 2, "")
    with pytest.raises(ValueError, match="换行"):
        runmap.replace(0, 1, "甲\n乙")
    with pytest.raises(ValueError, match="超出"):
        runmap.replace(len(text), len(text) + 1, "")
    with pytest.raises(ValueError, match="空的范围"):
        runmap.isolate(3, 3)
    assert runmap.text == text


def test_field_results_are_not_replaced(tmp_path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("第")
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple>'))
    p.add_run("页")
    path = tmp_path / "field.docx"
    d.save(str(path))
    document, runmap = open_map(path)
    assert runmap.text == load(path).text == "第3页"
    with pytest.raises(ValueError, match="域"):
        runmap.replace(1, 2, "4")
    assert run_text(runmap.isolate(1, 2)) == "3"          # a comment may still be anchored on it
    runmap.replace(2, 3, "页。")
    assert saved_text(document, tmp_path) == "第3页。"


@pytest.mark.parametrize("kind", ["page", "column"])
def test_a_page_or_column_break_in_a_replaced_run_stays(tmp_path, kind: str) -> None:
    """"加强建设," + [page break, " 完成任务。"]: the comma and the space become "，"; the break (no character of
    the text) and the rendered-page-break mark stay, after the new "，"."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("加强建设,")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:br w:type="{kind}"/><w:lastRenderedPageBreak/>'
                          '<w:t xml:space="preserve"> 完成任务。</w:t></w:r>'))
    path = tmp_path / "break.docx"
    d.save(str(path))
    document, runmap = open_map(path)
    assert runmap.text == "加强建设, 完成任务。"
    runmap.replace(4, 6, "，")
    assert saved_text(document, tmp_path) == "加强建设，完成任务。"
    children = [(c.tag, c.get(qn("w:type")), c.text) for r in document.paragraphs[0]._p.iter(qn("w:r"))
                for c in r if c.tag != qn("w:rPr")]
    assert children == [(qn("w:t"), None, "加强建设"), (qn("w:t"), None, "，"), (qn("w:br"), kind, None),
                        (qn("w:lastRenderedPageBreak"), None, None), (qn("w:t"), None, "完成任务。")]


def test_spaces_survive_a_save_and_runs_in_a_hyperlink_are_split_in_place(tmp_path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("见")
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
                          '<w:t>司法部网站</w:t></w:r></w:hyperlink>'))
    p.add_run("。")
    path = tmp_path / "link.docx"
    d.save(str(path))
    document, runmap = open_map(path)
    assert runmap.text == "见司法部网站。"
    runs = runmap.isolate(1, 3)
    assert run_text(runs) == "司法" and all(r.getparent().tag == qn("w:hyperlink") for r in runs)
    assert len(document.element.body.findall(".//" + qn("w:hyperlink") + "/" + qn("w:r"))) == 2
    runmap.replace(6, 7, " 。 ")                          # leading and trailing spaces kept through XML
    runmap.replace(0, 1, "详见 ")
    assert saved_text(document, tmp_path) == "详见 司法部网站 。 "
    underlined = [r for r in document.element.body.iter(qn("w:r")) if r.find(qn("w:rPr") + "/" + qn("w:u")) is not None]
    assert run_text(underlined) == "司法部网站"
