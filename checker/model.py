"""Frozen value types shared by every stage: load → body → outline → checks → engine → report."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from typing import Any, Generic, Mapping, TypeVar


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character offsets into ``Document.text``."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int                  # position in Document.paragraphs
    span: Span                  # the paragraph's text, without its trailing "\n"
    line: int                   # 1-based line in Document.text
    source: str = ""            # where it came from: "line 12", "paragraph 4", "table 1 cell 2,3"
    style: str | None = None    # docx style name
    bold: bool = False          # every run bold (docx)
    align: str | None = None    # "center", "right", … (docx)


@dataclass(frozen=True, slots=True)
class TableCell:
    row: int                    # 1-based grid row and column (a cell spanning columns has its first)
    column: int
    span: Span                  # the cell's text in Document.text (its paragraphs, joined)


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the document as rows and columns (loaders put them in ``Document.meta["tables"]``)."""

    name: str                   # how the document's paragraph sources call it: "表格1"
    cells: tuple[TableCell, ...]

    def grid(self) -> dict[tuple[int, int], TableCell]:
        return {(c.row, c.column): c for c in self.cells}


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    format: str                 # "txt" | "docx" | "html"
    text: str                   # the text `fzlint extract` prints
    paragraphs: tuple[Paragraph, ...]
    encoding: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)   # title, published (YYYY-MM-DD), tables, …
    line_starts: tuple[int, ...] = (0,)
    simplified: str | None = None   # `text` with traditional characters folded (checker.text.fold), when it has any

    def para_text(self, p: Paragraph) -> str:
        return self.text[p.span.start:p.span.end]

    @property
    def folded(self) -> str:
        """The text every rule matches against: `text` with traditional characters folded to simplified ones
        (發布時間 → 发布时间). Same length as `text`, so an offset found in it is an offset in `text`; `text`
        itself when it has no traditional characters."""
        return self.text if self.simplified is None else self.simplified

    def matching(self) -> "Document":
        """This document as body finding, the outline and the checks read it: `text` is the folded text
        (positions unchanged). The engine quotes findings from the original document."""
        return self if self.simplified is None else replace(self, text=self.simplified, simplified=None)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1


def line_starts_of(text: str) -> tuple[int, ...]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return tuple(starts)


