"""The number reader behind the figures kind: Chinese numerals, rounding."""
from __future__ import annotations

from fractions import Fraction

import pytest

from checker.text.quantities import fmt_number, read_chinese, round_half_up, truncate


@pytest.mark.parametrize("text, value", [
    ("十三", 13), ("一百零二", 102), ("两千", 2000), ("三万五千", 35000), ("十", 10), ("二十", 20),
    ("九十九点五", Fraction(995, 10)),
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
