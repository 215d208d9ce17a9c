"""--annotate: each finding a Word comment anchored on exactly its characters; the text and the original untouched.

Every annotated copy is opened again twice: with python-docx (its comments) and as raw XML (word/comments.xml,
and the w:commentRangeStart / w:commentRangeEnd marks in word/document.xml, whose enclosed runs give the anchor).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from helpers import EXAMPLES, SEEDS
from lxml import etree

from checker.annotate import annotate, annotated_path
from checker.annotate.comments import AUTHOR, anchor_of, comment_text, place_text
from checker.cli import main
from checker.load.docx_edit import RunMap
from checker.load import load
from checker.load.docx import _body_paragraphs
from checker.load.wordml import C_END, C_START, R, _run_text, _runs, _w
from checker.model import Category, Diagnostic, Severity, Span
from checker.runner import check_file

FLAWED = EXAMPLES / "draft-flawed.txt"


# ---------------------------------------------------------------- reading an annotated copy back

def raw_comments(path: Path) -> dict[str, tuple[str, str, str]]:
    """Comment id → (author, initials, text) from word/comments.xml."""
    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" not in z.namelist():
            return {}
        root = etree.fromstring(z.read("word/comments.xml"))
    out = {}
    for c in root.iter(_w("comment")):
        text = "\n".join("".join(t.text or "" for t in p.iter(_w("t"))) for p in c.iter(_w("p")))
        out[c.get(_w("id"))] = (c.get(_w("author")), c.get(_w("initials")), text)
    return out


def raw_anchors(path: Path) -> dict[str, str]:
    """Comment id → the text between its w:commentRangeStart and w:commentRangeEnd in word/document.xml."""
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(_w("body"))
    open_: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for n, para in enumerate(_body_paragraphs(body)):
        if n:
            for parts in open_.values():
                parts.append("\n")
        for el in _runs(para.element, marks=True):
            if el.tag == C_START:
                open_[el.get(_w("id"))] = []
            elif el.tag == C_END:
                done[el.get(_w("id"))] = "".join(open_.pop(el.get(_w("id"))))
            elif el.tag == R:
                for parts in open_.values():
                    parts.append(_run_text(el))
    assert not open_, f"ranges never closed: {sorted(open_)}"
    return done


def by_comment(path: Path) -> dict[str, str]:
    """Comment text → anchor text, for the comments fzlint wrote."""
    return dict(ours(path))


def ours(path: Path) -> list[tuple[str, str]]:
    """(comment text, anchor text) of the comments fzlint wrote, in the order they were added."""
    anchors = raw_anchors(path)
    comments = raw_comments(path)
    return [(comments[cid][2], anchors[cid]) for cid in sorted(comments, key=int) if comments[cid][0] == AUTHOR]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def comments_for(result) -> int:
    """How many comments the annotated copy gets: one per finding, one per place of a merged slip."""
    return sum(max(1, len(d.occurrences)) for d in result.diagnostics)


def assert_anchored(result, out: Path) -> None:
    """One fzlint comment per finding, authored fzlint, each on the finding's characters (the title when none);
    a finding that stands for the same slip at several places has one at every place, the first with the whole
    finding and the others pointing back to it."""
    written = ours(out)
    assert len(written) == comments_for(result)
    title = load(out).text[result.outline.title.start:result.outline.title.end]
    expected = []
    for d in result.diagnostics:
        if not d.occurrences:
            expected.append((comment_text(d), d.text if d.span is not None else title, d.rule))
            continue
        for k, o in enumerate(d.occurrences, 1):
            text = comment_text(d) if k == 1 else place_text(replace(d, span=o.span, text=o.text,
                                                                     suggestion=o.suggestion), k, len(d.occurrences))
            expected.append((text, o.text, d.rule))
    for (text, anchor), (want, want_anchor, rule) in zip(written, expected):
        assert text == want
        assert anchor == want_anchor, rule
    names = {(c.author, c.initials) for c in docx.Document(str(out)).comments}
    assert (AUTHOR, "fz") in names


# ---------------------------------------------------------------- a .docx with findings inside, across and over runs

def split_paragraph(d, line: str, cuts: dict[str, list[tuple[str, bool]]]) -> None:
    """Add ``line`` as a paragraph; where it starts with a key of ``cuts``, as the given (text, bold) runs."""
    p = d.add_paragraph()
    for key, pieces in cuts.items():
        if line.startswith(key):
            rest = line
            for piece, bold in pieces:
                assert rest.startswith(piece), (rest[:20], piece)
                p.add_run(piece).bold = bold
                rest = rest[len(piece):]
            if rest:
                p.add_run(rest)
            return
    p.add_run(line)


def build_runs_report(path: Path) -> Path:
    """examples/draft-flawed.txt as .docx, with runs cut so that findings fall inside one run ("。。"), across two
    plain runs ("学|些") and across a bold/normal boundary ("新时代中国|特色社会主义思想")."""
    lines = FLAWED.read_text(encoding="utf-8").split("\n")
    para3, para5 = lines[4], lines[8]
    at = para3.index("特色社会主义思想")
    typo = para5.index("学些")
    cuts = {
        para3[:10]: [(para3[:at], True), (para3[at:], False)],
        para5[:10]: [(para5[:typo + 1], False), (para5[typo + 1:], False)],
    }
    d = docx.Document()
    for line in lines:
        split_paragraph(d, line, cuts)
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def runs_report(tmp_path_factory: pytest.TempPathFactory, rules):
    src = build_runs_report(tmp_path_factory.mktemp("annotate") / "报告.docx")
    before = sha(src)
    result = check_file(str(src), rules)
    assert result.error is None
    out = annotated_path(src)
    count = annotate(src, result, out)
    assert sha(src) == before, "the original must never be touched"
    return src, result, out, count


def test_each_comment_is_on_exactly_its_finding(runs_report) -> None:
    _, result, out, count = runs_report
    assert count == comments_for(result) > 5
    assert_anchored(result, out)
    rules = {d.rule for d in result.diagnostics}
    assert {"punctuation.doubled-mark", "wording.known-typo", "wording.xi-thought-name",
            "structure.part-missing"} <= rules


def test_inside_one_run_across_runs_and_across_bold_boundary(runs_report) -> None:
    _, result, out, _ = runs_report
    found = {d.rule: d for d in result.diagnostics}
    anchored = by_comment(out)
    assert anchored[comment_text(found["punctuation.doubled-mark"])] == "。。"
    assert anchored[comment_text(found["wording.known-typo"])] == "学些"
    assert anchored[comment_text(found["wording.xi-thought-name"])] == "新时代中国特色社会主义思想"
    # the anchor of the last one is two runs, one bold, one not: the formatting of both pieces is kept
    document = docx.Document(str(out))
    para = next(p for p in document.paragraphs if "新时代中国特色" in p.text)
    runs = [(r.text, r.bold) for r in para.runs if r.text]
    assert ("新时代中国", True) in runs and ("特色社会主义思想", False) in runs
    assert "".join(t for t, b in runs if b) == para.text[:para.text.index("特色社会主义思想")]


def test_text_unchanged_and_findings_the_same_when_checked_again(runs_report, rules) -> None:
    src, result, out, _ = runs_report
    assert load(out).text == load(src).text
    again = check_file(str(out), rules)
    assert [(d.rule, d.span, d.text) for d in again.diagnostics] == \
        [(d.rule, d.span, d.text) for d in result.diagnostics]


def test_comment_text_message_suggestion_reference(runs_report) -> None:
    _, result, out, _ = runs_report
    texts = {text for _, _, text in raw_comments(out).values()}
    typo = next(d for d in result.diagnostics if d.rule == "wording.known-typo")
    text = comment_text(typo)
    assert text in texts
    lines = text.split("\n")
    assert lines[0] == f"【错误】{typo.message}"
    assert f"建议：{typo.suggestion}" in lines and f"依据：{typo.reference}" in lines
    assert not any(t.lower().startswith("fzlint") for t in texts), "would read back as a suppression"
    assert [c.text for c in docx.Document(str(out)).comments if c.text == text] == [text]


def test_document_level_findings_are_on_the_title(runs_report) -> None:
    _, result, out, _ = runs_report
    missing = [d for d in result.diagnostics if d.span is None]
    assert missing
    title = FLAWED.read_text(encoding="utf-8").split("\n")[0]
    for d in missing:
        assert by_comment(out)[comment_text(d)] == title


def test_existing_comments_are_kept(tmp_path, rules) -> None:
    src = build_runs_report(tmp_path / "有批注.docx")
    d = docx.Document(str(src))
    para = next(p for p in d.paragraphs if p.text.startswith("一、"))
    d.add_comment(para.runs, text="请补充数据来源", author="审核人", initials="审")
    d.save(str(src))
    result = check_file(str(src), rules)
    out = tmp_path / "out.docx"
    annotate(src, result, out)
    comments = raw_comments(out)
    anchors = raw_anchors(out)
    ours = [cid for cid, (author, _, _) in comments.items() if author == AUTHOR]
    theirs = [cid for cid, (author, _, _) in comments.items() if author == "审核人"]
    assert len(ours) == comments_for(result) and len(theirs) == 1
    assert comments[theirs[0]][2] == "请补充数据来源" and anchors[theirs[0]] == "一、主要举措和成效"
    assert_anchored(result, out)


def test_comments_of_an_earlier_run_are_replaced(tmp_path, rules) -> None:
    """The drafter saved the annotated copy as the draft and runs fzlint again: one set of comments, the new one."""
    src = build_runs_report(tmp_path / "报告.docx")
    d = docx.Document(str(src))
    para = next(p for p in d.paragraphs if p.text.startswith("一、"))
    d.add_comment(para.runs, text="请补充数据来源", author="审核人", initials="审")
    d.save(str(src))
    first = tmp_path / "第一次.docx"
    annotate(src, check_file(str(src), rules), first)
    draft = tmp_path / "改过的报告.docx"
    d = docx.Document(str(first))                           # the drafter fixes the typo in the copy …
    typo = next(r for p in d.paragraphs for r in p.runs if r.text.endswith("学"))
    nxt = typo._r.getnext()
    while nxt is not None and not (nxt.tag == R and _run_text(nxt)):
        nxt = nxt.getnext()
    assert _run_text(nxt).startswith("些")
    nxt.find(_w("t")).text = "习" + _run_text(nxt)[1:]
    d.save(str(draft))                                      # … and saves it as the draft
    result = check_file(str(draft), rules)
    assert "wording.known-typo" not in {x.rule for x in result.diagnostics}
    out = tmp_path / "第二次.docx"
    annotate(draft, result, out)
    authors = [author for author, _, _ in raw_comments(out).values()]
    assert authors.count(AUTHOR) == comments_for(result) and authors.count("审核人") == 1
    assert not any("学些" in text for _, _, text in raw_comments(out).values())
    assert_anchored(result, out)
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    ids = set(raw_comments(out))
    assert set(re.findall(r'commentRangeStart w:id="(\d+)"', xml)) == ids
    assert set(re.findall(r'commentReference w:id="(\d+)"', xml)) == ids
    assert load(out).text == load(draft).text


def test_a_heading_on_word_numbering_and_an_empty_span(tmp_path) -> None:
    from test_load_docx import build_numbered_report

    path = build_numbered_report(tmp_path / "编号.docx")
    runmap = RunMap.of(docx.Document(str(path)))
    text = runmap.text
    heading = text.index("一、主要举措和成效")

    def diag(start: int, end: int) -> Diagnostic:
        return Diagnostic(rule="numbering.x", category=Category.NUMBERING, severity=Severity.WARNING, message="m",
                          span=Span(start, end), line=None, column=None, text=text[start:end], suggestion=None,
                          part=None, reference="")

    # the mark "一、" is Word's numbering, in no run: the comment takes the heading's words
    assert anchor_of(runmap, diag(heading, heading + 2), None) == (heading + 2, heading + len("一、主要举措和成效"))
    # a finding of nothing (a missing mark) takes the character before it, or after it at a paragraph start
    sentence = text.index("全部经过合法性审查")
    assert anchor_of(runmap, diag(sentence, sentence), None) == (sentence - 1, sentence)
    line_start = text.index("区委、区人大")
    assert anchor_of(runmap, diag(line_start, line_start), None) == (line_start, line_start + 1)
    # an ordinary span is its own anchor
    assert anchor_of(runmap, diag(sentence, sentence + 4), None) == (sentence, sentence + 4)


# ---------------------------------------------------------------- a .txt draft becomes a .docx

def test_txt_draft_becomes_a_docx_with_comments(tmp_path, rules) -> None:
    src = tmp_path / "草稿.txt"
    src.write_bytes(FLAWED.read_bytes())
    result = check_file(str(src), rules)
    out = annotated_path(src)
    assert out.name == "草稿.fzlint.docx"
    annotate(src, result, out)
    assert src.read_bytes() == FLAWED.read_bytes()
    assert load(out).text == load(src).text
    assert_anchored(result, out)
    again = check_file(str(out), rules)
    assert sorted((d.rule, d.text) for d in again.diagnostics) == sorted((d.rule, d.text) for d in result.diagnostics)
    # laid out like a 公文: a centred title in its own font, East Asian fonts set, body indented
    document = docx.Document(str(out))
    title = document.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rfonts = title.runs[0]._r.rPr.rFonts
    assert rfonts.get(_w("eastAsia")) == "方正小标宋简体"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(_w("eastAsia")) == "仿宋"
    body = next(p for p in document.paragraphs if p.text.startswith("2025年"))
    assert body.paragraph_format.first_line_indent is not None
    heading = next(p for p in document.paragraphs if p.text == "一、主要举措和成效")
    assert heading.runs[0]._r.rPr.rFonts.get(_w("eastAsia")) == "黑体"
    date = next(p for p in document.paragraphs if p.text.startswith("2026年01月"))
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_txt_becomes_a_docx_that_checks_the_same(seed, tmp_path, rules) -> None:
    """The built document reads as the same text, and its layout (fonts, centred title, right-set signature)
    changes nothing fzlint finds: the comments are the findings of the .txt, and checking the copy gives them."""
    result = check_file(str(seed), rules)
    out = tmp_path / "seed.docx"
    assert annotate(seed, result, out) == comments_for(result) > 0
    assert load(out).text == load(seed).text
    assert_anchored(result, out)
    again = check_file(str(out), rules)
    assert sorted((d.rule, d.text) for d in again.diagnostics) == sorted((d.rule, d.text) for d in result.diagnostics)


def test_html_page_becomes_a_docx(tmp_path, rules) -> None:
    src = Path(__file__).parent / "data" / "html" / "report_gb18030.html"
    result = check_file(str(src), rules)
    out = tmp_path / "page.docx"
    assert annotate(src, result, out) == comments_for(result) > 0
    assert load(out).text == load(src).text
    assert_anchored(result, out)


def test_txt_with_characters_xml_cannot_hold(tmp_path, rules) -> None:
    text = FLAWED.read_text(encoding="utf-8").replace("县委、县政府：", "县委、县政府：\x07\u2028")
    src = tmp_path / "控制字符.txt"
    src.write_text(text, encoding="utf-8")
    result = check_file(str(src), rules)
    out = tmp_path / "out.docx"
    annotate(src, result, out)
    assert len(load(out).text) == len(load(src).text)
    assert_anchored(result, out)


# ---------------------------------------------------------------- the shipped example and the five seeds

def test_example_docx_gets_one_comment_per_finding(tmp_path, rules) -> None:
    src = EXAMPLES / "draft-flawed.docx"
    before = sha(src)
    result = check_file(str(src), rules)
    out = tmp_path / "draft-flawed.fzlint.docx"
    assert annotate(src, result, out) == comments_for(result) > 5
    assert sha(src) == before
    assert_anchored(result, out)
    assert load(out).text == load(src).text


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_as_docx_gets_one_comment_per_finding(seed, tmp_path, rules) -> None:
    lines = [ln.strip() for ln in seed.read_text(encoding="utf-8").split("\n") if ln.strip()]
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    src = tmp_path / "r.docx"
    d.save(str(src))
    result = check_file(str(src), rules)
    assert result.diagnostics
    out = tmp_path / "r.fzlint.docx"
    assert annotate(src, result, out) == comments_for(result)
    assert_anchored(result, out)
    assert load(out).text == load(src).text


def test_clean_report_gets_a_copy_without_comments(tmp_path, rules) -> None:
    src = EXAMPLES / "report-clean.txt"
    result = check_file(str(src), rules)
    assert not result.diagnostics
    out = tmp_path / "clean.docx"
    assert annotate(src, result, out) == 0
    assert raw_comments(out) == {} and load(out).text == load(src).text


# ---------------------------------------------------------------- refusals

def test_refusals(tmp_path, rules) -> None:
    from checker.errors import InputError

    src = tmp_path / "报告.docx"
    src.write_bytes((EXAMPLES / "draft-flawed.docx").read_bytes())
    result = check_file(str(src), rules)
    with pytest.raises(InputError, match="不能覆盖原文件"):
        annotate(src, result, src)
    with pytest.raises(InputError, match=r"须是 \.docx"):
        annotate(src, result, tmp_path / "报告.pdf")
    other = tmp_path / "另一份.docx"                    # a file that is not the one that was checked
    build_runs_report(other)
    with pytest.raises(InputError, match="检查之后被改动"):
        annotate(other, check_file(str(src), rules), tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()
    with pytest.raises(InputError, match="无法写入批注副本"):
        annotate(src, result, tmp_path / "没有这个目录" / "x.docx")
    assert sha(src) == sha(EXAMPLES / "draft-flawed.docx")


# ---------------------------------------------------------------- the command line

def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_annotate_beside_the_original(tmp_path) -> None:
    src = tmp_path / "报告.docx"
    src.write_bytes((EXAMPLES / "draft-flawed.docx").read_bytes())
    before = sha(src)
    result = cli("check", str(src), "--annotate", "--format", "concise")
    out = tmp_path / "报告.fzlint.docx"
    assert result.exit_code == 1                        # the findings still decide the exit code
    assert out.exists() and sha(src) == before
    assert f"已写入批注副本 {out}" in result.stderr and "批注副本" not in result.stdout
    assert result.stdout.count("\n") == len(raw_comments(out))
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_annotate_to_and_several_files(tmp_path) -> None:
    a, b = tmp_path / "甲.txt", tmp_path / "乙.docx"
    a.write_bytes(FLAWED.read_bytes())
    b.write_bytes((EXAMPLES / "draft-flawed.docx").read_bytes())
    target = tmp_path / "审阅" / "甲-批注.docx"
    target.parent.mkdir()
    assert cli("check", str(a), "--annotate-to", str(target)).exit_code == 1
    assert target.exists() and not (tmp_path / "甲.fzlint.docx").exists()
    assert cli("check", str(tmp_path), "--annotate").exit_code == 1
    assert (tmp_path / "甲.fzlint.docx").exists() and (tmp_path / "乙.fzlint.docx").exists()
    again = cli("check", str(tmp_path), "--annotate")     # copies written before are not checked again …
    assert again.exit_code == 1 and not list(tmp_path.rglob("*.fzlint.fzlint.docx"))
    named = cli("check", str(tmp_path / "乙.fzlint.docx"), "--annotate")    # … nor annotated when named
    assert "跳过" in named.stderr and not list(tmp_path.rglob("*.fzlint.fzlint.docx"))


def test_cli_annotate_a_docx_and_a_txt_of_the_same_name(tmp_path) -> None:
    """报告.docx and 报告.txt checked together would both get 报告.fzlint.docx: the .docx keeps that name, the .txt
    copy is 报告.txt.fzlint.docx; each holds its own file's comments."""
    docx_in, txt_in = tmp_path / "报告.docx", tmp_path / "报告.txt"
    docx_in.write_bytes((EXAMPLES / "draft-flawed.docx").read_bytes())
    txt_in.write_bytes(FLAWED.read_bytes())
    result = cli("check", str(docx_in), str(txt_in), "--annotate", "--format", "concise")
    assert result.exit_code == 1
    from_docx, from_txt = tmp_path / "报告.fzlint.docx", tmp_path / "报告.txt.fzlint.docx"
    assert f"已写入批注副本 {from_docx}" in result.stderr and f"已写入批注副本 {from_txt}" in result.stderr
    lines = result.stdout.splitlines()
    assert len(raw_comments(from_docx)) == sum(1 for ln in lines if ln.startswith(str(docx_in)))
    assert len(raw_comments(from_txt)) == sum(1 for ln in lines if ln.startswith(str(txt_in)))
    assert load(from_docx).text == load(docx_in).text and load(from_txt).text == load(txt_in).text
    again = cli("check", str(tmp_path), "--annotate")          # a folder: the same two names, the copies skipped
    assert again.exit_code == 1 and f"已写入批注副本 {from_txt}" in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx", "报告.fzlint.docx", "报告.txt",
                                                          "报告.txt.fzlint.docx"]


