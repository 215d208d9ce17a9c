"""In-document suppressions: <!-- fzlint: disable/enable --> lines and disable-line in .txt, Word comments
"fzlint: ignore RULE" in .docx; unused suppressions reported as info; directives never flagged themselves."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import run
from checker.load import load
from checker.load.txt import document_from_text
from checker.model import Category, Diagnostic, Document, Severity, Span, paragraphs_of_lines
from checker.outline import build_outline
from checker.runner import check_file, check_text
from checker.suppress import UNUSED_RULE, apply, directives_of, matches, rule_meta
from helpers import EXAMPLES

docx = pytest.importorskip("docx")

FLAWED = (EXAMPLES / "draft-flawed.txt").read_text(encoding="utf-8")
LINES = FLAWED.split("\n")
TYPO = 8            # 0-based line of "学些" (wording.known-typo) and "12余" (figures.approx-remainder)
RATE = 10           # "结案率100%。。": figures.rate-mismatch and punctuation.doubled-mark
INTRO = 4           # "新时代中国特色社会主义思想" and "2021-2025"
SHORT = 16          # "一是执法人员专业素质…": no finding
DATE = 27           # "2026年01月20日": date.malformed
ALL_FOUND = ["structure.part-missing", "wording.xi-thought-name", "punctuation.range-hyphen", "wording.known-typo",
             "figures.approx-remainder", "figures.rate-mismatch", "punctuation.doubled-mark",
             "structure.causes-missing", "date.malformed"]


def edited(lines: dict[int, str | tuple[str, str]] | None = None, before: dict[int, str] | None = None) -> str:
    """FLAWED with some lines changed (``lines``: index → new text where "{}" is the old one, or an (old, new)
    replacement) and directive lines inserted before others (``before``: index → line)."""
    out = []
    for i, line in enumerate(LINES):
        if before and i in before:
            out.append(before[i])
        change = (lines or {}).get(i, "{}")
        out.append(line.replace(*change) if isinstance(change, tuple) else change.replace("{}", line))
    return "\n".join(out)


def checked(text: str, rules) -> tuple[Document, list[Diagnostic], list[Diagnostic]]:
    return _checked(document_from_text(text, "报告.txt", "utf-8"), rules)


def _checked(doc: Document, rules) -> tuple[Document, list[Diagnostic], list[Diagnostic]]:
    """What the rules found, place by place, and what is kept after the suppressions (as the runner does:
    suppressions apply to each place before the engine merges repeated slips)."""
    raw: list[Diagnostic] = []

    def refine(found: list[Diagnostic]) -> list[Diagnostic]:
        raw.extend(found)
        return apply(doc, found)

    kept, _ = run(doc, build_outline(doc), rules, refine=refine)
    raw.sort(key=lambda d: (d.span.start if d.span else -1, d.span.end if d.span else -1, d.rule))
    return doc, raw, kept


def found(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.rule for d in diagnostics]


def unused(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.rule == UNUSED_RULE]


def test_no_directive_changes_nothing(rules) -> None:
    doc, raw, kept = checked(FLAWED, rules)
    assert found(kept) == ALL_FOUND and kept == raw
    assert directives_of(doc) == []


# ---------------------------------------------------------------- .txt: disable / enable ranges

def test_disable_until_enable(rules) -> None:
    text = edited({SHORT: "一是组织学些活动不够，{}"},
                  {TYPO: "<!-- fzlint: disable=wording.known-typo -->",
                   TYPO + 1: "<!-- fzlint: enable=wording.known-typo -->"})
    doc, raw, kept = checked(text, rules)
    assert found(raw).count("wording.known-typo") == 2
    typos = [d for d in kept if d.rule == "wording.known-typo"]
    assert len(typos) == 1 and doc.text.split("\n")[typos[0].line - 1].startswith("一是组织学些活动")
    assert sorted(found(kept)) == sorted(ALL_FOUND)          # the other typo, and every other finding, stay
    assert unused(kept) == []


def test_disable_runs_to_the_end_without_enable(rules) -> None:
    text = edited({SHORT: "一是组织学些活动不够，{}"}, {TYPO: "<!-- fzlint: disable=wording.known-typo -->"})
    _, raw, kept = checked(text, rules)
    assert found(raw).count("wording.known-typo") == 2
    assert found(kept) == [r for r in ALL_FOUND if r != "wording.known-typo"]


def test_disable_starts_on_the_next_line(rules) -> None:
    text = edited(before={TYPO + 1: "<!-- fzlint: disable=wording.known-typo -->"})      # below the typo
    _, _, kept = checked(text, rules)
    assert "wording.known-typo" in found(kept)
    assert [d.text for d in unused(kept)] == ["<!-- fzlint: disable=wording.known-typo -->"]


@pytest.mark.parametrize("directive, silenced", [
    ("<!-- fzlint: disable=figures -->", {"figures.rate-mismatch"}),
    ("<!-- fzlint: disable=figures. -->", {"figures.rate-mismatch"}),
    ("<!-- fzlint: disable=punctuation.doubled-mark,figures.rate-mismatch -->",
     {"figures.rate-mismatch", "punctuation.doubled-mark"}),
    ("  <!--fzlint：disable = punctuation，figures-->  ", {"figures.rate-mismatch", "punctuation.doubled-mark"}),
    ("<!-- FZLINT: DISABLE=Figures -->", {"figures.rate-mismatch"}),
])
def test_ids_and_prefixes(rules, directive: str, silenced: set[str]) -> None:
    text = edited(before={RATE: directive, RATE + 1: "<!-- fzlint: enable=all -->"})
    _, _, kept = checked(text, rules)
    assert found(kept) == [r for r in ALL_FOUND if r not in silenced]   # figures.approx-remainder above stays


def test_a_prefix_is_whole_components_only(rules) -> None:
    text = edited(before={RATE: "<!-- fzlint: disable=figure,punctuation.doubled -->"})
    _, _, kept = checked(text, rules)
    assert "figures.rate-mismatch" in found(kept) and "punctuation.doubled-mark" in found(kept)
    [info] = unused(kept)
    assert "figure" in info.message and "punctuation.doubled" in info.message


def test_all_and_enable_one_again(rules) -> None:
    text = edited(before={TYPO: "<!-- fzlint: disable=all -->", DATE: "<!-- fzlint: enable=date -->"})
    _, _, kept = checked(text, rules)
    # before the directive: the intro's findings; after enable=date: the date; document-level part-missing:
    # the rule is still disabled at the end of the file
    assert found(kept) == ["wording.xi-thought-name", "punctuation.range-hyphen", "date.malformed"]


def test_disable_without_rules_means_all(rules) -> None:
    text = edited(before={TYPO: "<!-- fzlint: disable -->", SHORT: "<!-- fzlint: enable -->"})
    _, _, kept = checked(text, rules)
    assert found(kept) == ["structure.part-missing", "wording.xi-thought-name", "punctuation.range-hyphen",
                           "date.malformed"]


def test_document_level_findings_follow_the_state_at_the_end(rules) -> None:
    _, _, kept = checked(edited(before={0: "<!-- fzlint: disable=structure.part-missing -->"}), rules)
    assert "structure.part-missing" not in found(kept) and unused(kept) == []
    text = edited(before={0: "<!-- fzlint: disable=structure.part-missing -->",
                          DATE: "<!-- fzlint: enable=structure -->"})
    _, _, kept = checked(text, rules)
    assert "structure.part-missing" in found(kept)
    assert [d.text for d in unused(kept)] == ["<!-- fzlint: disable=structure.part-missing -->"]


# ---------------------------------------------------------------- .txt: disable-line

@pytest.mark.parametrize("trailer", [
    " <!-- fzlint: disable-line=punctuation.doubled-mark -->",
    " // fzlint: disable-line=punctuation.doubled-mark",
    "  # fzlint: disable-line=punctuation",
    "【fzlint：disable-line=punctuation.doubled-mark，wording.known-typo】",
    "（fzlint: disable-line=punctuation.doubled-mark）",
])
def test_disable_line_only_that_line(rules, trailer: str) -> None:
    text = edited({RATE: "{}" + trailer, SHORT: ("掌握不够。", "掌握不够。。")})    # the same defect elsewhere
    doc, raw, kept = checked(text, rules)
    doubled = [d for d in raw if d.rule == "punctuation.doubled-mark"]
    assert [d.line for d in doubled] == [RATE + 1, SHORT + 1]
    assert [d.line for d in kept if d.rule == "punctuation.doubled-mark"] == [SHORT + 1]
    assert "figures.rate-mismatch" in found(kept)                 # same line, another rule
    assert all("fzlint" not in (d.text or "") for d in kept if d.rule != UNUSED_RULE)
    assert len(unused(kept)) == ("wording" in trailer)             # only 【…，wording.known-typo】 has one
    for info in unused(kept):
        assert "wording.known-typo" in info.message and info.line == RATE + 1
        assert doc.text[info.span.start:info.span.end] == trailer


def test_disable_line_without_rules_means_all(rules) -> None:
    _, _, kept = checked(edited({RATE: "{} # fzlint: disable-line"}), rules)
    assert found(kept) == [r for r in ALL_FOUND if r not in ("figures.rate-mismatch", "punctuation.doubled-mark")]
    assert unused(kept) == []


def test_fzlint_in_the_middle_of_a_line_is_not_a_directive(rules) -> None:
    text = edited({RATE: "fzlint: disable-line=figures 之后还有文字：{}"})
    doc, _, kept = checked(text, rules)
    assert directives_of(doc) == [] and "figures.rate-mismatch" in found(kept)


# ---------------------------------------------------------------- unused suppressions

def test_unused_suppressions_are_info(rules) -> None:
    text = edited({SHORT: "{}  # fzlint: disable-line=wording"},
                  {RATE: "<!-- fzlint: disable=figures,date -->", RATE + 1: "<!-- fzlint: enable=figures,date -->"})
    doc, _, kept = checked(text, rules)
    line_info, range_info = sorted(unused(kept), key=lambda d: d.line, reverse=True)
    for info in (line_info, range_info):
        assert info.severity is Severity.INFO and info.category is Category.STRUCTURE
        assert info.message.startswith("未使用的抑制注释：") and "没有可抑制的问题" in info.message
        assert info.reference == "fzlint 抑制注释" and info.text == doc.text[info.span.start:info.span.end]
    assert line_info.text == "# fzlint: disable-line=wording" and line_info.line == SHORT + 3
    assert range_info.text == "<!-- fzlint: disable=figures,date -->" and range_info.line == RATE + 1
    assert "中的 date" in range_info.message and "figures " not in range_info.message     # figures was used
    assert "figures.rate-mismatch" not in found(kept)
    assert kept == sorted(kept, key=lambda d: (d.span.start if d.span else -1, d.span.end if d.span else -1))


def test_enable_lines_are_never_unused(rules) -> None:
    _, _, kept = checked(edited(before={RATE: "<!-- fzlint: enable=figures -->"}), rules)
    assert unused(kept) == [] and found(kept) == ALL_FOUND


# ---------------------------------------------------------------- directives are not report text

PACK = """\
id: ascii-marks
version: "1"
title: 西文符号
rules:
  - id: punctuation.ascii-mark
    kind: pattern
    category: punctuation
    severity: warning
    title: 西文符号
    message: "西文符号“{match}”"
    reference: 测试
    pattern: "[<>=:#/!\\\\-]"
