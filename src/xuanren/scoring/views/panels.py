"""The organiser's pages of the interview stage (竞聘演讲/答辩/面试): the rubric, the panels of judges, the
draw by lot, and the live progress of each panel (judges × candidates) with starting, closing and absent.

Each view parses the request, checks the capability, calls one action and redirects; a refusal is shown in
the action's words and nothing has changed. Reading needs ``scoring.view`` (organiser, reviewer,
supervisor); changing ``scoring.manage`` (organiser). The progress grid says who has handed in a sheet for
whom (✓), who recused (回避) and who has not yet (—); a judge's total appears only once the candidate is
closed. The grid refreshes itself every three seconds (htmx).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuanren.accounts.access import capability_required, has
from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import Post, Stage, StageKind
from xuanren.campaigns.views.campaigns import back
from xuanren.scoring import actions
from xuanren.scoring import panels_selectors as sel
from xuanren.scoring.actions._common import plain
from xuanren.scoring.handlers.interview import interview_blockers, interview_results
from xuanren.scoring.models import Appearance, Panel
from xuanren.scoring.views.exam import get_stage

BLANK_RUBRIC_ROWS = 2
METHODS = (("trimmed", "去掉最高分和最低分后取平均"), ("mean", "取平均分"), ("groups", "按评委类别加权"))


def panels_url(stage: Stage) -> str:
    return reverse("scoring:panels", kwargs={"pk": stage.campaign_id, "stage_pk": stage.pk})


def panel_url(panel: Panel) -> str:
    return reverse("scoring:panel", kwargs={"panel_pk": panel.pk})


def get_panel(panel_pk: int) -> Panel:
    return get_object_or_404(Panel.objects.select_related("stage", "stage__campaign"), pk=panel_pk)


def get_appearance(appearance_pk: int) -> Appearance:
    return get_object_or_404(Appearance.objects.select_related("panel", "stage", "stage__campaign"), pk=appearance_pk)


def judge_users() -> list[Any]:
    """Active users holding the judge role, by name."""
    return list(get_user_model().objects.filter(role_grants__role="judge", is_active=True).distinct()
                .order_by("first_name", "username"))


# --- reading the forms -----------------------------------------------------------------------------

def rubric_from_form(data: Any) -> list[dict[str, str]]:
    """Rows ``name_<n>``, ``max_<n>``, ``description_<n>`` (n from 1), blank rows left out, in order."""
    numbers = sorted({int(k.split("_", 1)[1]) for k in data if k.startswith(("name_", "max_"))
                      and k.split("_", 1)[1].isdigit()})
    rows = []
    for n in numbers:
        name, points = data.get(f"name_{n}", "").strip(), data.get(f"max_{n}", "").strip()
        description = data.get(f"description_{n}", "").strip()
        if name or points or description:
            rows.append({"name": name, "max_points": points, "description": description})
    return rows


def _int(value: str, label: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise refuse("scoring.panel.form_integer", "{label}应为整数，实为“{value}”", "{label} must be an integer",
                     label=label, value=value) from None


def rule_from_form(data: Any) -> dict[str, Any]:
    """The rule's fields: ``method``, ``drop``, ``min_judges``, ``groups`` (``leaders:40, experts:60``)."""
    method = data.get("method", "trimmed")
    rule: dict[str, Any] = {"method": method}
    if method != "mean":
        rule["drop"] = _int(data.get("drop", "1") or "1", _("去掉最高分、最低分的个数"))
        rule["min_judges"] = _int(data.get("min_judges", "5") or "5", _("去分所需最少评委人数"))
    if method == "groups":
        groups = []
        for part in data.get("groups", "").replace("，", ",").replace("：", ":").split(","):
            if not part.strip():
                continue
            code, _sep, weight = part.partition(":")
            groups.append({"code": code.strip(), "weight": weight.strip()})
        rule["groups"] = groups
    return rule


def judges_from_form(data: Any) -> list[tuple[int, str]]:
    """Checked ``judge`` user ids, each with its ``group_<id>``, in the order of the optional ``seat_<id>``."""
    chosen = [int(v) for v in data.getlist("judge") if v.isdigit()]
    seats = {pk: data.get(f"seat_{pk}", "").strip() for pk in chosen}
    chosen.sort(key=lambda pk: int(seats[pk]) if seats[pk].isdigit() else 10_000)  # stable: ties keep the form's order
    return [(pk, data.get(f"group_{pk}", "").strip()) for pk in chosen]


