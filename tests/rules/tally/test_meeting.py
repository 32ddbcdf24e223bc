from __future__ import annotations

from fractions import Fraction

import pytest

from xuanren.rules.errors import RuleError
from xuanren.rules.tally import MeetingConfig, Turnout, check_meeting

DEFAULT = MeetingConfig()


def test_attendance_of_exactly_two_thirds_is_enough() -> None:
    # "三分之二以上" includes two thirds itself.
    assert check_meeting(DEFAULT, [Turnout("others", 120, 80, 80)]).valid


def test_attendance_one_below_two_thirds_makes_the_meeting_invalid() -> None:
    result = check_meeting(DEFAULT, [Turnout("others", 120, 79, 79)])
    assert not result.valid
    assert [m.code for m in result.reasons] == ["tally.meeting.attendance"]
    assert str(result.reasons[0]) == "应到120人，实到79人（65.83%），低于三分之二"
    assert result.explain()[0].text("en").startswith("the meeting is invalid")


def test_more_ballots_returned_than_issued_makes_the_meeting_invalid() -> None:
    result = check_meeting(DEFAULT, [Turnout("others", 100, 90, 91)], {"others": "其他人员"})
    assert not result.valid
    assert str(result.reasons[0]) == "其他人员组收回选票91张，多于发出的90张"


def test_returned_equal_to_issued_is_fine() -> None:
    assert check_meeting(DEFAULT, [Turnout("others", 100, 90, 90)]).valid


def test_more_ballots_issued_than_voters_entitled_makes_the_meeting_invalid() -> None:
    result = check_meeting(DEFAULT, [Turnout("others", 10, 11, 10)])
    assert [m.code for m in result.reasons] == ["tally.meeting.issued_over_entitled"]


def test_attendance_is_the_recorded_presence_when_given() -> None:
    # 80 present of 120, but only 70 handed a ballot back: attendance is what the 2/3 rule reads.
    assert check_meeting(DEFAULT, [Turnout("others", 120, 80, 70, present=80)]).valid
    assert not check_meeting(DEFAULT, [Turnout("others", 120, 80, 70)]).valid


def test_attendance_is_measured_over_the_whole_meeting_by_default() -> None:
    turnouts = [Turnout("leaders", 10, 2, 2), Turnout("others", 110, 90, 90)]
    assert check_meeting(DEFAULT, turnouts).valid
    per_group = check_meeting(MeetingConfig(per_group=True), turnouts, {"leaders": "院领导"})
    assert not per_group.valid
    assert str(per_group.reasons[0]) == "院领导组应到10人，实到2人（20%），低于三分之二"


def test_the_least_attendance_is_configurable() -> None:
    config = MeetingConfig(min_attendance=Fraction(4, 5))
    assert not check_meeting(config, [Turnout("others", 100, 79, 79)]).valid
    assert check_meeting(config, [Turnout("others", 100, 80, 80)]).valid
    assert "80%" in check_meeting(config, [Turnout("others", 100, 79, 79)]).reasons[0].text()


def test_no_ballot_or_nobody_entitled_makes_the_meeting_invalid() -> None:
    assert not check_meeting(DEFAULT, [Turnout("others", 0, 0, 0)]).valid
    assert [m.code for m in check_meeting(MeetingConfig(min_attendance=Fraction(0)),
                                          [Turnout("others", 5, 0, 0)]).reasons] == ["tally.meeting.no_ballots"]


@pytest.mark.parametrize("ratio", [Fraction(3, 2), Fraction(-1, 3), 0.5])
def test_an_attendance_ratio_outside_0_to_1_or_a_float_is_an_error(ratio: object) -> None:
    with pytest.raises(RuleError):
        MeetingConfig(min_attendance=ratio)  # type: ignore[arg-type]