"""


def test_directive_text_is_never_flagged(rules, tmp_path: Path) -> None:
    from checker.packs import resolve

    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    ascii_rules = [*rules, *resolve([str(tmp_path / "pack.yaml")])[1]]
    text = edited({INTRO: "{} // fzlint: disable-line=wording.xi-thought-name"},
                  {RATE: "<!-- fzlint: disable=figures -->", RATE + 1: "<!-- fzlint: enable=figures -->"})
    doc, raw, kept = checked(text, ascii_rules)
    zones = [s.zone for s in directives_of(doc)]
    assert len(zones) == 3
    on_directives = [d for d in raw if any(z.start <= d.span.start <= z.end for z in zones if d.span)]
    assert len(on_directives) > 10                          # "<", "!", "-", ":", "=", … in the directives
    assert [d for d in kept if d.span and any(z.start <= d.span.start <= z.end for z in zones)
            and d.rule != UNUSED_RULE] == []
    hyphen = [d.text for d in kept if d.rule == "punctuation.ascii-mark"]
    assert hyphen == ["-"]                                  # "2021-2025" on the line with the directive
    assert "wording.xi-thought-name" not in found(kept) and "figures.rate-mismatch" not in found(kept)
    assert unused(kept) == []


def test_findings_on_directives_do_not_count_as_silenced() -> None:
    text = "标题\n<!-- fzlint: disable=x -->\n正文"
    doc = document_from_text(text, "a.txt", "utf-8")
    on_line = Diagnostic(rule="x.y", category=Category.PUNCTUATION, severity=Severity.ERROR, message="m",
                         span=Span(5, 9), line=2, column=4, text="fzli", suggestion=None, part=None, reference="")
    kept = apply(doc, [on_line])
    assert [d.rule for d in kept] == [UNUSED_RULE]


def test_other_formats_are_unchanged() -> None:
    text = "标题\n<!-- fzlint: disable=all -->\n正文"
    doc = Document(path="a.html", format="html", text=text, paragraphs=paragraphs_of_lines(text))
    d = Diagnostic(rule="x.y", category=Category.WORDING, severity=Severity.ERROR, message="m", span=Span(33, 35),
                   line=3, column=1, text="正文", suggestion=None, part=None, reference="")
    assert apply(doc, [d]) == [d]


def test_matches() -> None:
    assert matches("all", "date.malformed") and matches("date", "date.malformed")
    assert matches("date.", "date.malformed") and matches("date.malformed", "date.malformed")
    assert not matches("dat", "date.malformed") and not matches("date.malformed.x", "date.malformed")
    assert rule_meta()["id"] == UNUSED_RULE and rule_meta()["severity"] == "info"


def test_txt_through_the_runner(rules) -> None:
    result = check_text(edited({TYPO: "{} <!-- fzlint: disable-line=wording.known-typo -->"}), rules)
    assert [d.rule for d in result.diagnostics] == [r for r in ALL_FOUND if r != "wording.known-typo"]


# ---------------------------------------------------------------- .docx: Word comments

def build_docx(path: Path, comments: dict[str, str], text: str = FLAWED) -> Path:
    """The report, one paragraph per non-empty line; each key of ``comments`` gets a run of its own and a
    Word comment with the value's text anchored on it."""
    d = docx.Document()
    for line in text.split("\n"):
        if not line:
            continue
        p = d.add_paragraph()
        rest = line
        for target, note in comments.items():
            if target in rest:
                head, rest = rest.split(target, 1)
                p.add_run(head)
                d.add_comment([p.add_run(target)], text=note, author="审核人", initials="审")
        p.add_run(rest)
    d.save(str(path))
    return path


