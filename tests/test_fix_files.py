"""`fzlint fix` on real files: a .txt keeps its encoding, line ends and every untouched byte; a .docx changes only
word/document.xml and keeps its runs' formatting, tables and comments; the five seeds, as .txt and as .docx,
come back with none of the fixed findings and no new one."""
from __future__ import annotations

import codecs
import io
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest
from helpers import EXAMPLES, SEEDS
from test_annotate import raw_anchors

from checker.fix import fix_file
from checker.load import load
from checker.runner import check_file

DRAFT = ("某某镇人民政府关于2025年度法治政府建设情况的报告\n"
         "2025年,某某镇深入推进法治政府建设。现将有关情况报告如下:\n"
         "一、主要举措和成效\n"
         "开展普法活动12场，，覆盖群众3000余人次 。\n"
         "二、存在的不足和原因\n"
         "执法力量不足,原因是编制少。\n"
         "三、党政主要负责人履行推进法治建设第一责任人职责情况\n"
         "镇党委书记带头学法。\n"
         "四、下一年度主要安排\n"
         "调解成功率100%，继续推进严格规范公正文明执法。\n"
         "某某镇人民政府\n"
         "2026年01月15日\n")
FIXED = DRAFT.replace(",", "，").replace("如下:", "如下：").replace("，，", "，").replace(" 。", "。") \
    .replace("2026年01月15日", "2026年1月15日")


def _key(d) -> tuple:
    return (d.rule, d.line, str(d.part) if d.part else None)


def assert_round_trip(outcome) -> None:
    """Fixed findings are gone, the others are still there (same rule, same line), nothing new, nothing fixable left."""
    assert outcome.error is None, outcome.error
    before = Counter(_key(d) for d in outcome.initial.diagnostics if d.fix is None)
    after = Counter(_key(d) for d in outcome.result.diagnostics)
    assert after == before, f"new: {after - before}; lost: {before - after}"
    assert not [d for d in outcome.result.diagnostics if d.fix], "a fixable finding was left"


# ---- .txt -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_txt_keeps_encoding_and_line_ends(tmp_path: Path, rules, encoding: str, bom: bytes, newline: str) -> None:
    path = tmp_path / "草稿.txt"
    path.write_bytes(bom + DRAFT.replace("\n", newline).encode(encoding))
    outcome = fix_file(str(path), rules)
    assert outcome.error is None, outcome.error
    assert outcome.data == bom + FIXED.replace("\n", newline).encode(encoding)
    assert outcome.fixed == {"punctuation.half-width-comma": 2, "punctuation.half-width-colon": 1,
                             "punctuation.doubled-mark": 1, "punctuation.space-around-mark": 1,
                             "date.malformed": 1}
    assert_round_trip(outcome)
    assert path.read_bytes() == bom + DRAFT.replace("\n", newline).encode(encoding)   # fix_file writes nothing


def test_txt_mixed_line_ends_and_untouched_bytes_stay(tmp_path: Path, rules) -> None:
    raw = DRAFT.replace("\n", "\r\n", 3).replace("一、主要举措和成效\n", "一、主要举措和成效\r")
    path = tmp_path / "草稿.txt"
    path.write_bytes(raw.encode("utf-8"))
    outcome = fix_file(str(path), rules)
    expected = FIXED.replace("\n", "\r\n", 3).replace("一、主要举措和成效\n", "一、主要举措和成效\r")
    assert outcome.data.decode("utf-8") == expected


def test_txt_without_fixable_findings_is_unchanged(tmp_path: Path, rules) -> None:
    path = tmp_path / "clean.txt"
    path.write_bytes((EXAMPLES / "report-clean.txt").read_bytes())
    outcome = fix_file(str(path), rules)
    assert outcome.error is None and not outcome.changed and outcome.fixed == {}


