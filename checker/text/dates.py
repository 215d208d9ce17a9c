"""Reading a 成文日期 as written: canonical, malformed (with its possible readings) or impossible."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .numerals import cn_date_number

CANONICAL_RE = re.compile(r"^(\d{4})年([1-9]\d?)月([1-9]\d?)日$")
PADDED_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")
CN_RE = re.compile(r"^([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
SEP_RE = re.compile(r"^(\d{4})\s*[.．/\-－]\s*(\d{1,2})\s*[.．/\-－]\s*(\d{1,2})日?$")
SHORT_YEAR_RE = re.compile(r"^(\d{2})年(\d{1,2})月(\d{1,2})日$")
RUN_RE = re.compile(r"^((?:19|20)\d\d)年?(\d{2,4})日?$")

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True, slots=True)
class DateReading:
    text: str
    canonical: bool                          # written exactly as GB/T 9704 wants
    readings: tuple[dt.date, ...]            # the valid dates it can mean
    problem: str | None                      # why it is not canonical (Chinese), or None
    recognized: bool = True                  # a known shape with one reading (so no reading = impossible date)

    @property
    def valid(self) -> bool:
        return bool(self.readings)


def fmt(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def read_date(text: str) -> DateReading:
    half = text.translate(FULLWIDTH_DIGITS).strip()
    s = re.sub(r"\s+", "", half)
    spaced = s != half
    m = CANONICAL_RE.match(s)
    if m:
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        problem = "年月日之间不应有空格" if spaced else None
        return DateReading(text, d is not None and not spaced and not _fullwidth(text), (d,) if d else (),
                           problem or ("数字应为半角阿拉伯数字" if _fullwidth(text) else None))
    for pattern, problem, year_fix in (
        (PADDED_RE, "月、日不应补零，且须写全“年月日”", 0),
        (SEP_RE, "成文日期应写作“××××年×月×日”，不用点号、斜线或连字符", 0),
        (SHORT_YEAR_RE, "年份应写全四位", 2000),
    ):
        m = pattern.match(s)
        if m:
            d = _date(int(m.group(1)) + year_fix, int(m.group(2)), int(m.group(3)))
            return DateReading(text, False, (d,) if d else (), problem)
    m = CN_RE.match(s)
    if m:
        y, mo, da = (cn_date_number(g) for g in m.groups())
        d = _date(y, mo, da) if None not in (y, mo, da) else None  # type: ignore[arg-type]
        return DateReading(text, False, (d,) if d else (), "成文日期应使用阿拉伯数字")
    m = RUN_RE.match(s)
    if m:
        year, rest = int(m.group(1)), m.group(2)
        readings = []
        for k in (1, 2):
            if len(rest) - k in (1, 2):
                d = _date(year, int(rest[:k]), int(rest[k:]))
                padded = len(rest) == 4 and k == 2          # 20260115: YYYYMMDD
                if d and (padded or not (rest[:k].startswith("0") or rest[k:].startswith("0"))):
                    readings.append(d)
        return DateReading(text, False, tuple(readings), "年、月、日连在一起，丢失了“年”“月”“日”", False)
    return DateReading(text, False, (), "无法识别的日期写法，应写作“××××年×月×日”", False)


def _fullwidth(text: str) -> bool:
    return any("０" <= c <= "９" for c in text)


def most_likely(readings: tuple[dt.date, ...], report_year: int | None, published: str | None) -> dt.date | None:
    """Of several readings, the one a reviewer would pick: on or before the publication date and closest
    to it; else one in the first quarter after the reporting year; else the first."""
    if not readings:
        return None
    if published:
        try:
            pub = dt.date.fromisoformat(published)
        except ValueError:
            pub = None
        if pub:
            before = [d for d in readings if d <= pub]
            if before:
                return max(before)
    if report_year:
        q1 = [d for d in readings if d.year == report_year + 1 and d.month <= 3]
        if q1:
            return q1[0]
    return readings[0]
