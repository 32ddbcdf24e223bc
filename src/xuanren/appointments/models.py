"""Appointment (任职), probation (试用期), the reserve pool (后备干部) and vacancies, DESIGN.md §2 steps 11–12.

- :class:`Appointment`: a candidate who passed the committee and the notice is appointed to the post
  (from the campaign), or a pool member to a later vacancy (``pool_entry``): the document (文号, rendered
  from an editable :class:`DocumentTemplate` to .docx and PDF), the effective date, the term (default 2
  years) and the probation (default 1 year). The person's post and level in the register change with it;
  what they held before is kept here, so a revoked probation returns them to it.
- :class:`ProbationReview`: the end-of-probation assessment (confirmed / extended / revoked).
- :class:`PoolEntry`: a candidate who passed the thresholds but was not appointed, with their scores,
  the campaign and an expiry (default 1 year: recommendation results are valid one year).
- :class:`Vacancy`: a post left vacant, with the reason (nobody met the thresholds, the candidate failed
  the committee vote or the notice, nobody qualified), until re-opened in a later campaign.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.models import Application, Campaign, Post
from xuanren.people.models import Person


class DocumentTemplate(models.Model):
    """An editable template of an official document (任职通知 / 聘任决定): ``body`` has ``{placeholders}``."""

    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", _("任职通知")
        PROBATION = "probation", _("试用期满考核决定")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文模板"))
    issuer = models.CharField(_("发文机关"), max_length=100)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated = models.DateTimeField()

    class Meta:
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")

    def __str__(self) -> str:
        return self.title


class PoolEntry(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("在库")
        APPOINTED = "appointed", _("已从后备库任用")
        WITHDRAWN = "withdrawn", _("已移出")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pool_entries")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="pool_entry")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="pool_entries")
    level = models.CharField(_("职务层次/职级"), max_length=30)  # of the post they stood for
    scores = models.JSONField(_("成绩"), default=dict)  # what the campaign found: composite, rank, stages
    entered_on = models.DateField(_("入库日期"))
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    note = models.TextField(_("说明"), blank=True)
    withdrawn_on = models.DateField(_("移出日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("移出原因"), blank=True)

    class Meta:
        ordering = ["-entered_on", "id"]
        verbose_name = _("后备干部")
        verbose_name_plural = _("后备干部")

    def __str__(self) -> str:
        return f"后备：{self.person}"


class Appointment(models.Model):
    class Status(models.TextChoices):
        PROBATION = "probation", _("试用期")
        APPOINTED = "appointed", _("已任职")  # no probation, or probation confirmed
        EXTENDED = "extended", _("试用期延长")
        REVOKED = "revoked", _("试用不合格，已免去")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="appointments")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="appointment")
    pool_entry = models.OneToOneField(PoolEntry, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="appointment")
    document_number = models.CharField(_("文号"), max_length=100)
    document_date = models.DateField(_("发文日期"))
    effective = models.DateField(_("任职时间"))
    term_years = models.PositiveSmallIntegerField(_("任期（年）"), default=2)
    term_end = models.DateField(_("任期届满"))
    probation_months = models.PositiveSmallIntegerField(_("试用期（月）"), default=12)
    probation_end = models.DateField(_("试用期满"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PROBATION)
    previous = models.JSONField(_("原任职务"), default=dict)  # unit, post_title, post_level, since
    # The results the appointment rests on, as cited in its document: the finalist's figures in the
    # campaign, or the pool entry's (campaign, post stood for, scores) for an appointment from the pool.
    basis = models.JSONField(_("任用依据"), default=dict, blank=True)
    text = models.TextField(_("任职文件正文"))  # rendered from the template when made
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField()

    class Meta:
        ordering = ["-effective", "id"]
        verbose_name = _("任职")
        verbose_name_plural = _("任职")

    def __str__(self) -> str:
        return f"{self.person} 任 {self.post.title}"


class ProbationReview(models.Model):
    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("试用期满考核合格，正式任职")
        EXTENDED = "extended", _("延长试用期")
        REVOKED = "revoked", _("试用期满考核不合格，免去试任职务")

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="reviews")
    outcome = models.CharField(_("考核结论"), max_length=20, choices=Outcome.choices)
    extended_until = models.DateField(_("延长至"), null=True, blank=True)
    reason = models.TextField(_("考核意见"))
    decided_on = models.DateField(_("决定日期"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    text = models.TextField(_("决定正文"), blank=True)  # rendered from the probation template when decided
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["appointment_id", "decided_on", "id"]
        verbose_name = _("试用期满考核")
        verbose_name_plural = _("试用期满考核")

    def __str__(self) -> str:
        return f"{self.appointment}: {self.outcome}"


class Vacancy(models.Model):
    class Reason(models.TextChoices):
        THRESHOLD = "threshold", _("无人达到规定得票率或分数线")
        TOO_FEW = "too_few", _("合格人数不足")
        COMMITTEE = "committee", _("拟任人选未获讨论决定通过")
        NOTICE = "notice", _("公示反映问题属实，终止任用")
        PROBATION = "probation", _("试用期满考核不合格")
        OTHER = "other", _("其他")

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="vacancies")
    reason = models.CharField(_("空缺原因"), max_length=20, choices=Reason.choices)
    detail = models.TextField(_("说明"), blank=True)
    created = models.DateTimeField()
    reopened_in = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("重新竞聘批次"))
    filled_by = models.ForeignKey(Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("从后备库任用"))

    class Meta:
        ordering = ["-created", "id"]
        verbose_name = _("空缺职位")
        verbose_name_plural = _("空缺职位")

    def __str__(self) -> str:
        return f"空缺：{self.post}"
