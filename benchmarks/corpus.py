"""A corpus of annual reports for the audit: N files built from the seeds and the example drafts.

    python benchmarks/corpus.py DEST N [--seed S]

Every file is one source report (the five seeds in ``seeds/``, the example drafts in ``examples/``) given a
new organ and reporting year, its long paragraphs reworded per organ, and deterministic defects: a dropped
mandated part, a broken rate, a doubled mark, half-width marks, a bad / late / missing 成文日期, a skipped
ordinal. Formats vary: .txt in UTF-8 and GB18030, .docx and .html (the text wrapped in page chrome like a
government site, with the publication date in a <meta>). Some organs have their previous year's report
in the corpus too, mostly unchanged, and a few reports keep paragraphs of their source word for word, so
cross-report copying exists but is not everywhere. About one file in a hundred is unreadable (empty, a
binary file named .txt, a truncated .docx). The same (N, seed) always gives the same files.
"""
from __future__ import annotations

import argparse
import html
import io
import json
import random
import re
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COUNTIES = ("青山县", "清河县", "东湖区", "西林县", "南江县", "北塘区", "石门县", "云溪区", "柳江县", "白沙县",
            "安平县", "长宁县", "永和县", "丰泽区", "江口县", "新化县", "双峰县", "桃源县", "龙泉区", "平川县",
            "金溪县", "玉山县", "乐平县", "宁远县", "高台县", "临泽县", "梅河区", "汉滨区", "华容县", "湘阴县")
DEPARTMENTS = ("人民政府", "司法局", "市场监督管理局", "公安局", "生态环境局", "教育局", "卫生健康局",
               "自然资源局", "交通运输局", "应急管理局", "人力资源和社会保障局", "住房和城乡建设局")
TOWNS = ("青石", "河口", "柳林", "白马", "双河", "龙潭", "新桥", "石坝", "金竹", "云峰", "平安", "长岭")
VERBS = ("结合本地实际", "坚持问题导向", "聚焦群众关切", "对标上级要求", "立足职能职责", "围绕中心工作",
         "坚持守正创新", "注重统筹推进", "强化责任落实", "突出重点难点")
OBJECTS = ("细化工作措施", "建立工作台账", "开展专项督查", "完善配套制度", "加强部门协同", "压实岗位责任",
           "推动任务落地", "强化考核评价", "开展跟踪问效", "及时总结经验")
