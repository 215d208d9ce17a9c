"""The audit core: figures that agree with `fzlint check`, bad files as error rows, the cache, the contract."""
from __future__ import annotations

import json
import os
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from audit_helpers import by_path, real_folder, report, write
from click.testing import CliRunner
from helpers import EXAMPLES

from checker.audit import AuditOptions, audit
from checker.cli import main
from checker.model import MANDATED_PARTS, Category

REPORT_KEYS = ["path", "format", "status", "error", "unsupported", "organ", "title", "year", "errors", "warnings", "infos", "parts",
               "date", "date_iso", "published", "deadline", "published_deadline", "timeliness", "copied_share",
               "diagnostics"]


def options(tmp: Path, **kw: object) -> AuditOptions:
    return AuditOptions(**{"jobs": 2, "isolated": True, "cache_dir": str(tmp / "cache"), **kw})  # type: ignore[arg-type]


def test_summary_agrees_with_fzlint_check(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    result = audit([str(root)], options(tmp_path))
    checked = json.loads(CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(root)]).stdout)
    files = {Path(f["path"]).relative_to(root).as_posix(): f for f in checked["files"]}
    reports = by_path(result)
    assert set(reports) == set(files) and len(files) == 8
    s = result["summary"]
    assert s["reports"] == 8 == s["passed"] + s["failed"] + s["unreadable"]
    assert s["unreadable"] == 0 and s["checked"] == 8 and s["cached"] == 0
    sev: Counter[str] = Counter()
    cat: Counter[str] = Counter()
    rule_findings: Counter[str] = Counter()
    for path, f in files.items():
        r = reports[path]
        diags = f["diagnostics"]
        counts = Counter(d["severity"] for d in diags)
        assert (r["errors"], r["warnings"], r["infos"]) == (counts["error"], counts["warning"], counts["info"])
        assert r["status"] == ("fail" if counts["error"] else "pass")
        assert [d["rule"] for d in r["diagnostics"]] == [d["rule"] for d in diags]
        assert [(d["start"], d["end"]) for d in r["diagnostics"]] == [(d["start"], d["end"]) for d in diags]
        assert r["year"] == f["report_year"]
        for part in MANDATED_PARTS:
            named = {d["rule"] for d in diags if d["category"] == "structure" and d["part"] == part.value
                     and (d["severity"] != "info" or d["rule"] == "structure.part-missing")}
            expected = ("missing" if "structure.part-missing" in named else "incomplete" if named else "present")
            assert r["parts"][part.value] == expected, (path, part)
        sev.update(counts)
        cat.update(d["category"] for d in diags)
        rule_findings.update(d["rule"] for d in diags)
    assert (s["errors"], s["warnings"], s["infos"]) == (sev["error"], sev["warning"], sev["info"])
    assert s["errors"] == checked["summary"]["by_severity"]["error"] > 0
    assert s["by_category"] == {c.value: cat.get(c.value, 0) for c in Category}
    assert s["passed"] == sum(1 for r in result["reports"] if r["status"] == "pass") >= 1
    assert s["failed"] == sum(1 for r in result["reports"] if r["status"] == "fail") >= 1
    top = s["top_rules"]
    assert [t["findings"] for t in top] == sorted((t["findings"] for t in top), reverse=True)
    assert top[0]["findings"] == max(rule_findings.values())
    for t in top:
        assert t["findings"] == rule_findings[t["rule"]]
        assert t["reports"] == sum(1 for f in files.values() if any(d["rule"] == t["rule"] for d in f["diagnostics"]))
    for part in MANDATED_PARTS:
        states = Counter(r["parts"][part.value] for r in result["reports"])
        assert s["parts"][part.value] == {k: states.get(k, 0) for k in ("present", "incomplete", "missing")}
    assert sum(s["timeliness"].values()) == 8