def test_html_is_refused_with_a_reason(tmp_path: Path, rules) -> None:
    path = tmp_path / "报告.html"
    path.write_text("<html><body><p>报告</p></body></html>", encoding="utf-8")
    outcome = fix_file(str(path), rules)
    assert outcome.error and "网页" in outcome.error and "源文档" in outcome.error


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_round_trip_txt(seed: Path, tmp_path: Path, rules) -> None:
    outcome = fix_file(str(seed), rules)
    assert outcome.count > 0
    assert_round_trip(outcome)
    copy = tmp_path / seed.name                        # and checking the written file agrees
    copy.write_bytes(outcome.data)
    assert Counter(_key(d) for d in check_file(str(copy), rules).diagnostics) == \
        Counter(_key(d) for d in outcome.result.diagnostics)


# ---- .docx ----------------------------------------------------------------------------------------------


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\xff\x00" * 2))
            + chunk(b"IEND", b""))


def _docx(path: Path) -> None:
    """A draft with a bold/normal run boundary inside a fix, a table, a header, a footer, a picture and a comment."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：某某镇人民政府"
    d.sections[0].footer.paragraphs[0].text = "页脚,第1页"
    d.add_paragraph("某某镇人民政府关于2025年度法治政府建设情况的报告")
    p = d.add_paragraph("2025年,某某镇深入推进法治政府建设。")
    d.add_paragraph("一、主要举措和成效")
    p = d.add_paragraph()
    bold = p.add_run("开展普法活动12场，")
    bold.bold = True
    normal = p.add_run("，覆盖群众3000余人次 。")
    normal.font.size = Pt(15)
    d.add_comment([bold], text="请核对场次", author="审核人", initials="审")
    d.add_paragraph("二、存在的不足和原因")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "执法力量不足,原因是编制少。"
    table.cell(0, 1).text = "已上报"
    d.add_paragraph("三、党政主要负责人履行推进法治建设第一责任人职责情况")
    d.add_paragraph("镇党委书记带头学法。")
    d.add_paragraph("四、下一年度主要安排")
    d.add_paragraph("继续推进严格规范公正文明执法。")
    d.add_picture(io.BytesIO(_png()))
    d.add_paragraph("某某镇人民政府")
    d.add_paragraph("2026年01月15日")
    d.save(str(path))


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_docx_only_the_document_part_changes(tmp_path: Path, rules) -> None:
    path = tmp_path / "草稿.docx"
    _docx(path)
    outcome = fix_file(str(path), rules)
    assert outcome.error is None, outcome.error
    assert outcome.changed
    before, after = _members(outcome.original), _members(outcome.data)
    assert list(before) == list(after)                           # same members, same order
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["word/document.xml"]
    assert any(name.startswith("word/media/") for name in before)           # the picture is there, unchanged
    assert "word/comments.xml" in before                                    # the comment, header and footer
    assert any(n.startswith("word/header") for n in before) and any(n.startswith("word/footer") for n in before)
    with zipfile.ZipFile(io.BytesIO(outcome.original)) as a, zipfile.ZipFile(io.BytesIO(outcome.data)) as b:
        for x, y in zip(a.infolist(), b.infolist()):
            assert (x.filename, x.date_time, x.compress_type) == (y.filename, y.date_time, y.compress_type)


def test_docx_text_fixed_and_formatting_kept(tmp_path: Path, rules) -> None:
    import docx

    path = tmp_path / "草稿.docx"
    _docx(path)
    outcome = fix_file(str(path), rules)
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(outcome.data)
    text = load(fixed).text
    assert "2025年，某某镇深入推进" in text
    assert "开展普法活动12场，覆盖群众3000余人次。" in text
    assert "执法力量不足，原因是编制少。" in text              # inside a table cell
    assert "2026年1月15日" in text
    d = docx.Document(str(fixed))
    runs = next(p for p in d.paragraphs if p.text.startswith("开展普法活动")).runs
    chars = [(c, r.bold, r.font.size.pt if r.font.size else None) for r in runs for c in r.text]
    assert "".join(c for c, _, _ in chars) == "开展普法活动12场，覆盖群众3000余人次。"
    # each character keeps the formatting of the run it was in; the merged "，，" takes the first run's
    assert [(b, size) for _, b, size in chars] == [(True, None)] * 10 + [(None, 15)] * 12
    assert [c.text for c in d.comments] == ["请核对场次"]                    # the existing comment is kept …
    assert list(raw_anchors(fixed).values()) == ["开展普法活动12场，"]        # … on exactly the text it had
    assert "commentReference" in d.element.body.xml
    assert d.sections[0].header.paragraphs[0].text == "页眉：某某镇人民政府"   # headers are not report text
    assert d.sections[0].footer.paragraphs[0].text == "页脚,第1页"
    assert_round_trip(outcome)


def test_docx_fix_changes_only_the_changed_characters(tmp_path: Path, rules) -> None:
    """Half-width brackets around a bold run with a comment on it, a range hyphen in a red run: the fixes change
    the brackets and the hyphen; the bold run, the red characters and the comment's anchor stay as they were."""
    import docx
    from docx.shared import RGBColor

    d = docx.Document()
    lines = DRAFT.replace(",", "，").replace(":", "：").split("\n")
    for line in lines[:3]:
        d.add_paragraph(line)
    p = d.add_paragraph("重点推进(")
    inner = p.add_run("一网通办")
    inner.bold = True
    p.add_run(")改革，完成规划(")
    red = p.add_run("2021-2025年")
    red.font.color.rgb = RGBColor(0xFF, 0, 0)
    p.add_run(")任务。")
    d.add_comment([inner], text="请核对名称", author="审核人", initials="审")
    for line in lines[3:]:
        if line:
            d.add_paragraph(line)
    path = tmp_path / "草稿.docx"
    d.save(str(path))
    outcome = fix_file(str(path), rules)
    assert outcome.error is None, outcome.error
    assert outcome.fixed.get("punctuation.half-width-paren") and outcome.fixed.get("punctuation.range-hyphen")
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(outcome.data)
    para = next(p for p in docx.Document(str(fixed)).paragraphs if p.text.startswith("重点推进"))
    assert para.text == "重点推进（一网通办）改革，完成规划（2021—2025年）任务。"
    assert [r.text for r in para.runs if r.bold] == ["一网通办"]
    assert "".join(r.text for r in para.runs if r.font.color.rgb == RGBColor(0xFF, 0, 0)) == "2021—2025年"
    assert list(raw_anchors(fixed).values()) == ["一网通办"]
    assert_round_trip(outcome)


