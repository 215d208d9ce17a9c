"""Cross-report copying: a long paragraph shared by two organs, or kept unchanged from the same organ's
previous year, is found; the same file submitted twice is a duplicate (重复提交), not copying; short shared
boilerplate, a long paragraph most organs share (通用表述) and a folder of distinct reports give nothing."""
from __future__ import annotations

from pathlib import Path

from audit_helpers import SHARED, SHORT_BOILERPLATE, by_path, real_folder, report, write

from checker.audit import AuditOptions, audit
from checker.audit.copies import COMMON_MIN, MIN_CJK, common_limit, detect, normalise


def run(root: Path, tmp: Path) -> dict:
    return audit([str(root)], AuditOptions(jobs=2, isolated=True, use_cache=False, cache_dir=str(tmp / "c")))


def test_a_paragraph_shared_by_two_organs_is_a_cross_organ_copy(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "a/清河县司法局.txt", report("清河县司法局", extra=SHARED))
    # the copy renumbered, its punctuation half-width and spaced: still the same paragraph
    write(root, "b/白沙县公安局.txt", report("白沙县公安局", extra=SHARED.replace("，", ", ")))
    write(root, "c/石门县教育局.txt", report("石门县教育局"))
    result = run(root, tmp_path)
    copies = result["copies"]
    assert [c["kind"] for c in copies] == ["cross_organ"]
    c = copies[0]
    assert {c["a"]["organ"], c["b"]["organ"]} == {"清河县司法局", "白沙县公安局"}
    assert {c["a"]["path"], c["b"]["path"]} == {"a/清河县司法局.txt", "b/白沙县公安局.txt"}
    assert c["text"].startswith("（一）依法全面履行政府职能") and len(c["text"]) <= 120
    assert c["length"] >= MIN_CJK
    rows = by_path(result)
    for side in (c["a"], c["b"]):
        text = (root / side["path"]).read_text(encoding="utf-8")
        assert SHARED[:20] in text[side["start"]:side["end"]].replace(", ", "，")
        assert text.split("\n")[side["line"] - 1] == text[side["start"]:side["end"]]
        assert side["year"] == 2025
        assert 0 < rows[side["path"]]["copied_share"] < 1
    assert rows["c/石门县教育局.txt"]["copied_share"] == 0.0
    assert result["summary"]["copied_reports"] == 2


def test_the_same_organs_previous_year_unchanged_is_a_previous_year_copy(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "2025/清河县司法局.txt", report("清河县司法局", 2025, extra=SHARED))
    write(root, "2024/清河县司法局.txt", report("清河县司法局", 2024, extra=SHARED))
    result = run(root, tmp_path)
    kinds = sorted(c["kind"] for c in result["copies"])
    # the opening paragraph, the measures paragraph and the organ's own paragraph: unchanged but for the year
    assert kinds == ["previous_year"] * 3
    assert any(c["text"].startswith("2025年，清河县司法局") for c in result["copies"])
    for c in result["copies"]:
        assert (c["a"]["year"], c["b"]["year"]) == (2025, 2024)
        assert c["a"]["path"] == "2025/清河县司法局.txt" and c["b"]["organ"] == "清河县司法局"
    # the 2025 report reused last year's text; the 2024 report copied nothing
    rows = by_path(result)
    assert rows["2025/清河县司法局.txt"]["copied_share"] > 0
    assert rows["2024/清河县司法局.txt"]["copied_share"] == 0.0
    assert result["summary"]["copied_reports"] == 1


def test_the_same_report_twice_is_a_duplicate_not_a_copy(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "清河县司法局.txt", report("清河县司法局", extra=SHARED))
    write(root, "清河县司法局（重报）.txt", report("清河县司法局", extra=SHARED))
    write(root, "清河县司法局（修改稿）.txt", report("清河县司法局", extra=SHARED + "全年办理行政复议案件12件。"))
    result = run(root, tmp_path)
    assert [(c["kind"], c["a"]["path"], c["b"]["path"]) for c in result["copies"]] == [
        ("duplicate", "清河县司法局（重报）.txt", "清河县司法局.txt")]
    dup = result["copies"][0]
    assert dup["a"]["line"] is None and dup["text"] == "清河县司法局关于2025年度法治政府建设情况的报告"
    assert result["summary"]["copied_reports"] == 0 and result["summary"]["duplicate_reports"] == 1
    assert all(r["copied_share"] == 0.0 for r in result["reports"])     # a revision of one's own report: no copy


def test_two_identical_files_with_no_organ_are_a_duplicate_not_cross_organ_copying(tmp_path: Path) -> None:
    root = tmp_path / "r"
    lines = report("清河县司法局", extra=SHARED).split("\n")
    lines[0] = "关于2025年度法治政府建设情况的报告"                  # no organ in the title, none signed
    text = "\n".join(line for line in lines if line.strip() != "清河县司法局")
    write(root, "甲.txt", text)
    write(root, "乙.txt", text)
    result = run(root, tmp_path)
    assert [r["organ"] for r in result["reports"]] == [None, None]
    assert [c["kind"] for c in result["copies"]] == ["duplicate"]
    assert all(r["copied_share"] == 0.0 for r in result["reports"]) and result["summary"]["copied_reports"] == 0
    html = __import__("checker.audit.html", fromlist=["render"]).render(result)
    assert "重复提交（全文相同）" in html and "全文" in html and "第None行" not in html


