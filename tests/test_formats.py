"""Machine formats (SARIF, JUnit, GitHub annotations) and atomic output: render real runs, parse them back.

The SARIF log is validated against the published SARIF 2.1.0 schema shipped in tests/data (OASIS TC repository
oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json; JSON Schema Draft 7).
"""
from __future__ import annotations

import io
import json
import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, ROOT, SEEDS

from checker import __version__, files
from checker.cli import main
from checker.load import load
from checker.model import Category, Diagnostic, FileResult, Severity, Span
from checker.report import FORMATS, RunInfo, renderer
from checker.report import github, sarif
from checker.runner import check_paths, check_text
from checker.session import rule_meta

SCHEMA_PATH = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_URI = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


# ---------------------------------------------------------------------------------------------- fixtures, helpers

@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[FileResult], RunInfo]:
    """The five seeds and the flawed .docx (relative paths, as a CI job passes them) plus one unreadable file."""
    from checker.packs import resolve

    broken = tmp_path_factory.mktemp("formats") / "坏的 报告.docx"
    broken.write_bytes(b"this is not a zip archive")
    loaded, rules = resolve(["default"])
    paths = [os.path.relpath(p, ROOT) for p in SEEDS] + [os.path.relpath(EXAMPLES / "draft-flawed.docx", ROOT),
                                                         str(broken)]
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        results = check_paths(paths, rules)
    finally:
        os.chdir(old)
    info = RunInfo(version=__version__, packs=tuple((p.id, p.version) for p in loaded), fail_on="error",
                   rules=rule_meta(rules))
    return results, info


def render(fmt: str, results: list[FileResult], info: RunInfo) -> str:
    buf = io.StringIO()
    renderer(fmt)(results, info, buf)
    return buf.getvalue()


def diags(results: list[FileResult]) -> list[tuple[FileResult, Diagnostic]]:
    return [(r, d) for r in results for d in r.diagnostics]


def diag(rule: str = "punctuation.half-width-comma", severity: Severity = Severity.WARNING, line: int | None = 3,
         column: int | None = 5, text: str | None = ",", message: str = "半角逗号", suggestion: str | None = "，",
         reference: str = "GB/T 15834—2011") -> Diagnostic:
    span = Span(10, 10 + len(text)) if line is not None and text is not None else None
    return Diagnostic(rule=rule, category=Category.PUNCTUATION, severity=severity, message=message, span=span,
                      line=line, column=column, text=text, suggestion=suggestion, part=None, reference=reference)


def result(path: str, *ds: Diagnostic, error: str | None = None, fmt: str = "txt") -> FileResult:
    return FileResult(path=path, format=fmt, encoding="utf-8" if not error else None, body=None, error=error,
                      diagnostics=tuple(ds))


@pytest.fixture(scope="module")
def validator() -> Any:
    from jsonschema import FormatChecker
    from jsonschema.validators import validator_for

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    checker = FormatChecker()

    @checker.checks("uri-reference")
    def _uri_reference(value: object) -> bool:     # jsonschema checks URIs only with rfc3987 installed
        return not isinstance(value, str) or bool(_URI.match(value))

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or (bool(_URI.match(value)) and bool(re.match(r"^[A-Za-z][\w+.-]*:", value)))

    return cls(schema, format_checker=checker)


