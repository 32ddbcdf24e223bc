"""The proposal (拟任人选方案) and the committee's vote on it (党组会/常委会票决), DESIGN.md §2 step 9.

- :class:`Proposal`: per post, the organiser proposes one or more candidates from those who reached this
  step (:func:`xuanren.campaigns.finalists.finalists`), each with reasons; more candidates than slots is a
  competitive deliberation (差额酝酿). It is submitted to a meeting (``submitted_at``: its candidates become
  items) or withdrawn with a reason (``withdrawn_at``, ``withdraw_reason``).
- :class:`Meeting`: one sitting of the committee (应到 = its :class:`Member` rows, 实到 = those marked
  present), with the rule it votes by (:class:`xuanren.rules.committee.CommitteeRule`, stored in ``rule``)
  and the candidates put to it (:class:`Item`). A deferred candidate is put again to a later meeting
  (复议): the new item points at the earlier one (``revote_of``). At the close each item keeps its outcome, its
  counts (``agree``, ``disagree``, ``defer``: a competitive vote ranks the passed by agreements) and the
  explanation.
- :class:`CommitteeVote`: one member's choice on one item. In a **secret** meeting (members vote on their
  own device) the vote carries no member — the member's row only records ``voted`` — so nothing links a
  member to a choice; in an **entered** meeting (a show of hands, 举手表决, or a named paper form) the
  organiser enters each present member's choice and the member is kept.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.models import Application, Campaign, Post, Stage
from xuanren.people.models import Person


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("酝酿中")
        SUBMITTED = "submitted", _("已提交会议")
        WITHDRAWN = "withdrawn", _("已撤回")

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="proposals")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    competitive = models.BooleanField(_("差额酝酿"), default=False)
    note = models.TextField(_("方案说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField()
    submitted_at = models.DateTimeField(_("提交会议时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=500, blank=True)

    class Meta:
        ordering = ["post__order", "post_id", "id"]
        verbose_name = _("拟任人选方案")
        verbose_name_plural = _("拟任人选方案")

    def __str__(self) -> str:
        return f"拟任人选方案：{self.post}"


class ProposalCandidate(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="candidates")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="proposals")
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    reason = models.TextField(_("推荐理由"))

    class Meta:
        ordering = ["proposal_id", "order", "id"]
        verbose_name = _("拟任人选")
        verbose_name_plural = _("拟任人选")
        constraints = [models.UniqueConstraint(fields=["proposal", "application"], name="proposal_candidate_once")]

    def __str__(self) -> str:
        return str(self.application)


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("准备中")  # members and items being set, attendance taken
        OPEN = "open", _("表决中")
        CLOSED = "closed", _("已结束")

    class Mode(models.TextChoices):
        SECRET = "secret", _("无记名表决（成员本人设备）")
        ENTERED = "entered", _("录入表决结果（举手或纸质表决）")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="committee_meetings")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="committee_meetings")
    name = models.CharField(_("会议名称"), max_length=200)  # e.g. 院党组2026年第12次会议
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    mode = models.CharField(_("表决方式"), max_length=20, choices=Mode.choices, default=Mode.SECRET)
    rule = models.JSONField(_("表决规则"), default=dict, blank=True)  # quorum, pass_share, base, defer_rule
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(_("表决结果"), default=dict, blank=True)  # as computed at the close, explained
    created = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("表决会议")
        verbose_name_plural = _("表决会议")

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A member who should attend (应到); ``present`` is the attendance (实到)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务"), max_length=100, blank=True)  # e.g. 党组书记、院长
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="committee_seats")
    order = models.PositiveSmallIntegerField(default=0)
    present = models.BooleanField(_("出席"), default=False)
    absence_reason = models.CharField(_("缺席原因"), max_length=200, blank=True)
    voted = models.BooleanField(_("已表决"), default=False)  # secret meetings: that, never what

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("会议成员")
        verbose_name_plural = _("会议成员")
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="member_name_once")]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A candidate put to the meeting for one post (议题)."""

    class Outcome(models.TextChoices):
        PENDING = "", _("待表决")
        PASSED = "passed", _("通过")
        FAILED = "failed", _("不通过")
        DEFERRED = "deferred", _("缓议")
        VOID = "void", _("表决无效")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="committee_items")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="items")
    revote_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="revotes",
                                  verbose_name=_("复议"))
    order = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(_("表决结果"), max_length=20, choices=Outcome.choices, blank=True,
                               default=Outcome.PENDING)
    explanation = models.JSONField(_("说明"), default=list, blank=True)  # [{"code", "zh", "en"}]
    # The counts at the close (None before): a competitive vote ranks the passed by their agreements.
    agree = models.PositiveSmallIntegerField(_("同意"), null=True, blank=True)
    disagree = models.PositiveSmallIntegerField(_("不同意"), null=True, blank=True)
    defer = models.PositiveSmallIntegerField(_("缓议"), null=True, blank=True)

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("表决事项")
        verbose_name_plural = _("表决事项")
        constraints = [models.UniqueConstraint(fields=["meeting", "application"], name="item_once")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.application}"


class CommitteeVote(models.Model):
    class Choice(models.TextChoices):
        AGREE = "agree", _("同意")
        DISAGREE = "disagree", _("不同意")
        DEFER = "defer", _("缓议")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="votes")
    choice = models.CharField(_("表决意见"), max_length=20, choices=Choice.choices)

    class Meta:
        verbose_name = _("表决票")
        verbose_name_plural = _("表决票")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="committee_vote_once",
                                               condition=models.Q(member__isnull=False))]

    def __str__(self) -> str:
        return f"{self.item}: {self.choice}"
