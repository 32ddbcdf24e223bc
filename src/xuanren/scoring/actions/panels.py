"""Panel scoring set up and run by the organiser (竞聘演讲、答辩、面试): the rubric, the panels of judges, the
order of appearance drawn by lot, and each candidate started, closed or marked absent.

- :func:`rubric_set` — the stage's criteria with their maximum points (评分要素及分值); refused once any
  judge has handed in a sheet in the stage, so every sheet is marked against the same rubric.
- :func:`panel_create`, :func:`panel_update`, :func:`panel_delete` — a panel hears the candidates of some
  posts (a post belongs to at most one panel of the stage) with its judges (users holding the judge role,
  each with an optional group code for weighted groups) and its rule (:class:`~xuanren.rules.scoring.panel.
  PanelRule`, default: drop the highest and the lowest at five judges or more). An appearance is made for
  every candidate of the panel's posts (:func:`xuanren.campaigns.selectors.candidates`). Fixed once a
  candidate of the panel has been started.
- :func:`appearance_draw` — the order of appearance by lot (``secrets.SystemRandom``; a test passes its own
  ``rng``), recorded with the full order; may be drawn again until the first candidate starts.
- :func:`appearance_start`, :func:`appearance_close`, :func:`appearance_absent` — the organiser starts a
  candidate's scoring (judges may score only a candidate being scored: they hear the speech first, and
  the organiser knows who is before the panel), closes it once every judge has handed in a sheet or
  recused (recorded with the panel score and its explanation), or marks the candidate absent (缺席).

Judges' sheets are in :mod:`.sheets`. Every function is one transaction that locks the campaign's row
and ends with its record event; refusals raise :class:`~xuanren.campaigns.errors.CampaignError` and write
nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max

from xuanren.accounts.access import has
from xuanren.campaigns.errors import from_rule, refuse
from xuanren.campaigns.models import Campaign, Post, Stage, StageKind
from xuanren.campaigns.selectors import candidates
from xuanren.record.actions import record_event
from xuanren.rules.errors import RuleError
from xuanren.rules.scoring.panel import Criterion as RubricLine
from xuanren.rules.scoring.panel import PanelRule, check_rubric
from xuanren.scoring import panels_selectors as sel
from xuanren.scoring.actions._common import (
    lock_campaign,
    locked_stage,
    now_or,
    plain,
    require,
    require_kind,
    require_not_sealed,
    require_open,
    state,
    to_decimal,
    to_fraction,
)
from xuanren.scoring.models import Appearance, Criterion, Panel, PanelJudge, Sheet

CAPABILITY = "scoring.manage"
JUDGE_CAPABILITY = "scoring.judge"


# --- shared checks ---------------------------------------------------------------------------------

def _stage_for_change(stage: Stage) -> Stage:
    """The interview stage, locked (campaign first), not sealed, of a campaign that is not over."""
    campaign = lock_campaign(stage.campaign)
    current = locked_stage(stage)
    require_kind(current, StageKind.INTERVIEW)
    require_not_sealed(current)
    if campaign.status in (Campaign.Status.CLOSED, Campaign.Status.CANCELLED):
        raise refuse("scoring.campaign_over", "竞聘批次“{name}”已{status}", "the campaign '{name}' is {status_en}",
                     name=campaign.name, status=campaign.get_status_display(), status_en=campaign.status)
    return current


def _stage_running(stage: Stage, what: str, what_en: str) -> Stage:
    """The interview stage, locked, open, of an announced campaign."""
    campaign = lock_campaign(stage.campaign)
    current = locked_stage(stage)
    require_kind(current, StageKind.INTERVIEW)
    require_open(current, what=what, what_en=what_en)
    if campaign.status != Campaign.Status.ANNOUNCED:
        raise refuse("scoring.campaign_not_running", "竞聘批次“{name}”不在进行中（{status}）",
                     "the campaign '{name}' is not running ({status_en})", name=campaign.name,
                     status=campaign.get_status_display(), status_en=campaign.status)
    return current


def _locked_appearance(appearance: Appearance) -> Appearance:
    return (Appearance.objects.select_for_update(of=("self",))
            .select_related("panel", "stage", "application", "application__person", "application__post")
            .get(pk=appearance.pk))


def _require_panel_free(panel: Panel) -> None:
    if sel.panel_started(panel):
        raise refuse("scoring.panel_started", "评委组“{name}”已开始评分，其职位、评委和计分规则不能再改变",
                     "the panel '{name}' has started scoring: its posts, judges and rule can no longer change",
                     name=panel.name)


def who(appearance: Appearance) -> str:
    """``张三（职位P01）`` — a candidate as named in refusals and the record."""
    app = appearance.application
    return f"{app.person.name}（职位{app.post.code}）"


def _appearance_details(a: Appearance) -> dict[str, Any]:
    return {"panel": a.panel_id, "stage": a.stage_id, "appearance": a.pk, "application": a.application_id,
            "name": a.application.person.name, "post": a.application.post.code, "order": a.order}


# --- the rubric ------------------------------------------------------------------------------------

def _criteria_rows(criteria: Iterable[Any]) -> list[tuple[str, Fraction, str]]:
    """``[(name, max points, description)]`` from dicts ``{"name", "max_points", "description"}`` or tuples."""
    rows: list[tuple[str, Fraction, str]] = []
    for n, c in enumerate(criteria, start=1):
        if isinstance(c, Mapping):
            name, points, description = c.get("name"), c.get("max_points"), c.get("description", "")
        else:
            parts = list(c)
            name, points, description = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
        name = str(name or "").strip()
        if not name:
            raise refuse("scoring.rubric.name", "第{n}项评分要素没有名称", "criterion {n} has no name", n=n)
        if points is None or (isinstance(points, str) and not points.strip()):
            raise refuse("scoring.rubric.points_missing", "评分要素“{name}”没有分值", "the criterion '{name}' has no "
                         "maximum points", name=name)
        value = to_fraction(points)
        assert value is not None
        if value <= 0:
            raise refuse("scoring.rubric.points", "评分要素“{name}”的分值应大于0，实为{value}",
                         "the criterion '{name}' must be worth more than 0, not {value}", name=name, value=plain(value))
        if (value * 100).denominator != 1 or value >= 10_000:
            raise refuse("scoring.rubric.points_format", "评分要素“{name}”的分值“{value}”应小于10000且最多两位小数",
                         "the criterion '{name}': '{value}' must be below 10000 with at most two decimals",
                         name=name, value=plain(value))
        rows.append((name, value, str(description or "").strip()))
    if not rows:
        raise refuse("scoring.rubric.empty", "评分标准至少要有一项评分要素", "the rubric needs at least one criterion")
    try:
        check_rubric([RubricLine(key=name, name=name, max_points=value) for name, value, _ in rows])
    except RuleError as exc:
        raise from_rule(exc) from None
    return rows


def rubric_set(*, actor: Any, stage: Stage, criteria: Iterable[Any], now: dt.datetime | None = None) -> list[Criterion]:
    """Replace the stage's rubric with ``criteria`` (in order), e.g. ``[("政治素质", 20), ("工作思路", 30)]``
    or dicts ``{"name", "max_points", "description"}``. Refused once any judge has handed in a sheet (or
    recused) in the stage. Recorded as ``scoring.rubric.set`` with the old and new criteria."""
    require(actor, CAPABILITY)
    now_or(now)
    rows = _criteria_rows(criteria)
    with transaction.atomic():
        current = _stage_for_change(stage)
        if sel.stage_has_sheets(current):
            raise refuse("scoring.rubric.in_use", "已有评委提交评分表，评分标准不能再修改",
                         "judges have handed in sheets: the rubric can no longer change")
        old = sel.rubric(current)
        before = [{"name": c.name, "max_points": plain(c.max_points), "description": c.description} for c in old]
        Criterion.objects.filter(stage=current).delete()
        made = Criterion.objects.bulk_create([
            Criterion(stage=current, order=n, name=name, max_points=to_decimal(points), description=description)
            for n, (name, points, description) in enumerate(rows, start=1)])
        after = [{"name": name, "max_points": plain(points), "description": description}
                 for name, points, description in rows]
        total = sum((points for _, points, _ in rows), Fraction(0))
        record_event(actor=actor, action="scoring.rubric.set", obj=current, before=before, after=after,
                     details={"campaign": current.campaign_id, "stage": current.pk, "criteria": after,
                              "max": plain(total)})
    return made


# --- panels ----------------------------------------------------------------------------------------

def _judge_rows(judges: Iterable[Any]) -> list[tuple[Any, str]]:
    """``[(user, group)]`` from users, ``(user, group)`` pairs, or dicts ``{"user": user or pk, "group"}``."""
    User = get_user_model()
    rows: list[tuple[Any, str]] = []
    for j in judges:
        if isinstance(j, Mapping):
            user, group = j.get("user"), j.get("group", "")
        elif isinstance(j, tuple | list):
            user, group = j[0], j[1] if len(j) > 1 else ""
        else:
            user, group = j, ""
        if not isinstance(user, User):
            found = User.objects.filter(pk=user).first() if isinstance(user, int) else (
                User.objects.filter(username=str(user)).first() if user else None)
            if found is None:
                raise refuse("scoring.panel.unknown_user", "用户“{user}”不存在", "there is no user '{user}'", user=user)
            user = found
        rows.append((user, str(group or "").strip()))
    seen: set[int] = set()
    for user, group in rows:
        name = user.first_name or user.get_username()
        if user.pk in seen:
            raise refuse("scoring.panel.judge_twice", "评委“{name}”重复", "the judge '{name}' is listed twice",
                         name=name)
        seen.add(user.pk)
        if not user.is_active or not has(user, JUDGE_CAPABILITY):
            raise refuse("scoring.panel.not_a_judge", "用户“{name}”没有评委角色，不能担任评委",
                         "the user '{name}' does not hold the judge role", name=name)
        if len(group) > 30:
            raise refuse("scoring.panel.group_long", "评委“{name}”的类别代码过长", "the judge '{name}''s group "
                         "code is too long", name=name)
    return rows


def _rule(rule: Mapping[str, Any] | PanelRule | None, judges: list[tuple[Any, str]]) -> PanelRule:
    try:
        parsed = rule if isinstance(rule, PanelRule) else (PanelRule.from_json(rule) if rule else PanelRule())
    except RuleError as exc:
        raise from_rule(exc, prefix_zh="计分规则：", prefix_en="panel rule: ") from None
    if parsed.method == "groups":
        codes = {code for code, _ in parsed.groups}
        for user, group in judges:
            name = user.first_name or user.get_username()
            if group not in codes:
                raise refuse("scoring.panel.judge_group",
                             "评委“{name}”的类别“{group}”不在计分规则的评委类别（{codes}）中",
                             "the judge '{name}' is in the group '{group}', which the rule does not weight ({codes})",
                             name=name, group=group or "—", codes="、".join(sorted(codes)))
    return parsed


def _posts(stage: Stage, posts: Iterable[Post | int], panel: Panel | None) -> list[Post]:
    pks = [p.pk if isinstance(p, Post) else int(p) for p in posts]
    found = {p.pk: p for p in Post.objects.filter(pk__in=pks, campaign_id=stage.campaign_id)}
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise refuse("scoring.panel.unknown_post", "本批次没有编号为{pks}的职位", "the campaign has no post {pks}",
                     pks="、".join(map(str, missing)))
    out = list(dict.fromkeys(found[pk] for pk in pks))
    if not out:
        raise refuse("scoring.panel.no_posts", "评委组至少要负责一个职位", "a panel hears at least one post")
    for p in out:
        if p.status != Post.Status.OPEN:
            raise refuse("scoring.panel.post_closed", "职位{code}（{title}）{status}，不能安排评委组",
                         "post {code} is {status_en}", code=p.code, title=p.title, status=p.get_status_display(),
                         status_en=p.status)
    taken = Panel.posts.through.objects.filter(panel__stage=stage, post_id__in=[p.pk for p in out])
    if panel is not None:
        taken = taken.exclude(panel_id=panel.pk)
    for link in taken.select_related("panel", "post"):
        raise refuse("scoring.panel.post_taken", "职位{code}已由评委组“{panel}”负责，一个职位只能由一个评委组评分",
                     "post {code} is already heard by the panel '{panel}'", code=link.post.code, panel=link.panel.name)
    return out


def _panel_state(panel: Panel) -> dict[str, Any]:
    out = state(panel)
    out["posts"] = sorted(panel.posts.values_list("code", flat=True))
    out["judges"] = [{"user": j.user.get_username(), "group": j.group}
                     for j in PanelJudge.objects.filter(panel=panel).select_related("user").order_by("order", "id")]
    return out


def _set_judges(panel: Panel, judges: list[tuple[Any, str]]) -> None:
    if Sheet.objects.filter(judge__panel=panel).exists():
        raise refuse("scoring.panel.judges_in_use", "评委组“{name}”已有评委提交评分表，评委不能再改变",
                     "judges of the panel '{name}' have handed in sheets: the judges can no longer change",
                     name=panel.name)
    PanelJudge.objects.filter(panel=panel).delete()
    PanelJudge.objects.bulk_create([PanelJudge(panel=panel, user=user, group=group, order=n)
                                    for n, (user, group) in enumerate(judges, start=1)])


def _sync(panel: Panel) -> dict[str, list[int]]:
    """Make the panel's appearances match the candidates of its posts: add those missing (after a draw they
    are put at the end), remove those no longer candidates while nothing has happened to them."""
    wanted = {a.pk for p in panel.posts.all() for a in candidates(panel.stage.campaign, p)}
    have = {a.application_id: a for a in Appearance.objects.filter(panel=panel)}
    removed = [a.application_id for app_pk, a in have.items()
               if app_pk not in wanted and a.status == Appearance.Status.WAITING and not a.absent
               and not a.sheets.exists()]
    Appearance.objects.filter(panel=panel, application_id__in=removed).delete()
    # A candidate heard by another panel of the stage before the posts moved (nothing happened to them yet).
    Appearance.objects.filter(stage=panel.stage, application_id__in=wanted, status=Appearance.Status.WAITING,
                              sheets__isnull=True).exclude(panel=panel).delete()
    added = sorted(wanted - set(have) - set(Appearance.objects.filter(stage=panel.stage, application_id__in=wanted)
                                             .values_list("application_id", flat=True)))
    drawn = Appearance.objects.filter(panel=panel, order__isnull=False)
    last = drawn.aggregate(m=Max("order"))["m"] if drawn.exists() else None
    Appearance.objects.bulk_create([
        Appearance(stage=panel.stage, panel=panel, application_id=pk,
                   order=(last + n) if last is not None else None) for n, pk in enumerate(added, start=1)])
    return {"added": added, "removed": sorted(removed)}


def panel_create(*, actor: Any, stage: Stage, name: str, posts: Iterable[Post | int], judges: Iterable[Any] = (),
                 rule: Mapping[str, Any] | PanelRule | None = None, sitting: dt.datetime | None = None,
                 place: str = "", now: dt.datetime | None = None) -> Panel:
    """A panel of ``judges`` hearing the candidates of ``posts`` in the interview ``stage``, with its ``rule``
    (JSON like ``{"method": "mean"}``; default trimmed, drop one each side at five judges or more). Makes an
    appearance for every candidate of the posts. Recorded as ``scoring.panel.create``."""
    require(actor, CAPABILITY)
    now_or(now)
    name = (name or "").strip()
    if not name:
        raise refuse("scoring.panel.name", "请填写评委组名称", "the panel needs a name")
    judge_rows = _judge_rows(judges)
    parsed = _rule(rule, judge_rows)
    with transaction.atomic():
        current = _stage_for_change(stage)
        if Panel.objects.filter(stage=current, name=name).exists():
            raise refuse("scoring.panel.name_taken", "已有名为“{name}”的评委组", "there is already a panel '{name}'",
                         name=name)
        post_list = _posts(current, posts, None)
        panel = Panel.objects.create(stage=current, name=name, rule=parsed.as_json(), sitting=sitting,
                                     place=(place or "").strip()[:100])
        panel.posts.set(post_list)
        _set_judges(panel, judge_rows)
        synced = _sync(panel)
        after = _panel_state(panel)
        record_event(actor=actor, action="scoring.panel.create", obj=panel, before=None, after=after,
                     details={"campaign": current.campaign_id, "stage": current.pk, "name": name,
                              "posts": after["posts"], "judges": after["judges"], "rule": parsed.as_json(),
                              "candidates": len(synced["added"])})
    return panel


_UNSET: Any = object()


def panel_update(*, actor: Any, panel: Panel, name: str | None = None, posts: Iterable[Post | int] | None = None,
                 judges: Iterable[Any] | None = None, rule: Mapping[str, Any] | PanelRule | None = _UNSET,
                 sitting: dt.datetime | None = _UNSET, place: str | None = None,
                 now: dt.datetime | None = None) -> Panel:
    """Change what is given of the panel (name, posts, judges, rule, sitting, place), until one of its
    candidates has been started. Changing the posts keeps the draw for those who stay and puts newcomers
    at the end. Recorded as ``scoring.panel.update`` with the panel before and after."""
    require(actor, CAPABILITY)
    now_or(now)
    with transaction.atomic():
        current = _stage_for_change(panel.stage)
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        locked.stage = current
        if any(v is not None for v in (posts, judges)) or rule is not _UNSET:
            _require_panel_free(locked)
        before = _panel_state(locked)
        if name is not None:
            name = name.strip()
            if not name:
                raise refuse("scoring.panel.name", "请填写评委组名称", "the panel needs a name")
            if Panel.objects.filter(stage=current, name=name).exclude(pk=locked.pk).exists():
                raise refuse("scoring.panel.name_taken", "已有名为“{name}”的评委组", "there is already a panel "
                             "'{name}'", name=name)
            locked.name = name
        judge_rows = _judge_rows(judges) if judges is not None else [
            (j.user, j.group) for j in PanelJudge.objects.filter(panel=locked).select_related("user")]
        if rule is not _UNSET or judges is not None:
            parsed = _rule(rule if rule is not _UNSET else locked.rule, judge_rows)
            locked.rule = parsed.as_json()
        if sitting is not _UNSET:
            locked.sitting = sitting
        if place is not None:
            locked.place = place.strip()[:100]
        locked.save()
        if posts is not None:
            locked.posts.set(_posts(current, posts, locked))
        if judges is not None:
            _set_judges(locked, judge_rows)
        synced = _sync(locked)
        after = _panel_state(locked)
        record_event(actor=actor, action="scoring.panel.update", obj=locked, before=before, after=after,
                     details={"campaign": current.campaign_id, "stage": current.pk, "name": locked.name,
                              "changed": sorted(k for k in after if after[k] != before.get(k)), **synced})
    return locked


def panel_delete(*, actor: Any, panel: Panel, now: dt.datetime | None = None) -> None:
    """Remove a panel on which nothing has happened (no candidate started, no sheet). Recorded as
    ``scoring.panel.delete``."""
    require(actor, CAPABILITY)
    now_or(now)
    with transaction.atomic():
        current = _stage_for_change(panel.stage)
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        _require_panel_free(locked)
        if Sheet.objects.filter(appearance__panel=locked).exists():
            raise refuse("scoring.panel.has_sheets", "评委组“{name}”已有评分表，不能删除",
                         "the panel '{name}' has sheets: it cannot be removed", name=locked.name)
        before = _panel_state(locked)
        pk = locked.pk
        Appearance.objects.filter(panel=locked).delete()
        locked.delete()
        record_event(actor=actor, action="scoring.panel.delete", object_type="scoring.panel", object_id=str(pk),
                     object_repr=before["name"], before=before, after=None,
                     details={"campaign": current.campaign_id, "stage": current.pk, "name": before["name"]})


# --- the draw --------------------------------------------------------------------------------------

def appearance_draw(*, actor: Any, panel: Panel, now: dt.datetime | None = None,
                    rng: random.Random | None = None) -> list[Appearance]:
    """Draw the order of appearance of the panel's candidates by lot (``secrets.SystemRandom`` unless ``rng``
    is given), candidates marked absent left out. Refused once a candidate has started; a new draw before
    that replaces the old one (both recorded). Recorded as ``scoring.panel.draw`` with the full order;
    returns the appearances in their new order."""
    require(actor, CAPABILITY)
    now_or(now)
    chance = rng if rng is not None else secrets.SystemRandom()
    with transaction.atomic():
        current = _stage_for_change(panel.stage)
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        locked.stage = current
        if sel.panel_started(locked):
            raise refuse("scoring.draw.started", "评委组“{name}”已开始评分，出场顺序不能再抽签",
                         "the panel '{name}' has started scoring: the order can no longer be drawn", name=locked.name)
        _sync(locked)
        everyone = list(sel.appearances(locked))
        if not everyone:
            raise refuse("scoring.draw.nobody", "评委组“{name}”没有需评分的人选，无法抽签",
                         "the panel '{name}' has no candidates to draw", name=locked.name)
        redraw = any(a.order is not None for a in everyone)
        present = sorted((a for a in everyone if not a.absent), key=lambda a: a.application_id)
        chance.shuffle(present)
        Appearance.objects.filter(panel=locked).update(order=None)
        for n, a in enumerate(present, start=1):
            a.order = n
        Appearance.objects.bulk_update(present, ["order"])
        order = [{"order": a.order, "application": a.application_id, "name": a.application.person.name,
                  "post": a.application.post.code} for a in present]
        record_event(actor=actor, action="scoring.panel.draw", obj=locked, before=None, after=order,
                     details={"campaign": current.campaign_id, "stage": current.pk, "panel": locked.name,
                              "order": order, "redraw": redraw,
                              "absent": [a.application.person.name for a in everyone if a.absent]})
    return present


# --- a candidate before the panel ------------------------------------------------------------------

def appearance_start(*, actor: Any, appearance: Appearance, now: dt.datetime | None = None) -> Appearance:
    """Open the candidate's scoring: the judges may now hand in their sheets. Needs the stage open, the
    order drawn, a rubric and at least one judge. Recorded as ``scoring.appearance.start``."""
    require(actor, CAPABILITY)
    now_or(now)
    with transaction.atomic():
        _stage_running(appearance.stage, "开始评分", "scoring start")
        a = _locked_appearance(appearance)
        if a.absent:
            raise refuse("scoring.start.absent", "{who}已登记为缺席，不能开始评分", "{who} is marked absent",
                         who=who(a))
        if a.status != Appearance.Status.WAITING:
            raise refuse("scoring.start.not_waiting", "{who}{status}，不能再次开始", "{who} is already {status_en}",
                         who=who(a), status=a.get_status_display(), status_en=a.status)
        if a.order is None:
            raise refuse("scoring.start.not_drawn", "评委组“{panel}”尚未抽签确定出场顺序，请先抽签",
                         "the panel '{panel}' has not drawn the order of appearance yet", panel=a.panel.name)
        if not Criterion.objects.filter(stage_id=a.stage_id).exists():
            raise refuse("scoring.start.no_rubric", "尚未设置评分标准（评分要素及分值）", "the rubric is not set")
        if not PanelJudge.objects.filter(panel_id=a.panel_id).exists():
            raise refuse("scoring.start.no_judges", "评委组“{panel}”还没有评委", "the panel '{panel}' has no judges",
                         panel=a.panel.name)
        before = state(a)
        a.status = Appearance.Status.SCORING
        a.save(update_fields=["status"])
        record_event(actor=actor, action="scoring.appearance.start", obj=a, before=before, after=state(a),
                     details=_appearance_details(a))
    return a


def missing_judges(appearance: Appearance) -> list[str]:
    """The judges (``评委2（李四）``) who have neither handed in a sheet for the candidate nor recused."""
    judges = sel.seats(appearance.panel)
    done = set(Sheet.objects.filter(appearance=appearance).values_list("judge_id", flat=True))
    return [f"{sel.seat_label(n)}（{sel.judge_name(j)}）" for n, j in enumerate(judges, start=1) if j.pk not in done]


def appearance_close(*, actor: Any, appearance: Appearance, now: dt.datetime | None = None) -> Appearance:
    """Close the candidate's scoring once every judge has handed in a sheet or recused (otherwise refused,
    naming who is missing). From then on no sheet is handed in or corrected, and the organiser sees the
    scores. Recorded as ``scoring.appearance.close`` with the panel score and its explanation."""
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        _stage_running(appearance.stage, "结束评分", "scoring close")
        a = _locked_appearance(appearance)
        if a.status != Appearance.Status.SCORING:
            raise refuse("scoring.close.not_scoring", "{who}{status}，不能结束评分", "{who} is {status_en}, not being "
                         "scored", who=who(a), status=a.get_status_display(), status_en=a.status)
        missing = missing_judges(a)
        if missing:
            raise refuse("scoring.close.missing", "{who}尚有评委未提交评分：{missing}",
                         "{who}: judges have not handed in a sheet yet: {missing}", who=who(a),
                         missing="、".join(missing))
        try:
            result = sel.appearance_score(a)
        except RuleError as exc:
            raise from_rule(exc, prefix_zh=f"{who(a)}：", prefix_en=f"{who(a)}: ") from None
        if result.score is None:
            raise refuse("scoring.close.no_score", "{who}没有评委有效评分（全部回避），无法得出成绩；如缺席请登记缺席",
                         "{who} has no valid score (every judge recused)", who=who(a))
        before = state(a)
        a.status = Appearance.Status.CLOSED
        a.closed_at = now
        a.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        a.save(update_fields=["status", "closed_at", "closed_by"])
        record_event(actor=actor, action="scoring.appearance.close", obj=a, before=before, after=state(a),
                     details={**_appearance_details(a), "score": _exact(result.score),
                              "display": sel.shown(result.score), "explanation": sel.lines(result.explain())})
    return a


def _exact(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def appearance_absent(*, actor: Any, appearance: Appearance, absent: bool = True,
                      now: dt.datetime | None = None) -> Appearance:
    """Mark the candidate absent (缺席: no score, which is not a zero), or take the mark back. Absent only
    while no judge has handed in a sheet; taken back until the stage is sealed (the candidate waits again,
    at the end of the order if it was drawn). Recorded as ``scoring.appearance.absent``."""
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        _stage_for_change(appearance.stage)
        a = _locked_appearance(appearance)
        before = state(a)
        if absent:
            if a.absent:
                raise refuse("scoring.absent.already", "{who}已登记为缺席", "{who} is already marked absent",
                             who=who(a))
            if a.status == Appearance.Status.CLOSED or a.sheets.exists():
                raise refuse("scoring.absent.scored", "{who}已有评委评分，不能登记为缺席", "{who} has been scored: "
                             "not absent", who=who(a))
            a.absent, a.status, a.order = True, Appearance.Status.CLOSED, None
            a.closed_at = now
            a.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        else:
            if not a.absent:
                raise refuse("scoring.absent.not_absent", "{who}未登记缺席", "{who} is not marked absent", who=who(a))
            drawn = Appearance.objects.filter(panel_id=a.panel_id, order__isnull=False)
            last = drawn.aggregate(m=Max("order"))["m"]
            a.absent, a.status, a.closed_at, a.closed_by = False, Appearance.Status.WAITING, None, None
            a.order = last + 1 if last is not None else None
        a.save()
        record_event(actor=actor, action="scoring.appearance.absent", obj=a, before=before, after=state(a),
                     details={**_appearance_details(a), "absent": absent})
    return a


__all__ = ["appearance_absent", "appearance_close", "appearance_draw", "appearance_start", "missing_judges",
           "panel_create", "panel_delete", "panel_update", "rubric_set", "who"]

