"""Reports to audit, built in a temporary folder (shared by the tests/test_audit*.py files)."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from helpers import EXAMPLES, SEEDS

CLEAN = (EXAMPLES / "report-clean.txt").read_text(encoding="utf-8")
LEAD_LINE = next(line for line in CLEAN.split("\n") if line.startswith("县政府主要负责同志"))

# 120 Chinese characters: long enough for the copy check
SHARED = ("全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度，"
          "统一执法文书格式，规范行政裁量权基准，组织开展行政执法案卷评查，对发现的问题逐项建立整改台账，"
          "明确整改时限和责任人员，推动执法行为更加规范透明，执法质量和执法公信力得到持续提升，群众满意度明显提高。")
SHORT_BOILERPLATE = "现将有关情况报告如下："


def report(organ: str = "青山县人民政府", year: int = 2025, extra: str = "", date: str | None = None) -> str:
    """report-clean.txt for another organ and year; its one long paragraph made the organ's own; `extra`
    appended to the first measures paragraph; `date` replaces the 成文日期 ("" removes it)."""
    text = CLEAN.replace(LEAD_LINE, f"{organ}主要负责同志带头学法用法，主持召开专题会议研究法治政府建设工作4次，"
                                    f"组织会前学法12次，严格执行重大行政决策程序，{organ}全年重大行政决策事项均经"
                                    "合法性审查，带头出庭应诉，行政机关负责人出庭应诉率100%。")
    text = text.replace("青山县人民政府", organ).replace("2026", str(year + 1)).replace("2025", str(year))
    if extra:
        text = text.replace("网上可办率达到98%。", "网上可办率达到98%。" + extra, 1)
    if date is not None:
        text = text.replace(f"{year + 1}年2月10日", date)
    return text


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def real_folder(tmp: Path) -> Path:
    """The five seeds, the example drafts (.txt, .docx) and the clean example, in two sub-folders."""
    root = tmp / "reports"
    (root / "乡镇").mkdir(parents=True)
    (root / "部门").mkdir()
    for seed in SEEDS:
        shutil.copy(seed, root / "乡镇" / seed.name)
    for name in ("draft-flawed.txt", "draft-flawed.docx", "report-clean.txt"):
        shutil.copy(EXAMPLES / name, root / "部门" / name)
    return root


def by_path(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in result["reports"]}


def hanging_row(path: str, rules: Any, options: Any, titles: dict[str, str]) -> dict[str, Any]:
    """A worker's job that never ends for a file named hang*, dies for one named crash*, and dies the first
    time only for one named once* (Pool tests)."""
    import os
    import time

    from checker.audit.row import check_row

    name = Path(path).name
    if name.startswith("hang"):
        while True:
            time.sleep(1)
    if name.startswith("crash"):
        os._exit(3)
    marker = Path(path).with_suffix(".died")
    if name.startswith("once") and not marker.exists():      # dies the first time only
        marker.write_text("x")
        os._exit(9)
    return check_row(path, rules, options, titles)
