"""The pre-appointment public notice (任前公示) and objections to it (举报), DESIGN.md §2 step 10.

- :class:`CalendarYear`: the working-day calendar an organiser keeps (the State Council's arrangement
  of one year: holidays and make-up working days, 调休), read with the shipped years by
  :meth:`xuanren.rules.calendar.WorkCalendar.from_data`.
- :class:`Notice`: one notice of a campaign, with its entries (one per candidate who passed the
  committee), the generated text (editable before publishing), and its period of at least 5 working
  days, computed on the calendar.
- :class:`Objection`: lodged by the public on the notice's page, anonymously or named, with
  attachments; registered with a receipt number, assigned, investigated and concluded (verified → the
  appointment of that candidate stops; not verified → it proceeds), with the reply recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.models import Application, Campaign, Stage


class CalendarYear(models.Model):
    """One year's arrangement: ``holidays`` ``[{"name", "days": ["YYYY-MM-DD", …]}]`` and ``workdays``
    (make-up working days on a weekend) ``["YYYY-MM-DD", …]``; overrides the shipped data of that year."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    holidays = models.JSONField(_("放假安排"), default=list)
    workdays = models.JSONField(_("调休上班日"), default=list)
    source = models.CharField(_("依据"), max_length=300, blank=True)  # e.g. 国务院办公厅通知 国办发明电〔2025〕7号
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated = models.DateTimeField()

    class Meta:
        ordering = ["year"]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return f"{self.year}年工作日历"


class Notice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("公示中")
        ENDED = "ended", _("公示期满")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="notices")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("公示正文"))  # generated, editable while a draft
    issuer = models.CharField(_("发布单位"), max_length=100)  # e.g. 中共××市中级人民法院党组
    contact = models.CharField(_("受理方式"), max_length=300, blank=True)  # other ways (e.g. 来访地点和时间)
    phone = models.CharField(_("受理电话"), max_length=50, blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    mailbox = models.CharField(_("电子邮箱"), max_length=100, blank=True)
    starts = models.DateField(_("公示开始"))
    ends = models.DateField(_("公示截止"))
    working_days = models.PositiveSmallIntegerField(_("公示工作日数"), default=5)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField()

    class Meta:
        ordering = ["-starts", "id"]
        verbose_name = _("任前公示")
        verbose_name_plural = _("任前公示")

    def __str__(self) -> str:
        return self.title


class NoticeEntry(models.Model):
    """One person on the notice: what is published about them is fixed when the notice is published
    (``details``: name, gender, birth, education, current post, proposed post, …)."""

    class Outcome(models.TextChoices):
        PENDING = "", _("公示中")
        CLEARED = "cleared", _("公示无异议或反映问题不属实")
        STOPPED = "stopped", _("反映问题属实，终止任用")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notice_entries")
    order = models.PositiveSmallIntegerField(default=0)
    details = models.JSONField(_("公示内容"), default=dict)
    exceptional = models.TextField(_("破格或特殊情况说明"), blank=True)
    outcome = models.CharField(_("公示结果"), max_length=20, choices=Outcome.choices, blank=True,
                               default=Outcome.PENDING)

    class Meta:
        ordering = ["notice_id", "order", "id"]
        verbose_name = _("公示人选")
        verbose_name_plural = _("公示人选")
        constraints = [models.UniqueConstraint(fields=["notice", "application"], name="notice_entry_once")]

    def __str__(self) -> str:
        return str(self.application)


class Objection(models.Model):
    """One objection. ``channel`` says how it came: on the notice's page (``web``: the public lodged it
    themselves) or by phone, letter, visit or e-mail (an organiser registered it, ``registered_by``). Who
    lodged it (``name``, ``contact``) is never written to the record."""

    class Channel(models.TextChoices):
        WEB = "web", _("网上反映")
        PHONE = "phone", _("来电")
        LETTER = "letter", _("来信")
        VISIT = "visit", _("来访")
        EMAIL = "email", _("电子邮件")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        ASSIGNED = "assigned", _("已交办")
        INVESTIGATING = "investigating", _("调查核实中")
        CONCLUDED = "concluded", _("已办结")

    class Finding(models.TextChoices):
        PENDING = "", _("尚未办结")
        VERIFIED = "verified", _("反映问题属实")
        NOT_VERIFIED = "not_verified", _("反映问题不属实")
        OUT_OF_SCOPE = "out_of_scope", _("不属于受理范围")

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="objections")
    entry = models.ForeignKey(NoticeEntry, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="objections", verbose_name=_("反映对象"))
    receipt = models.CharField(_("受理编号"), max_length=30, unique=True)  # given to the person who lodged it
    anonymous = models.BooleanField(_("匿名"), default=True)
    name = models.CharField(_("反映人姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    text = models.TextField(_("反映内容"))
    lodged_at = models.DateTimeField(_("受理时间"))
    channel = models.CharField(_("反映方式"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("登记人"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="objections_assigned", verbose_name=_("承办人"))
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    investigation = models.TextField(_("调查核实情况"), blank=True)
    finding = models.CharField(_("核实结论"), max_length=20, choices=Finding.choices, blank=True,
                               default=Finding.PENDING)
    reply = models.TextField(_("答复意见"), blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["lodged_at", "id"]
        verbose_name = _("公示期间反映问题")
        verbose_name_plural = _("公示期间反映问题")

    def __str__(self) -> str:
        return self.receipt


class ObjectionAttachment(models.Model):
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="objections/%Y/")
    title = models.CharField(_("附件名称"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("大小"), default=0)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("反映材料")
        verbose_name_plural = _("反映材料")

    def __str__(self) -> str:
        return self.title
