"""Units and departments, people, and their appraisals, rewards and disciplinary records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.rules import idnumber
from xuanren.rules.ranks import LEVELS, RANKS


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Education(models.TextChoices):
    """Highest education, ordered from highest; ``ORDER`` gives comparisons for eligibility."""

    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专")
    HIGH_SCHOOL = "high_school", _("高中及以下")


EDUCATION_ORDER = [e.value for e in Education]


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
    LEAGUE = "league", _("共青团员")
    MASSES = "masses", _("群众")


class AppraisalResult(models.TextChoices):
    """Annual appraisal grades (公务员法 第三十五条) plus 不定等次."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")
    UNGRADED = "ungraded", _("不定等次")


LEVEL_CHOICES = [(lv.code, lv.name) for lv in LEVELS]
RANK_CHOICES = [(r.code, r.name) for r in RANKS]


class Unit(models.Model):
    """A unit (单位) or a department (部门) inside one; departments may nest."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("单位")
        DEPARTMENT = "department", _("部门")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.UNIT)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("上级"))
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("单位/部门")
        verbose_name_plural = _("单位/部门")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_under_parent"),
            models.UniqueConstraint(fields=["name"], condition=models.Q(parent__isnull=True),
                                    name="top_unit_name_unique"),
            models.CheckConstraint(condition=~models.Q(kind="department") | models.Q(parent__isnull=False),
                                   name="department_has_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def path(self) -> str:
        names: list[str] = []
        node: Unit | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    full_time = models.BooleanField(_("全日制"), default=True)
    political_status = models.CharField(_("政治面貌"), max_length=20, choices=PoliticalStatus.choices)
    work_start = models.DateField(_("参加工作时间"), null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("单位/部门"))
    post_title = models.CharField(_("现任职务"), max_length=100, blank=True)
    post_level = models.CharField(_("职务层次"), max_length=30, choices=LEVEL_CHOICES, blank=True)
    post_level_since = models.DateField(_("任现职务层次时间"), null=True, blank=True)
    rank = models.CharField(_("职级"), max_length=30, choices=RANK_CHOICES, blank=True)
    rank_since = models.DateField(_("任现职级时间"), null=True, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="person", verbose_name=_("登录账号"))
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit_id", "id"]
        verbose_name = _("干部")
        verbose_name_plural = _("干部名册")

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return idnumber.mask(self.id_number)

    def age_on(self, day: dt.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def state(self) -> dict[str, Any]:
        """The person as the record digests it."""
        out: dict[str, Any] = {}
        for f in self._meta.concrete_fields:
            if f.attname in {"created", "updated"}:
                continue
            v = getattr(self, f.attname)
            out[f.attname] = v.isoformat() if isinstance(v, dt.date) else v
        return out


class Appraisal(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appraisals")
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("考核结果"), max_length=20, choices=AppraisalResult.choices)

    class Meta:
        ordering = ["person_id", "year"]
        verbose_name = _("年度考核")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_appraisal_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_result_display()}"


class Reward(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rewards")
    date = models.DateField(_("日期"))
    title = models.CharField(_("奖励名称"), max_length=200)
    issuer = models.CharField(_("批准机关"), max_length=100, blank=True)

    class Meta:
        ordering = ["person_id", "date"]
        verbose_name = _("奖励")

    def __str__(self) -> str:
        return self.title


class Discipline(models.Model):
    """A disciplinary record; ``in_force_until`` is the end of its effect period (影响期)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disciplines")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("处分种类"), max_length=50)
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    in_force_until = models.DateField(_("影响期至"), null=True, blank=True)

    class Meta:
        ordering = ["person_id", "date"]
        verbose_name = _("处分")
        constraints = [
            models.CheckConstraint(condition=models.Q(in_force_until__isnull=True)
                                   | models.Q(in_force_until__gte=models.F("date")),
                                   name="discipline_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.kind

    def in_force_on(self, day: dt.date) -> bool:
        return self.date <= day and (self.in_force_until is None or day <= self.in_force_until)
