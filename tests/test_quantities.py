"""The number reader behind the figures kind: Chinese numerals, rounding."""
from __future__ import annotations

from fractions import Fraction

import pytest

from checker.text.quantities import (PHRASE_MARKS, QuantityReader, fmt_number, lead_in, read_chinese, round_half_up,
                                     truncate)


@pytest.mark.parametrize("text, value", [
    ("十三", 13), ("一百零二", 102), ("两千", 2000), ("三万五千", 35000), ("十", 10), ("二十", 20),
    ("九十九点五", Fraction(995, 10)), ("一千一百零一", 1101), ("一千零五十", 1050), ("两万零三百", 20300),
])
def test_chinese_numerals_are_read(text: str, value) -> None:
    assert read_chinese(text) == value


@pytest.mark.parametrize("text", ["二〇二五", "三五", "十四五", "一百二", "一万二", "是", ""])
def test_digit_strings_and_approximate_pairs_are_refused(text: str) -> None:
    assert read_chinese(text) is None


def test_rounding_used_for_rates() -> None:
    ratio = Fraction(513, 516) * 100          # 99.418…%
    assert round_half_up(ratio, 0) == 99 and truncate(ratio, 0) == 99
    assert round_half_up(ratio, 1) == Fraction(994, 10)
    assert fmt_number(round_half_up(ratio, 1), 1) == "99.4"
    assert round_half_up(Fraction(995, 10), 0) == 100 and truncate(Fraction(995, 10), 0) == 99


def test_chinese_counts_are_read_with_their_unit() -> None:
    text = "受理矛盾纠纷一千一百零一件，调解成功一千零五十件，调解成功率百分之九十五点四。"
    got = [(q.value, q.unit, q.chinese) for q in QuantityReader(["件"]).read(text)]
    assert got == [(1101, "件", True), (1050, "件", True), (Fraction(954, 10), "%", True)]


def test_a_phrase_runs_on_over_the_enumeration_comma() -> None:
    text = "审结187件，其中撤销、变更或确认违法21件"
    q = QuantityReader(["件"]).read(text)[1]
    assert lead_in(text, q, 0) == "变更或确认违法"
    assert lead_in(text, q, 0, PHRASE_MARKS) == "其中撤销、变更或确认违法"