def checked_docx(path: Path, rules) -> tuple[Document, list[Diagnostic], list[Diagnostic]]:
    return _checked(load(path), rules)


def test_comment_silences_the_rule_it_names(rules, tmp_path) -> None:
    path = build_docx(tmp_path / "r.docx", {"学些": "fzlint: ignore wording.known-typo 引用原文，不改"})
    doc, raw, kept = checked_docx(path, rules)
    assert found(raw) == ALL_FOUND
    [(start, end, note)] = doc.meta["comments"]
    assert doc.text[start:end] == "学些" and note.startswith("fzlint: ignore")
    assert found(kept) == [r for r in ALL_FOUND if r != "wording.known-typo"]


def test_comment_without_rules_silences_all_it_overlaps(rules, tmp_path) -> None:
    path = build_docx(tmp_path / "r.docx", {"100%。。": "fzlint: ignore"})
    _, _, kept = checked_docx(path, rules)
    assert found(kept) == [r for r in ALL_FOUND if r not in ("figures.rate-mismatch", "punctuation.doubled-mark")]


def test_comment_prefixes_and_unused_part(rules, tmp_path) -> None:
    path = build_docx(tmp_path / "r.docx", {"理论学些中心组集中学法12余次": "fzlint: ignore figures，punctuation."})
    doc, _, kept = checked_docx(path, rules)
    assert "figures.approx-remainder" not in found(kept) and "wording.known-typo" in found(kept)
    [info] = unused(kept)
    assert doc.text[info.span.start:info.span.end] == "理论学些中心组集中学法12余次" == info.text
    assert "批注“fzlint: ignore figures，punctuation.”" in info.message and "中的 punctuation." in info.message