def test_docx_fix_keeps_manual_line_breaks_and_tabs(tmp_path: Path, rules) -> None:
    """A soft line break (w:br) reads as " ": the space-before-"。" fix would delete it, and is refused (said, not
    made); a tab after a half-width comma stays while the comma becomes "，"."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    d = docx.Document()
    lines = [ln for ln in FIXED.split("\n") if ln]
    for line in lines[:3]:
        d.add_paragraph(line)
    p = d.add_paragraph("开展普法活动12场")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:br/><w:t>。全年办结案件,</w:t><w:tab/><w:t>共513件。</w:t></w:r>'))
    for line in lines[3:]:
        d.add_paragraph(line)
    path = tmp_path / "草稿.docx"
    d.save(str(path))
    assert "开展普法活动12场 。全年办结案件,\t共513件。" in load(path).text
    outcome = fix_file(str(path), rules)
    assert outcome.error is None, outcome.error
    assert outcome.fixed == {"punctuation.half-width-comma": 1}
    assert [(r.rule, r.text) for r in outcome.refused] == [("punctuation.space-around-mark", " 。")]
    assert "换行" in outcome.refused[0].reason
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(outcome.data)
    assert "开展普法活动12场 。全年办结案件，\t共513件。" in load(fixed).text
    body = docx.Document(str(fixed)).element.body
    assert len(body.findall(".//" + qn("w:br"))) == 1 and len(body.findall(".//" + qn("w:tab"))) == 1


def _numbered_docx(path: Path) -> None:
    """Level-1 headings numbered by Word as "一." (the wrong form: "一、"), the mark in no run."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    d = docx.Document()
    numbering = d.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
                         '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                         '<w:suff w:val="nothing"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>'
                         '</w:abstractNum>')
    first = numbering.find(qn("w:num"))
    first.addprevious(abstract) if first is not None else numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def heading(text: str) -> None:
        num_pr = d.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = 90

    d.add_paragraph("某某镇人民政府关于2025年度法治政府建设情况的报告")
    heading("主要举措和成效")
    d.add_paragraph("开展普法活动12场，，覆盖群众3000余人次。")
    heading("存在的不足和原因")
    d.add_paragraph("执法力量不足，原因是编制少。")
    heading("党政主要负责人履行推进法治建设第一责任人职责情况")
    d.add_paragraph("镇党委书记带头学法。")
    heading("下一年度主要安排")
    d.add_paragraph("继续推进严格规范公正文明执法。")
    d.add_paragraph("某某镇人民政府")
    d.add_paragraph("2026年1月15日")
    d.save(str(path))


