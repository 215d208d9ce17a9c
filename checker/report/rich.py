"""The drafter's report: findings grouped by file, the flagged text highlighted in its line, then a summary."""
from __future__ import annotations

from typing import Sequence, TextIO

from ..model import MANDATED_PARTS, Category, Diagnostic, FileResult, Severity
from . import RunInfo
from .order import ordered
from .summary import summarize

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _excerpt(line: str, d: Diagnostic, width: int = 36, longest: int = 60) -> tuple[str, str, str]:
    """The flagged text in its line, with up to `width` characters either side; a long hit is shortened
    in the middle so the excerpt stays readable."""
    col = (d.column or 1) - 1
    text = d.text or ""
    end = min(len(line), col + len(text.split("\n")[0]))
    hit = line[col:end]
    if len(hit) > longest:
        hit = hit[:longest // 2] + "……" + hit[-longest // 2:]
    before = line[max(0, col - width):col].lstrip()
    after = line[end:end + width].rstrip()
    prefix = "…" if col - width > 0 else ""
    suffix = "…" if end + width < len(line) else ""
    return prefix + before, hit, after + suffix


def places(d: Diagnostic) -> str:
    """Every place of a finding that stands for several: line:column and the text, when it differs."""
    same = len({o.text for o in d.occurrences}) == 1
    return "、".join(f"{o.line}:{o.column}" + ("" if same else f"“{o.text}”") for o in d.occurrences)


def render(results: Sequence[FileResult], info: RunInfo, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.padding import Padding
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=False)
    for r in results:
        console.rule(Text(r.path, style="bold"), align="left")
        if r.error:
            console.print(Text.assemble(("  无法检查：", "bold red"), r.error))
            continue
        detail = " · ".join(x for x in (r.format, r.encoding) if x)
        if detail:
            console.print(Text(f"  {detail}", style="dim"))
        if not r.diagnostics:
            console.print(Text("  未发现问题", style="green"))
        for d in ordered(r, info.sort):
            where = f"{d.line}:{d.column}" if d.line else "全文"
            console.print(Text.assemble(("  " + where.ljust(8), "dim"), (d.severity.zh, STYLE[d.severity]),
                                        "  ", (d.rule, "dim")))
            body = [Text(d.message)]
            line = r.context.get(d.line or 0)
            if line is not None and d.text:
                before, hit, after = _excerpt(line, d)
                body.append(Text.assemble(("原文：", "dim"), before, (hit, "reverse " + STYLE[d.severity]), after))
            if d.suggestion:
                body.append(Text.assemble(("建议：", "green"), d.suggestion))
            if d.occurrences:
                body.append(Text.assemble((f"各处（共{len(d.occurrences)}处）：", "dim"), places(d)))
            body.append(Text(f"依据：{d.reference}", style="dim"))
            for t in body:
                console.print(Padding(t, (0, 0, 0, 10), expand=False))
        if r.outline is not None:
            console.print(_parts_line(r))
    _summary(console, results, Table, Text)
    if info.skipped:
        console.print(Text(f"  按规则跳过 {len(info.skipped)} 个文件（隐藏文件、锁定文件、批注副本、备份等，--verbose 逐个列出）",
                           style="dim"))
    if info.statistics:
        table = Table(title="规则运行统计", show_lines=False)
        table.add_column("规则")
        table.add_column("运行次数", justify="right")
        table.add_column("发现问题", justify="right")
        for rid, (runs, fired) in sorted(info.stats.items()):
            table.add_row(rid, str(runs), str(fired))
        console.print(table)


def _parts_line(r: FileResult) -> "object":
    from rich.text import Text

    assert r.outline is not None
    pieces: list[tuple[str, str] | str] = [("  必备部分：", "bold")]
    for part in MANDATED_PARTS:
        sections = r.outline.parts.get(part, ())
        if sections:
            where = "、".join(s.heading.mark.rstrip("、.．,，") or s.heading.title[:8] for s in sections)
            pieces += [(f"✓ {part.short}", "green"), f"（{where}）  "]
        else:
            pieces += [(f"✗ {part.short}（缺）", "bold red"), "  "]
    return Text.assemble(*pieces)


def _summary(console: "object", results: Sequence[FileResult], Table: type, Text: type) -> None:
    s = summarize(results)
    console.print(Text(f"汇总：{s['files']} 个文件，{s['diagnostics']} 处问题", style="bold"))  # type: ignore[attr-defined]
    sev = [(f"{sev.zh} {s['by_severity'][sev.label]}", STYLE[sev]) for sev in sorted(Severity, reverse=True)]
    if s["files_with_errors"]:
        unsupported = f"（其中不支持的文件类型 {s['files_unsupported']}）" if s["files_unsupported"] else ""
        sev.append((f"无法检查的文件 {s['files_with_errors']}{unsupported}", "bold red"))
    console.print(Text.assemble("  ", *[x for pair in sev for x in (pair, "   ")]))  # type: ignore[attr-defined]
    if s["by_category"]:
        cats = "   ".join(f"{Category(c).zh} {n}" for c, n in s["by_category"].items())
        console.print(Text("  " + cats))  # type: ignore[attr-defined]