def sitting_from_form(data: Any, stage: Stage) -> dt.datetime | None:
    raw = data.get("sitting", "").strip()
    if not raw:
        return None
    value = parse_datetime(raw)
    if value is None:
        raise refuse("scoring.panel.sitting", "时间“{value}”格式不正确", "the time '{value}' is not valid", value=raw)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=zoneinfo.ZoneInfo(stage.campaign.time_zone))
    return value


# --- the stage's page: rubric and panels -----------------------------------------------------------

@capability_required("scoring.view")
def panels_page(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.INTERVIEW)
    criteria = sel.rubric(stage)
    panels = list(sel.panels_of(stage))
    taken = {p.pk for panel in panels for p in panel.posts.all()}
    open_posts = list(Post.objects.filter(campaign_id=stage.campaign_id, status=Post.Status.OPEN)
                      .order_by("order", "id"))
    counts: dict[int, dict[str, int]] = {}
    for a in Appearance.objects.filter(stage=stage).values("panel_id", "status", "absent"):
        c = counts.setdefault(a["panel_id"], {"all": 0, "closed": 0, "absent": 0})
        c["all"] += 1
        c["closed"] += a["status"] == Appearance.Status.CLOSED and not a["absent"]
        c["absent"] += bool(a["absent"])
    rows = [{"panel": p, "posts": list(p.posts.all()), "judges": list(p.judges.all()), "rule": sel.rule_text(p),
             "counts": counts.get(p.pk, {"all": 0, "closed": 0, "absent": 0})} for p in panels]
    sealed = stage.status == Stage.Status.SEALED
    total = sel.rubric_total(stage)
    rubric_rows = [{"n": n, "name": c.name, "max": plain(c.max_points), "description": c.description}
                   for n, c in enumerate(criteria, start=1)]
    rubric_rows += [{"n": len(criteria) + n, "name": "", "max": "", "description": ""}
                    for n in range(1, BLANK_RUBRIC_ROWS + 1)]
    return render(request, "scoring/panel_list.html", {
        "campaign": stage.campaign, "stage": stage, "criteria": criteria, "rubric_rows": rubric_rows,
        "rubric_max": plain(total) if total is not None else "", "rubric_locked": sel.stage_has_sheets(stage),
        "panels": rows, "free_posts_rows": [{"post": p, "checked": False} for p in open_posts if p.pk not in taken],
        "judge_rows": [{"user": u, "seat": None} for u in judge_users()],
        "rule_json": {"method": "trimmed", "drop": 1, "min_judges": 5},
        "methods": METHODS, "can_manage": has(request.user, "scoring.manage") and not sealed, "sealed": sealed,
        "open": stage.status == Stage.Status.OPEN,
        "blockers": interview_blockers(stage, timezone.now()) if stage.status == Stage.Status.OPEN else [],
        "results": interview_results(stage),
    })


@require_POST
@capability_required("scoring.manage")
def rubric_save(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.INTERVIEW)
    try:
        made = actions.rubric_set(actor=request.user, stage=stage, criteria=rubric_from_form(request.POST))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("评分标准已保存：共%(n)s项。") % {"n": len(made)})
    return HttpResponseRedirect(panels_url(stage) + "#rubric")