def test_comment_on_text_without_that_finding_is_unused(rules, tmp_path) -> None:
    path = build_docx(tmp_path / "r.docx", {"学些": "fzlint: ignore date", "宣传资料": "请核实份数"})
    doc, _, kept = checked_docx(path, rules)
    assert [note for _, _, note in doc.meta["comments"]] == ["fzlint: ignore date"]    # drafters' own: apart
    assert [c[3] for c in doc.meta["review_comments"]] == ["请核实份数"]
    reviewer = [d for d in kept if d.rule == "document.reviewer-comment"]        # a finding of its own
    assert [d.text for d in reviewer] == ["宣传资料"]
    kept = [d for d in kept if d not in reviewer]
    assert found(kept) == ALL_FOUND[:3] + [UNUSED_RULE] + ALL_FOUND[3:]       # in document order
    [info] = unused(kept)
    assert info.text == "学些" and info.message == "未使用的抑制注释：批注“fzlint: ignore date”没有可抑制的问题，可以删除"


def test_docx_through_the_runner(rules, tmp_path) -> None:
    path = build_docx(tmp_path / "r.docx", {"2026年01月20日": "fzlint: ignore date.malformed"})
    result = check_file(str(path), rules)
    assert [d.rule for d in result.diagnostics] == ALL_FOUND[:-1]


