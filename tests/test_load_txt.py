from __future__ import annotations

import pytest

from checker.errors import InputError
from checker.load import load

TEXT = "某县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n全年办结案件513件。\n"


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030", TEXT.encode("gbk")),
    ("utf-16", TEXT.encode("utf-16-le").join([b"\xff\xfe", b""])),
    ("utf-16", b"\xfe\xff" + TEXT.encode("utf-16-be")),
])
def test_encodings_round_trip(tmp_path, encoding: str, data: bytes) -> None:
    p = tmp_path / "r.txt"
    p.write_bytes(data)
    doc = load(p)
    assert doc.text == TEXT and doc.encoding == encoding


def test_line_ends_are_folded_once(tmp_path) -> None:
    p = tmp_path / "r.txt"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8") + "末行\r旧式".encode("utf-8"))
    doc = load(p)
    assert "\r" not in doc.text
    assert [doc.para_text(x) for x in doc.paragraphs][-2:] == ["末行", "旧式"]
    assert doc.position(doc.text.index("全年")) == (3, 1)


@pytest.mark.parametrize("data, message", [
    (b"", "空"),
    (b"  \n\n", "空"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\xff\xfe\x00", "UTF-16"),
    (bytes([0x81, 0x20, 0xfe, 0x7f, 0x80]), "编码"),
])
def test_bad_text_files(tmp_path, data: bytes, message: str) -> None:
    p = tmp_path / "坏文件.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as info:
        load(p)
    assert message in str(info.value) and "坏文件.txt" in str(info.value)
