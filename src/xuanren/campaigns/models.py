"""A campaign, its stages and posts, the applications to them and their eligibility review.

State changes go through the ``actions`` package only (one transaction each, with its record event). What a
stage publishes when sealed is kept as numbered :class:`Publication` versions: a correction after
sealing is a new version with its reason, never an edit of the old one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.people.models import LEVEL_CHOICES, RANK_CHOICES, Person, Unit


class Method(models.TextChoices):
    INTERNAL = "internal", _("竞争上岗")
    OPEN = "open", _("公开选拔")
    PUBLIC_ELECTION = "public_election", _("公推公选")
    PUBLIC_DIRECT = "public_direct", _("公推直选")
    TWO_RECOMMEND_ONE_EXAM = "two_recommend_one_exam", _("两推一考")
    COMPETITIVE = "competitive", _("差额竞岗")


class StageKind(models.TextChoices):
    ELIGIBILITY = "eligibility", _("资格审查")
    EXAM = "exam", _("笔试")
    INTERVIEW = "interview", _("竞聘演讲/面试")
    RECOMMENDATION = "recommendation", _("民主推荐")
    EVALUATION = "evaluation", _("民主测评")
    SHORTLIST = "shortlist", _("综合成绩与确定考察对象")
    INSPECTION = "inspection", _("组织考察")
    COMMITTEE = "committee", _("党组（党委）讨论决定")
    NOTICE = "notice", _("任前公示")
    APPOINTMENT = "appointment", _("任职")


# Stages whose results carry a score and so a weight in the composite (DESIGN.md §2 step 7).
SCORING_STAGES = frozenset({StageKind.EXAM, StageKind.INTERVIEW, StageKind.RECOMMENDATION,
                            StageKind.EVALUATION, StageKind.INSPECTION})


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ANNOUNCED = "announced", _("已发布公告")
        CLOSED = "closed", _("已结束")
        CANCELLED = "cancelled", _("已取消")

    name = models.CharField(_("名称"), max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("单位"))
    method = models.CharField(_("选拔方式"), max_length=30, choices=Method.choices, default=Method.INTERNAL)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    template = models.CharField(_("模板"), max_length=50, blank=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="copies", verbose_name=_("复制自"))
    introduction = models.TextField(_("公告正文"), blank=True)
    # Deadlines are instants (stored in UTC) entered and shown in the campaign's time zone.
    time_zone = models.CharField(_("时区"), max_length=50, default="Asia/Shanghai")
    apply_from = models.DateTimeField(_("报名开始"), null=True, blank=True)
    apply_until = models.DateTimeField(_("报名截止"), null=True, blank=True)
    withdraw_until = models.DateTimeField(_("撤回截止"), null=True, blank=True)
    reference_date = models.DateField(_("资格计算基准日"), null=True, blank=True,
                                      help_text=_("年龄、任职年限按此日计算"))
    posts_per_applicant = models.PositiveSmallIntegerField(_("每人最多报名职位数"), default=2)
    min_qualified = models.PositiveSmallIntegerField(_("每职位最少合格人数"), default=2)
    published_at = models.DateTimeField(_("公告发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("竞聘批次")
        verbose_name_plural = _("竞聘批次")
        constraints = [
            models.CheckConstraint(condition=models.Q(posts_per_applicant__gte=1), name="campaign_posts_per_applicant"),
            models.CheckConstraint(condition=models.Q(apply_from__isnull=True) | models.Q(apply_until__isnull=True)
                                   | models.Q(apply_from__lt=models.F("apply_until")), name="campaign_apply_window"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("未开始")
        OPEN = "open", _("进行中")
        SEALED = "sealed", _("已封存")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("环节"), max_length=30, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("顺序"))
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, null=True, blank=True)
    public = models.BooleanField(_("结果公开"), default=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # Rules of the stage as data, e.g. a recommendation's voter groups and thresholds (templates.py).
    settings = models.JSONField(_("环节规则"), default=dict, blank=True)
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    planned_end = models.DateField(_("计划结束"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign_id", "order"]
        verbose_name = _("环节")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "order"], name="stage_order_unique"),
            models.UniqueConstraint(fields=["campaign", "kind"], name="stage_kind_once"),
            models.CheckConstraint(condition=models.Q(weight__isnull=True) | (models.Q(weight__gte=0)
                                   & models.Q(weight__lte=100)), name="stage_weight_range"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"


class Post(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("正常")
        CANCELLED = "cancelled", _("已取消")
        MERGED = "merged", _("已合并")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="posts")
    code = models.CharField(_("职位代码"), max_length=20)
    department = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("部门"))
    title = models.CharField(_("职位名称"), max_length=100)
    level = models.CharField(_("职务层次/职级"), max_length=30, choices=LEVEL_CHOICES + RANK_CHOICES)
    slots = models.PositiveSmallIntegerField(_("职数"))
    # xuanren.rules.eligibility.Conditions as JSON (campaigns/conditions.py converts both ways).
    conditions = models.JSONField(_("资格条件"), default=dict, blank=True)
    duties = models.TextField(_("岗位职责"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("并入"))
    apply_until = models.DateTimeField(_("延长后的报名截止"), null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["campaign_id", "order", "id"]
        verbose_name = _("职位")
        verbose_name_plural = _("职位")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="post_code_unique"),
            models.CheckConstraint(condition=models.Q(slots__gte=1), name="post_slots_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Application(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("个人自荐")
        MASS = "mass", _("群众推荐")
        ORGANISATION = "organisation", _("组织推荐")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已报名")
        WITHDRAWN = "withdrawn", _("已撤回")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="applications")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="applications", verbose_name=_("职位"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("报名人"))
    source = models.CharField(_("报名方式"), max_length=20, choices=Source.choices, default=Source.SELF)
    # 首提责任制 (seed 003): who put the name forward is kept, as a person of the register or in words.
    nominator = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations",
                                  verbose_name=_("推荐人"))
    nominator_note = models.CharField(_("推荐人说明"), max_length=200, blank=True)
    preference = models.PositiveSmallIntegerField(_("志愿顺序"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("报名时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        ordering = ["post_id", "id"]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="one_application_per_post"),
            # An order of preference is a ranking: no two active applications of a person share a place.
            models.UniqueConstraint(fields=["campaign", "person", "preference"], name="one_post_per_preference",
                                    condition=models.Q(status="submitted", preference__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.post}"


class Review(models.Model):
    """Eligibility review of one application: what the rules found, and what the reviewer decided."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审查")
        ELIGIBLE = "eligible", _("资格审查合格")
        INELIGIBLE = "ineligible", _("资格审查不合格")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="review")
    auto_eligible = models.BooleanField(_("自动审查结果"))
    # [{"kind", "passed", "code", "zh", "en"}] and the reviewer's items, as the rules explained them.
    findings = models.JSONField(_("审查依据"), default=list)
    checked_on = models.DateField(_("计算基准日"))
    decision = models.CharField(_("审查结论"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    overridden = models.BooleanField(_("改变自动结果"), default=False)
    reason = models.TextField(_("理由"), blank=True)
    # Why the review is back to pending, when a re-run changed the automatic result under a decision.
    note = models.TextField(_("说明"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("审查人"))
    decided_at = models.DateTimeField(_("审查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("资格审查")
        constraints = [
            # An override always has its written reason.
            models.CheckConstraint(condition=models.Q(overridden=False) | ~models.Q(reason=""),
                                   name="override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_decision_display()}"


class Publication(models.Model):
    """What a sealed stage published; version 1 at sealing, each correction a further version."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="publications")
    version = models.PositiveSmallIntegerField()
    content = models.JSONField()
    reason = models.TextField(_("更正理由"), blank=True)
    published_at = models.DateTimeField()
    published_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["stage_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "version"], name="publication_version_unique"),
            models.CheckConstraint(condition=models.Q(version=1) | ~models.Q(reason=""),
                                   name="correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} v{self.version}"