# ---------------------------------------------------------------- the loader's comment anchors

def anchors(path: Path) -> list[tuple[str, str]]:
    doc = load(path)
    return [(doc.text[s:e], note) for s, e, note in doc.meta.get("comments", ())]


def test_no_comments_no_meta(tmp_path) -> None:
    path = build_docx(tmp_path / "r.docx", {})
    assert "comments" not in load(path).meta


def test_anchor_after_word_numbering_and_covering_it(tmp_path) -> None:
    d = docx.Document()
    d.add_paragraph("标题")
    whole = d.add_paragraph("学些内容", style="List Number")
    part = d.add_paragraph("第二", style="List Number")
    tail = part.add_run("项学些")
    d.add_comment(whole.runs, text="fzlint: ignore", author="a")
    d.add_comment([tail], text="fzlint: ignore wording\n第二段：理由", author="a")
    d.add_comment([tail], text="请核实", author="a")
    d.save(str(tmp_path / "n.docx"))
    doc = load(tmp_path / "n.docx")
    assert doc.text == "标题\n1.学些内容\n2.第二项学些"
    # a comment on the whole paragraph covers Word's number too; one on later text starts at that text
    assert anchors(tmp_path / "n.docx") == [("1.学些内容", "fzlint: ignore"),
                                           ("项学些", "fzlint: ignore wording\n第二段：理由")]


def test_anchor_in_a_table_and_across_paragraphs(tmp_path) -> None:
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("标题")
    first = d.add_paragraph("第一段")
    d.add_paragraph("第二段")
    cell = d.add_table(rows=1, cols=2).cell(0, 1).paragraphs[0]
    cell.add_run("表内")
    d.add_comment([cell.add_run("学些")], text="fzlint: ignore", author="a")
    last = d.add_paragraph("第三段")
    d.add_comment([first.runs[0], last.runs[0]], text="  FZLINT: ignore 跨段", author="a")
    # move the range start out of its paragraph, as Word does for a range that begins at a table or paragraph
    start = first._p.find(qn("w:commentRangeStart"))
    first._p.addprevious(start)
    d.save(str(tmp_path / "t.docx"))
    doc = load(tmp_path / "t.docx")
    assert doc.text == "标题\n第一段\n第二段\n\n表内学些\n第三段"
    assert sorted(anchors(tmp_path / "t.docx")) == sorted([("学些", "fzlint: ignore"),
                                                           ("第一段\n第二段\n\n表内学些\n第三段", "  FZLINT: ignore 跨段")])
