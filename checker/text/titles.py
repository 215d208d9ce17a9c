"""The issuing organ(s) a report's title names."""
from __future__ import annotations

import re

YEAR_AT = r"(?:19|20)\d\d\s*(?>年度|年|(?=法治))"
# what an organ's name (or the place that stands for it) ends with
ORGAN_END_RE = re.compile(r"(?:人民政府|政府|委员会|党委|党工委|委|办事处|管委会|局|厅|办公室|办|部|院|所|中心|署|站|队|"
                          r"省|市|州|盟|县|区|旗|镇|乡|街道|开发区|新区)$")


def title_organs(title: str) -> list[str]:
    """The issuing organ(s): what stands before 关于 or before the year, split where the title puts a space or
    a line break (a joint title names two organs: 中共××县委 / ××县人民政府 / 关于…). A title that opens with
    the year names its organ after it: "2025年清漪区法治政府建设情况报告" → 清漪区. A title with neither 关于 nor
    a year in front of its topic names its organ before the topic: "××县司法局法治政府建设年度报告" → ××县司法局."""
    m = re.match(rf"^(.*?)(?:关于|(?={YEAR_AT}))", title, re.S)
    if m and m.group(1).strip() and "法治" not in m.group(1):
        return m.group(1).split()
    m = re.match(rf"^\s*{YEAR_AT}\s*(.+?)(?:关于|法治|依法)", title, re.S)
    if m:
        return m.group(1).split()
    m = re.match(r"^(.+?)(?=法治|依法行政)", title, re.S)
    if m and ORGAN_END_RE.search(m.group(1).strip()):
        return m.group(1).split()
    return []
