import pytest

from xuanren.rules import ranks
from xuanren.rules.errors import RuleError


def test_ladder_has_twelve_ranks_in_order() -> None:
    assert [r.name for r in ranks.RANKS][:3] == ["一级巡视员", "二级巡视员", "一级调研员"]
    assert len(ranks.RANKS) == 12
    assert ranks.next_rank("二级科员") == ranks.rank("一级科员")
    assert ranks.next_rank("一级巡视员") is None


def test_levels_by_short_name() -> None:
    assert ranks.level("正处").name == "县处级正职"


def test_unknown_rank_is_a_rule_error_in_chinese() -> None:
    with pytest.raises(RuleError, match="未知职级"):
        ranks.rank("三级巡视员")