def test_contract_keys_and_ranking(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    write(root, "坏/empty.txt", "")
    result = audit([str(root)], options(tmp_path))
    assert list(result) == ["tool", "root", "generated", "fail_on", "packs", "summary", "reports", "copies", "skipped"]
    assert result["tool"]["name"] == "fzlint" and result["root"] == str(root) and result["packs"][0] == "default"
    assert result["fail_on"] == "error"
    for r in result["reports"]:
        assert list(r) == REPORT_KEYS
        for d in r["diagnostics"]:
            assert {"rule", "category", "severity", "message", "line", "title", "context"} <= set(d)
            if d["line"] is not None:
                assert d["text"] is None or d["text"].split("\n")[0] in d["context"]
    ranks = [(("error", "fail", "pass").index(r["status"]), -r["errors"], -r["warnings"], r["path"])
             for r in result["reports"]]
    assert ranks == sorted(ranks)
    assert result["reports"][0]["path"] == "坏/empty.txt"
    assert json.loads(json.dumps(result)) == result


def test_report_fields_organ_year_dates_and_timeliness(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "on_time.txt", report("清河县司法局", 2025))
    write(root, "late.txt", report("清河县公安局", 2025, date="2026年4月15日"))
    write(root, "undated.txt", report("清河县教育局", 2025, date=""))
    missing = report("清河县财政局", 2025)
    start = missing.index("三、2025年党政主要负责人")
    write(root, "missing.txt", missing[:start] + missing[missing.index("四、2026年"):].replace("四、", "三、", 1))
    rows = by_path(audit([str(root)], options(tmp_path)))
    ok = rows["on_time.txt"]
    assert ok["organ"] == "清河县司法局" and ok["year"] == 2025 and ok["format"] == "txt"
    assert ok["title"] == "清河县司法局关于2025年度法治政府建设情况的报告"
    assert (ok["date"], ok["date_iso"], ok["deadline"]) == ("2026年2月10日", "2026-02-10", "2026-04-01")
    assert ok["timeliness"] == "on_time" and ok["published"] is None
    assert ok["parts"] == {p.value: "present" for p in MANDATED_PARTS}
    assert rows["late.txt"]["timeliness"] == "late" and rows["late.txt"]["date_iso"] == "2026-04-15"
    assert rows["undated.txt"]["timeliness"] == "undated" and rows["undated.txt"]["date"] is None
    assert rows["missing.txt"]["parts"]["first_responsible"] == "missing"
    assert rows["missing.txt"]["status"] == "fail"


def test_publication_date_of_a_saved_page_counts(tmp_path: Path) -> None:
    root = tmp_path / "r"
    body = "".join(f"<p>{line}</p>\n" for line in report("清河县司法局", 2025).split("\n") if line)
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告</title>'
            '<meta name="PubDate" content="{}"></head><body><div class="nav">首页 政务公开</div>'
            '<div class="content">{}</div><div class="footer">网站地图 联系我们</div></body></html>')
    write(root, "late.html", page.format("2026-04-20", body))
    write(root, "early.html", page.format("2026-03-02", body))
    rows = by_path(audit([str(root)], options(tmp_path)))
    assert rows["late.html"]["published"] == "2026-04-20" and rows["late.html"]["timeliness"] == "late"
    assert rows["early.html"]["published"] == "2026-03-02" and rows["early.html"]["timeliness"] == "on_time"


def test_bad_files_are_error_rows_and_the_rest_is_checked(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    bad = root / "坏"
    bad.mkdir()
    with zipfile.ZipFile(bad / "corrupt.docx", "w") as z:
        z.writestr("hello.txt", "not a word document")
    (bad / "truncated.docx").write_bytes((root / "部门" / "draft-flawed.docx").read_bytes()[:500])
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 16)
    os.mkfifo(bad / "hang.txt")                      # opening it would block until someone writes
    result = audit([str(root), str(bad / "hang.txt")], options(tmp_path, timeout=3))
    rows = by_path(result)
    errors = {p: r["error"] for p, r in rows.items() if r["status"] == "error"}
    assert set(errors) == {"坏/corrupt.docx", "坏/truncated.docx", "坏/empty.txt", "坏/binary.txt", "坏/hang.txt"}
    assert "管道" in errors["坏/hang.txt"]           # named as given (a folder walk leaves a FIFO out)
    assert "空" in errors["坏/empty.txt"]
    assert "编码" in errors["坏/binary.txt"]
    for path in ("坏/corrupt.docx", "坏/truncated.docx"):
        assert "docx" in errors[path].lower() or "损坏" in errors[path] or "Word" in errors[path]
    for r in result["reports"]:
        if r["status"] == "error":
            assert r["parts"] == {p.value: None for p in MANDATED_PARTS} and r["timeliness"] == "unknown"
            assert r["diagnostics"] == [] and r["errors"] == 0
    s = result["summary"]
    assert s["unreadable"] == 5 and s["reports"] == 13
    assert len(rows) == 13 and "坏/hang.txt" in rows and s["passed"] + s["failed"] == 8
    assert s["timeliness"]["unknown"] >= 5
    assert [r["status"] for r in result["reports"][:5]] == ["error"] * 5


