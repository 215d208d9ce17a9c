"""The audit as one self-contained HTML page: `render(result) -> str` from the audit result dict.

No network at all: the CSS and the script are inlined from ``assets/``, charts are inline SVG drawn by ``svg.py``,
no web fonts, no links out. Report text is untrusted (a saved web page may carry markup), so every piece of it is
escaped, and a Content-Security-Policy admits only this page's own script and style (by hash): even a missed
escape could not run a script or load anything. Every colour has a symbol or word beside it, and ``@media print``
expands every report's findings and hides the controls, so the page prints in black and white.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from ..model import PART_SHORT, Category, Part, Severity
from .copies import COMMON_MIN
from .deadline import label as deadline_label
from .deadline import late
from .summary import STATUS_ZH, TIMELINESS_ZH
from .svg import Bar, Mark, bar_chart, stacked_bar, timeline

ASSETS = Path(__file__).parent / "assets"
PARTS = ("measures", "shortcomings", "first_responsible", "next_year")
PART_LABEL = {p: PART_SHORT[Part(p)] for p in PARTS}
SEVERITY = {s.label: s.zh for s in Severity}
STATUS = {k: (symbol, STATUS_ZH[k]) for k, symbol in (("pass", "✓"), ("fail", "✗"), ("error", "⚠"))}
STATUS_RANK = {"error": 0, "fail": 1, "pass": 2}
PART_VALUE = {"present": ("✓", "有"), "incomplete": ("△", "不完整"), "missing": ("✗", "缺")}
TIMELINESS = {k: (symbol, TIMELINESS_ZH[k])
              for k, symbol in (("on_time", "✓"), ("late", "✗"), ("undated", "?"), ("unknown", "—"))}
TIMELINESS_RANK = {"late": 0, "undated": 1, "unknown": 2, "on_time": 3}
COPY_KIND = {"cross_organ": "不同机关之间雷同", "previous_year": "与本机关上年报告相同",
             "duplicate": "重复提交（全文相同）"}
TOP_RULES = 8            # rows of the most frequent rules in the overview
CONTEXT_RADIUS = 80          # characters of the context line shown on each side of the flagged text


def e(value: Any) -> str:
    """Escape anything for text or a double-quoted attribute; None is empty."""
    return "" if value is None else escape(str(value), quote=True)


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(result: Mapping[str, Any]) -> str:
    """The whole page. ``result`` follows the audit contract (see ``checker/audit/__init__.py``)."""
    css = (ASSETS / "audit.css").read_text(encoding="utf-8")
    js = (ASSETS / "audit.js").read_text(encoding="utf-8")
    summary = result.get("summary") or {}
    reports = list(result.get("reports") or [])
    copies = list(result.get("copies") or [])
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    title = f"法治政府建设年度报告审查结果 · {result.get('root') or ''}"
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title>", f"<style>{css}</style>", "</head>", "<body>",
        _header(result, summary),
        ('<nav class="toc"><a href="#overview">概况</a><a href="#reports-section">报告列表</a>'
        '<a href="#parts">必备部分</a><a href="#timeliness">公开时效</a><a href="#copies">雷同段落</a></nav>'),
        "<main>", _overview(summary), _reports_table(reports), _matrix(reports, summary),
        _timeliness(reports, summary), _copies(copies, reports), "</main>",
        f"<script>{js}</script>", "</body>", "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(result: Mapping[str, Any], summary: Mapping[str, Any]) -> str:
    tool = result.get("tool") or {}
    packs = "、".join(str(p) for p in result.get("packs") or []) or "default"
    fail_on = SEVERITY.get(str(result.get("fail_on")), str(result.get("fail_on") or "error"))
    timing = ""
    if summary.get("seconds") is not None:
        timing = (f" · 本次检查 {e(summary.get('checked', 0))} 份、沿用缓存 {e(summary.get('cached', 0))} 份，"
                  f"用时 {float(summary['seconds']):.1f} 秒")
    return (f'<header class="page"><h1>法治政府建设年度报告审查结果</h1>'
            f'<span class="meta">目录：<strong>{e(result.get("root"))}</strong> · 生成于 {e(result.get("generated"))}'
            f' · {e(tool.get("name", "fzlint"))} {e(tool.get("version", ""))} · 规则包：{e(packs)}'
            f' · 有“{e(fail_on)}”及以上问题即不通过{timing}</span></header>')


def _card(css: str, n: Any, label: str) -> str:
    return f'<div class="card {css}"><span class="n">{e(n)}</span><span class="t">{e(label)}</span></div>'


def _unsupported(s: Mapping[str, Any]) -> str:
    """How many of the unreadable rows are files of a type fzlint does not read, when any are."""
    n = s.get("unsupported", 0)
    return f"（其中不支持的文件类型 {e(n)}）" if n else ""


def _overview(s: Mapping[str, Any]) -> str:
    cards = "".join([
        _card("", s.get("reports", 0), "份报告"), _card("pass", s.get("passed", 0), "✓ 通过"),
        _card("fail", s.get("failed", 0), "✗ 不通过"), _card("unreadable", s.get("unreadable", 0), "⚠ 无法读取"),
        _card("", s.get("errors", 0), "错误"), _card("", s.get("warnings", 0), "警告"),
        _card("", s.get("infos", 0), "提示"), _card("", s.get("copied_reports", 0), "份有雷同段落"),
        _card("", (s.get("timeliness") or {}).get("late", 0), "份逾期"),
    ])
    share = stacked_bar([Bar("通过", int(s.get("passed", 0)), "pass"), Bar("不通过", int(s.get("failed", 0)), "fail"),
                         Bar("无法读取", int(s.get("unreadable", 0)), "unreadable")], "通过、不通过、无法读取的份数", width=300)
    by_cat = s.get("by_category") or {}
    cats = bar_chart([Bar(c.zh, int(by_cat.get(c.value, 0))) for c in Category],
                     "各类问题数", width=400, label_width=48)
    rows = []
    for r in (s.get("top_rules") or [])[:TOP_RULES]:
        sev = str(r.get("severity"))
        rows.append(f'<tr><td><span class="sev {e(sev)}">{e(SEVERITY.get(sev, sev))}</span></td>'
                    f'<td class="rule">{e(r.get("title"))} <code>{e(r.get("rule"))}</code></td>'
                    f'<td class="num">{e(r.get("findings"))}</td><td class="num">{e(r.get("reports"))}</td></tr>')
    top = ('<table class="rules"><thead><tr><th>级别</th><th>规则</th><th class="num">处</th><th class="num">份</th>'
           f'</tr></thead><tbody>{"".join(rows) or "<tr><td colspan=4>没有发现问题</td></tr>"}</tbody></table>')
    return (f'<section id="overview"><h2>概况</h2><div class="overview">'
            f'<div><div class="cards">{cards}</div><h3>通过情况</h3>{share}'
            f'<p class="legend"><span class="key pass">■</span> ✓ 通过 {e(s.get("passed", 0))} · '
            f'<span class="key fail">■</span> ✗ 不通过 {e(s.get("failed", 0))} · '
            f'<span class="key unreadable">■</span> ⚠ 无法读取 {e(s.get("unreadable", 0))}{_unsupported(s)}</p></div>'
            f'<div><h3>各类问题（处）</h3>{cats}</div>'
            f'<div><h3>最常见的问题</h3>{top}</div></div></section>')


def _missing_text(parts: Mapping[str, Any] | None) -> tuple[str, int]:
    """'缺：… 不完整：…' and how many parts are not fully there (the sort key)."""
    if not parts or all(parts.get(p) is None for p in PARTS):
        return '<span class="part none">—</span>', -1
    missing = [PART_LABEL[p] for p in PARTS if parts.get(p) == "missing"]
    incomplete = [PART_LABEL[p] for p in PARTS if parts.get(p) == "incomplete"]
    out = []
    if missing:
        out.append(f'<span class="part missing">✗ 缺：{e("、".join(missing))}</span>')
    if incomplete:
        out.append(f'<span class="part incomplete">△ 不完整：{e("、".join(incomplete))}</span>')
    if not out:
        out.append('<span class="part present">✓ 齐全</span>')
    return "<br>".join(out), len(missing) * 10 + len(incomplete)


def _dates(r: Mapping[str, Any]) -> str:
    lines = []
    overdue = ' <span class="tl late">（逾期）</span>'
    written, published = r.get("deadline"), _published_deadline(r)
    if r.get("date"):
        lines.append(f'成文 {e(r["date"])}' + (overdue if late(r.get("date_iso"), written) else ""))
    if r.get("published"):
        lines.append(f'发布 {e(r["published"])}' + (overdue if late(r.get("published"), published) else ""))
    if written and published and written != published:
        lines.append(f'<span class="muted">成文须在 {e(written)} 之前，发布须在 {e(published)} 之前</span>')
    elif written:
        lines.append(f'<span class="muted">须在 {e(written)} 之前</span>')
    return "<br>".join(lines) or '<span class="muted">—</span>'


def _published_deadline(r: Mapping[str, Any]) -> Any:
    """The publication date's deadline (a result from before it had its own: the 成文日期's)."""
    return r.get("published_deadline") or r.get("deadline")


def _search_text(r: Mapping[str, Any]) -> str:
    words = [r.get("path"), r.get("organ"), r.get("title"), r.get("year"), r.get("format"), r.get("error"),
             STATUS.get(str(r.get("status")), ("", ""))[1], TIMELINESS.get(str(r.get("timeliness")), ("", ""))[1]]
    words += sorted({str(d.get("rule")) for d in r.get("diagnostics") or []})
    return " ".join(str(w) for w in words if w not in (None, "")).lower()


HEAD = (("organ", "text", "机关"), ("path", "text", "文件"), ("year", "num", "年度"), ("rank", "num", "结论"),
        ("errors", "num", "错误"), ("warnings", "num", "警告"), ("infos", "num", "提示"),
        ("parts", "num", "必备部分"), ("date", "text", "成文 / 发布日期"), ("timeliness-rank", "num", "时效"),
        ("copied", "num", "雷同占比"))


def _reports_table(reports: Sequence[Mapping[str, Any]]) -> str:
    head = "".join(f'<th class="sortable{" num" if t == "num" and k not in ("rank", "parts", "timeliness-rank") else ""}"'
                   f' data-key="{k}" data-type="{t}" scope="col">{label}</th>' for k, t, label in HEAD)
    bodies = "".join(_report_body(i, r) for i, r in enumerate(reports))
    return (f'<section id="reports-section"><h2>报告列表</h2>'
            '<div class="controls"><label>筛选 <input type="search" id="filter-text" placeholder="机关、文件名、规则编号…"'
            ' autocomplete="off"></label>'
            f'<label>结论 <select id="filter-status"><option value="">全部</option>{_options(STATUS, ("fail", "pass", "error"))}'
            '</select></label>'
            f'<label>时效 <select id="filter-timeliness"><option value="">全部</option>'
            f'{_options(TIMELINESS, ("late", "undated", "on_time", "unknown"))}</select></label>'
            '<button type="button" id="expand-all">全部展开</button><button type="button" id="collapse-all">全部收起</button>'
            f'<span id="filter-count" class="muted">共 {len(reports)} 份</span>'
            '<span class="muted">点击表头排序，点击一行查看问题</span></div>'
            f'<div class="scroll"><table class="reports" id="reports"><thead><tr><th scope="col"></th>{head}</tr></thead>'
            f'{bodies}</table></div></section>')


def _options(words: Mapping[str, tuple[str, str]], order: Sequence[str]) -> str:
    return "".join(f'<option value="{k}">{words[k][0]} {e(words[k][1])}</option>' for k in order)


def _report_body(i: int, r: Mapping[str, Any]) -> str:
    status = str(r.get("status"))
    symbol, word = STATUS.get(status, ("?", status))
    tl = str(r.get("timeliness") or "unknown")
    tl_symbol, tl_word = TIMELINESS.get(tl, ("?", tl))
    parts_html, parts_key = _missing_text(r.get("parts"))
    share = float(r.get("copied_share") or 0.0)
    diags = r.get("diagnostics") or []
    attrs = {
        "data-index": i, "data-status": status, "data-timeliness": tl, "data-rank": STATUS_RANK.get(status, 9),
        "data-path": r.get("path"), "data-organ": r.get("organ") or "", "data-year": r.get("year") or "",
        "data-errors": r.get("errors", 0), "data-warnings": r.get("warnings", 0), "data-infos": r.get("infos", 0),
        "data-parts": parts_key, "data-date": r.get("date_iso") or r.get("published") or "",
        "data-timeliness-rank": TIMELINESS_RANK.get(tl, 9), "data-copied": f"{share:.4f}",
        "data-search": _search_text(r),
    }
    attr_text = " ".join(f'{k}="{e(v)}"' for k, v in attrs.items())
    organ = e(r.get("organ")) or '<span class="muted">（未识别）</span>'
    title_attr = f' title="{e(r.get("title"))}"' if r.get("title") else ""
    row = (f'<tr class="row"><td><button type="button" class="toggle" aria-expanded="false">展开</button></td>'
           f'<td class="organ"{title_attr}>{organ}</td><td class="path">{e(r.get("path"))}</td>'
           f'<td class="num">{e(r.get("year")) or "—"}</td>'
           f'<td><span class="badge {e(status)}">{symbol} {e(word)}</span></td>'
           f'<td class="num">{e(r.get("errors", 0))}</td><td class="num">{e(r.get("warnings", 0))}</td>'
           f'<td class="num">{e(r.get("infos", 0))}</td><td>{parts_html}</td><td>{_dates(r)}</td>'
           f'<td class="timeliness"><span class="tl {e(tl)}">{tl_symbol} {e(tl_word)}</span></td>'
           f'<td class="num share">{f"{share:.0%}" if share else "—"}</td></tr>')
    # inert until opened (or printed): a thousand reports' findings would otherwise slow every sort and filter
    detail = (f'<tr class="detail" hidden><td colspan="{len(HEAD) + 1}"><template>{_detail(r, diags)}</template>'
              '</td></tr>')
    return f'<tbody class="report status-{e(status)}" {attr_text}>{row}{detail}</tbody>'


def _detail(r: Mapping[str, Any], diags: Sequence[Mapping[str, Any]]) -> str:
    head = f'<div><strong>{e(r.get("title"))}</strong> <span class="muted">{e(r.get("path"))} · {e(r.get("format"))}</span></div>'
    if r.get("status") == "error":
        return head + f'<p class="err-text">⚠ 无法读取：{e(r.get("error"))}</p>'
    if not diags:
        return head + '<p class="muted">✓ 没有发现问题。</p>'
    return head + '<ol class="findings">' + "".join(_finding(d) for d in diags) + "</ol>"


def _finding(d: Mapping[str, Any]) -> str:
    sev = str(d.get("severity"))
    where = []
    if d.get("line"):
        where.append(f"第{e(d['line'])}行" + (f"第{e(d['column'])}列" if d.get("column") else ""))
    if d.get("part") in PART_LABEL:
        where.append(f"部分：{PART_LABEL[str(d['part'])]}")
    out = [f'<li class="{e(sev)}"><span class="sev {e(sev)}">{e(SEVERITY.get(sev, sev))}</span> ',
           f'<strong>{e(d.get("title") or d.get("rule"))}</strong> <code>{e(d.get("rule"))}</code> ',
           f'<span class="sub">{e(" · ".join(where))}</span>', f'<div>{e(d.get("message"))}</div>']
    context = _context(d.get("context"), d.get("text"), d.get("column"))
    if context:
        out.append(f'<div class="ctx">{context}</div>')
    if d.get("suggestion") not in (None, ""):
        out.append(f'<div class="sub">建议改为：<span class="sug">{e(d.get("suggestion"))}</span></div>')
    if d.get("reference"):
        out.append(f'<div class="sub">依据：{e(d.get("reference"))}</div>')
    out.append("</li>")
    return "".join(out)


def _context(context: Any, text: Any, column: Any) -> str:
    """The context line, escaped, with the flagged text in <mark>; long lines cut around it."""
    if not context:
        return ""
    line = str(context)
    flagged = str(text) if text else ""
    at = -1
    if flagged:
        guess = int(column) - 1 if isinstance(column, int) and column > 0 else -1
        at = guess if guess >= 0 and line[guess:guess + len(flagged)] == flagged else line.find(flagged)
    if at < 0:
        return e(_clip(line, 0, min(len(line), 2 * CONTEXT_RADIUS)))
    start, end = max(0, at - CONTEXT_RADIUS), min(len(line), at + len(flagged) + CONTEXT_RADIUS)
    before = ("…" if start else "") + line[start:at]
    after = line[at + len(flagged):end] + ("…" if end < len(line) else "")
    return f"{e(before)}<mark>{e(flagged)}</mark>{e(after)}"


def _clip(line: str, start: int, end: int) -> str:
    return line[start:end] + ("…" if end < len(line) else "")


def _matrix(reports: Sequence[Mapping[str, Any]], s: Mapping[str, Any]) -> str:
    counts = s.get("parts") or {}
    charts = []
    for p in PARTS:
        c = counts.get(p) or {}
        bars = [Bar("有", int(c.get("present", 0)), "present"), Bar("不完整", int(c.get("incomplete", 0)), "incomplete"),
                Bar("缺", int(c.get("missing", 0)), "missing")]
        charts.append(f'<div><h3>{e(PART_LABEL[p])}</h3>{stacked_bar(bars, PART_LABEL[p] + "：有、不完整、缺的份数", 240, 20)}'
                      f'<p class="legend">✓ 有 {bars[0].value} · △ 不完整 {bars[1].value} · ✗ 缺 {bars[2].value}</p></div>')
    head = "".join(f'<th class="part" scope="col">{e(PART_LABEL[p])}</th>' for p in PARTS)
    rows = []
    for r in reports:
        cells = []
        for p in PARTS:
            v = (r.get("parts") or {}).get(p)
            symbol, word = PART_VALUE.get(str(v), ("—", ""))
            cells.append(f'<td class="part {e(v) if v else "none"}">{symbol} {word}</td>')
        rows.append(f'<tr><td><span class="organ">{e(r.get("organ")) or "—"}</span> '
                    f'<span class="path muted">{e(r.get("path"))}</span></td>{"".join(cells)}</tr>')
    return (f'<section id="parts"><h2>四个必备部分</h2>'
            f'<div class="grid4">{"".join(charts)}</div>'
            '<p class="legend">✓ 有 · △ 有但不完整（如“不足”未写原因） · ✗ 缺 · — 无法读取</p>'
            f'<div class="scroll"><table class="matrix"><thead><tr><th scope="col">报告</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def _timeliness(reports: Sequence[Mapping[str, Any]], s: Mapping[str, Any]) -> str:
    t = s.get("timeliness") or {}
    bars = [Bar(f"{TIMELINESS[k][0]} {TIMELINESS[k][1]}", int(t.get(k, 0)), k) for k in TIMELINESS]
    chart = bar_chart(bars, "公开时效：" + "、".join(TIMELINESS_ZH[k] for k in TIMELINESS) + "的份数",
                      width=360, label_width=84)
    marks = []
    for r in reports:
        if not r.get("deadline"):
            continue
        name = str(r.get("organ") or r.get("path"))
        if r.get("date_iso"):
            marks.append(Mark(f"{name} 成文日期 {r['date_iso']}", str(r["date_iso"]), str(r["deadline"]), "written"))
        if r.get("published"):
            marks.append(Mark(f"{name} 发布日期 {r['published']}", str(r["published"]),
                              str(_published_deadline(r)), "published"))
    when = deadline_label(s.get("deadline"))
    single = "、" not in when
    strip = timeline(marks, f"成文日期和发布日期距截止日（{when}）的天数",
                     deadline_label=when.removeprefix("次年") if single else "截止日")
    flagged = [r for r in reports if r.get("timeliness") in ("late", "undated")]
    rows = "".join(
        f'<tr><td>{e(r.get("organ")) or "—"} <span class="path muted">{e(r.get("path"))}</span></td>'
        f'<td><span class="tl {e(r.get("timeliness"))}">{" ".join(TIMELINESS[str(r.get("timeliness"))])}</span></td>'
        f'<td>{_dates(r)}</td></tr>' for r in flagged)
    table = (f'<table><thead><tr><th>报告</th><th>时效</th><th>日期</th></tr></thead><tbody>{rows}</tbody></table>'
             if rows else '<p class="muted">没有逾期或无成文日期的报告。</p>')
    return (f'<section id="timeliness"><h2>公开时效（{e(when)}之前）</h2>'
            f'<div class="grid2"><div>{chart}</div><div>{strip}<p class="legend">红色区域为截止日当天及以后（逾期）；'
            '超出范围的日期画在两端，悬停可见实际日期。</p></div></div>'
            f'<h3>逾期或无成文日期的报告</h3><div class="scroll">{table}</div></section>')


def _place(place: Mapping[str, Any], shares: Mapping[str, float]) -> str:
    share = shares.get(str(place.get("path")))
    share_text = f'，该报告 {share:.0%} 的正文为雷同段落' if share else ""
    where = f" 第{place['line']}行" if place.get("line") else " 全文"
    return (f'<span class="organ">{e(place.get("organ")) or "—"}</span>（{e(place.get("year")) or "年度未知"}）<br>'
            f'<span class="path muted">{e(place.get("path"))}{e(where)}{e(share_text)}</span>')


def _copies(copies: Sequence[Mapping[str, Any]], reports: Iterable[Mapping[str, Any]]) -> str:
    shares = {str(r.get("path")): float(r.get("copied_share") or 0.0) for r in reports}
    if not copies:
        return '<section id="copies"><h2>雷同段落</h2><p class="muted">没有发现报告之间雷同的长段落。</p></section>'
    rows = "".join(
        f'<tr><td>{e(COPY_KIND.get(str(c.get("kind")), c.get("kind")))}</td><td class="num">{e(c.get("length"))}</td>'
        f'<td>{e(c.get("text"))}</td><td>{_place(c.get("a") or {}, shares)}</td>'
        f'<td>{_place(c.get("b") or {}, shares)}</td></tr>' for c in copies)
    return (f'<section id="copies"><h2>雷同段落（{len(copies)} 处）</h2>'
            '<p class="legend">只比较较长的段落（忽略标点、序号和空格）。同一段落为超过 '
            f'{COMMON_MIN} 个、且超过所审机关五分之一的机关共有时，视为通用表述，不算雷同；'
            '全文相同的两份报告记为重复提交，不算雷同。</p>'
            '<div class="scroll"><table class="copies"><thead><tr><th>类型</th><th class="num">字数</th><th>段落开头</th>'
            f'<th>报告甲</th><th>报告乙</th></tr></thead><tbody>{rows}</tbody></table></div></section>')