@require_POST
@capability_required("scoring.manage")
def panel_create(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    stage = get_stage(pk, stage_pk, StageKind.INTERVIEW)
    data = request.POST
    try:
        panel = actions.panel_create(
            actor=request.user, stage=stage, name=data.get("name", ""),
            posts=[int(v) for v in data.getlist("post") if v.isdigit()], judges=judges_from_form(data),
            rule=rule_from_form(data), sitting=sitting_from_form(data, stage), place=data.get("place", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(panels_url(stage) + "#new-panel")
    messages.success(request, _("评委组“%(name)s”已建立。") % {"name": panel.name})
    return HttpResponseRedirect(panel_url(panel))


# --- a panel's page: set-up, draw, progress --------------------------------------------------------

def _panel_context(request: HttpRequest, panel: Panel) -> dict[str, Any]:
    stage = panel.stage
    progress = sel.panel_progress(panel)
    sealed = stage.status == Stage.Status.SEALED
    manage = has(request.user, "scoring.manage") and not sealed
    return {"campaign": stage.campaign, "stage": stage, "panel": panel, "progress": progress,
            "can_manage": manage, "running": manage and stage.status == Stage.Status.OPEN, "sealed": sealed,
            "rule": sel.rule_text(panel), "poll": stage.status == Stage.Status.OPEN}


@capability_required("scoring.view")
def panel_page(request: HttpRequest, panel_pk: int) -> HttpResponse:
    panel = get_panel(panel_pk)
    context = _panel_context(request, panel)
    stage = panel.stage
    seats = {j.user_id: j for j in context["progress"].judges}
    chosen_posts = set(panel.posts.values_list("pk", flat=True))
    taken = set(Panel.posts.through.objects.filter(panel__stage=stage).exclude(panel=panel)
                .values_list("post_id", flat=True))
    context.update({
        "editable": context["can_manage"] and not context["progress"].started,
        "posts": [{"post": p, "checked": p.pk in chosen_posts} for p in
                  Post.objects.filter(campaign_id=stage.campaign_id, status=Post.Status.OPEN).order_by("order", "id")
                  if p.pk not in taken],
        "judge_rows": [{"user": u, "seat": seats.get(u.pk)} for u in judge_users()],
        "methods": METHODS, "rule_json": sel.rule_of(panel).as_json() if panel.rule else {"method": "trimmed"},
        "groups_text": ", ".join(f"{g['code']}:{g['weight']}" for g in (panel.rule or {}).get("groups", [])),
        "sitting_value": (panel.sitting.astimezone(zoneinfo.ZoneInfo(stage.campaign.time_zone))
                          .strftime("%Y-%m-%dT%H:%M") if panel.sitting else ""),
    })
    return render(request, "scoring/panel_detail.html", context)


@capability_required("scoring.view")
def panel_progress(request: HttpRequest, panel_pk: int) -> HttpResponse:
    """The progress grid alone, for htmx to swap in every three seconds."""
    panel = get_panel(panel_pk)
    return render(request, "scoring/panel_progress.html", _panel_context(request, panel))


@require_POST
@capability_required("scoring.manage")
def panel_update(request: HttpRequest, panel_pk: int) -> HttpResponse:
    panel = get_panel(panel_pk)
    data = request.POST
    try:
        actions.panel_update(
            actor=request.user, panel=panel, name=data.get("name", panel.name),
            posts=[int(v) for v in data.getlist("post") if v.isdigit()], judges=judges_from_form(data),
            rule=rule_from_form(data), sitting=sitting_from_form(data, panel.stage), place=data.get("place", ""))
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("评委组已保存。"))
    return HttpResponseRedirect(panel_url(panel))


@require_POST
@capability_required("scoring.manage")
def panel_delete(request: HttpRequest, panel_pk: int) -> HttpResponse:
    panel = get_panel(panel_pk)
    try:
        actions.panel_delete(actor=request.user, panel=panel)
    except CampaignError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(panel_url(panel))
    messages.success(request, _("评委组“%(name)s”已删除。") % {"name": panel.name})
    return HttpResponseRedirect(panels_url(panel.stage))


@require_POST
@capability_required("scoring.manage")
def panel_draw(request: HttpRequest, panel_pk: int) -> HttpResponse:
    panel = get_panel(panel_pk)
    try:
        order = actions.appearance_draw(actor=request.user, panel=panel)
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        names = "、".join(f"{a.order}. {a.application.person.name}" for a in order)
        messages.success(request, _("已抽签确定出场顺序（已记入全程记实）：%(names)s") % {"names": names})
    return HttpResponseRedirect(panel_url(panel))


# --- a candidate: start, close, absent -------------------------------------------------------------

def _appearance_action(request: HttpRequest, appearance_pk: int, verb: str) -> HttpResponse:
    a = get_appearance(appearance_pk)
    name = a.application.person.name
    try:
        if verb == "start":
            actions.appearance_start(actor=request.user, appearance=a)
            text = _("%(name)s：开始评分，评委现在可以提交评分。")
        elif verb == "close":
            actions.appearance_close(actor=request.user, appearance=a)
            text = _("%(name)s：评分已结束。")
        else:
            absent = request.POST.get("absent", "1") != "0"
            actions.appearance_absent(actor=request.user, appearance=a, absent=absent)
            text = _("%(name)s：已登记缺席。") if absent else _("%(name)s：已撤销缺席登记。")
    except CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, text % {"name": name})
    return back(request, panel_url(a.panel))


@require_POST
@capability_required("scoring.manage")
def appearance_start(request: HttpRequest, appearance_pk: int) -> HttpResponse:
    return _appearance_action(request, appearance_pk, "start")


@require_POST
@capability_required("scoring.manage")
def appearance_close(request: HttpRequest, appearance_pk: int) -> HttpResponse:
    return _appearance_action(request, appearance_pk, "close")


@require_POST
@capability_required("scoring.manage")
def appearance_absent(request: HttpRequest, appearance_pk: int) -> HttpResponse:
    return _appearance_action(request, appearance_pk, "absent")