def test_short_shared_boilerplate_is_not_a_copy(tmp_path: Path) -> None:
    root = tmp_path / "r"
    boiler = SHORT_BOILERPLATE + "全面落实法治政府建设实施纲要，扎实推进依法行政。"
    assert len([c for c in normalise(boiler) if "\u4e00" <= c <= "\u9fff"]) < MIN_CJK
    write(root, "a.txt", report("清河县司法局", extra=boiler))
    write(root, "b.txt", report("白沙县公安局", extra=boiler))
    result = run(root, tmp_path)
    assert result["copies"] == [] and all(r["copied_share"] == 0.0 for r in result["reports"])


def test_a_folder_of_distinct_reports_has_no_copies(tmp_path: Path) -> None:
    # the one draft is there twice, as .txt and as .docx: a duplicate, nothing copied
    result = run(real_folder(tmp_path), tmp_path)
    assert [(c["kind"], c["a"]["path"], c["b"]["path"]) for c in result["copies"]] == [
        ("duplicate", "部门/draft-flawed.txt", "部门/draft-flawed.docx")]
    assert result["summary"]["copied_reports"] == 0 and result["summary"]["duplicate_reports"] == 1


def test_a_long_paragraph_most_organs_share_is_common_wording_not_copying(tmp_path: Path) -> None:
    root = tmp_path / "r"
    organs = ["清河县司法局", "白沙县公安局", "石门县教育局", "青山县财政局", "东湖区民政局"]
    assert len(organs) > common_limit(len(organs)) == COMMON_MIN
    for organ in organs:                              # all five: a template handed down, not copying
        write(root, f"{organ}.txt", report(organ, extra=SHARED))
    result = run(root, tmp_path)
    assert result["copies"] == [] and result["summary"]["copied_reports"] == 0
    for organ in organs[3:]:                          # three of them: still copying
        write(root, f"{organ}.txt", report(organ))
    result = run(root, tmp_path)
    copied = {r["path"] for r in result["reports"] if r["copied_share"] > 0}
    assert copied == {f"{o}.txt" for o in organs[:3]}
    assert {c["kind"] for c in result["copies"]} == {"cross_organ"}


def _row(path: str, organ: str, year: int, hashes: list[str]) -> dict:
    paras = [[h, i * 100, i * 100 + 90, i + 1, 90, f"段落{h}"] for i, h in enumerate(hashes)]
    return {"path": path, "organ": organ, "year": year, "paragraphs": paras, "body_chars": 90 * len(hashes) + 90}


def test_detect_groups_in_one_pass_and_caps_the_listing() -> None:
    # 300 organs in 150 pairs, each pair sharing a paragraph, and all 300 sharing one common paragraph:
    # one pair listed per shared paragraph (not n²/2), the common paragraph neither listed nor counted
    rows = [_row(f"{i:03d}.txt", f"机关{i}", 2025, ["common", f"pair{i // 2}", f"own{i}"]) for i in range(300)]
    copies, shares = detect(rows)
    assert len(copies) == 150 and {c["kind"] for c in copies} == {"cross_organ"}
    assert {frozenset((c["a"]["path"], c["b"]["path"])) for c in copies} == {
        frozenset((f"{2 * k:03d}.txt", f"{2 * k + 1:03d}.txt")) for k in range(150)}
    assert all(s == round(90 / 360, 4) for s in shares)
    capped, _ = detect(rows, limit=10)
    assert len(capped) == 10
    # a paragraph in 60 of the 300 organs (a fifth) still counts as copying; in 61 it is common wording
    assert common_limit(300) == 60
    some = [_row(f"{i:03d}.txt", f"机关{i}", 2025, ["wide" if i < 60 else f"own{i}"]) for i in range(300)]
    assert sum(s > 0 for s in detect(some)[1]) == 60
    some = [_row(f"{i:03d}.txt", f"机关{i}", 2025, ["wide" if i < 61 else f"own{i}"]) for i in range(300)]
    assert sum(s > 0 for s in detect(some)[1]) == 0


def test_detect_previous_year_duplicates_and_unknown_organs() -> None:
    rows = [_row("a25.txt", "甲局", 2025, ["p", "q"]), _row("a24.txt", "甲局", 2024, ["p", "x"]),
            _row("a22.txt", "甲局", 2022, ["q"]),          # two years back: not the previous year
            _row("u1.txt", None, 2025, ["z"]), _row("u2.txt", None, 2025, ["z"]),    # type: ignore[arg-type]
            _row("u3.txt", None, 2025, ["z", "w"])]        # type: ignore[arg-type]
    rows[3]["body_hash"] = rows[4]["body_hash"] = "same file"       # u1 and u2: one file submitted twice
    rows[5]["body_hash"] = "another"
    copies, shares = detect(rows)
    kinds = sorted((c["kind"], c["a"]["path"], c["b"]["path"]) for c in copies)
    assert ("previous_year", "a25.txt", "a24.txt") in kinds
    assert not any("a22.txt" in k for k in kinds)
    # the same body twice is a duplicate, whatever the organ; it is compared with the others once
    assert ("duplicate", "u2.txt", "u1.txt") in kinds
    assert not any(k[0] != "duplicate" and "u2.txt" in k[1:] for k in kinds)
    # reports whose organ could not be read and whose bodies differ are compared as different organs
    assert any(k[0] == "cross_organ" and {k[1], k[2]} == {"u1.txt", "u3.txt"} for k in kinds)
    # the newer report reused the older one's text: only it is copied; the duplicate shares its original's share
    assert shares[0] > 0 and shares[1] == 0.0 and shares[2] == 0.0
    assert shares[3] == shares[4] > 0 and shares[5] > 0
