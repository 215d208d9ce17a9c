"""benchmarks/corpus.py: deterministic, every format and defect it promises, and the audit sees them."""
from __future__ import annotations

import filecmp
import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import MANIFEST, build_corpus

from checker.audit import AuditOptions, audit


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict[str, dict]]:
    dest = tmp_path_factory.mktemp("corpus") / "c"
    paths = build_corpus(dest, 180, seed=1)
    manifest = {e["path"]: e for e in json.loads((dest / MANIFEST).read_text(encoding="utf-8"))}
    return dest, paths, manifest


def test_the_same_seed_builds_the_same_files(corpus, tmp_path: Path) -> None:
    dest, paths, _ = corpus
    again = build_corpus(tmp_path / "again", 180, seed=1)
    assert [p.relative_to(tmp_path / "again") for p in again] == [p.relative_to(dest) for p in paths]
    match, mismatch, errors = filecmp.cmpfiles(dest, tmp_path / "again",
                                               [p.relative_to(dest).as_posix() for p in paths], shallow=False)
    assert not mismatch and not errors and len(match) == 180
    other = build_corpus(tmp_path / "other", 20, seed=2)
    assert [p.name for p in other] != [p.name for p in paths[:20]]


def test_every_format_and_defect_is_there(corpus) -> None:
    from docx import Document

    dest, paths, manifest = corpus
    assert len(paths) == len(manifest) == 180
    formats = Counter(e["format"] for e in manifest.values())
    assert {"txt-utf8", "txt-gb18030", "docx", "html", "empty", "binary", "corrupt-docx"} <= set(formats)
    defects = Counter(d for e in manifest.values() for d in e["defects"])
    assert {"drop-part", "broken-rate", "doubled-mark", "half-width", "renumbered", "bad-date", "late-date",
            "no-date"} <= set(defects)
    assert sum(1 for e in manifest.values() if not e["defects"]) >= 20       # and clean ones too
    for rel, e in manifest.items():
        data = (dest / rel).read_bytes()
        if e["format"] == "txt-gb18030":
            text = data.decode("gb18030")
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            assert e["organ"] in text
        elif e["format"] == "docx":
            doc = Document(str(dest / rel))
            assert e["organ"] in doc.paragraphs[0].text
        elif e["format"] == "html":
            assert f'<meta name="PubDate" content="{e["published"]} ' in data.decode("utf-8")
    assert len({e["organ"] for e in manifest.values()}) > 60


def test_the_audit_finds_what_the_corpus_put_in(corpus, tmp_path: Path) -> None:
    dest, _, manifest = corpus
    result = audit([str(dest)], AuditOptions(jobs=2, isolated=True, cache_dir=str(tmp_path / "cache")))
    rows = {r["path"]: r for r in result["reports"]}
    assert set(rows) == set(manifest)

    def rules(path: str) -> set[str]:
        return {d["rule"] for d in rows[path]["diagnostics"]}

    for path, e in manifest.items():
        r = rows[path]
        if "unreadable" in e["defects"]:
            assert r["status"] == "error"
            continue
        assert r["status"] != "error" and r["year"] == e["year"]
        if "broken-rate" in e["defects"]:
            assert "figures.rate-mismatch" in rules(path)
        if "doubled-mark" in e["defects"]:
            assert "punctuation.doubled-mark" in rules(path)
        if "half-width" in e["defects"]:
            assert any(rule.startswith("punctuation.half-width") for rule in rules(path))
        if "late-date" in e["defects"]:
            assert r["timeliness"] == "late"
        if "bad-date" in e["defects"]:
            assert r["date_iso"] is None and any(rule.startswith("date.") for rule in rules(path))
        if e["format"] == "html":
            assert r["published"] == e["published"]
    dropped = [p for p, e in manifest.items() if "drop-part" in e["defects"]]
    # a dropped section leaves its part missing unless the report speaks of that part elsewhere too (seed 000's
    # measures name the 第一责任人 duties, so the outline still finds them)
    missing = [p for p in dropped if "missing" in rows[p]["parts"].values()]
    assert len(missing) >= len(dropped) / 3 and missing
    assert all(rows[p]["status"] == "fail" for p in missing)
    kinds = Counter(c["kind"] for c in result["copies"])
    assert kinds["cross_organ"] > 0 and kinds["previous_year"] > 0
    s = result["summary"]
    assert 0 < s["copied_reports"] < s["reports"] / 2          # copying exists, but not everywhere
    assert s["unreadable"] == 3 and s["passed"] > 0