def test_cli_annotate_usage_errors(tmp_path) -> None:
    a = tmp_path / "甲.txt"
    a.write_bytes(FLAWED.read_bytes())
    two = cli("check", str(a), str(EXAMPLES / "report-clean.txt"), "--annotate-to", str(tmp_path / "x.docx"))
    assert two.exit_code == 2 and "只能用于一个文件" in two.stderr and not two.stdout
    folder = cli("check", str(tmp_path), "--annotate-to", str(tmp_path / "x.docx"))
    assert folder.exit_code == 2 and "只能用于一个文件" in folder.stderr
    stdin = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "a.txt", "--annotate"], input="报告")
    assert stdin.exit_code == 2 and "标准输入" in stdin.stderr
    pdf = cli("check", str(a), "--annotate-to", str(tmp_path / "x.pdf"))
    assert pdf.exit_code == 2 and ".docx" in pdf.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_cli_bad_file_gets_no_copy_and_the_batch_goes_on(tmp_path) -> None:
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip at all")
    good = tmp_path / "好.txt"
    good.write_bytes(FLAWED.read_bytes())
    result = cli("check", str(bad), str(good), "--annotate")
    assert result.exit_code == 2
    assert (tmp_path / "好.fzlint.docx").exists() and not (tmp_path / "坏.fzlint.docx").exists()
    assert "Traceback" not in result.stderr and "坏.docx" in result.stderr
    locked = tmp_path / "只读"
    locked.mkdir()
    copy = locked / "报告.txt"
    copy.write_bytes(FLAWED.read_bytes())
    locked.chmod(0o500)
    try:
        denied = cli("check", str(copy), "--annotate")
    finally:
        locked.chmod(0o700)
    if not (locked / "报告.fzlint.docx").exists():       # (root may write anyway)
        assert denied.exit_code == 2 and "无法写入批注副本" in denied.stderr
