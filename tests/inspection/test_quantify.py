"""The quantified inspection score (pure): dimensions read from settings, the weighted sum exact and
explained, and its properties (a weighted mean of scores within 0–100; raising a score never lowers it)."""

from __future__ import annotations

import doctest
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xuanren.inspection import quantify
from xuanren.inspection.quantify import Dimension, inspection_score, read_dimensions, read_number
from xuanren.rules.errors import RuleError


def test_doctests() -> None:
    assert doctest.testmod(quantify).failed == 0


def test_default_dimensions_have_no_weights() -> None:
    dims = read_dimensions({})
    assert [(d.key, d.label, d.weight) for d in dims] == [("de", "德", None), ("neng", "能", None),
                                                           ("qin", "勤", None), ("ji", "绩", None),
                                                           ("lian", "廉", None)]
    result = inspection_score(dims, {"de": Fraction(90)})
    assert result.score is None and not result.quantified
    assert [m.text("en") for m in result.explain()] == [
        "no dimension weights: the inspection is qualitative, without a score"]


def test_labels_default_to_the_official_words() -> None:
    dims = read_dimensions({"dimensions": [{"key": "de", "weight": "50"}, {"key": "lian", "weight": 50}]})
    assert [(d.label, d.weight) for d in dims] == [("德", Fraction(50)), ("廉", Fraction(50))]


@pytest.mark.parametrize(("value", "message"), [
    ("abc", "不是数字"), ("100.01", "应在0至100之间"), ("1.005", "最多保留2位小数"), (0.5, "须为数字"),
    (True, "须为数字"), ("Infinity", "不是数字"),
])
def test_read_number_refuses(value: object, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        read_number(value, "评分")


def test_settings_that_make_no_sense_are_refused() -> None:
    with pytest.raises(RuleError, match="考察维度设置应为列表"):
        read_dimensions({"dimensions": "德能勤绩廉"})
    with pytest.raises(RuleError, match="第2个考察维度的设置无效"):
        read_dimensions({"dimensions": [{"key": "de"}, "neng"]})


scores = st.integers(min_value=0, max_value=10000).map(lambda n: Fraction(n, 100))
weights = st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=6).filter(lambda w: sum(w) > 0)


@given(weights, st.data())
def test_the_score_is_a_weighted_mean_within_the_scores(raw: list[int], data: st.DataObject) -> None:
    total = sum(raw)
    # Scale to exactly 100 with the last weight taking the remainder (weights are exact fractions here).
    ws = [Fraction(w * 100, total) for w in raw]
    dims = tuple(Dimension(f"d{i}", f"维度{i}", w) for i, w in enumerate(ws))
    given_scores = {d.key: data.draw(scores) for d in dims}
    result = inspection_score(dims, given_scores)
    assert result.score is not None
    assert min(given_scores.values()) <= result.score <= max(given_scores.values())
    assert result.score == sum(given_scores[d.key] * (d.weight or 0) for d in dims) / 100
    # Raising one score never lowers the result.
    key = data.draw(st.sampled_from([d.key for d in dims]))
    higher = dict(given_scores, **{key: min(Fraction(100), given_scores[key] + data.draw(scores))})
    after = inspection_score(dims, higher).score
    assert after is not None and after >= result.score
