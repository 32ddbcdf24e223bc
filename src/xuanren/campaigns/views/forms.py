"""Forms of the organiser's and reviewer's pages: they parse input into the actions' keywords, nothing more.

Times are typed as wall-clock times (``datetime-local``) and read in the campaign's time zone, whatever
the server's or the browser's; :func:`local_input` turns a stored instant back into what the form shows.
Whether the input makes sense (a window that closes before it opens, contradictory conditions) is the
actions' to judge: their refusal is shown next to the form.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from xuanren.campaigns.models import Application, Campaign, Method, Post, Review, StageKind
from xuanren.campaigns.presets import TEMPLATES
from xuanren.people.models import LEVEL_CHOICES, RANK_CHOICES, AppraisalResult, Education, Unit

DEFAULT_ZONE = "Asia/Shanghai"
INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time, returned naive: the form makes it an instant in the campaign's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format=INPUT_FORMAT)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [INPUT_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        try:
            result = parse_datetime(text)
        except ValueError:
            result = None
        if result is None:
            result = BaseTemporalField.to_python(self, text)
        return result.replace(tzinfo=None) if result is not None else None

    def prepare_value(self, value: Any) -> Any:
        return value


def zone_of(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def in_zone(value: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A naive wall-clock time as an instant of ``zone``."""
    return None if value is None else value.replace(tzinfo=zone)


def local_input(value: dt.datetime | None, zone_name: str) -> dt.datetime | None:
    """A stored instant as the naive wall-clock time a form shows for it."""
    if value is None:
        return None
    zone = zone_of(zone_name) or zoneinfo.ZoneInfo(DEFAULT_ZONE)
    return value.astimezone(zone).replace(tzinfo=None)


def _control(widget: forms.Widget) -> forms.Widget:
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    widget.attrs.setdefault("class", css)
    return widget


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _control(field.widget)


def template_descriptions() -> list[dict[str, Any]]:
    """Each preset with its stages in order (and their weights), for the choice on the campaign form."""
    out = []
    for t in TEMPLATES.values():
        stages = []
        for s in t.stages:
            label = str(StageKind(s.kind).label)
            stages.append(f"{label}（{s.weight.normalize():f}）" if s.weight is not None else label)
        out.append({"code": t.code, "name": t.name, "method": str(Method(t.method).label), "stages": stages,
                    "source": t.source})
    return out