def paragraphs_of_lines(text: str) -> tuple[Paragraph, ...]:
    """One paragraph per line: the shape of a .txt document (and of any text we build)."""
    paras = []
    start = 0
    for n, line in enumerate(text.split("\n")):
        end = start + len(line)
        paras.append(Paragraph(index=n, span=Span(start, end), line=n + 1, source=f"第{n + 1}行"))
        start = end + 1
    return tuple(paras)


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def zh(self) -> str:
        return {Severity.INFO: "提示", Severity.WARNING: "警告", Severity.ERROR: "错误"}[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        return cls[value.upper()]


class Category(StrEnum):
    STRUCTURE = "structure"
    SIGNATURE = "signature"
    DATE = "date"
    FIGURES = "figures"
    NUMBERING = "numbering"
    PUNCTUATION = "punctuation"
    WORDING = "wording"

    @property
    def zh(self) -> str:
        """The category's Chinese name, as every report, table and page shows it."""
        return CATEGORY_NAMES[self]


class Part(StrEnum):
    MEASURES = "measures"
    SHORTCOMINGS = "shortcomings"
    FIRST_RESPONSIBLE = "first_responsible"
    NEXT_YEAR = "next_year"
    OTHER = "other"

    @property
    def zh(self) -> str:
        return PART_NAMES[self]

    @property
    def short(self) -> str:
        return PART_SHORT[self]


CATEGORY_NAMES = {
    Category.STRUCTURE: "结构",
    Category.SIGNATURE: "署名",
    Category.DATE: "日期",
    Category.FIGURES: "数字",
    Category.NUMBERING: "序号",
    Category.PUNCTUATION: "标点",
    Category.WORDING: "用语",
}
PART_NAMES = {
    Part.MEASURES: "主要举措和成效",
    Part.SHORTCOMINGS: "存在的不足和原因",
    Part.FIRST_RESPONSIBLE: "党政主要负责人履行推进法治建设第一责任人职责情况",
    Part.NEXT_YEAR: "下一年度主要安排",
    Part.OTHER: "其他需要报告的情况",
}
PART_SHORT = {
    Part.MEASURES: "举措和成效",
    Part.SHORTCOMINGS: "不足和原因",
    Part.FIRST_RESPONSIBLE: "第一责任人职责",
    Part.NEXT_YEAR: "下一年度安排",
    Part.OTHER: "其他情况",
}
MANDATED_PARTS = (Part.MEASURES, Part.SHORTCOMINGS, Part.FIRST_RESPONSIBLE, Part.NEXT_YEAR)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int          # 1 一、/第一部分 · 2 （一） · 3 1. · 4 （1）
    mark: str           # the ordinal mark as written: "一、", "(一)", "一" (顿号 lost), "" (style only)
    number: int | None  # the ordinal's value, when it has one
    title: str          # the heading's words, without the mark (up to the first 。 of a run-in heading)
    span: Span          # mark + title
    paragraph: int      # index into Document.paragraphs


@dataclass(frozen=True, slots=True)
class Section:
    heading: Heading
    span: Span                       # heading start → next heading of the same or higher level
    parts: tuple[Part, ...]          # mandated parts this section carries (themed sections can carry two)
    children: tuple["Section", ...] = ()


@dataclass(frozen=True, slots=True)
class DateLine:
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why the outline holds a mandated part: the heading or the sentence that carries it."""

    how: str        # "heading" · "subheading" (a subsection's title) · "lead" (a sentence leading prose)
                    # · "themed" (themed sections taken together) · "passing" (only mentioned: not the part)
    span: Span


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment named in the 附件说明, or present after the 成文日期 (its header or caption)."""

    name: str           # numbering, 书名号 and a file suffix taken off
    span: Span | None   # None for an attachment the page links to (a download), not in the text
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Outline:
    body: Span
    title: Span | None               # the report's title line, when found
    signature: Span | None           # the issuing organ after the last paragraph
    date: DateLine | None            # the 成文日期 line (well-formed or not)
    paragraphs: tuple[int, ...]      # indices of the body's report paragraphs (page chrome inside excluded)
    sections: tuple[Section, ...]    # level-1 sections, with their children
    parts: Mapping[Part, tuple[Section, ...]]
    report_year: int | None          # the year the report is about
    published: str | None = None     # publication date stated by the page (YYYY-MM-DD), when any
    chrome: tuple[int, ...] = ()     # page-chrome paragraphs inside the body span (not checked)
    organs: tuple[str, ...] = ()     # the issuing organ(s) the title names (a joint report: 党委 and 政府)
    evidence: Mapping[Part, Evidence] = field(default_factory=dict)   # the heading/sentence behind each part
    passing: Mapping[Part, Span] = field(default_factory=dict)        # a part only mentioned in a passing clause
    years: Mapping[str, int] = field(default_factory=dict)   # what says which year: title, date, opening, body
    signed: str | None = None        # the 成文日期 the page's metadata states (YYYY-MM-DD), when any
    cover: Span | None = None        # a cover letter (呈送函) in front of the report
    signed_by_cover: bool = False    # the report is unsigned: `signature` and `date` are the cover letter's
    tail: Span | None = None         # attachments and 版记 after the 成文日期 (not checked)
    note: tuple[Attachment, ...] = ()       # the attachments the 附件说明 names
    attached: tuple[Attachment, ...] = ()   # the attachments present: after the date, or a page's downloads

    def headings(self) -> tuple[Heading, ...]:
        out: list[Heading] = []

        def walk(sections: tuple[Section, ...]) -> None:
            for s in sections:
                out.append(s.heading)
                walk(s.children)

        walk(self.sections)
        return tuple(out)

    def part_spans(self, part: Part) -> tuple[Span, ...]:
        return tuple(s.span for s in self.parts.get(part, ()))


@dataclass(frozen=True, slots=True)
class Example:
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()


P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Rule(Generic[P]):
    id: str
    kind: str
    category: Category
    severity: Severity
    message: str
    reference: str
    title: str
    params: P
    why: str = ""
    examples: Example = Example()
    pack: str = ""
    fix: str | None = None      # "replace": `fzlint fix` may put the suggestion in place of the flagged text
    report_years: tuple[int | None, int | None] | None = None   # runs only for reports about these years
    collapse: int | None = None  # the same slip more often than this: one finding (None: the engine's default)
    defer_to: tuple[str, ...] = ()   # rules whose finding at the same place makes this rule's finding redundant


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    version: str
    title: str
    extends: tuple[str, ...]
    rules: tuple[Rule[Any], ...]
    path: str


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check yields; the engine adds the rule's id, category, severity and reference."""

    span: Span | None
    args: Mapping[str, Any] = field(default_factory=dict)
    suggestion: str | None = None
    part: Part | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place of a diagnostic that stands for the same slip at several places."""

    span: Span
    line: int
    column: int
    text: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.span.start, "end": self.span.end, "line": self.line, "column": self.column,
                "text": self.text, "suggestion": self.suggestion}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str
    category: Category
    severity: Severity
    message: str
    span: Span | None
    line: int | None
    column: int | None
    text: str | None
    suggestion: str | None
    part: Part | None
    reference: str
    fix: Any = None
    occurrences: tuple[Occurrence, ...] = ()    # every place, when it stands for the same slip at several
    slip: Any = field(default=None, compare=False, repr=False)   # what makes two findings the same slip
    args: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the message's arguments

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": str(self.category),
            "severity": self.severity.label,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "start": self.span.start if self.span else None,
            "end": self.span.end if self.span else None,
            "text": self.text,
            "suggestion": self.suggestion,
            "part": str(self.part) if self.part else None,
            "reference": self.reference,
            "fix": self.fix,
            "occurrences": [o.to_dict() for o in self.occurrences] if self.occurrences else None,
        }


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    format: str | None
    encoding: str | None
    body: Span | None
    error: str | None
    diagnostics: tuple[Diagnostic, ...]
    outline: Outline | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    stats: Mapping[str, tuple[int, int]] = field(default_factory=dict)   # rule id → (runs, findings)
    context: Mapping[int, str] = field(default_factory=dict)   # line number → that line, for lines with findings
    unsupported: bool = False   # not checked because fzlint does not read files of its type (``error`` says which)
