"""Voting sessions, their ballots, voter groups, one-time codes and the cast ballots.

What is stored, and why nothing links a voter to what they voted (docs/voting.md says it for users):

- :class:`VoterCode` keeps only a keyed digest of the code (never the code itself), its session and
  group, optionally the person it was issued to (a named roll), and ``used``. No time of use, no
  request data, no reference to a ballot.
- :class:`Ballot` has a random UUID primary key (no sequential id), no timestamp, no foreign key to a
  code, person or user; only its session, its voter group (needed for the weights), what was marked,
  and a random receipt code the voter keeps. At the close the session's ballots are rewritten in
  receipt order so even the physical order of rows no longer follows the order of casting.
- Casting is one transaction: the code is marked used by a conditional UPDATE (exactly one of many
  concurrent submissions succeeds) and the ballot is inserted; the record gets no per-ballot event, only
  the session's opening, closing and counted result.

Rules of the session (voter groups and weights, thresholds, the vote-rate base, meeting validity, the
empty-group rule) are copied from the stage's settings when the session is created, so the rules a
session was counted with are the rules it shows.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.models import Campaign, Stage
from xuanren.people.models import Person


class Session(models.Model):
    """A voting session (投票会议场次): one or more ballots put to the voters present, opened and closed once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("准备中")
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已结束")

    class Mode(models.TextChoices):
        SLIPS = "slips", _("发放投票码（不记名）")
        ROLL = "roll", _("按名单发放投票码")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="voting_sessions")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="voting_sessions", null=True, blank=True)
    name = models.CharField(_("名称"), max_length=200)
    trial = models.BooleanField(_("模拟测试"), default=False, help_text=_("模拟测试的投票从不计入结果"))
    mode = models.CharField(_("发码方式"), max_length=20, choices=Mode.choices, default=Mode.SLIPS)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The tally's rules, copied from the stage at creation (voter groups are rows of VoterGroup).
    rules = models.JSONField(_("计票规则"), default=dict, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # What the close counted (the rules' result as JSON), published with the ballots.
    result = models.JSONField(_("计票结果"), null=True, blank=True)

    class Meta:
        ordering = ["campaign_id", "id"]
        verbose_name = _("投票场次")
        verbose_name_plural = _("投票场次")

    def __str__(self) -> str:
        return self.name


class VoterGroup(models.Model):
    """A group of voters with its weight (e.g. 院领导 30), the number entitled (应到) and ballots issued."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=50)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    entitled = models.PositiveIntegerField(_("应到人数"), default=0)
    issued = models.PositiveIntegerField(_("发出票数"), default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session_id", "order", "id"]
        verbose_name = _("投票人类别")
        verbose_name_plural = _("投票人类别")
        constraints = [
            models.UniqueConstraint(fields=["session", "code"], name="voter_group_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0) & models.Q(weight__lte=100),
                                   name="voter_group_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}）"


class BallotForm(models.Model):
    """One ballot put to the voters of a session (推荐票/测评票/要素推荐票), as the voter sees it.

    ``content`` by kind:

    - recommendation: ``{"posts": [{"post": pk, "code", "title", "slots", "max_marks", "write_ins": 0,
      "candidates": [{"application": pk, "name", "note"}]}]}``;
    - evaluation: ``{"grades": ["excellent", "competent", "basically_competent", "incompetent"],
      "unknown": true, "subjects": [{"person": pk, "name", "post"}]}``;
    - elements: ``{"elements": ["道德品行最好", …], "marks_per_element": 1,
      "candidates": [{"application": pk, "name"}]}``.
    """

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("推荐票")
        EVALUATION = "evaluation", _("测评票")
        ELEMENTS = "elements", _("要素定向推荐票")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="forms")
    kind = models.CharField(_("票种"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    content = models.JSONField(_("票面内容"), default=dict)

    class Meta:
        ordering = ["session_id", "order", "id"]
        verbose_name = _("票面")
        verbose_name_plural = _("票面")

    def __str__(self) -> str:
        return self.title


class VoterCode(models.Model):
    """A one-time code: a keyed digest of it, its group, and whether it was used. Nothing else."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="codes")
    group = models.ForeignKey(VoterGroup, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    # A named roll (按名单): who the code was issued to, so the organiser sees who has voted (never what).
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    used = models.BooleanField(default=False)
    # Slips are printed in batches: which batch a code was printed in, to reprint or void a lost batch.
    batch = models.PositiveSmallIntegerField(default=1)
    void = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("投票码")
        verbose_name_plural = _("投票码")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_code_per_person",
                                    condition=models.Q(person__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.group.code}"


class Ballot(models.Model):
    """A cast ballot: its session and group, what was marked, and the voter's receipt code. Nothing else.

    ``marks`` is ``{form pk (str): answer}`` where answer is, by kind: recommendation
    ``{post pk (str): {"marks": [application pk…], "write_ins": ["name"…]}}``; evaluation
    ``{person pk (str): grade}``; elements ``{element index (str): [application pk…]}``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ballots")
    group = models.ForeignKey(VoterGroup, on_delete=models.PROTECT, related_name="ballots")
    marks = models.JSONField(default=dict)
    receipt = models.CharField(max_length=32, unique=True)
    # A digest of the random token the voter's page sends with the ballot, so a repeated submission from a
    # slow phone (same token) gets the same receipt instead of an error; it says nothing about the voter.
    submission = models.CharField(max_length=64, unique=True)

    class Meta:
        # Never by insertion: by receipt, which is random.
        ordering = ["session_id", "receipt"]
        verbose_name = _("选票")
        verbose_name_plural = _("选票")

    def __str__(self) -> str:
        return self.receipt
