"""The written exam's stage handler, its score source for the composite, and its page on the dashboard.

- sealing is refused while a candidate has neither a score nor 缺考 (:func:`exam_blockers`);
- what is published is :func:`xuanren.scoring.selectors.exam_results`: per post, each candidate's exam
  number, score or 缺考, and whether it is below the pass line;
- a correction changes scores with a reason (:func:`xuanren.scoring.actions.exam.apply_exam_changes`);
- the composite reads :func:`exam_scores`: each candidate's exact score out of the full marks, ``None``
  for 缺考, with the line that explains it.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.actions.stages import StageHandler, register_stage_handler
from xuanren.campaigns.models import Stage, StageKind
from xuanren.campaigns.selectors import candidates
from xuanren.campaigns.stage_pages import register_stage_page
from xuanren.rules.messages import Message
from xuanren.scoring.actions._common import plain, score_settings
from xuanren.scoring.actions.exam import apply_exam_changes
from xuanren.scoring.models import ExamScore
from xuanren.scoring.selectors import exam_results
from xuanren.scoring.sources import StageScore, register_score_source

NAMES_LISTED = 10


def exam_blockers(stage: Stage, now: dt.datetime) -> list[str]:
    """Candidates with no score and not marked absent, named (the first ten) and counted."""
    entered = set(ExamScore.objects.filter(stage=stage).values_list("application_id", flat=True))
    missing = [a for a in candidates(stage.campaign) if a.pk not in entered]
    if not missing:
        return []
    names = "、".join(f"{a.person.name}（{a.post.code}）" for a in missing[:NAMES_LISTED])
    more = f"等{len(missing)}人" if len(missing) > NAMES_LISTED else ""
    return [f"尚有{len(missing)}名考生未录入笔试成绩（也未标记缺考）：{names}{more}"]


def exam_scores(stage: Stage) -> dict[int, StageScore]:
    """``{application pk: StageScore}`` for every candidate with a score or 缺考."""
    rules = score_settings(stage)
    full = rules.full_marks
    out: dict[int, StageScore] = {}
    wanted = set(candidates(stage.campaign).values_list("pk", flat=True))
    for row in ExamScore.objects.filter(stage=stage, application_id__in=wanted):
        if row.absent or row.score is None:
            line = Message("scoring.exam.absent", "笔试缺考", "absent from the written exam")
            out[row.application_id] = StageScore(row.application_id, None, full, True, (line,))
            continue
        score = Fraction(row.score)
        lines = [Message("scoring.exam.score", "笔试成绩{score}分（满分{full}分）{number}",
                         "written exam: {score} out of {full}{number_en}",
                         {"score": plain(score), "full": plain(full),
                          "number": f"，准考证号{row.exam_number}" if row.exam_number else "",
                          "number_en": f", exam number {row.exam_number}" if row.exam_number else ""})]
        if rules.min_score is not None and score < rules.min_score:
            lines.append(Message("scoring.exam.below_line", "低于合格线{line}分", "below the pass line {line}",
                                 {"line": plain(rules.min_score)}))
        out[row.application_id] = StageScore(row.application_id, score, full, False, tuple(lines))
    return out


register_stage_handler(StageKind.EXAM, StageHandler(results=exam_results, blockers=exam_blockers,
                                                    correct=apply_exam_changes))
register_score_source(StageKind.EXAM, exam_scores)
register_stage_page(StageKind.EXAM, _("录入成绩"), "scoring:exam", "scoring.view")
