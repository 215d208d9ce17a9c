"""The outline as `fzlint extract --outline` prints it: title, reporting year and what says so, body, cover
letter, sections with the parts they carry, the evidence for each mandated part, signature, 成文日期,
attachments and what follows the date."""
from __future__ import annotations

from ..model import MANDATED_PARTS, Document, Outline, Section, Span

HOW = {"heading": "标题", "subheading": "小标题", "lead": "首句", "themed": "各专题合起来，自", "passing": "顺带提及"}
SOURCE = {"title": "标题", "date": "成文日期", "opening": "开头段", "body": "正文"}


def describe(doc: Document, o: Outline) -> list[str]:
    def t(s: Span | None) -> str:
        return doc.text[s.start:s.end].replace("\n", " / ") if s else "（未找到）"

    def line(s: Span) -> int:
        return doc.position(s.start)[0]

    years = "、".join(f"成文日期在{v + 1}年" if k == "date" else f"{SOURCE[k]}{v}年" for k, v in o.years.items())
    out = [f"标题：{t(o.title)}", f"发文机关：{'、'.join(o.organs) or '（未写明）'}", f"报告年度：{o.report_year or '（未知）'}" + (f"（{years}）" if years else ""),
           f"正文：第{line(o.body)}行至第{doc.position(o.body.end)[0]}行"]
    if o.cover:
        out.append(f"呈送函：第{line(o.cover)}行至第{doc.position(o.cover.end)[0]}行（之后的报告按报告本身检查）")
    if o.published:
        out.append(f"发布日期：{o.published}")
    if o.signed:
        out.append(f"成文日期（网页信息栏）：{o.signed}")
    for section in o.sections:
        out += _section_lines(doc, section, 0)
    out.append("必备部分：")
    for part in MANDATED_PARTS:
        ev = o.evidence.get(part)
        if ev is not None and o.parts.get(part):
            out.append(f"  {part.short}：{HOW.get(ev.how, ev.how)}“{_short(t(ev.span))}”（第{line(ev.span)}行）")
        elif part in o.passing:
            out.append(f"  {part.short}：缺（只在“{_short(t(o.passing[part]))}”中带过，第{line(o.passing[part])}行）")
        else:
            out.append(f"  {part.short}：缺")
    def by(s: Span | None) -> str:
        return "（取自呈送函：报告本身没有）" if s is not None and o.cover is not None and o.cover.contains(s) else ""

    out += [f"署名：{t(o.signature)}{by(o.signature)}",
            f"成文日期：{o.date.text if o.date else '（未找到）'}{by(o.date.span if o.date else None)}"]
    if o.note:
        out.append("附件说明：" + "；".join(a.name for a in o.note))
    if o.attached:
        out.append("所附附件：" + "；".join(a.name or "（无标题）" for a in o.attached))
    if o.tail:
        out.append(f"成文日期之后（附件、版记，不检查）：第{line(o.tail)}行至第{doc.position(o.tail.end)[0]}行")
    return out


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def _section_lines(doc: Document, section: Section, depth: int) -> list[str]:
    h = section.heading
    parts = "、".join(p.value for p in section.parts) if h.level <= 2 else ""
    line = f"{'  ' * depth}{h.mark}{h.title}  [第{doc.position(h.span.start)[0]}行]"
    if parts:
        line += f"  → {parts}"
    out = [line]
    for child in section.children:
        out += _section_lines(doc, child, depth + 1)
    return out
