"""Meeting validity (会议有效性): were enough voters there, and did no more ballots come back than went out?

Two checks, both configurable in :class:`MeetingConfig`:

- ballots returned ≤ ballots issued (收回票数不得多于发出票数), in every group;
- attendance (实到, see :attr:`~xuanren.rules.tally.ballots.Turnout.attendance`) ≥ 2/3 of those entitled
  (应到). "三分之二以上" includes two thirds itself, as 以上 does in Chinese legal texts, so 80 of 120
  is enough. By default the whole meeting is measured; ``per_group`` measures every group.

Issuing more ballots than voters are entitled also makes the meeting invalid. A failed check is a result,
not an error: the tally is still made and shown, marked invalid with the reasons.

>>> from xuanren.rules.tally.ballots import Turnout
>>> ok = check_meeting(MeetingConfig(), [Turnout("others", entitled=120, issued=80, returned=80)])
>>> ok.valid, str(ok.explain()[0])
(True, '会议有效：应到120人，实到80人（66.67%，不低于三分之二），发出选票80张，收回80张')
>>> bad = check_meeting(MeetingConfig(), [Turnout("others", entitled=120, issued=79, returned=80)])
>>> bad.valid, [str(m) for m in bad.reasons]
(False, ['others组收回选票80张，多于发出的79张'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from xuanren.rules.messages import Message
from xuanren.rules.tally.ballots import Turnout
from xuanren.rules.tally.explain import error, exact, message, percent

TWO_THIRDS = Fraction(2, 3)


def _ratio_zh(ratio: Fraction) -> str:
    return "三分之二" if ratio == TWO_THIRDS else percent(ratio)


@dataclass(frozen=True)
class MeetingConfig:
    """``min_attendance``: the least share of those entitled who must attend (default 2/3)."""

    min_attendance: Fraction = TWO_THIRDS
    per_group: bool = False

    def __post_init__(self) -> None:
        value = exact(self.min_attendance, "最低到会比例")
        object.__setattr__(self, "min_attendance", value)
        if not 0 <= value <= 1:
            raise error("meeting.ratio", "最低到会比例应在0与1之间，实为{value}",
                        "the least attendance must lie between 0 and 1, not {value}", value=str(value))


@dataclass(frozen=True)
class MeetingValidity:
    """Whether the meeting is valid, the totals, and a message for every check that failed."""

    valid: bool
    entitled: int
    issued: int
    returned: int
    attendance: int
    min_attendance: Fraction
    reasons: tuple[Message, ...]

    def explain(self) -> tuple[Message, ...]:
        params = {"entitled": self.entitled, "attendance": self.attendance, "issued": self.issued,
                  "returned": self.returned, "ratio": _ratio_zh(self.min_attendance),
                  "ratio_en": percent(self.min_attendance),
                  "share": percent(Fraction(self.attendance, self.entitled)) if self.entitled else "—"}
        if self.valid:
            return (message("meeting.valid",
                            "会议有效：应到{entitled}人，实到{attendance}人（{share}，不低于{ratio}），"
                            "发出选票{issued}张，收回{returned}张",
                            "the meeting is valid: {entitled} entitled, {attendance} present ({share}, at least "
                            "{ratio_en}), {issued} ballots issued, {returned} returned", **params),)
        return (message("meeting.invalid",
                        "会议无效：应到{entitled}人，实到{attendance}人，发出选票{issued}张，收回{returned}张",
                        "the meeting is invalid: {entitled} entitled, {attendance} present, {issued} ballots "
                        "issued, {returned} returned", **params), *self.reasons)


def check_meeting(config: MeetingConfig, turnouts: Sequence[Turnout],
                  names: Mapping[str, str] | None = None) -> MeetingValidity:
    """Judge the meeting from each group's turnout; ``names`` gives groups' names for the messages."""
    names = names or {}
    reasons: list[Message] = []
    for t in turnouts:
        name = names.get(t.group, t.group)
        if t.returned > t.issued:
            reasons.append(message("meeting.returned_over_issued",
                                   "{group}组收回选票{returned}张，多于发出的{issued}张",
                                   "group '{group}' returned {returned} ballots, more than the {issued} issued",
                                   group=name, returned=t.returned, issued=t.issued))
        if t.issued > t.entitled:
            reasons.append(message("meeting.issued_over_entitled",
                                   "{group}组发出选票{issued}张，多于应到的{entitled}人",
                                   "group '{group}' was issued {issued} ballots, more than the {entitled} entitled",
                                   group=name, issued=t.issued, entitled=t.entitled))
        if config.per_group and t.entitled and t.attendance < config.min_attendance * t.entitled:
            reasons.append(_short(name, t.attendance, t.entitled, config.min_attendance))
    entitled = sum(t.entitled for t in turnouts)
    attendance = sum(t.attendance for t in turnouts)
    returned = sum(t.returned for t in turnouts)
    if entitled == 0:
        reasons.append(message("meeting.nobody_entitled", "应到人数为0", "nobody is entitled to vote"))
    elif not config.per_group and attendance < config.min_attendance * entitled:
        reasons.append(_short("", attendance, entitled, config.min_attendance))
    if returned == 0:
        reasons.append(message("meeting.no_ballots", "未收回任何选票", "no ballot was returned"))
    return MeetingValidity(not reasons, entitled, sum(t.issued for t in turnouts), returned, attendance,
                           config.min_attendance, tuple(reasons))


def _short(group: str, attendance: int, entitled: int, ratio: Fraction) -> Message:
    share = percent(Fraction(attendance, entitled))
    if group:
        return message("meeting.attendance_group",
                       "{group}组应到{entitled}人，实到{attendance}人（{share}），低于{ratio}",
                       "group '{group}': {attendance} of {entitled} present ({share}), below {ratio_en}",
                       group=group, entitled=entitled, attendance=attendance, share=share,
                       ratio=_ratio_zh(ratio), ratio_en=percent(ratio))
    return message("meeting.attendance", "应到{entitled}人，实到{attendance}人（{share}），低于{ratio}",
                   "{attendance} of {entitled} present ({share}), below {ratio_en}",
                   entitled=entitled, attendance=attendance, share=share, ratio=_ratio_zh(ratio),
                   ratio_en=percent(ratio))
