"""The tally (计票) of democratic recommendation and evaluation: pure, exact, and explained.

Three kinds of ballot share one sheet-and-count machinery (:mod:`.ballots`, :mod:`.counting`):

- recommendation (:mod:`.recommendation`): per post, mark up to ``max_marks`` candidates (default the
  post's slots), optionally write names in; weighted scores against the threshold for the number of
  candidates; a post nobody qualifies for is left vacant;
- graded evaluation (:mod:`.evaluation`): per person one grade; the rate of every grade and the flags
  of seed 003;
- multi-element recommendation (:mod:`.elements`): per element the best candidate(s); ranked per
  element and combined.

All figures are exact (:class:`~fractions.Fraction`) and compared exactly; :mod:`.explain` rounds half up
to two places for display only. Every result has ``explain()``, returning
:class:`~xuanren.rules.messages.Message` lines (Chinese and English) with the counts, the base, the
weight and the threshold applied.

What is an error and what is a result. Input that cannot be judged raises
:class:`~xuanren.rules.errors.RuleError`: group weights not summing to 100, a negative or non-integer
count, a float where an exact number is needed, a ballot that does not fit its sheet (unknown candidate,
the same candidate marked twice, a write-in where none is taken), a count or turnout for a group not
configured, a group without its turnout, and ballots counted that do not match the ballots returned
(less those void as a whole). What voters and meetings do is a *result*, shown and recorded: more
marks than allowed (the ballot is invalid for that post only), a blank ballot (valid, recommends
nobody), returned > issued or attendance below 2/3 (the result is marked invalid, with the reasons), a
group that returned no ballot (the empty-group rule, stated in the result), nobody meeting the
threshold (vacant).

Counting is fast because ballots are packed per voter group into columns of small integers
(:class:`~.ballots.BallotBox`) and read with :class:`collections.Counter`: see bench/tally.py and the
"Tally" section of docs/performance.md. Counts add up (``+``), so a campaign may count each session's
boxes as they close and tally the sum.

>>> from xuanren.rules.tally import *
>>> post = Post("p1", "办公室主任", (Option("a", "甲"), Option("b", "乙")))
>>> sheet = recommendation_sheet([post])
>>> ballots = [sheet.ballot("others", {"p1": ["a"]})] * 3 + [sheet.ballot("others", {"p1": ["a", "b"]})]
>>> turnout = [Turnout("leaders", 0, 0, 0), Turnout("middle_managers", 0, 0, 0), Turnout("others", 5, 4, 4)]
>>> result = tally_recommendation(RecommendationConfig(), [post], count_ballots(sheet, ballots), turnout)
>>> [(c.candidate.name, number(c.score), c.meets) for c in result.posts[0].ranking]
[('甲', '75', True), ('乙', '0', False)]
>>> print(result.weighting.notes[0])
院领导、中层干部组未收回选票：按规则，其权重60由已投票的组按权重比例分享（其他人员40→100）
"""

from __future__ import annotations

from xuanren.rules.tally.ballots import (
    Ballot,
    BallotBox,
    Option,
    Pattern,
    Question,
    Sheet,
    Turnout,
    VoterGroup,
    WriteIn,
    encode,
)
from xuanren.rules.tally.counting import GroupCount, QuestionCount, count, count_ballots, count_boxes, merge
from xuanren.rules.tally.elements import (
    DEFAULT_ELEMENTS,
    CombinedStanding,
    Element,
    ElementConfig,
    ElementResult,
    ElementsResult,
    Standing,
    element_sheet,
    tally_elements,
)
from xuanren.rules.tally.evaluation import (
    GRADES,
    EvaluationConfig,
    EvaluationResult,
    Grade,
    GradeFigure,
    PersonResult,
    Pooling,
    evaluation_sheet,
    tally_evaluation,
)
from xuanren.rules.tally.explain import number, number_beside, percent, rounded
from xuanren.rules.tally.meeting import MeetingConfig, MeetingValidity, check_meeting
from xuanren.rules.tally.recommendation import (
    BallotFigures,
    CandidateResult,
    Post,
    PostOutcome,
    PostResult,
    RecommendationConfig,
    RecommendationResult,
    Thresholds,
    WriteInFigure,
    recommendation_sheet,
    tally_recommendation,
)
from xuanren.rules.tally.weights import (
    DEFAULT_GROUPS,
    EmptyGroupRule,
    GroupFigure,
    RateBase,
    Weighting,
    check_groups,
    rank,
    weigh,
)

__all__ = [
    "DEFAULT_ELEMENTS",
    "DEFAULT_GROUPS",
    "GRADES",
    "Ballot",
    "BallotBox",
    "BallotFigures",
    "CandidateResult",
    "CombinedStanding",
    "Element",
    "ElementConfig",
    "ElementResult",
    "ElementsResult",
    "EmptyGroupRule",
    "EvaluationConfig",
    "EvaluationResult",
    "Grade",
    "GradeFigure",
    "GroupCount",
    "GroupFigure",
    "MeetingConfig",
    "MeetingValidity",
    "Option",
    "Pattern",
    "PersonResult",
    "Pooling",
    "Post",
    "PostOutcome",
    "PostResult",
    "Question",
    "QuestionCount",
    "RateBase",
    "RecommendationConfig",
    "RecommendationResult",
    "Sheet",
    "Standing",
    "Thresholds",
    "Turnout",
    "VoterGroup",
    "Weighting",
    "WriteIn",
    "WriteInFigure",
    "check_groups",
    "check_meeting",
    "count",
    "count_ballots",
    "count_boxes",
    "element_sheet",
    "encode",
    "evaluation_sheet",
    "merge",
    "number",
    "number_beside",
    "percent",
    "rank",
    "recommendation_sheet",
    "rounded",
    "tally_elements",
    "tally_evaluation",
    "tally_recommendation",
    "weigh",
]