def test_cache_rechecks_only_what_changed(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    first = audit([str(root)], options(tmp_path))
    assert (first["summary"]["cached"], first["summary"]["checked"]) == (0, 8)
    second = audit([str(root)], options(tmp_path))
    assert (second["summary"]["cached"], second["summary"]["checked"]) == (8, 0)
    strip = lambda res: [{k: v for k, v in r.items()} for r in res["reports"]]
    assert strip(first) == strip(second)
    assert first["summary"]["by_category"] == second["summary"]["by_category"]
    changed = root / "部门" / "report-clean.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("调解成功率99.1%", "调解成功率90%"),
                       encoding="utf-8")
    os.utime(root / "部门" / "draft-flawed.txt")     # touched, content unchanged: still cached
    third = audit([str(root)], options(tmp_path))
    assert (third["summary"]["cached"], third["summary"]["checked"]) == (7, 1)
    assert by_path(third)["部门/report-clean.txt"]["status"] == "fail"
    assert by_path(second)["部门/report-clean.txt"]["status"] == "pass"
    fourth = audit([str(root)], options(tmp_path, use_cache=False))
    assert (fourth["summary"]["cached"], fourth["summary"]["checked"]) == (0, 8)
    audit([str(root)], options(tmp_path, use_cache=False, cache_dir=str(tmp_path / "unused")))
    assert not list((tmp_path / "unused").rglob("*.json"))         # --no-cache neither reads nor writes


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    first = audit([str(root)], options(tmp_path))
    entries = sorted((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 8
    entries[0].write_text('{"key": "x", "row": ', encoding="utf-8")
    entries[1].write_bytes(b"\xff\xfe garbage")
    second = audit([str(root)], options(tmp_path))
    assert (second["summary"]["cached"], second["summary"]["checked"]) == (6, 2)
    assert [r["errors"] for r in second["reports"]] == [r["errors"] for r in first["reports"]]
    third = audit([str(root)], options(tmp_path))            # rewritten: all cached again
    assert third["summary"]["cached"] == 8


def test_fail_on_and_settings_change_the_result_not_the_cache_hits(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    strict = audit([str(root)], options(tmp_path, fail_on="warning"))
    lax = audit([str(root)], options(tmp_path, fail_on="never"))
    assert lax["summary"]["cached"] == 8                       # fail_on is applied after the cache
    assert lax["summary"]["passed"] == 8 and lax["fail_on"] == "never"
    assert strict["summary"]["passed"] == sum(1 for r in strict["reports"] if r["warnings"] == r["errors"] == 0)
    year = audit([str(root)], options(tmp_path, report_year=2020))
    assert year["summary"]["checked"] == 8                     # a different reporting year: rechecked
    assert all(r["year"] == 2020 for r in year["reports"])


def test_pack_and_config_errors_raise_a_chinese_message(tmp_path: Path) -> None:
    from checker.errors import CheckerError

    root = real_folder(tmp_path)
    bad = write(tmp_path, "bad.yaml", "id: x\nrules: [1, 2\n")
    with pytest.raises(CheckerError) as info:
        audit([str(root)], options(tmp_path, packs=(str(bad),)))
    assert "bad.yaml" in str(info.value)
    with pytest.raises(CheckerError, match="配置文件不存在"):
        audit([str(root)], AuditOptions(config=str(tmp_path / "none.yaml"), cache_dir=str(tmp_path / "c")))


def test_progress_is_reported_for_every_file(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    seen: list[tuple[int, int]] = []
    audit([str(root)], options(tmp_path, progress=lambda done, total, path: seen.append((done, total))))
    assert [d for d, _ in seen] == list(range(9)) and {t for _, t in seen} == {8}


def test_config_file_is_honoured(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    write(tmp_path, "fzlint.yaml", "ignore: [punctuation]\n")
    plain = audit([str(root)], options(tmp_path))
    configured = audit([str(root)], AuditOptions(jobs=2, config=str(tmp_path / "fzlint.yaml"),
                                                 cache_dir=str(tmp_path / "cache")))
    assert plain["summary"]["by_category"]["punctuation"] > 0
    assert configured["summary"]["by_category"]["punctuation"] == 0
    assert configured["summary"]["checked"] == 8



def test_a_hanging_file_is_stopped_and_a_crash_is_survived(tmp_path: Path) -> None:
    """The pool itself: a job past the timeout is killed, a dead worker replaced, and the other files go on."""
    from audit_helpers import hanging_row

    from checker.audit.pool import Pool
    from checker.packs import resolve
    from checker.runner import CheckOptions

    root = real_folder(tmp_path)
    paths = sorted(str(p) for p in root.rglob("*.*"))
    hang = write(root, "hang.txt", report())
    crash = write(root, "crash.txt", report())
    once = write(root, "once.txt", report())
    tasks = list(enumerate([str(hang), *paths[:4], str(crash), *paths[4:], str(once)]))
    rows: dict[int, dict[str, object]] = {}
    pool = Pool(2, 2.0, resolve(["default"])[1], CheckOptions(), {}, work=hanging_row)
    killed: list[int] = []

    def on_row(i: int, row: dict[str, object]) -> None:
        rows[i] = row
        idle = [w for w in pool.workers if w.task is None]
        if i == 2 and idle:                              # a worker killed from outside while it waits for work
            idle[0].process.kill()
            idle[0].process.join()
            killed.append(idle[0].process.pid)

    pool.run(tasks, on_row)
    assert killed
    assert sorted(rows) == list(range(len(tasks)))
    assert "超时（超过 2 秒）" in str(rows[0]["error"])
    assert "意外退出" in str(rows[5]["error"]) and "3" in str(rows[5]["error"])
    assert all(rows[i]["error"] is None for i in rows if i not in (0, 5))
    # a timeout and a dead worker say so themselves (the cache leaves them out), whatever their wording
    assert rows[0]["transient"] is True and rows[5]["transient"] is True
    assert not any(rows[i].get("transient") for i in rows if i not in (0, 5))
    assert rows[len(tasks) - 1]["organ"] == "青山县人民政府"      # once.txt: its worker died, the retry worked
    assert (root / "once.died").exists()
    assert pool.workers == []                           # all stopped


def test_a_file_past_the_timeout_becomes_an_error_row_end_to_end(tmp_path: Path) -> None:
    """A real slow file (5 MB of report text, about 6 s to check at the engine's speed today) under
    `fzlint audit --timeout 0.5`: that file's worker is killed, the row says so, the other report is checked."""
    root = tmp_path / "r"
    write(root, "slow.txt", (EXAMPLES / "draft-flawed.txt").read_text(encoding="utf-8") * 3000)
    write(root, "ok.txt", report("清河县司法局"))
    out = CliRunner().invoke(main, ["audit", "--isolated", "--cache-dir", str(tmp_path / "c"), "--timeout", "0.5",
                                    "--json", str(tmp_path / "a.json"), "--quiet", str(root)])
    assert out.exit_code == 2
    rows = by_path(json.loads((tmp_path / "a.json").read_text(encoding="utf-8")))
    assert rows["slow.txt"]["status"] == "error" and "超时（超过 0.5 秒）" in rows["slow.txt"]["error"]
    assert rows["ok.txt"]["status"] == "pass" and rows["ok.txt"]["organ"] == "清河县司法局"
    # a timeout is not cached: the next audit tries the file again
    again = audit([str(root)], options(tmp_path, cache_dir=str(tmp_path / "c"), timeout=0.5))
    assert again["summary"]["checked"] == 1 and again["summary"]["cached"] == 1
    assert "transient" not in again["reports"][0]                     # not part of the result's contract


def test_files_and_folders_given_together_are_named_from_their_common_folder(tmp_path: Path) -> None:
    root = real_folder(tmp_path)
    empty = tmp_path / "reports" / "空文件夹"
    empty.mkdir()
    result = audit([str(root / "部门" / "report-clean.txt"), str(root / "乡镇"), str(empty)], options(tmp_path))
    paths = [r["path"] for r in result["reports"]]
    assert paths[0] == "空文件夹" and "没有可检查的报告" in result["reports"][0]["error"]
    assert sorted(paths[1:]) == sorted(["部门/report-clean.txt", *(f"乡镇/{p.name}" for p in (root / "乡镇").iterdir())])
    assert result["root"] == "、".join([str(root / "部门" / "report-clean.txt"), str(root / "乡镇"), str(empty)])


def test_a_configured_organ_is_not_applied_to_every_organ_audited(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    write(root, "b.txt", report("白沙县公安局"))
    config = write(tmp_path, "fzlint.yaml", "organ: 清河县司法局\n")
    checked = CliRunner().invoke(main, ["check", "--config", str(config), "--format", "json", str(root / "b.txt")])
    assert "signature.configured-organ" in checked.stdout            # `fzlint check` applies it to one file
    result = audit([str(root)], AuditOptions(jobs=1, config=str(config), cache_dir=str(tmp_path / "c")))
    assert [r["status"] for r in result["reports"]] == ["pass", "pass"]
    assert not any(d["rule"] == "signature.configured-organ" for r in result["reports"] for d in r["diagnostics"])


def test_parts_an_info_on_order_is_not_incomplete_a_demoted_missing_part_is_missing() -> None:
    from checker.audit.row import parts_of
    from checker.model import Category, Diagnostic, Part, Severity

    def structure(rule: str, severity: Severity, part: Part) -> Diagnostic:
        return Diagnostic(rule=rule, category=Category("structure"), severity=severity, message="", span=None,
                          line=None, column=None, text=None, suggestion=None, part=part, reference="")

    order = structure("structure.part-order", Severity.INFO, Part("first_responsible"))
    causes = structure("structure.causes-missing", Severity.WARNING, Part("shortcomings"))
    missing = structure("structure.part-missing", Severity.ERROR, Part("next_year"))
    assert parts_of([order, causes, missing]) == {"measures": "present", "shortcomings": "incomplete",
                                                  "first_responsible": "present", "next_year": "missing"}
    # a pack may demote structure.part-missing to info: the part is missing all the same
    demoted = structure("structure.part-missing", Severity.INFO, Part("first_responsible"))
    assert parts_of([order, demoted])["first_responsible"] == "missing"


def test_a_date_on_the_deadline_is_late_in_the_row_the_page_and_the_chart_as_in_fzlint_check(tmp_path: Path) -> None:
    """督察工作规定: public "4月1日之前"; date.untimely counts 1 April itself as late, and so does every part of
    the audit (the row's timeliness, the page's date column, the chart's dot); 31 March is on time."""
    from checker.audit.html import render

    root = tmp_path / "r"
    write(root, "on_deadline.txt", report("清河县司法局", 2025, date="2026年4月1日"))
    write(root, "day_before.txt", report("白沙县公安局", 2025, date="2026年3月31日"))
    checked = json.loads(CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(root)]).stdout)
    untimely = {Path(f["path"]).name: any(d["rule"] == "date.untimely" for d in f["diagnostics"])
                for f in checked["files"]}
    assert untimely == {"on_deadline.txt": True, "day_before.txt": False}
    result = audit([str(root)], options(tmp_path))
    rows = by_path(result)
    assert rows["on_deadline.txt"]["deadline"] == rows["on_deadline.txt"]["date_iso"] == "2026-04-01"
    assert rows["on_deadline.txt"]["timeliness"] == "late" and rows["day_before.txt"]["timeliness"] == "on_time"
    import lxml.html

    page = lxml.html.document_fromstring(render(result))
    for path, overdue in (("on_deadline.txt", True), ("day_before.txt", False)):
        body = page.xpath(f'//tbody[@data-path="{path}"]')[0]
        assert ("逾期" in body.xpath('.//tr[@class="row"]/td')[9].text_content()) == overdue
    dots = page.xpath('//svg[contains(@class, "timeline")]//circle')
    late_dots = [d for d in dots if "late" in d.get("class").split()]
    assert len(dots) == 2 and len(late_dots) == 1 and "2026-04-01" in late_dots[0].findtext("title")


EARLY_PACK = """id: early
version: "1"
title: 某省：3月1日前
extends: [default]
rules:
  - id: date.untimely
    enabled: false
  - id: date.published-late
    enabled: false
  - id: province.written
    kind: date
    category: date
    severity: warning
    title: 成文日期在3月1日之前
    message: "成文日期{date}{problem}"
    reference: 某省规定
    aspect: timely
    deadline: "03-01"
  - id: province.published
    kind: date
    category: date
    severity: warning
    title: 3月1日之前公开
    message: "网页显示本报告发布于{published}，已到或超过{deadline}"
    reference: 某省规定
    aspect: published
    deadline: "03-01"
"""


def _page(organ: str, published: str, date: str | None = None) -> str:
    body = "".join(f"<p>{line}</p>\n" for line in report(organ, 2025, date=date).split("\n") if line)
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告</title>'
            f'<meta name="PubDate" content="{published}"></head><body><div class="content">{body}</div></body></html>')


def test_timeliness_follows_the_deadline_of_the_packs_own_date_rule(tmp_path: Path) -> None:
    """examples/custom-pack.yaml replaces date.untimely by its own rule with deadline 03-01 (the publication
    rule keeps 04-01): the audit measures the 成文日期 against 3月1日 and the publication date against 4月1日,
    as `fzlint check --pack` does, and says so in the row, the summary, the tables and the page."""
    from checker.audit.html import render
    from checker.audit.tables import summary_rows

    root = tmp_path / "r"
    write(root, "march.txt", report("清河县司法局", 2025, date="2026年3月10日"))
    write(root, "feb.txt", report("白沙县公安局", 2025))                              # 2026年2月10日
    write(root, "page.html", _page("石门县教育局", "2026-03-20"))                      # 成文 2月10日, 发布 3月20日
    pack = str(EXAMPLES / "custom-pack.yaml")
    checked = json.loads(CliRunner().invoke(main, ["check", "--isolated", "--pack", pack, "--format", "json",
                                                   str(root)]).stdout)
    dated = {Path(f["path"]).name: sorted(d["rule"] for d in f["diagnostics"] if d["category"] == "date")
             for f in checked["files"]}
    assert dated == {"march.txt": ["date.department-deadline"], "feb.txt": [], "page.html": []}
    plain = by_path(audit([str(root)], options(tmp_path)))
    assert {p: r["timeliness"] for p, r in plain.items()} == dict.fromkeys(plain, "on_time")
    result = audit([str(root)], options(tmp_path, packs=(pack,)))
    rows = by_path(result)
    assert {p: r["timeliness"] for p, r in rows.items()} == {"march.txt": "late", "feb.txt": "on_time",
                                                            "page.html": "on_time"}
    assert (rows["march.txt"]["deadline"], rows["march.txt"]["published_deadline"]) == ("2026-03-01", "2026-04-01")
    assert result["summary"]["deadline"] == {"written": "03-01", "published": "04-01"}
    assert result["summary"]["timeliness"]["late"] == 1
    table = {row[1]: row for row in summary_rows(result)}
    assert "成文 2026-03-01；发布 2026-04-01" in table["march.txt"]
    page = render(result)
    assert "公开时效（成文日期次年3月1日、发布日期次年4月1日之前）" in page
    assert "成文须在 2026-03-01 之前，发布须在 2026-04-01 之前" in page


def test_a_pack_that_moves_both_deadlines_is_audited_and_labelled_by_them(tmp_path: Path) -> None:
    from checker.audit.html import render

    root = tmp_path / "r"
    write(root, "page.html", _page("石门县教育局", "2026-03-20"))
    write(root, "feb.txt", report("白沙县公安局", 2025))
    pack = write(tmp_path, "early.yaml", EARLY_PACK)
    result = audit([str(root)], options(tmp_path, packs=(str(pack),)))
    rows = by_path(result)
    assert rows["page.html"]["timeliness"] == "late" and rows["feb.txt"]["timeliness"] == "on_time"
    assert rows["page.html"]["deadline"] == rows["page.html"]["published_deadline"] == "2026-03-01"
    assert result["summary"]["deadline"] == {"written": "03-01", "published": "03-01"}
    page = render(result)
    assert "公开时效（次年3月1日之前）" in page and "4月1日" not in page
    assert ">3月1日</text>" in page                     # the chart's deadline line


def test_the_same_file_given_twice_is_one_report_in_audit_and_check(tmp_path: Path) -> None:
    root = tmp_path / "r"
    a = write(root, "a.txt", report("清河县司法局"))
    write(root, "sub/b.txt", report("白沙县公安局"))
    os.symlink(a, root / "sub" / "a-link.txt")                  # a link beside its target: the same file
    result = audit([str(root), str(root), str(a), str(root / "sub")], options(tmp_path))
    assert sorted(r["path"] for r in result["reports"]) == ["a.txt", "sub/b.txt"]
    assert result["summary"]["reports"] == 2 and result["summary"]["passed"] == 2
    assert result["copies"] == []                                # not a copy of itself either
    alone = audit([str(a), f"{root}/./a.txt"], options(tmp_path))
    assert [r["path"] for r in alone["reports"]] == ["a.txt"]
    checked = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(root), str(a), str(root)])
    files = [f["path"] for f in json.loads(checked.stdout)["files"]]
    assert files == [str(a), str(root / "sub" / "b.txt")]        # first met, in order
    assert checked.exit_code == 0


def test_the_configured_jobs_are_honoured_and_the_command_line_wins(tmp_path: Path, monkeypatch) -> None:
    import checker.audit.pool as pool

    started: list[int] = []
    real = pool.Pool

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, jobs: int, *args: object, **kw: object) -> None:
            started.append(jobs)
            super().__init__(jobs, *args, **kw)

    monkeypatch.setattr(pool, "Pool", Counting)
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    three = write(tmp_path, "three.yaml", "jobs: 3\n")
    auto = write(tmp_path, "auto.yaml", "jobs: auto\n")

    def run(config: Path, jobs: int | None = None) -> int:
        audit([str(root)], AuditOptions(jobs=jobs, config=str(config), use_cache=False, cache_dir=str(tmp_path / "c")))
        return started.pop()

    assert run(three) == 3
    assert run(three, jobs=1) == 1                                  # --jobs wins
    assert run(auto) == (os.cpu_count() or 1)
    out = CliRunner().invoke(main, ["audit", "--config", str(three), "--no-cache", "--quiet", str(root)])
    assert out.exit_code == 0 and started.pop() == 3
    out = CliRunner().invoke(main, ["audit", "--config", str(three), "--no-cache", "--quiet", "-j", "2", str(root)])
    assert out.exit_code == 0 and started.pop() == 2


