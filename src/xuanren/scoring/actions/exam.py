"""The written exam (笔试): its full marks and pass line, scores entered one by one or imported, corrections.

- :func:`exam_settings_set` — full marks and the pass line (``min_score``), until the stage is sealed;
- :func:`exam_score_enter` — one candidate's score, or absent (缺考, which is not zero), while the stage
  is open; entering again changes it (the record keeps both);
- :func:`exam_import` — a whole file of scores, all or nothing (:mod:`xuanren.scoring.importing`);
- :func:`exam_score_correct` — after sealing, a correction with its reason, published as a new version
  (through :func:`xuanren.campaigns.actions.stages.stage_correct`; :func:`apply_exam_changes` is the part
  the exam's stage handler runs inside it).

Who sits the exam is :func:`xuanren.campaigns.selectors.candidates`: active applications to open posts
found eligible. Every action refuses with :class:`~xuanren.campaigns.errors.CampaignError` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db import transaction

from xuanren.campaigns.actions.stages import stage_correct
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import Application, Publication, Stage, StageKind
from xuanren.campaigns.selectors import candidates
from xuanren.people.actions import ImportRejected, check_size
from xuanren.people.importing import Problem
from xuanren.record.actions import record_event
from xuanren.scoring.actions._common import (
    is_absent_word,
    lock_campaign,
    locked_stage,
    now_or,
    plain,
    read_score,
    require,
    require_kind,
    require_not_sealed,
    require_open,
    score_settings,
    state,
    to_decimal,
    to_fraction,
)
from xuanren.scoring.models import ExamScore

EXAM = StageKind.EXAM.value
MAX_FULL_MARKS = Fraction(1000)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _candidate(stage: Stage, application: Application | int) -> Application:
    pk = application if isinstance(application, int) else application.pk
    found = candidates(stage.campaign).filter(pk=pk).first()
    if found is None:
        raise refuse("scoring.not_candidate", "第{pk}号报名不是本次考试的考生（须为有效报名、职位正常且资格审查合格）",
                     "application {pk} is not a candidate of this exam (active, open post, found eligible)", pk=pk)
    return found


def _who(application: Application) -> str:
    return f"{application.person.name}（职位{application.post.code}）"


# --- settings --------------------------------------------------------------------------------------

def exam_settings_set(*, actor: Any, stage: Stage, full_marks: Any, min_score: Any = None,
                      now: dt.datetime | None = None) -> Stage:
    """Set the exam's full marks (满分, default 100) and pass line (合格线, optional) until it is sealed.

    Refuses full marks not above 0 (or above 1000), a pass line outside 0…full marks, and full marks below
    a score already entered. Recorded as ``scoring.exam.settings``.
    """
    require(actor, "scoring.manage")
    now_or(now)
    full = to_fraction(full_marks)
    least = to_fraction(min_score)
    if full is None or full <= 0 or full > MAX_FULL_MARKS:
        raise refuse("scoring.exam.full_marks", "满分应为大于0且不超过1000的数", "full marks must be above 0 and at "
                     "most 1000")
    if (full * 100).denominator != 1:
        raise refuse("scoring.exam.full_marks", "满分最多保留两位小数", "full marks have at most two decimals")
    if least is not None and not 0 <= least <= full:
        raise refuse("scoring.exam.min_score", "合格线{least}应在0至满分{full}之间", "the pass line {least} must be "
                     "between 0 and the full marks {full}", least=plain(least), full=plain(full))
    with transaction.atomic():
        lock_campaign(stage.campaign)
        current = locked_stage(stage)
        require_kind(current, EXAM)
        require_not_sealed(current)
        above = list(ExamScore.objects.filter(stage=current, score__gt=to_decimal(full))
                     .select_related("application__person", "application__post")[:5])
        if above:
            raise refuse("scoring.exam.full_marks_below_scores", "已录入的成绩高于新的满分{full}：{who}",
                         "scores already entered are above the new full marks {full}: {who}", full=plain(full),
                         who="、".join(f"{_who(s.application)}{plain(s.score)}分" for s in above))
        before = state(current)
        settings = dict(current.settings or {})
        settings.update({"full_marks": plain(full), "min_score": plain(least) if least is not None else None})
        current.settings = settings
        current.save(update_fields=["settings"])
        record_event(actor=actor, action="scoring.exam.settings", obj=current, before=before, after=state(current),
                     details={"campaign": current.campaign_id, "full_marks": plain(full),
                              "min_score": plain(least) if least is not None else None})
    return current


# --- entering one score ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreValue:
    """What is entered for a candidate: a score, or absent; and the exam number (准考证号), if any."""

    score: Fraction | None
    absent: bool
    exam_number: str = ""


def check_value(stage: Stage, score: Any, absent: bool, exam_number: str = "") -> ScoreValue:
    """The entry made valid: exactly one of score and absent, the score within full marks."""
    exam_number = (exam_number or "").strip()
    if len(exam_number) > 30:
        raise refuse("scoring.exam.number_too_long", "准考证号最多30个字符",
                     "the exam number has at most 30 characters")
    if is_absent_word(score):
        score, absent = None, True
    if absent:
        if score not in (None, ""):
            raise refuse("scoring.exam.score_and_absent", "缺考的考生不能同时有成绩",
                         "an absent candidate cannot also have a score")
        return ScoreValue(None, True, exam_number)
    if score is None or score == "":
        raise refuse("scoring.exam.score_missing", "请填写成绩，或标记为缺考",
                     "enter a score or mark the candidate absent")
    return ScoreValue(read_score(score, score_settings(stage).full_marks), False, exam_number)


def _number_taken(stage: Stage, exam_number: str, application_id: int) -> None:
    if not exam_number:
        return
    other = (ExamScore.objects.filter(stage=stage, exam_number=exam_number).exclude(application_id=application_id)
             .select_related("application__person", "application__post").first())
    if other is not None:
        raise refuse("scoring.exam.number_taken", "准考证号{number}已属于{who}", "exam number {number} already belongs "
                     "to another candidate", number=exam_number, who=_who(other.application))


def _write(stage: Stage, application: Application, value: ScoreValue, actor: Any, now: dt.datetime
           ) -> tuple[ExamScore, dict[str, Any] | None]:
    """Create or change the row; returns it and its state before (``None`` when new)."""
    row = ExamScore.objects.filter(stage=stage, application=application).first()
    before = state(row) if row is not None else None
    if row is None:
        row = ExamScore(stage=stage, application=application)
    row.score = to_decimal(value.score) if value.score is not None else None
    row.absent = value.absent
    if value.exam_number or not row.exam_number:
        row.exam_number = value.exam_number
    row.entered_by, row.entered_at = _user(actor), now
    row.save()
    return row, before


def exam_score_enter(*, actor: Any, stage: Stage, application: Application, score: Any = None, absent: bool = False,
                     exam_number: str = "", now: dt.datetime | None = None) -> ExamScore:
    """Enter (or change, before sealing) one candidate's score, or mark them absent. ``score`` may be a number
    or its text; "缺考" in it means absent. An empty ``exam_number`` keeps the one entered before.

    Refuses: the stage not open (sealed: use a correction), someone who is not a candidate, no score and
    not absent, both, a score negative, above full marks or with more than two decimals, an exam number
    another candidate has. Recorded as ``scoring.exam.enter``.
    """
    require(actor, "scoring.manage")
    now = now_or(now)
    with transaction.atomic():
        lock_campaign(stage.campaign)
        current = locked_stage(stage)
        require_kind(current, EXAM)
        require_open(current)
        app = _candidate(current, application)
        value = check_value(current, score, absent, exam_number)
        _number_taken(current, value.exam_number, app.pk)
        row, before = _write(current, app, value, actor, now)
        record_event(actor=actor, action="scoring.exam.enter", obj=row, before=before, after=state(row),
                     details={"campaign": current.campaign_id, "stage": current.pk, "application": app.pk,
                              "post": app.post.code, "score": plain(value.score) if value.score is not None else None,
                              "absent": value.absent})
    return row


# --- importing a file ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExamImportResult:
    rows: int
    created: int
    changed: int
    absent: int
    sha256: str
    event_seq: int

    def lines(self) -> list[str]:
        return [f"共 {self.rows} 条成绩：新录入 {self.created} 条，修改 {self.changed} 条"
                f"（其中缺考 {self.absent} 人）。",
                f"已记入全程记实（第 {self.event_seq} 号事件）。"]

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "created": self.created, "changed": self.changed, "absent": self.absent,
                "sha256": self.sha256, "event_seq": self.event_seq, "summary": self.lines()}


def exam_import(*, actor: Any, stage: Stage, data: bytes, filename: str,
                now: dt.datetime | None = None) -> ExamImportResult:
    """Enter the scores of a file (.xlsx or CSV) for the exam ``stage``, all or nothing.

    Needs ``scoring.manage``. Raises :class:`~xuanren.people.actions.ImportRejected` with every problem
    (row, column, value, reason); nothing is written then. Recorded as one ``scoring.exam.import`` event
    with the file's name and digest and every score written.
    """
    from xuanren.scoring.importing import parse_exam_file

    require(actor, "scoring.manage")
    now = now_or(now)
    check_size(len(data), filename=filename)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        lock_campaign(stage.campaign)
        current = locked_stage(stage)
        try:
            require_kind(current, EXAM)
            require_open(current, what="导入成绩", what_en="scores be imported")
        except CampaignError as exc:
            raise ImportRejected([Problem("", None, "", "", str(exc))], filename=filename) from None
        rows, problems = parse_exam_file(data, current)
        if problems:
            raise ImportRejected(problems, filename=filename)
        created = changed = 0
        written: list[list[Any]] = []
        for r in rows:
            row, before = _write(current, r.application, r.value, actor, now)
            created += before is None
            changed += before is not None
            written.append([r.application.pk, r.application.post.code, row.exam_number,
                            plain(r.value.score) if r.value.score is not None else None, r.value.absent])
        absent = sum(1 for r in rows if r.value.absent)
        event = record_event(actor=actor, action="scoring.exam.import", obj=current, after=written,
                             details={"campaign": current.campaign_id, "file": filename, "sha256": sha256,
                                      "rows": len(rows), "created": created, "changed": changed, "absent": absent})
    return ExamImportResult(rows=len(rows), created=created, changed=changed, absent=absent, sha256=sha256,
                            event_seq=event.seq)


# --- corrections after sealing ---------------------------------------------------------------------

def _change_pairs(changes: Any) -> list[dict[str, Any]]:
    """``[{"application", "score", "absent", "exam_number"}]`` from a list of such dicts or ``{pk: score}``."""
    if isinstance(changes, Mapping):
        return [{"application": k, "score": v, "absent": is_absent_word(v)} for k, v in changes.items()]
    if isinstance(changes, list | tuple):
        return [dict(c) for c in changes if isinstance(c, Mapping)]
    return []


def apply_exam_changes(stage: Stage, changes: Any, reason: str, actor: Any, now: dt.datetime) -> dict[str, Any]:
    """The exam handler's correction: change each named candidate's score (or absence), inside the caller's
    transaction (:func:`stage_correct`). Refuses an empty correction, a non-candidate, a bad score and a
    change that changes nothing."""
    pairs = _change_pairs(changes)
    if not pairs:
        raise refuse("scoring.exam.correct_empty", "更正内容为空", "the correction changes nothing")
    done: list[dict[str, Any]] = []
    for change in pairs:
        try:
            pk = int(change.get("application"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise refuse("scoring.exam.correct_application", "更正须指明考生（报名编号）",
                         "a correction names the candidate (application id)") from None
        app = _candidate(stage, pk)
        value = check_value(stage, change.get("score"), bool(change.get("absent")),
                            str(change.get("exam_number") or ""))
        old = ExamScore.objects.filter(stage=stage, application=app).first()
        if old is not None and old.absent == value.absent and (
                value.absent or to_decimal(value.score or Fraction(0)) == old.score) and (
                not value.exam_number or value.exam_number == old.exam_number):
            raise refuse("scoring.exam.correct_no_change", "{who}的成绩已是{score}，无需更正",
                         "the score of {who} is already {score}", who=_who(app),
                         score="缺考" if old.absent else plain(old.score))
        _number_taken(stage, value.exam_number, app.pk)
        row, before = _write(stage, app, value, actor, now)
        done.append({"application": app.pk, "post": app.post.code, "name": app.person.name,
                     "score": plain(value.score) if value.score is not None else None, "absent": value.absent,
                     "before": before, "after": state(row)})
    return {"changes": [{k: d[k] for k in ("application", "post", "score", "absent")} for d in done],
            "before": [d["before"] for d in done], "after": [d["after"] for d in done]}


def exam_score_correct(*, actor: Any, stage: Stage, application: Application, score: Any = None,
                       absent: bool = False, exam_number: str = "", reason: str,
                       now: dt.datetime | None = None) -> Publication:
    """Correct one candidate's score after sealing, with a reason; the exam's results are published again
    as the next version. A shortlist already sealed is then recomputed by its own correction
    (:func:`xuanren.scoring.actions.shortlist.shortlist_recompute`)."""
    return stage_correct(actor=actor, stage=stage, reason=reason, now=now, changes=[
        {"application": application.pk, "score": score, "absent": absent, "exam_number": exam_number}])