L1_RE = re.compile(r"^(\s*)([一二三四五六七八九十]{1,2})、")
L2_RE = re.compile(r"^(\s*)[（(]([一二三四五六七八九十]{1,2})[）)]")
DATE_LINE_RE = re.compile(r"^\s*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
YEAR_RE = re.compile(r"20[0-3]\d(?=\s*年|\s*-|\s*—|\s*－|\s*[.．/]\s*\d)")
CN = "一二三四五六七八九十"
PART_WORDS_RE = re.compile(r"第一责任人|主要负责人|不足|存在的问题|下一|工作安排|工作计划|打算|思路")
BAD_EVERY = 60             # one file in 60 is unreadable: empty, binary named .txt, or a truncated .docx
MANIFEST = ".corpus-manifest.json"      # hidden: a folder walk skips it by rule, it is no report


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    lines: tuple[str, ...]     # the whole file (saved pages keep their chrome)
    body: tuple[int, int]      # line range of the report proper: title .. date / signature
    organ: str
    town: str | None           # a township source: its short name (南平镇), replaced with the new one
    year: int


def _sources() -> list[Source]:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
    out = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        title_at = next((i for i, s in enumerate(lines[:40]) if "法治政府建设" in s and "报告" in s
                         and len(s.strip()) < 70), None)
        if title_at is None:
            continue
        title = lines[title_at].strip()
        m = re.match(r"(.+?)(?:关于)?(20\d\d)年", title)
        if not m:
            continue
        organ, year = m.group(1).strip(), int(m.group(2))
        town = re.search(r"([\u4e00-\u9fff]{2,3}(?:镇|乡))(?:人民政府|委员会)?$", organ)
        end = _body_end(lines)
        out.append(Source(path.name, tuple(lines), (title_at, end), organ, town.group(1) if town else None, year))
    return out


def _body_end(lines: list[str]) -> int:
    """One past the 成文日期 line, else past the last level-1 section's paragraphs before the page chrome."""
    dates = [i for i, s in enumerate(lines) if DATE_LINE_RE.match(s)]
    if dates:
        return dates[-1] + 1
    last = 0
    for i, s in enumerate(lines):
        if len(s.strip()) >= 40 and re.search(r"[。；]", s):
            last = i
    return last + 1


def _organs(src: Source, county: str, k: int) -> tuple[str, str | None]:
    """(new organ, new town short name) for source `src`."""
    if src.town:
        town = TOWNS[k % len(TOWNS)] + src.town[-1]
        return f"{county}{town}人民政府", town
    return county + DEPARTMENTS[k % len(DEPARTMENTS)], None


def _reword(line: str, organ: str, rng: random.Random) -> str:
    """A long paragraph made this organ's own: one sentence added after its first full stop."""
    stop = line.find("。")
    if stop == -1 or stop == len(line.rstrip()) - 1:
        stop = len(line.rstrip()) - 1
    short = re.sub(r"人民政府$", "", organ)
    comma = "," if line.count(",") > line.count("，") else "，"
    first, second = rng.sample(OBJECTS, 2)
    phrase = f"{short}{rng.choice(VERBS)}{comma}{first}{comma}{second}。"
    return line[:stop + 1] + phrase + line[stop + 1:]


def _shift_years(text: str, delta: int) -> str:
    if not delta:
        return text
    return YEAR_RE.sub(lambda m: str(int(m.group(0)) + delta), text)


def _renumber_l1(lines: list[str]) -> list[str]:
    n = 0
    out = []
    for s in lines:
        m = L1_RE.match(s)
        if m:
            n += 1
            s = m.group(1) + (CN[n - 1] if n <= 10 else m.group(2)) + "、" + s[m.end():]
        out.append(s)
    return out


def _section_end(lines: list[str], head: int) -> int:
    """Where the last section ends: at the first short line that is not a heading (the signature, the date,
    page chrome)."""
    for i in range(head + 1, len(lines)):
        s = lines[i].strip()
        if s and len(s) < 20 and not L2_RE.match(s) and not re.match(r"\d{1,2}[.．、]", s):
            return i
    return len(lines)


def _defects(lines: list[str], rng: random.Random, year: int) -> tuple[list[str], list[str]]:
    """Deterministic defects; returns (lines, names of the defects applied)."""
    applied = []
    heads = [i for i, s in enumerate(lines) if L1_RE.match(s)]
    if len(heads) >= 3 and rng.random() < 0.08:
        named = [k for k in range(1, len(heads)) if PART_WORDS_RE.search(lines[heads[k]])]
        k = rng.choice(named) if named else rng.randrange(1, len(heads))
        end = heads[k + 1] if k + 1 < len(heads) else _section_end(lines, heads[k])
        lines = _renumber_l1(lines[:heads[k]] + lines[end:])
        applied.append("drop-part")
    body = [i for i, s in enumerate(lines) if len(s.strip()) > 60 and "。" in s]
    if body and rng.random() < 0.2:
        i = rng.choice(body[: max(1, len(body) // 2)])
        total = rng.randrange(30, 200)
        done = total - rng.randrange(2, 9)
        lines[i] = lines[i].rstrip() + f"全年受理行政复议申请{total}件，办结{done}件，办结率100%。"
        applied.append("broken-rate")
    doubled = -1
    if body and rng.random() < 0.2:
        i = doubled = rng.choice(body)
        comma = rng.random() < 0.5 and "，" in lines[i]
        lines[i] = lines[i].replace("，", "，，", 1) if comma else lines[i].replace("。", "。。", 1)
        applied.append("doubled-mark")
    others = [i for i in body if i != doubled]          # (",," would be reported as half-width, not doubled)
    if others and rng.random() < 0.15:
        i = rng.choice(others)
        lines[i] = lines[i].replace("，", ",").replace("；", ";")
        applied.append("half-width")
    l2 = [i for i, s in enumerate(lines) if L2_RE.match(s)]
    if l2 and rng.random() < 0.08:
        i = rng.choice(l2)
        m = L2_RE.match(lines[i])
        assert m is not None
        n = CN.find(m.group(2)[-1]) + 1
        if 0 < n < 9:
            lines[i] = f"{m.group(1)}（{CN[n]}）" + lines[i][m.end():]
            applied.append("renumbered")
    dates = [i for i, s in enumerate(lines) if DATE_LINE_RE.match(s)]
    r = rng.random()
    if dates and r < 0.05:
        lines[dates[-1]] = f"{year + 1}年13月{rng.randrange(1, 29)}日"
        applied.append("bad-date")
    elif dates and r < 0.13:
        lines[dates[-1]] = f"{year + 1}年{rng.randrange(5, 10)}月{rng.randrange(1, 29)}日"
        applied.append("late-date")
    elif dates and r < 0.18:
        del lines[dates[-1]]
        applied.append("no-date")
    return lines, applied


def _html(lines: list[str], title: str, organ: str, published: str) -> str:
    county = organ[:3]
    paras = "\n".join(f"<p>{html.escape(s.strip())}</p>" for s in lines if s.strip())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)}_{county}人民政府网</title>
<meta name="SiteName" content="{county}人民政府网">
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{published} 09:30">
</head><body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a>
<span>无障碍浏览</span> <span>长者模式</span></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="article">
<h1>{html.escape(title)}</h1>
<div class="info">发布时间：{published} 来源：{html.escape(organ)} 字体：[大 中 小]</div>
<div class="content">
{paras}
</div>
<div class="share">分享到：微信 微博 QQ空间 【打印本页】 【关闭窗口】</div>
</div>
<div class="footer">网站地图 | 联系我们 | 主办单位：{county}人民政府办公室 | ICP备案：X ICP备12345678号</div>
</body></html>
"""


class _Docx:
    """.docx files from one python-docx template: only word/document.xml is written per file (fast)."""

    def __init__(self) -> None:
        import docx

        buf = io.BytesIO()
        docx.Document().save(buf)
        with zipfile.ZipFile(buf) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        xml = self.parts["word/document.xml"].decode("utf-8")
        self.head = xml[: xml.index("<w:body>") + len("<w:body>")]
        self.tail = xml[xml.index("<w:sectPr"):]

    def bytes(self, lines: list[str]) -> bytes:
        body = []
        for n, s in enumerate(s.strip() for s in lines if s.strip()):
            ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if n == 0 else ""
            rpr = "<w:rPr><w:b/></w:rPr>" if n == 0 or L1_RE.match(s) else ""
            body.append(f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{html.escape(s, quote=False)}</w:t></w:r></w:p>')
        xml = self.head + "".join(body) + self.tail
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, data in self.parts.items():       # fixed timestamps: the same corpus, byte for byte
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, xml.encode("utf-8") if name == "word/document.xml" else data, compresslevel=1)
        return buf.getvalue()


def _bad_file(k: int, rng: random.Random) -> tuple[str, str, bytes]:
    kind = k % 3
    if kind == 0:
        return "empty", ".txt", b""
    if kind == 1:
        return "binary", ".txt", bytes(rng.randrange(256) for _ in range(2048))
    return "corrupt-docx", ".docx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300))


def build_corpus(dest: Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` reports under `dest` (one folder per county) and return their paths, in build order.
    `dest`/.corpus-manifest.json says what each file is: source, organ, year, format, defects applied."""
    sources = _sources()
    if not sources:
        raise SystemExit("corpus: no source reports found in seeds/ or examples/")
    dest.mkdir(parents=True, exist_ok=True)
    docx_writer: _Docx | None = None
    out: list[Path] = []
    manifest: list[dict[str, object]] = []
    plan: dict[int, tuple[int, str, str | None, int]] = {}    # i → (source, organ, town, year)
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        if i % 10 == 9 and (i - 1) in plan:                 # the same organ's previous year, same source
            s_idx, organ, town, year = plan[i - 1]
            year -= 1
        else:
            s_idx = rng.randrange(len(sources))
            county = COUNTIES[rng.randrange(len(COUNTIES))]
            organ, town = _organs(sources[s_idx], county, rng.randrange(1000))
            year = 2025 if rng.random() < 0.85 else 2024
        plan[i] = (s_idx, organ, town, year)
        county_dir = dest / organ[:3]
        county_dir.mkdir(exist_ok=True)
        stem = f"{i:04d}_{organ}_{year}年度法治政府建设报告"
        if i % BAD_EVERY == BAD_EVERY - 3:
            kind, ext, data = _bad_file(i // BAD_EVERY, rng)
            path = county_dir / (stem + ext)
            path.write_bytes(data)
            out.append(path)
            manifest.append({"path": path.relative_to(dest).as_posix(), "format": kind, "organ": organ,
                             "year": year, "source": None, "defects": ["unreadable"]})
            continue
        src = sources[s_idx]
        fmt = rng.choices(("utf8", "gb18030", "docx", "html"), (7, 4, 5, 4))[0]
        keep_page = fmt in ("utf8", "gb18030") and rng.random() < 0.3     # a saved page pasted as it was
        lo, hi = (0, len(src.lines)) if keep_page else src.body
        copier = rng.random() < 0.2                                         # keeps a few source paragraphs
        lines = []
        for j in range(lo, hi):
            s = src.lines[j]
            if len(s.strip()) >= 80 and not (copier and random.Random(f"{s_idx}:{j}").random() < 0.35):
                # a previous-year report shares most of its wording with the next year's; others their own
                same = i % 10 == 9 and rng.random() < 0.7
                s = _reword(s, organ, random.Random(f"{seed}:{organ}:{year + 1 if same else year}:{j}"))
            lines.append(s)
        text = "\n".join(lines).replace(src.organ, organ)
        if src.town and town:
            text = text.replace(src.town, town)
        text = _shift_years(text, year - src.year)
        lines, defects = _defects(text.split("\n"), rng, year)
        entry: dict[str, object] = {"format": fmt if fmt in ("docx", "html") else f"txt-{fmt}", "organ": organ,
                                    "year": year, "source": src.name, "defects": defects, "saved_page": keep_page,
                                    "keeps_source_paragraphs": copier}
        title = next((s.strip() for s in lines if "法治政府建设" in s and "报告" in s), organ)
        if fmt == "docx":
            docx_writer = docx_writer or _Docx()
            path = county_dir / (stem + ".docx")
            path.write_bytes(docx_writer.bytes(lines))
        elif fmt == "html":
            late = rng.random() < 0.15
            month, day = (rng.randrange(4, 7), rng.randrange(2, 29)) if late else (rng.randrange(1, 4),
                                                                                rng.randrange(1, 29))
            path = county_dir / (stem + ".html")
            entry["published"] = f"{year + 1}-{month:02d}-{day:02d}"
            path.write_text(_html(lines, title, organ, str(entry["published"])), encoding="utf-8")
        else:
            path = county_dir / (stem + ".txt")
            path.write_bytes("\n".join(lines).encode("utf-8" if fmt == "utf8" else "gb18030"))
        out.append(path)
        manifest.append({"path": path.relative_to(dest).as_posix(), **entry})
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build a corpus of N annual reports for `fzlint audit`.")
    ap.add_argument("dest", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    paths = build_corpus(args.dest, args.n, args.seed)
    by_ext: dict[str, int] = {}
    for p in paths:
        by_ext[p.suffix] = by_ext.get(p.suffix, 0) + 1
    print(f"{len(paths)} files in {args.dest} ({', '.join(f'{k} {v}' for k, v in sorted(by_ext.items()))}) "
          f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