def test_a_lasting_error_is_cached_a_transient_one_is_not(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a.txt", report("清河县司法局"))
    write(root, "empty.txt", "")                                  # empty stays empty while its content does
    first = audit([str(root)], options(tmp_path))
    assert by_path(first)["empty.txt"]["status"] == "error"
    second = audit([str(root)], options(tmp_path))
    assert (second["summary"]["cached"], second["summary"]["checked"]) == (2, 0)


def test_a_missing_part_demoted_to_info_by_the_configuration_is_still_missing(tmp_path: Path) -> None:
    root = tmp_path / "r"
    text = report("清河县财政局", 2025)
    start = text.index("三、2025年党政主要负责人")
    write(root, "missing.txt", text[:start] + text[text.index("四、2026年"):].replace("四、", "三、", 1))
    config = write(tmp_path, "fzlint.yaml", "severity:\n  structure.part-missing: info\n")
    result = audit([str(root)], AuditOptions(jobs=1, config=str(config), cache_dir=str(tmp_path / "c")))
    row = result["reports"][0]
    assert any(d["rule"] == "structure.part-missing" and d["severity"] == "info" for d in row["diagnostics"])
    assert row["parts"]["first_responsible"] == "missing"
    assert result["summary"]["parts"]["first_responsible"]["missing"] == 1
