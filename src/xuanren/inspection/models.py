"""Inspection (组织考察) of each candidate who reached it (DESIGN.md §2 step 8).

One :class:`Inspection` per candidate (an application) in the campaign's inspection stage: the team,
the advance notice (考察预告, published on the public pages), the talks held (个别谈话, counts by
category), an optional graded evaluation ballot among colleagues (a ``voting.Session`` of kind
evaluation), findings per dimension (德、能、勤、绩、廉) with optional scores and weights, the written
conclusion, and attachments. A quantified inspection score (0–100) can enter the composite as the
inspection stage's score source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.models import Application, Stage

# The five dimensions of an inspection (德、能、勤、绩、廉), in order; a campaign's inspection stage may
# configure others in its settings (``dimensions``: ``[{"key", "label", "weight"}]``).
DIMENSIONS = (("de", _("德")), ("neng", _("能")), ("qin", _("勤")), ("ji", _("绩")), ("lian", _("廉")))

# Categories of the individual talks (个别谈话), as an inspection report counts them.
TALK_CATEGORIES = (("leaders", _("单位领导班子成员")), ("middle", _("中层干部")), ("colleagues", _("一般干部")),
                   ("subordinates", _("所在部门干部")), ("others", _("服务对象及其他")))


class Inspection(models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("准备中")  # team formed, advance notice drafted
        ANNOUNCED = "announced", _("已发布考察预告")
        CONCLUDED = "concluded", _("已形成考察结论")

    class Conclusion(models.TextChoices):
        PENDING = "", _("尚无结论")
        SUITABLE = "suitable", _("同意作为拟任人选")  # 考察合格
        UNSUITABLE = "unsuitable", _("不宜作为拟任人选")

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="inspections")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="inspection")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PREPARING)
    team_leader = models.CharField(_("考察组组长"), max_length=50, blank=True)
    team = models.JSONField(_("考察组成员"), default=list, blank=True)  # ["姓名（职务）", …]
    notice_text = models.TextField(_("考察预告"), blank=True)
    notice_from = models.DateField(_("预告起"), null=True, blank=True)
    notice_until = models.DateField(_("预告止"), null=True, blank=True)
    notice_published_at = models.DateTimeField(_("预告发布时间"), null=True, blank=True)
    talks = models.JSONField(_("谈话人数"), default=dict, blank=True)  # {category key: count}
    evaluation_session = models.ForeignKey("voting.Session", on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("民主测评场次"))
    findings = models.JSONField(_("考察情况"), default=dict, blank=True)  # {dimension: {"text", "score"}}
    score = models.DecimalField(_("考察得分"), max_digits=7, decimal_places=3, null=True, blank=True)
    conclusion = models.CharField(_("考察结论"), max_length=20, choices=Conclusion.choices, blank=True,
                                  default=Conclusion.PENDING)
    conclusion_text = models.TextField(_("考察结论意见"), blank=True)
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)
    # What the deciding stage before the inspection said of the candidate when the inspection was opened
    # ({"rank", "score", "note"}), so the finalists after the inspection keep that stage's order and figures.
    finalist = models.JSONField(_("此前环节结果"), default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application__post__order", "application__post_id", "application_id"]
        verbose_name = _("考察")
        verbose_name_plural = _("考察")

    def __str__(self) -> str:
        return f"考察：{self.application}"


class InspectionAttachment(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="inspection/%Y/")
    title = models.CharField(_("附件名称"), max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("考察附件")
        verbose_name_plural = _("考察附件")

    def __str__(self) -> str:
        return self.title
