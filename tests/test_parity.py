"""The same report gives the same findings whether it comes as .txt, as .docx or as a saved web page."""
from __future__ import annotations

import html

import pytest

from checker.runner import check_file
from helpers import SEEDS


def _findings(path, rules) -> list[tuple[str, str | None]]:
    result = check_file(str(path), rules)
    assert result.error is None, result.error
    return sorted((d.rule, d.text) for d in result.diagnostics)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_txt_docx_and_html_agree(seed, tmp_path, rules) -> None:
    import docx

    lines = [ln.strip() for ln in seed.read_text(encoding="utf-8").split("\n") if ln.strip()]
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(tmp_path / "r.docx"))
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    (tmp_path / "r.html").write_text(
        f"<html><head><meta charset='utf-8'><title>{html.escape(lines[0])}_某某政府网</title></head><body>"
        f"<div class='nav'><a href='/'>首页</a><a href='/gk'>政务公开</a></div><div id='zoom'>{body}</div>"
        "<div class='footer'>主办单位：某某人民政府办公室 网站地图</div></body></html>", encoding="utf-8")
    from_txt = _findings(seed, rules)
    assert from_txt
    assert _findings(tmp_path / "r.docx", rules) == from_txt
    assert _findings(tmp_path / "r.html", rules) == from_txt