def schema_errors(validator: Any, log: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


# ------------------------------------------------------------------------------------------------------- SARIF

def test_the_shipped_schema_is_the_published_draft7_sarif_schema(validator: Any) -> None:
    schema = validator.schema
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert type(validator).__name__ == "Draft7Validator"
    assert len(schema["definitions"]) == 52 and len(SCHEMA_PATH.read_text(encoding="utf-8")) == 112318


def test_sarif_validates_against_the_published_schema(run: Any, validator: Any) -> None:
    results, info = run
    log = json.loads(render("sarif", results, info))
    assert schema_errors(validator, log) == []
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_the_schema_check_is_not_vacuous(run: Any, validator: Any) -> None:
    results, info = run
    log = json.loads(render("sarif", results, info))
    log["runs"][0]["results"][0]["level"] = "info"                 # fzlint's word, not SARIF's
    del log["runs"][0]["tool"]["driver"]["name"]
    log["runs"][0]["artifacts"][0]["location"]["uri"] = "seeds/a b.txt"
    errors = schema_errors(validator, log)
    assert any("'info' is not one of" in e for e in errors)
    assert any("'name' is a required property" in e for e in errors)
    assert any("uri-reference" in e for e in errors)


def test_sarif_results_match_the_diagnostics(run: Any) -> None:
    results, info = run
    log = json.loads(render("sarif", results, info))
    runs = log["runs"][0]
    pairs = diags(results)
    assert len(runs["results"]) == len(pairs) > 40
    rules = runs["tool"]["driver"]["rules"]
    for res, (r, d) in zip(runs["results"], pairs):
        assert res["ruleId"] == d.rule and rules[res["ruleIndex"]]["id"] == d.rule
        assert res["level"] == LEVEL[d.severity]
        assert res["message"]["text"] == d.message
        (loc,) = res["locations"]
        art = loc["physicalLocation"]["artifactLocation"]
        assert art["uri"] == Path(r.path).as_posix() and art["uriBaseId"] == "%SRCROOT%"
        assert runs["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
        region = loc["physicalLocation"]["region"]
        if d.line is None:
            assert region == {"startLine": 1}
        else:
            assert (region["startLine"], region["startColumn"]) == (d.line, d.column)
            assert region["endLine"] == d.line and region["endColumn"] == (d.column or 1) + len(d.text or "")
            assert region["snippet"]["text"] == d.text
        assert res["properties"]["category"] == str(d.category)
    levels = {res["level"] for res in runs["results"]}
    assert levels == {"error", "warning", "note"}


def test_sarif_regions_point_at_the_flagged_text(run: Any) -> None:
    """Line and columns (1-based, end exclusive) cut exactly the diagnostic's text out of the checked text."""
    results, _ = run
    log = json.loads(render("sarif", results, RunInfo(version="t")))
    checked = 0
    for res in log["runs"][0]["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        if "snippet" not in region:
            continue
        path = ROOT / res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        lines = load(str(path)).text.split("\n")
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]
        checked += 1
    assert checked > 40


def test_sarif_rules_carry_the_metadata(run: Any) -> None:
    results, info = run
    driver = json.loads(render("sarif", results, info))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "fzlint" and driver["version"] == __version__
    assert "informationUri" not in driver
    by_id = {r["id"]: r for r in driver["rules"]}
    assert set(info.rules) <= set(by_id) and len(by_id) == len(driver["rules"])
    for rid, meta in info.rules.items():
        rule = by_id[rid]
        assert rule["shortDescription"]["text"] == meta["title"]
        assert rule["fullDescription"]["text"] == meta["message"]
        assert f"依据：{meta['reference']}" in rule["help"]["text"]
        if meta["why"]:
            assert rule["help"]["text"].startswith(meta["why"].strip())
        assert rule["defaultConfiguration"]["level"] == LEVEL[Severity.parse(meta["severity"])]
        props = rule["properties"]
        assert (props["category"], props["kind"], props["pack"]) == (meta["category"], meta["kind"], meta["pack"])
        assert meta["category"] in props["tags"]
    assert by_id["punctuation.half-width-comma"]["name"] == "PunctuationHalfWidthComma"


def test_sarif_unreadable_file_is_a_tool_notification(run: Any) -> None:
    results, info = run
    runs = json.loads(render("sarif", results, info))["runs"][0]
    broken = results[-1]
    assert broken.error
    (invocation,) = runs["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == f"{broken.path}：{broken.error}"
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == Path(broken.path).as_uri() and uri.startswith("file:///") and "%20" in uri
    assert not any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri for r in runs["results"])
    good = json.loads(render("sarif", results[:-1], info))["runs"][0]["invocations"][0]
    assert good == {"executionSuccessful": True}


def test_sarif_artifacts_list_every_file_once(run: Any, validator: Any) -> None:
    results, info = run
    runs = json.loads(render("sarif", results, info))["runs"][0]
    arts = runs["artifacts"]
    assert len(arts) == len(results)
    for art, r in zip(arts, results):
        assert art.get("encoding") == r.encoding
    assert arts[0]["encoding"] == "utf-8" and arts[0]["mimeType"] == "text/plain"
    assert "encoding" not in arts[5] and arts[5]["mimeType"].endswith("wordprocessingml.document")
    twice = json.loads(render("sarif", results[:2] + results[:2], info))
    assert len(twice["runs"][0]["artifacts"]) == 2 and schema_errors(validator, twice) == []


def test_sarif_fixes_only_for_text_files(run: Any) -> None:
    results, info = run
    runs = json.loads(render("sarif", results, info))["runs"][0]
    fixed = 0
    merged = 0
    for res, (r, d) in zip(runs["results"], diags(results)):
        if r.format == "txt" and d.occurrences and any(o.suggestion is not None for o in d.occurrences):
            # the same slip at several places: one replacement per place, each at its related location
            (fix,) = res["fixes"]
            (change,) = fix["artifactChanges"]
            related = {x["id"]: x["physicalLocation"]["region"] for x in res["relatedLocations"]}
            wanted = [(k, o) for k, o in enumerate(d.occurrences, 1) if o.suggestion is not None]
            assert len(change["replacements"]) == len(wanted)
            for rep, (k, o) in zip(change["replacements"], wanted):
                region = dict(related[k])
                region.pop("snippet")
                assert rep["insertedContent"]["text"] == o.suggestion and rep["deletedRegion"] == region
            merged += 1
        elif r.format == "txt" and d.suggestion is not None:
            (fix,) = res["fixes"]
            (change,) = fix["artifactChanges"]
            (rep,) = change["replacements"]
            assert rep["insertedContent"]["text"] == d.suggestion
            region = dict(res["locations"][0]["physicalLocation"]["region"])
            region.pop("snippet")
            assert rep["deletedRegion"] == region
            fixed += 1
        else:
            assert "fixes" not in res
    assert fixed > 10 and merged > 0
    docx = [res for res, (r, _) in zip(runs["results"], diags(results)) if r.format == "docx"]
    assert docx and all(res["properties"]["positions"] == "extracted-text" for res in docx)


def test_sarif_fingerprints_ignore_the_line() -> None:
    info = RunInfo(version="t")
    a = sarif.document([result("r.txt", diag(line=3), diag(line=9, text="；", rule="x.y"))], info)
    b = sarif.document([result("r.txt", diag(line=40), diag(line=2, text="；", rule="x.y"))], info)
    fa = [r["partialFingerprints"]["fzlint/v1"] for r in a["runs"][0]["results"]]
    fb = [r["partialFingerprints"]["fzlint/v1"] for r in b["runs"][0]["results"]]
    assert fa == fb and len(set(fa)) == 2
    other = sarif.document([result("s.txt", diag(line=3))], info)["runs"][0]["results"][0]
    assert other["partialFingerprints"]["fzlint/v1"] != fa[0]
    twin = sarif.document([result("r.txt", diag(line=3), diag(line=5))], info)["runs"][0]["results"]
    assert [t["partialFingerprints"]["fzlint/v1"] for t in twin] == [fa[0], fa[0][:-1] + "2"]


def test_sarif_fingerprints_survive_an_edit_elsewhere(rules: Any) -> None:
    text = (ROOT / "seeds" / "002_96abec37a7bb9198.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    edited = "\n".join(lines[:20] + ["　　此外，我们还开展了普法宣传。"] + lines[20:])
    info = RunInfo(version="t")

    def prints(t: str) -> dict[str, int]:
        res = sarif.document([check_text(t, rules, "r.txt")], info)["runs"][0]["results"]
        return {r["partialFingerprints"]["fzlint/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in res}

    before, after = prints(text), prints(edited)
    assert before.keys() == after.keys() and len(before) >= 3
    assert any(after[k] == before[k] + 1 for k in before)


def test_sarif_uris_and_positions_of_odd_findings(validator: Any) -> None:
    info = RunInfo(version="t", rules={})
    doc_level = diag(rule="structure.part-missing", line=None, column=None, text=None, suggestion=None,
                     severity=Severity.ERROR)
    multi = diag(rule="wording.two-lines", text="甲乙\n丙丁戊", line=4, column=7, suggestion=None)
    log = sarif.document([result(".\\报告 2025\\a#1.txt", doc_level, multi)], info)
    assert schema_errors(validator, log) == []
    runs = log["runs"][0]
    assert [r["id"] for r in runs["tool"]["driver"]["rules"]] == ["structure.part-missing", "wording.two-lines"]
    art = runs["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == "%E6%8A%A5%E5%91%8A%202025/a%231.txt" and art["uriBaseId"] == "%SRCROOT%"
    assert runs["results"][0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    reg = runs["results"][1]["locations"][0]["physicalLocation"]["region"]
    assert (reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]) == (4, 7, 5, 4)
    assert sarif.level("info") == "note" and sarif.rule_name("a_b.c-d") == "ABCD"


# ------------------------------------------------------------------------------------------------------- JUnit

def parse_junit(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "fzlint"
    return suite


def test_junit_one_testcase_per_file_failures_at_fail_on(run: Any) -> None:
    results, info = run
    suite = parse_junit(render("junit", results, info))
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.path for r in results]
    assert {c.get("classname") for c in cases} == {"fzlint"}
    failing = errors = 0
    for case, r in zip(cases, results):
        expected = [d for d in r.diagnostics if d.severity >= Severity.ERROR]
        below = [d for d in r.diagnostics if d.severity < Severity.ERROR]
        fails = case.findall("failure")
        assert [(f.get("type"), f.get("message")) for f in fails] == [(d.rule, d.message) for d in expected]
        for f, d in zip(fails, expected):
            assert f.text is not None
            first, *rest = f.text.split("\n")
            assert first == f"{r.path}:{d.line or 0}:{d.column or 0}: error {d.rule} {d.message}"
            assert rest[-1] == f"依据：{d.reference}"
        out = case.find("system-out")
        out_lines = out.text.strip("\n").split("\n") if out is not None and out.text else []
        assert len(out_lines) == len(below)
        assert all(f" {d.severity.label} {d.rule} " in ln for ln, d in zip(out_lines, below))
        failing += bool(fails)
        if r.error:
            (err,) = case.findall("error")
            assert err.get("message") == r.error and err.text and r.path in err.text
            errors += 1
    assert failing >= 5 and errors == 1
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (str(len(results)), str(failing), "1")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["findings"] == str(sum(d.severity >= Severity.ERROR for _, d in diags(results)))
    assert props["fail-on"] == "error"


@pytest.mark.parametrize("fail_on, failures", [("never", 0), ("info", None), ("warning", None)])
def test_junit_threshold_follows_fail_on(run: Any, fail_on: str, failures: int | None) -> None:
    results, info = run
    suite = parse_junit(render("junit", results, RunInfo(version="t", fail_on=fail_on)))
    n = len(suite.findall(".//failure"))
    lines = sum(len(o.text.strip().split("\n")) for o in suite.findall(".//system-out") if o.text)
    total = len(diags(results))
    if fail_on == "never":
        assert n == 0 and lines == total and suite.get("failures") == "0"
    else:
        limit = Severity.parse(fail_on)
        assert n == sum(d.severity >= limit for _, d in diags(results)) and n + lines == total


def test_junit_survives_characters_xml_cannot_carry() -> None:
    bad = diag(message="控制符\x0b在此 & <标签>", severity=Severity.ERROR)
    suite = parse_junit(render("junit", [result("a\x01.txt", bad)], RunInfo(version="t")))
    (fail,) = suite.iter("failure")
    assert fail.get("message") == "控制符\ufffd在此 & <标签>"
    assert [c.get("name") for c in suite.iter("testcase")] == ["a\ufffd.txt"]


# ------------------------------------------------------------------------------------------------------ GitHub

_CMD = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    m = _CMD.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
    return m.group(1), props, m.group(3)


def unescape(text: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, ch)
    return text


def test_github_one_annotation_per_finding(run: Any) -> None:
    results, info = run
    lines = render("github", results, info).splitlines()
    pairs = diags(results)
    assert len(lines) == len(pairs) + 1
    broken = results[-1]
    assert lines[-1] == f"::error file={github.escape_property(broken.path)}::{broken.error}"
    for line, (r, d) in zip(lines, pairs):
        cmd, props, message = parse_command(line)
        assert cmd == COMMAND[d.severity]
        assert unescape(props["file"]) == Path(r.path).as_posix() and props["title"] == d.rule
        assert unescape(message) == f"{d.message}\n依据：{d.reference}"
        if d.line is None:
            assert "line" not in props and "col" not in props
        else:
            assert (int(props["line"]), int(props["col"])) == (d.line, d.column)
            assert int(props["endColumn"]) == (d.column or 1) + len(d.text or "")
    assert {parse_command(ln)[0] for ln in lines} == {"error", "warning", "notice"}


def test_github_escapes_messages_and_properties() -> None:
    d = diag(message="第一行\n第二行, 含逗号：100%\r", reference="", severity=Severity.INFO)
    doc_level = diag(line=None, column=None, text=None, message="缺少部分", severity=Severity.ERROR)
    out = render("github", [result("./dir,a:b.txt", d, doc_level)], RunInfo(version="t"))
    first, second = out.splitlines()
    assert len(out.splitlines()) == 2
    assert first == ("::notice file=dir%2Ca%3Ab.txt,line=3,col=5,endColumn=6,title=punctuation.half-width-comma::"
                     "第一行%0A第二行, 含逗号：100%25%0D")
    assert second.startswith("::error file=dir%2Ca%3Ab.txt,title=punctuation.half-width-comma::缺少部分")
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


# ------------------------------------------------------------------------------------------------ atomic output

def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "报告.sarif"
    files.write_atomic(target, "一\n")
    assert target.read_bytes() == "一\n".encode("utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o640)
    files.write_atomic(str(target), "二\r\n", encoding="gb18030")
    assert target.read_bytes() == "二\r\n".encode("gb18030")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["报告.sarif"]


def test_write_atomic_failure_mid_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xml"
    target.write_text("旧内容", encoding="utf-8")
    real_write = os.write
    calls = []

    def half_then_fail(fd: int, data: Any) -> int:
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return real_write(fd, bytes(data[: len(data) // 2]))

    monkeypatch.setattr(files.os, "write", half_then_fail)
    with pytest.raises(OSError, match="No space"):
        files.write_atomic(target, "新" * 1000)
    monkeypatch.undo()
    assert len(calls) == 2
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert os.listdir(tmp_path) == ["out.xml"]


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_write_atomic_failure_at_the_end_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          step: str) -> None:
    target = tmp_path / "out.json"
    target.write_text("旧", encoding="utf-8")

    def boom(*args: Any) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(files.os, step, boom)
    with pytest.raises(OSError):
        files.write_atomic(target, "新")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "旧" and os.listdir(tmp_path) == ["out.json"]


def test_write_atomic_encoding_error_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        files.write_atomic(tmp_path / "a.txt", "中文", encoding="ascii")
    assert os.listdir(tmp_path) == []
    with pytest.raises(OSError):
        files.write_atomic(tmp_path / "missing-dir" / "a.txt", "x")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_write_atomic_keeps_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    files.write_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_output_stream_writes_only_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    with files.output_stream(target) as out:
        out.write("new report")
        assert target.read_text(encoding="utf-8") == "old"
    assert target.read_text(encoding="utf-8") == "new report"
    with pytest.raises(RuntimeError):
        with files.output_stream(str(target)) as out:
            out.write("partial")
            raise RuntimeError("renderer failed")
    assert target.read_text(encoding="utf-8") == "new report" and os.listdir(tmp_path) == ["r.txt"]
    stdout = io.StringIO()
    for path in (None, "-"):
        with files.output_stream(path, stdout) as out:
            assert out is stdout


# ------------------------------------------------------------------------------------------------ command line

def test_formats_are_registered() -> None:
    assert {"sarif", "junit", "github"} <= set(FORMATS)


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_cli_machine_formats(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validator: Any) -> None:
    seed, missing = str(SEEDS[0]), str(tmp_path / "不存在.txt")
    monkeypatch.chdir(tmp_path)                      # no configuration file above a temporary directory
    res = CliRunner().invoke(main, ["check", "--format", fmt, seed, missing])
    assert res.exit_code == 2, res.output
    out = res.stdout
    if fmt == "sarif":
        log = json.loads(out)
        assert schema_errors(validator, log) == []
        assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
        assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"punctuation.half-width-comma"}
    elif fmt == "junit":
        suite = parse_junit(out)
        assert suite.get("tests") == "2" and suite.get("errors") == "1" and suite.get("failures") == "1"
    else:
        assert out.splitlines()[-1].startswith("::error file=")
        assert all(_CMD.match(ln) for ln in out.splitlines())


def test_cli_output_file_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "fzlint.xml"
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["check", "--format", "junit", "--output", str(target), str(SEEDS[1])])
    assert res.exit_code == 1 and res.stdout == ""
    assert parse_junit(target.read_text(encoding="utf-8")).get("tests") == "1"