def top_units() -> Any:
    return Unit.objects.filter(parent__isnull=True).order_by("order", "id")


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": _("如：2026年机关中层干部竞争上岗")}))
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), empty_label=None)
    template = forms.ChoiceField(label=_("模板（环节及权重）"), choices=())
    method = forms.ChoiceField(label=_("选拔方式"), required=False,
                               choices=[("", _("按模板")), *Method.choices])
    time_zone = forms.CharField(label=_("时区"), initial=DEFAULT_ZONE, max_length=50,
                                help_text=_("报名时间按此时区理解和显示"))
    apply_from = LocalDateTimeField(label=_("报名开始"), required=False)
    apply_until = LocalDateTimeField(label=_("报名截止"), required=False)
    withdraw_until = LocalDateTimeField(label=_("撤回截止"), required=False,
                                        help_text=_("不填则至报名截止时均可撤回"))
    reference_date = forms.DateField(label=_("资格计算基准日"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                     help_text=_("年龄、任职年限按此日计算；不填按审查当日"))
    posts_per_applicant = forms.IntegerField(label=_("每人最多报名职位数"), initial=2, min_value=1, max_value=20)
    min_qualified = forms.IntegerField(label=_("每职位最少合格人数"), initial=2, min_value=0, max_value=100,
                                       help_text=_("合格人数不足的职位须取消、延长报名或合并"))
    introduction = forms.CharField(label=_("公告正文"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, with_template: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = top_units()
        if with_template:
            template_field = self.fields["template"]
            assert isinstance(template_field, forms.ChoiceField)
            template_field.choices = [(t.code, t.name) for t in TEMPLATES.values()]
        else:
            del self.fields["template"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = zone_of(str(data.get("time_zone") or ""))
        if zone is None:
            self.add_error("time_zone", _("未知时区"))
            return data
        for name in ("apply_from", "apply_until", "withdraw_until"):
            data[name] = in_zone(data.get(name), zone)
        return data

    def action_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        keys = ("name", "unit", "time_zone", "apply_from", "apply_until", "withdraw_until", "reference_date",
                "posts_per_applicant", "min_qualified", "introduction")
        out = {k: d[k] for k in keys}
        if d.get("method"):
            out["method"] = d["method"]
        return out

    @staticmethod
    def initial_of(campaign: Campaign) -> dict[str, Any]:
        z = campaign.time_zone
        return {"name": campaign.name, "unit": campaign.unit_id, "method": campaign.method, "time_zone": z,
                "apply_from": local_input(campaign.apply_from, z), "apply_until": local_input(campaign.apply_until, z),
                "withdraw_until": local_input(campaign.withdraw_until, z), "reference_date": campaign.reference_date,
                "posts_per_applicant": campaign.posts_per_applicant, "min_qualified": campaign.min_qualified,
                "introduction": campaign.introduction}


class CopyForm(StyledForm):
    name = forms.CharField(label=_("新批次名称"), max_length=200)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = top_units()


class UploadForm(StyledForm):
    file = forms.FileField(label=_("文件（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


def departments_under(unit: Unit) -> list[tuple[Unit, int]]:
    """The departments below ``unit`` (any depth), in tree order, with their depth (1 = directly below)."""
    children: dict[int | None, list[Unit]] = {}
    for u in Unit.objects.order_by("order", "id"):
        children.setdefault(u.parent_id, []).append(u)
    out: list[tuple[Unit, int]] = []

    def walk(parent: int, depth: int) -> None:
        for u in children.get(parent, []):
            out.append((u, depth))
            walk(u.pk, depth + 1)

    walk(unit.pk, 1)
    return out


class DepartmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return "　" * (getattr(obj, "_depth", 1) - 1) + str(obj.name)


class PostForm(StyledForm):
    department = DepartmentChoiceField(label=_("部门"), queryset=Unit.objects.none(), empty_label=None)
    code = forms.CharField(label=_("职位代码"), max_length=20)
    title = forms.CharField(label=_("职位名称"), max_length=100)
    level = forms.ChoiceField(label=_("职务层次/职级"),
                              choices=[(_("职务层次"), LEVEL_CHOICES), (_("职级"), RANK_CHOICES)])
    slots = forms.IntegerField(label=_("职数"), initial=1)
    duties = forms.CharField(label=_("岗位职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # the conditions (xuanren.rules.eligibility.Conditions)
    qualifying_levels = forms.MultipleChoiceField(label=_("可报名的职务层次"), required=False, choices=LEVEL_CHOICES,
                                                  widget=forms.CheckboxSelectMultiple)
    qualifying_ranks = forms.MultipleChoiceField(label=_("可报名的职级"), required=False, choices=RANK_CHOICES,
                                                 widget=forms.CheckboxSelectMultiple)
    min_years = forms.IntegerField(label=_("任职年限（满几年）"), required=False, min_value=0)
    min_age = forms.IntegerField(label=_("最低年龄"), required=False, min_value=0)
    max_age = forms.IntegerField(label=_("最高年龄"), required=False, min_value=0)
    min_education = forms.ChoiceField(label=_("最低学历"), required=False,
                                      choices=[("", _("不限")), *Education.choices])
    full_time_required = forms.BooleanField(label=_("须为全日制"), required=False)
    appraisal_years = forms.IntegerField(label=_("近N年年度考核"), required=False, min_value=0)
    appraisal_min = forms.ChoiceField(label=_("考核最低等次"), initial=AppraisalResult.COMPETENT,
                                      choices=[(AppraisalResult.COMPETENT.value, AppraisalResult.COMPETENT.label),
                                               (AppraisalResult.EXCELLENT.value, AppraisalResult.EXCELLENT.label)])
    no_discipline_in_force = forms.BooleanField(label=_("无处分或处分影响期已满"), required=False)
    party_member_required = forms.BooleanField(label=_("须为中共党员"), required=False)
    probationary_counts = forms.BooleanField(label=_("预备党员可报名"), required=False, initial=True)
    free_text = forms.CharField(label=_("其他条件（由审查人员判断，每行一条）"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))

    CONDITION_FIELDS = ("qualifying_levels", "qualifying_ranks", "min_years", "min_age", "max_age", "min_education",
                        "full_time_required", "appraisal_years", "appraisal_min", "no_discipline_in_force",
                        "party_member_required", "probationary_counts", "free_text")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = departments_under(campaign.unit)
        for unit, depth in rows:
            unit._depth = depth  # type: ignore[attr-defined]
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u, _d in rows])
        field.choices = [(u.pk, field.label_from_instance(u)) for u, _d in rows]

    def conditions(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "qualifying_levels": list(d["qualifying_levels"]), "qualifying_ranks": list(d["qualifying_ranks"]),
            "min_years": d["min_years"], "min_age": d["min_age"], "max_age": d["max_age"],
            "min_education": d["min_education"] or None, "full_time_required": d["full_time_required"],
            "appraisal_years": d["appraisal_years"] or 0, "appraisal_min": d["appraisal_min"],
            "no_discipline_in_force": d["no_discipline_in_force"],
            "party_member_required": d["party_member_required"],
            "probationary_counts": d["probationary_counts"],
            "free_text": [line.strip() for line in d["free_text"].splitlines() if line.strip()],
        }

    def action_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"code": d["code"], "department": d["department"], "title": d["title"], "level": d["level"],
                "slots": d["slots"], "duties": d["duties"], "conditions": self.conditions()}

    @staticmethod
    def initial_of(post: Post) -> dict[str, Any]:
        c = dict(post.conditions or {})
        return {"department": post.department_id, "code": post.code, "title": post.title, "level": post.level,
                "slots": post.slots, "duties": post.duties,
                "qualifying_levels": c.get("qualifying_levels", []), "qualifying_ranks": c.get("qualifying_ranks", []),
                "min_years": c.get("min_years"), "min_age": c.get("min_age"), "max_age": c.get("max_age"),
                "min_education": c.get("min_education") or "", "full_time_required": c.get("full_time_required", False),
                "appraisal_years": c.get("appraisal_years") or None,
                "appraisal_min": c.get("appraisal_min", AppraisalResult.COMPETENT.value),
                "no_discipline_in_force": c.get("no_discipline_in_force", False),
                "party_member_required": c.get("party_member_required", False),
                "probationary_counts": c.get("probationary_counts", True),
                "free_text": "\n".join(c.get("free_text", []))}


class ApplicationEnterForm(StyledForm):
    id_number = forms.CharField(label=_("报名人身份证号"), max_length=18)
    post = forms.ModelChoiceField(label=_("职位"), queryset=Post.objects.none(), empty_label=None)
    source = forms.ChoiceField(label=_("报名方式"), choices=Application.Source.choices)
    nominator_id_number = forms.CharField(label=_("推荐人身份证号"), max_length=18, required=False)
    nominator_note = forms.CharField(label=_("推荐人说明"), max_length=200, required=False,
                                     help_text=_("推荐时须写明推荐人（首提责任制）：填推荐人身份证号，或写明如“局党组”"))
    preference = forms.IntegerField(label=_("志愿顺序"), required=False, min_value=1)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["post"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).order_by("order", "id")


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(ReasonForm):
    new_deadline = LocalDateTimeField(label=_("新的报名截止时间"))


class MergeForm(ReasonForm):
    into = forms.ModelChoiceField(label=_("并入职位"), queryset=Post.objects.none(), empty_label=None)

    def __init__(self, *args: Any, post: Post, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (Post.objects.filter(campaign_id=post.campaign_id, status=Post.Status.OPEN)
                          .exclude(pk=post.pk).order_by("order", "id"))


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(choices=[(Review.Decision.ELIGIBLE.value, _("合格")),
                                          (Review.Decision.INELIGIBLE.value, _("不合格"))])
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def form_errors(form: forms.Form) -> str:
    """A form's errors as one Chinese line (for the page's message)."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}：{e}" if label else str(e) for e in errors)
    return "；".join(parts)
