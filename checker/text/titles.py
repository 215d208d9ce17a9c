"""The issuing organ(s) a report's title names."""
from __future__ import annotations

import re

YEAR_AT = r"(?:19|20)\d\d\s*(?>年度|年|(?=法治))"


def title_organs(title: str) -> list[str]:
    """The issuing organ(s): what stands before 关于 or before the year, split where the title puts a space or
    a line break (a joint title names two organs: 中共××县委 / ××县人民政府 / 关于…). A title that opens with
    the year names its organ after it: "2025年清漪区法治政府建设情况报告" → 清漪区."""
    m = re.match(rf"^(.*?)(?:关于|(?={YEAR_AT}))", title, re.S)
    if m and m.group(1).strip():
        return m.group(1).split()
    m = re.match(rf"^\s*{YEAR_AT}\s*(.+?)(?:关于|法治|依法)", title, re.S)
    return m.group(1).split() if m else []
