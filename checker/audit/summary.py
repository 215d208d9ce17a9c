"""From audit rows to the result's figures: each report's status, the ranking, and the summary."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..model import MANDATED_PARTS, Category, Severity

TOP_RULES = 15
STATUS_ORDER = {"error": 0, "fail": 1, "pass": 2}
PART_STATES = ("present", "incomplete", "missing")
TIMELINESS = ("on_time", "late", "undated", "unknown")
# the words every output (terminal table, Excel / CSV, HTML page) uses for a status and a timeliness
STATUS_ZH = {"pass": "通过", "fail": "不通过", "error": "无法读取"}
TIMELINESS_ZH = {"on_time": "按时", "late": "逾期", "undated": "无成文日期", "unknown": "无法判断"}


def status(row: dict[str, Any], fail_on: str) -> str:
    """error: unreadable; fail: a finding at or above fail_on; pass otherwise."""
    if row.get("error"):
        return "error"
    if fail_on == "never":
        return "pass"
    threshold = Severity.parse(fail_on)
    return "fail" if any(Severity.parse(d["severity"]) >= threshold for d in row["diagnostics"]) else "pass"


def rank(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unreadable first, then failed by errors and warnings (most first), then passed; path as tiebreak."""
    return sorted(reports, key=lambda r: (STATUS_ORDER[r["status"]], -r["errors"], -r["warnings"], r["path"]))


def summarize(reports: Sequence[dict[str, Any]], cached: int, checked: int, seconds: float,
              deadline: dict[str, str] | None = None, duplicates: int = 0) -> dict[str, Any]:
    """`deadline`: the pack's deadlines (checker.audit.deadline.Deadlines.to_dict), for the page's labels;
    `duplicates`: how many reports repeat another one's whole body (重复提交)."""
    readable = [r for r in reports if r["status"] != "error"]
    by_status = Counter(r["status"] for r in reports)
    categories: Counter[str] = Counter()
    rule_findings: Counter[str] = Counter()
    rule_reports: Counter[str] = Counter()
    rule_info: dict[str, tuple[str, str]] = {}
    for r in readable:
        seen = set()
        for d in r["diagnostics"]:
            categories[d["category"]] += 1
            rule_findings[d["rule"]] += 1
            rule_info.setdefault(d["rule"], (d.get("title") or d["rule"], d["severity"]))
            seen.add(d["rule"])
        rule_reports.update(seen)
    top = sorted(rule_findings.items(), key=lambda kv: (-kv[1], -rule_reports[kv[0]], kv[0]))[:TOP_RULES]
    parts = {p.value: {s: sum(1 for r in readable if r["parts"].get(p.value) == s) for s in PART_STATES}
             for p in MANDATED_PARTS}
    return {
        "reports": len(reports), "passed": by_status["pass"], "failed": by_status["fail"],
        "unreadable": by_status["error"],
        "unsupported": sum(1 for r in reports if r["status"] == "error" and r.get("unsupported")),
        "errors": sum(r["errors"] for r in readable), "warnings": sum(r["warnings"] for r in readable),
        "infos": sum(r["infos"] for r in readable),
        "by_category": {c.value: categories.get(c.value, 0) for c in Category},
        "top_rules": [{"rule": rid, "title": rule_info[rid][0], "severity": rule_info[rid][1], "findings": n,
                       "reports": rule_reports[rid]} for rid, n in top],
        "parts": parts,
        "timeliness": {t: sum(1 for r in reports if r["timeliness"] == t) for t in TIMELINESS},
        "deadline": deadline or {"written": "04-01", "published": "04-01"},
        "copied_reports": sum(1 for r in readable if r["copied_share"] > 0),
        "duplicate_reports": duplicates,
        "cached": cached, "checked": checked, "seconds": round(seconds, 2),
    }
