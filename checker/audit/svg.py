"""Small inline SVG charts for the audit page, drawn here (no library, no network).

Every function returns an ``<svg>`` fragment with escaped text, a ``<title>`` for screen readers and presentation
attributes only (no ``style=""``), so the page's Content-Security-Policy need not allow inline style attributes.
Colours come from CSS classes in ``assets/audit.css``; the numbers are always written as text too, so a chart
printed in black and white still says everything.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from .deadline import late


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    css: str = "bar"          # CSS class of the bar (its colour)


@dataclass(frozen=True, slots=True)
class Mark:
    """One dot on the timeliness strip: a date against its deadline."""

    label: str                # tooltip, e.g. "县司法局/2025年度报告.docx 成文日期 2026-01-20"
    day: str                  # YYYY-MM-DD
    deadline: str             # YYYY-MM-DD (the first late day: 1 April of the following year, or the pack's)
    kind: str                 # "written" (成文日期) | "published" (发布日期)


def _num(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def bar_chart(bars: Sequence[Bar], title: str, width: int = 420, row: int = 22, label_width: int = 96) -> str:
    """Horizontal bars, one per item, with the label left and the value right of each bar."""
    top = max((b.value for b in bars), default=0) or 1
    span = width - label_width - 48
    height = row * len(bars) + 4
    out = [(f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>')]
    for i, b in enumerate(bars):
        y = i * row + 2
        w = span * b.value / top
        out.append(f'<text class="label" x="{label_width - 6}" y="{y + row * 0.68:.1f}" text-anchor="end">'
                   f'{escape(b.label)}</text>')
        out.append(f'<rect class="{escape(b.css)}" x="{label_width}" y="{y + 3}" width="{_num(max(w, 0))}" '
                   f'height="{row - 8}" rx="2"><title>{escape(b.label)}：{b.value}</title></rect>')
        out.append(f'<text class="value" x="{_num(label_width + w + 5)}" y="{y + row * 0.68:.1f}">{b.value}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_bar(bars: Sequence[Bar], title: str, width: int = 420, height: int = 26) -> str:
    """One 100 % bar split by the items (for shares: pass / fail / unreadable, on time / late …)."""
    total = sum(b.value for b in bars)
    out = [(f'<svg class="chart stacked" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>')]
    if not total:
        out.append(f'<rect class="empty" x="0" y="0" width="{width}" height="{height}"/>')
    x = 0.0
    for b in bars:
        if not b.value:
            continue
        w = width * b.value / total
        out.append(f'<rect class="{escape(b.css)}" x="{_num(x)}" y="0" width="{_num(w)}" height="{height}">'
                   f'<title>{escape(b.label)}：{b.value}</title></rect>')
        if w >= 26:
            out.append(f'<text class="inbar" x="{_num(x + w / 2)}" y="{height * 0.68:.1f}" text-anchor="middle">'
                       f'{b.value}</text>')
        x += w
    out.append("</svg>")
    return "".join(out)


def _days(day: str, deadline: str) -> int | None:
    try:
        return (date.fromisoformat(day) - date.fromisoformat(deadline)).days
    except ValueError:
        return None


def timeline(marks: Sequence[Mark], title: str, width: int = 620, before: int = 120, after: int = 60,
             deadline_label: str = "4月1日") -> str:
    """Days before / after each mark's deadline (`deadline_label` names it on the axis): the 成文日期 as circles, publication
    dates as squares; late ones on or right of the line.

    Dates further out than the window are drawn at its edge (their tooltip keeps the true date).
    """
    height, pad, axis_y = 92, 16, 70
    span = width - 2 * pad

    def x_of(days: int) -> float:
        clamped = min(max(days, -before), after)
        return pad + span * (clamped + before) / (before + after)

    out = [(f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>'),
           f'<line class="axis" x1="{pad}" y1="{axis_y}" x2="{width - pad}" y2="{axis_y}"/>']
    zero = x_of(0)
    out.append(f'<rect class="late-zone" x="{_num(zero)}" y="4" width="{_num(width - pad - zero)}" '
               f'height="{axis_y - 4}"/>')
    out.append(f'<line class="deadline" x1="{_num(zero)}" y1="4" x2="{_num(zero)}" y2="{axis_y + 4}"/>')
    for tick in range(-before, after + 1, 30):
        x = x_of(tick)
        label = escape(deadline_label) if tick == 0 else f"{tick:+d}天"
        out.append(f'<line class="tick" x1="{_num(x)}" y1="{axis_y}" x2="{_num(x)}" y2="{axis_y + 4}"/>'
                   f'<text class="label" x="{_num(x)}" y="{axis_y + 16}" text-anchor="middle">{label}</text>')
    lanes = {"written": 24, "published": 48}
    seen: dict[tuple[str, int], int] = {}
    for m in marks:
        offset = _days(m.day, m.deadline)
        if offset is None:
            continue
        days = offset
        x = x_of(days)
        bucket = (m.kind, round(x / 4))
        jitter = seen.get(bucket, 0)
        seen[bucket] = jitter + 1
        y = lanes.get(m.kind, 24) + ((jitter % 5) - 2) * 3
        overdue = late(m.day, m.deadline)
        css = "dot late" if overdue else "dot on-time"
        when = f"{'晚' if days > 0 else '早'}于截止日 {abs(days)} 天" if days else "截止日当天"
        tip = f"<title>{escape(m.label)}（{when}，{'逾期' if overdue else '按时'}）</title>"
        if m.kind == "published":
            out.append(f'<rect class="{css}" x="{_num(x - 4)}" y="{_num(y - 4)}" width="8" height="8">{tip}</rect>')
        else:
            out.append(f'<circle class="{css}" cx="{_num(x)}" cy="{_num(y)}" r="4">{tip}</circle>')
    out.append(f'<text class="label" x="{pad}" y="12">● 成文日期</text>'
               f'<text class="label" x="{pad}" y="40">■ 发布日期</text>')
    out.append("</svg>")
    return "".join(out)