def test_docx_fix_on_word_numbering_is_refused_and_said(tmp_path: Path, rules) -> None:
    """A heading mark that is Word's automatic numbering is in no run: that fix is refused (the drafter changes
    the numbering format in Word), the others are made."""
    path = tmp_path / "编号.docx"
    _numbered_docx(path)
    assert load(path).text.split("\n")[1] == "一.主要举措和成效"
    outcome = fix_file(str(path), rules)
    assert outcome.error is None, outcome.error
    assert outcome.fixed == {"punctuation.doubled-mark": 1}
    assert {r.rule for r in outcome.refused} == {"numbering.heading-mark"}
    assert [r.text for r in outcome.refused] == ["一.", "二.", "三.", "四."]
    assert all("编号" in r.reason for r in outcome.refused)
    left = [d for d in outcome.result.diagnostics if d.rule == "numbering.heading-mark"]
    assert left and left[0].fix                          # still reported, still fixable in principle
    before, after = _members(outcome.original), _members(outcome.data)
    assert [n for n in before if before[n] != after[n]] == ["word/document.xml"]   # numbering.xml untouched


def test_draft_flawed_docx(tmp_path: Path, rules) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes((EXAMPLES / "draft-flawed.docx").read_bytes())
    outcome = fix_file(str(path), rules)
    assert outcome.count > 0
    assert_round_trip(outcome)
    before, after = _members(outcome.original), _members(outcome.data)
    assert [n for n in before if before[n] != after[n]] == ["word/document.xml"]


def _seed_docx(seed: Path, dest: Path) -> None:
    import docx

    lines = [ln.strip() for ln in seed.read_text(encoding="utf-8").split("\n") if ln.strip()]
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(dest))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_round_trip_docx(seed: Path, tmp_path: Path, rules) -> None:
    path = tmp_path / "r.docx"
    _seed_docx(seed, path)
    outcome = fix_file(str(path), rules)
    assert outcome.count > 0
    assert_round_trip(outcome)
    before, after = _members(outcome.original), _members(outcome.data)
    assert [n for n in before if before[n] != after[n]] == ["word/document.xml"]
    copy = tmp_path / "fixed.docx"
    copy.write_bytes(outcome.data)
    assert Counter(_key(d) for d in check_file(str(copy), rules).diagnostics) == \
        Counter(_key(d) for d in outcome.result.diagnostics)


def test_fixed_docx_opens_in_libreoffice(tmp_path: Path, rules) -> None:
    """The rewritten package is a real Word document: LibreOffice (headless) reads it, and its text is the fixed text."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer")
    path = tmp_path / "草稿.docx"
    _docx(path)
    outcome = fix_file(str(path), rules)
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(outcome.data)
    out = tmp_path / "out"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "txt:Text", "--outdir", str(out), str(fixed)],
                   capture_output=True, timeout=180, check=True)
    office = (out / "fixed.txt").read_text(encoding="utf-8-sig")
    for line in ("2025年，某某镇深入推进法治政府建设。", "开展普法活动12场，覆盖群众3000余人次。", "2026年1月15日"):
        assert line in office
    assert "，，" not in office and "2026年01月15日" not in office
