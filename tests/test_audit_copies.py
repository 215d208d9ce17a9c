"""Cross-report copying: a long paragraph shared by two organs, or kept unchanged from the same organ's
previous year, is found; short shared boilerplate and a folder of distinct reports give nothing."""
from __future__ import annotations

from pathlib import Path

from audit_helpers import SHARED, SHORT_BOILERPLATE, by_path, real_folder, report, write

from checker.audit import AuditOptions, audit
from checker.audit.copies import MIN_CJK, detect, normalise


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
    assert result["summary"]["copied_reports"] == 2


def test_the_same_report_twice_in_one_year_is_not_a_copy(tmp_path: Path) -> None:
    root = tmp_path / "r"
    write(root, "清河县司法局.txt", report("清河县司法局", extra=SHARED))
    write(root, "清河县司法局（重报）.txt", report("清河县司法局", extra=SHARED))
    result = run(root, tmp_path)
    assert result["copies"] == [] and result["summary"]["copied_reports"] == 0


def test_short_shared_boilerplate_is_not_a_copy(tmp_path: Path) -> None:
    root = tmp_path / "r"
    boiler = SHORT_BOILERPLATE + "全面落实法治政府建设实施纲要，扎实推进依法行政。"
    assert len([c for c in normalise(boiler) if "\u4e00" <= c <= "\u9fff"]) < MIN_CJK
    write(root, "a.txt", report("清河县司法局", extra=boiler))
    write(root, "b.txt", report("白沙县公安局", extra=boiler))
    result = run(root, tmp_path)
    assert result["copies"] == [] and all(r["copied_share"] == 0.0 for r in result["reports"])


def test_a_folder_of_distinct_reports_has_no_copies(tmp_path: Path) -> None:
    result = run(real_folder(tmp_path), tmp_path)
    assert result["copies"] == [] and result["summary"]["copied_reports"] == 0


def _row(path: str, organ: str, year: int, hashes: list[str]) -> dict:
    paras = [[h, i * 100, i * 100 + 90, i + 1, 90, f"段落{h}"] for i, h in enumerate(hashes)]
    return {"path": path, "organ": organ, "year": year, "paragraphs": paras, "body_chars": 90 * len(hashes) + 90}


def test_detect_groups_in_one_pass_and_caps_the_listing() -> None:
    # 300 reports of 300 organs sharing one paragraph: every report copied, n - 1 pairs listed (not n²/2)
    rows = [_row(f"{i:03d}.txt", f"机关{i}", 2025, ["shared", f"own{i}"]) for i in range(300)]
    copies, shares = detect(rows)
    assert len(copies) == 299 and {c["kind"] for c in copies} == {"cross_organ"}
    assert all(s == round(90 / 270, 4) for s in shares)
    assert {c["b"]["path"] for c in copies} <= {"000.txt", "001.txt"}
    capped, _ = detect(rows, limit=10)
    assert len(capped) == 10


def test_detect_previous_year_and_unknown_organs() -> None:
    rows = [_row("a25.txt", "甲局", 2025, ["p", "q"]), _row("a24.txt", "甲局", 2024, ["p", "x"]),
            _row("a22.txt", "甲局", 2022, ["q"]),          # two years back: not the previous year
            _row("u1.txt", None, 2025, ["z"]), _row("u2.txt", None, 2025, ["z"])]   # type: ignore[arg-type]
    copies, shares = detect(rows)
    kinds = sorted((c["kind"], c["a"]["path"], c["b"]["path"]) for c in copies)
    assert ("previous_year", "a25.txt", "a24.txt") in kinds
    assert not any("a22.txt" in k for k in kinds)
    # reports whose organ could not be read are compared as different organs
    assert any(k[0] == "cross_organ" and {k[1], k[2]} == {"u1.txt", "u2.txt"} for k in kinds)
    assert shares[2] == 0.0 and shares[0] > 0 and shares[1] > 0
