"""Eligibility review (资格审查): each application against its post's conditions, with a reason per condition.

A post's conditions are data (:class:`Conditions`); a candidate is a :class:`Candidate`; the reference
date (审查基准日, usually the closing day of applications) is always an argument. :func:`check` returns a
:class:`Verdict`: eligible or not, a :class:`Finding` for every condition the post sets (the failed ones
and the met ones, each naming its :class:`Kind` and giving a :class:`~xuanren.rules.messages.Message`
in Chinese and English with the figures), and the free-text conditions a reviewer must judge.
:func:`compile` and :func:`check_many` do the same for many applications at once.
:func:`validate_conditions` and :func:`validate_slots` refuse posts that cannot be judged.

Counting rules: years and ages are full years on the reference date (see :func:`full_years`): a part
year never counts, an anniversary or birthday counts on the day itself, and a 29 February one falls on
1 March in common years.

>>> import datetime as dt
>>> post = Conditions(qualifying_levels=levels_at_or_above("division_deputy"),
...                   qualifying_ranks=ranks_at_or_above("researcher_4"), min_years=3, max_age=45,
...                   min_education="bachelor", full_time_required=True, appraisal_years=3)
>>> someone = Candidate(dt.date(1980, 11, 24), "college", full_time=False, rank="researcher_4",
...                     rank_since=dt.date(2024, 5, 1), appraisals={2023: "competent", 2024: "basic"})
>>> verdict = check(someone, post, on=dt.date(2026, 11, 23))
>>> verdict.eligible
False
>>> for f in verdict.failures:
...     print(f.kind, f.message)
years_at_level 任现职级（四级调研员）2年，要求满3年
education 学历为大学专科（在职），要求全日制大学本科及以上
appraisals 2024年度考核为基本称职，要求称职及以上
appraisals 2025年度无考核结果，要求称职及以上
>>> for f in verdict.passes:
...     print(f.kind, f.message)
level_or_rank 现任四级调研员，符合要求（县处级副职及以上或四级调研员及以上）
age 年龄45岁（按2026年11月23日计算），要求不超过45岁
>>> verdict.failures[0].message.text("en")
'2 full year(s) in the current rank (Fourth-class researcher), 3 required'
"""

from __future__ import annotations

from xuanren.rules.eligibility.codes import (
    APPRAISAL_ORDER,
    APPRAISAL_RESULTS,
    EDUCATION_ORDER,
    LEVEL_CODES,
    POLITICAL_STATUSES,
    RANK_CODES,
    Kind,
    education_at_least,
    full_years,
    levels_at_or_above,
    ranks_at_or_above,
    years_back,
)
from xuanren.rules.eligibility.model import (
    Candidate,
    Conditions,
    Finding,
    Verdict,
    validate_conditions,
    validate_slots,
)
from xuanren.rules.eligibility.review import Review, check, check_many, compile

__all__ = [
    "APPRAISAL_ORDER",
    "APPRAISAL_RESULTS",
    "EDUCATION_ORDER",
    "LEVEL_CODES",
    "POLITICAL_STATUSES",
    "RANK_CODES",
    "Candidate",
    "Conditions",
    "Finding",
    "Kind",
    "Review",
    "Verdict",
    "check",
    "check_many",
    "compile",
    "education_at_least",
    "full_years",
    "levels_at_or_above",
    "ranks_at_or_above",
    "validate_conditions",
    "validate_slots",
    "years_back",
]
