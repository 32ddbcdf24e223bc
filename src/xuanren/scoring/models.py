"""Exam scores, rubrics, panels, judges' sheets and standings.

Rules of a stage live in ``Stage.settings`` (JSON), as for the recommendation:

- exam: ``{"full_marks": 100, "min_score": 60}`` (``min_score`` optional: below it a candidate cannot
  be shortlisted, with the reason shown);
- interview: ``{"full_marks": 100, "min_score": null}``; the panel rule is on each :class:`Panel`;
- shortlist: ``{"ratio": 3, "tie_breaks": ["recommendation", "interview"], "decimals": 2}`` — the
  composite's weights are the stages' ``weight`` fields (they sum to 100).

State changes go through :mod:`xuanren.scoring.actions` only (one transaction each, with its record event).
Every score is a :class:`~decimal.Decimal` in the database and a :class:`~fractions.Fraction` in the rules;
nothing that decides a rank is a binary float.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.models import Application, Post, Stage


class ExamScore(models.Model):
    """One candidate's written exam result: a score, or absent (缺考), which is not zero."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="exam_scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="exam_scores")
    exam_number = models.CharField(_("准考证号"), max_length=30, blank=True)
    score = models.DecimalField(_("成绩"), max_digits=7, decimal_places=2, null=True, blank=True)
    absent = models.BooleanField(_("缺考"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField(_("录入时间"))

    class Meta:
        ordering = ["stage_id", "application_id"]
        verbose_name = _("笔试成绩")
        verbose_name_plural = _("笔试成绩")
        constraints = [
            models.UniqueConstraint(fields=["stage", "application"], name="exam_score_once"),
            models.UniqueConstraint(fields=["stage", "exam_number"], name="exam_number_unique",
                                    condition=~models.Q(exam_number="")),
            models.CheckConstraint(condition=(models.Q(absent=True) & models.Q(score__isnull=True))
                                   | (models.Q(absent=False) & models.Q(score__isnull=False)),
                                   name="exam_score_or_absent"),
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__gte=0),
                                   name="exam_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {'缺考' if self.absent else self.score}"


class Criterion(models.Model):
    """One line of a stage's rubric (评分标准), e.g. 政治素质 20 points."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("评分要素"), max_length=100)
    max_points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    description = models.TextField(_("评分说明"), blank=True)

    class Meta:
        ordering = ["stage_id", "order", "id"]
        verbose_name = _("评分要素")
        verbose_name_plural = _("评分要素")
        constraints = [
            models.UniqueConstraint(fields=["stage", "name"], name="criterion_name_unique"),
            models.CheckConstraint(condition=models.Q(max_points__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points}）"


class Panel(models.Model):
    """A panel of judges (评委组) hearing the candidates of some posts in one sitting.

    ``rule`` says how the judges' totals become the panel score (:mod:`xuanren.rules.scoring.panel`):
    ``{"method": "trimmed", "drop": 1, "min_judges": 5}`` (default), ``{"method": "mean"}``, or
    ``{"method": "groups", "groups": [{"code": "leaders", "weight": 40}, {"code": "experts", "weight": 60}],
    "drop": 0}`` with each judge in a group.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("评委组"), max_length=100)
    posts = models.ManyToManyField(Post, related_name="panels", verbose_name=_("职位"))
    rule = models.JSONField(_("计分规则"), default=dict, blank=True)
    sitting = models.DateTimeField(_("时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)

    class Meta:
        ordering = ["stage_id", "id"]
        verbose_name = _("评委组")
        verbose_name_plural = _("评委组")
        constraints = [models.UniqueConstraint(fields=["stage", "name"], name="panel_name_unique")]

    def __str__(self) -> str:
        return self.name


class PanelJudge(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats",
                             verbose_name=_("评委"))
    group = models.CharField(_("评委类别"), max_length=30, blank=True,
                             help_text=_("如 leaders（领导）、experts（专家）"))
    order = models.PositiveSmallIntegerField(_("座次"), default=0)

    class Meta:
        ordering = ["panel_id", "order", "id"]
        verbose_name = _("评委")
        verbose_name_plural = _("评委")
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panel_judge_once")]

    def __str__(self) -> str:
        return f"{self.panel}: {self.user}"


class Appearance(models.Model):
    """A candidate before a panel: the order of appearance (drawn by lot) and whether scoring is closed."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("待评分")
        SCORING = "scoring", _("评分中")
        CLOSED = "closed", _("已结束评分")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="appearances")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="appearances")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appearances")
    order = models.PositiveSmallIntegerField(_("出场顺序"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.WAITING)
    absent = models.BooleanField(_("缺席"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["panel_id", "order", "id"]
        verbose_name = _("出场")
        verbose_name_plural = _("出场")
        constraints = [
            models.UniqueConstraint(fields=["stage", "application"], name="appearance_once"),
            models.UniqueConstraint(fields=["panel", "order"], name="appearance_order_unique",
                                    condition=models.Q(order__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.panel} #{self.order}: {self.application}"


class Sheet(models.Model):
    """One judge's scores for one candidate (评分表): points per criterion, or a recusal with its reason.

    A judge sees only their own sheets until the candidate is closed; they may change their sheet until
    then. ``points`` is ``{criterion pk (str): "8.5"}`` (decimal strings); ``total`` their sum.
    """

    appearance = models.ForeignKey(Appearance, on_delete=models.CASCADE, related_name="sheets")
    judge = models.ForeignKey(PanelJudge, on_delete=models.PROTECT, related_name="sheets")
    points = models.JSONField(_("各要素得分"), default=dict, blank=True)
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    recused = models.BooleanField(_("回避"), default=False)
    recusal_reason = models.TextField(_("回避理由"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    revision = models.PositiveSmallIntegerField(_("修改次数"), default=0)

    class Meta:
        ordering = ["appearance_id", "judge_id"]
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        constraints = [
            models.UniqueConstraint(fields=["appearance", "judge"], name="sheet_once"),
            models.CheckConstraint(condition=(models.Q(recused=True) & models.Q(total__isnull=True)
                                              & ~models.Q(recusal_reason=""))
                                   | (models.Q(recused=False) & models.Q(total__isnull=False)),
                                   name="sheet_total_or_recusal"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.appearance.application}"


class Standing(models.Model):
    """A candidate's place when the shortlist stage is sealed: composite, rank, shortlisted or not, and why.

    Written at sealing (and rewritten by a correction); the explanation is in ``explanation`` as the rules
    produced it (``[{"code", "zh", "en"}]``). ``composite`` is the exact value as a fraction string
    (``"1234/15"``) and ``display`` the rounded one shown.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="standings")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="standings")
    composite = models.CharField(_("综合成绩（精确值）"), max_length=80, blank=True)
    display = models.CharField(_("综合成绩"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    shortlisted = models.BooleanField(_("确定为考察对象"), default=False)
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    components = models.JSONField(_("各环节成绩"), default=dict, blank=True)
    explanation = models.JSONField(_("计算过程"), default=list, blank=True)

    class Meta:
        ordering = ["stage_id", "application__post_id", "rank", "id"]
        verbose_name = _("排名")
        verbose_name_plural = _("排名")
        constraints = [models.UniqueConstraint(fields=["stage", "application"], name="standing_once")]

    def __str__(self) -> str:
        return f"{self.application}: {self.display} #{self.rank}"
