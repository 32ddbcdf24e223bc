"""Voting sessions: create one from its stage, set its voter groups and ballot forms, open it (or delete a
draft); turnout.

A session copies its rules from the stage when it is created (``stage.settings``: groups, thresholds,
rate base, …; defaults: seed 000's for a recommendation, one group "全体参评人员" 100 for an
evaluation), so the rules it is counted with are the rules it shows, whatever happens to the stage
later. The voter groups become :class:`VoterGroup` rows (``Session.rules`` keeps everything else).
Groups and forms may change only while the session is a draft.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from xuanren.campaigns.actions._common import lock_campaign, now_or, require
from xuanren.campaigns.models import Application, Post, Stage, StageKind
from xuanren.campaigns.presets import SEED_000_RECOMMENDATION
from xuanren.campaigns.selectors import candidates
from xuanren.people.models import Person
from xuanren.record.actions import record_event
from xuanren.rules.tally import DEFAULT_ELEMENTS
from xuanren.voting.actions._common import (
    form_state,
    group_state,
    lock_session,
    require_draft,
    session_state,
    voting_refuse,
)
from xuanren.voting.models import Ballot, BallotForm, Session, VoterCode, VoterGroup

#: The stages a session may belong to.
VOTING_STAGES = (StageKind.RECOMMENDATION, StageKind.EVALUATION)
#: An evaluation's voter group when its stage configures none (everyone present, one group).
EVALUATION_GROUPS: list[dict[str, Any]] = [{"code": "all", "name": "全体参评人员", "weight": 100}]
#: Grade codes of an evaluation form (优秀/称职/基本称职/不称职), and the optional 不了解.
GRADE_CODES: tuple[str, ...] = ("excellent", "competent", "basically_competent", "incompetent")
#: The tally's spelling of a grade code, taken as an alias on input.
GRADE_ALIASES = {"basic": "basically_competent"}
UNKNOWN = "unknown"
GRADE_NAMES = {"excellent": "优秀", "competent": "称职", "basically_competent": "基本称职",
               "incompetent": "不称职", UNKNOWN: "不了解"}
DEFAULT_ELEMENT_NAMES: list[str] = [e.name for e in DEFAULT_ELEMENTS]
#: The most write-in lines (另推人选) a post may have on a recommendation ballot.
MAX_WRITE_INS = 3


@dataclass(frozen=True)
class GroupTurnout:
    """A voter group's figures for the projector: weight, entitled (应到), issued (发出), returned (收回:
    ballots cast)."""

    code: str
    name: str
    weight: Decimal
    entitled: int
    issued: int
    returned: int


# --- create ---------------------------------------------------------------------------------------

def default_rules(stage: Stage) -> dict[str, Any]:
    """The stage's rules with the defaults filled in (groups included)."""
    settings = copy.deepcopy(dict(stage.settings or {}))
    if stage.kind == StageKind.RECOMMENDATION:
        rules = copy.deepcopy(SEED_000_RECOMMENDATION)
    else:
        rules = {"groups": copy.deepcopy(EVALUATION_GROUPS)}
    rules.update(settings)
    if not rules.get("groups"):
        rules["groups"] = copy.deepcopy(SEED_000_RECOMMENDATION["groups"] if stage.kind == StageKind.RECOMMENDATION
                                        else EVALUATION_GROUPS)
    return rules


def _note(app: Application) -> str:
    person = app.person
    unit = person.unit.name if person.unit_id else ""
    return " ".join(x for x in (unit, person.post_title) if x)


def default_recommendation(stage: Stage) -> dict[str, Any] | None:
    """One recommendation form's content: every open post with candidates, ``max_marks`` = slots."""
    by_post: dict[int, list[Application]] = defaultdict(list)
    posts: dict[int, Post] = {}
    for app in candidates(stage.campaign):
        by_post[app.post_id].append(app)
        posts[app.post_id] = app.post
    if not posts:
        return None
    return {"posts": [{"post": pk, "code": posts[pk].code, "title": posts[pk].title, "slots": posts[pk].slots,
                       "max_marks": posts[pk].slots, "write_ins": 0,
                       "candidates": [{"application": a.pk, "name": a.person.name, "note": _note(a)}
                                      for a in by_post[pk]]}
                      for pk in by_post]}


def default_evaluation(stage: Stage) -> dict[str, Any] | None:
    """One evaluation form's content: every candidate once (with the posts they stand for), four grades
    and 不了解."""
    subjects: dict[int, dict[str, Any]] = {}
    for app in candidates(stage.campaign):
        s = subjects.setdefault(app.person_id, {"person": app.person_id, "name": app.person.name, "post": ""})
        s["post"] = "、".join(x for x in (s["post"], app.post.title) if x)
    if not subjects:
        return None
    return {"grades": list(GRADE_CODES), "unknown": True, "subjects": list(subjects.values())}


def session_create(*, actor: Any, stage: Stage, name: str, trial: bool = False, mode: str = "slips",
                   place: str = "", now: dt.datetime | None = None) -> Session:
    """A new draft session of a recommendation or evaluation ``stage`` (open; pending too for a trial),
    with the stage's rules, its voter groups (entitled 0 until set) and the default ballot form: a
    recommendation form of every open post with candidates (``max_marks`` = slots, no write-ins), or an
    evaluation form grading each candidate. Recorded."""
    require(actor, "voting.manage")
    now = now_or(now)
    name = (name or "").strip()
    if not name:
        raise voting_refuse("session.name", "请填写投票场次名称", "the session needs a name")
    if mode not in Session.Mode.values:
        raise voting_refuse("session.mode", "发码方式“{mode}”无效", "unknown code mode '{mode}'", mode=mode)
    with transaction.atomic():
        lock_campaign(stage.campaign)
        stage = Stage.objects.select_related("campaign").get(pk=stage.pk)
        if stage.kind not in VOTING_STAGES:
            raise voting_refuse("session.stage_kind",
                                "“{stage}”环节不进行投票，只有民主推荐、民主测评环节可以建立投票场次",
                                "the stage '{stage}' has no vote: only recommendation and evaluation stages do",
                                stage=stage.get_kind_display())
        allowed = (Stage.Status.OPEN, Stage.Status.PENDING) if trial else (Stage.Status.OPEN,)
        if stage.status not in allowed:
            pending = stage.status == Stage.Status.PENDING
            raise voting_refuse("session.stage_status",
                                "“{stage}”环节{status}，不能建立正式投票场次（可建立模拟测试场次）" if pending
                                else "“{stage}”环节{status}，不能再建立投票场次",
                                "the stage '{stage}' is {status_en}: no voting session can be created for it",
                                stage=stage.get_kind_display(), status=stage.get_status_display(),
                                status_en=stage.status)
        rules = default_rules(stage)
        groups = _clean_groups(rules.pop("groups"), check_entitled=False)
        session = Session.objects.create(campaign=stage.campaign, stage=stage, name=name[:200], trial=bool(trial),
                                         mode=mode, place=(place or "").strip()[:100], rules=rules)
        for i, g in enumerate(groups):
            VoterGroup.objects.create(session=session, code=g["code"], name=g["name"], weight=g["weight"],
                                      entitled=g["entitled"], order=i)
        if stage.kind == StageKind.RECOMMENDATION:
            content, kind, title = default_recommendation(stage), BallotForm.Kind.RECOMMENDATION, "民主推荐票"
        else:
            content, kind, title = default_evaluation(stage), BallotForm.Kind.EVALUATION, "民主测评票"
        if content is not None:
            BallotForm.objects.create(session=session, kind=kind, title=title, order=0, content=content)
        record_event(actor=actor, action="voting.session_create", obj=session, after=session_state(session),
                     details={"stage": stage.kind, "trial": session.trial, "mode": mode,
                              "groups": [{"code": g["code"], "name": g["name"], "weight": str(g["weight"])}
                                         for g in groups],
                              "forms": 0 if content is None else 1})
    return session


# --- groups ---------------------------------------------------------------------------------------

def _clean_groups(groups: Any, *, check_entitled: bool = True) -> list[dict[str, Any]]:
    """Checked groups: code, name, weight (Decimal), entitled (int); weights summing to 100."""
    if not isinstance(groups, list) or not groups:
        raise voting_refuse("groups.empty", "至少需要一个投票人类别", "at least one voter group is needed")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, g in enumerate(groups, start=1):
        if not isinstance(g, dict):
            raise voting_refuse("groups.row", "第{row}个投票人类别格式不正确", "voter group {row} is malformed", row=i)
        code = str(g.get("code") or "").strip()
        name = str(g.get("name") or "").strip()
        if not code or len(code) > 30:
            raise voting_refuse("groups.code", "第{row}个投票人类别缺少代码（或超过30个字符）",
                                "voter group {row} has no code (or one over 30 characters)", row=i)
        if code in seen:
            raise voting_refuse("groups.duplicate", "投票人类别代码“{code}”重复",
                                "voter group code '{code}' is repeated", code=code)
        seen.add(code)
        if not name or len(name) > 50:
            raise voting_refuse("groups.name", "第{row}个投票人类别缺少名称（或超过50个字符）",
                                "voter group {row} has no name (or one over 50 characters)", row=i)
        try:
            weight = Decimal(str(g.get("weight")))
        except (InvalidOperation, ValueError):
            weight = Decimal("NaN")
        if not weight.is_finite() or weight < 0 or weight > 100 or weight != weight.quantize(Decimal("0.01")):
            raise voting_refuse("groups.weight", "“{name}”的权重“{value}”应为0至100之间的数（最多两位小数）",
                                "the weight of '{name}' must be a number from 0 to 100 (two decimals at most): {value}",
                                name=name, value=g.get("weight"))
        entitled = g.get("entitled", 0)
        if isinstance(entitled, str) and entitled.strip().isdigit():
            entitled = int(entitled.strip())
        if isinstance(entitled, bool) or not isinstance(entitled, int) or entitled < 0:
            raise voting_refuse("groups.entitled", "“{name}”的应到人数“{value}”应为非负整数",
                                "the number entitled of '{name}' must be a non-negative integer: {value}",
                                name=name, value=entitled)
        if check_entitled and entitled == 0:
            raise voting_refuse("groups.entitled_zero", "“{name}”的应到人数为0", "'{name}' has no one entitled",
                                name=name)
        out.append({"code": code, "name": name, "weight": weight, "entitled": entitled})
    total = sum((g["weight"] for g in out), Decimal(0))
    if total != 100:
        raise voting_refuse("groups.weights_sum", "各投票人类别的权重之和应为100，现为{total}",
                            "the weights of the voter groups must sum to 100, not {total}",
                            total=f"{total.normalize():f}")
    return out


def groups_set(*, actor: Any, session: Session, groups: list[dict[str, Any]],
               now: dt.datetime | None = None) -> list[VoterGroup]:
    """Replace the session's voter groups: ``[{"code", "name", "weight", "entitled"}, …]``, weights summing
    to 100. Only while the session is a draft; a group that already has codes cannot be removed.
    Recorded."""
    require(actor, "voting.manage")
    cleaned = _clean_groups(groups, check_entitled=False)
    with transaction.atomic():
        session = lock_session(session)
        require_draft(session)
        existing = {g.code: g for g in VoterGroup.objects.filter(session=session)}
        before = [group_state(g) for g in existing.values()]
        keep = {g["code"] for g in cleaned}
        for code, old in existing.items():
            if code not in keep:
                if VoterCode.objects.filter(group=old).exists():
                    raise voting_refuse("groups.has_codes", "投票人类别“{name}”已发放投票码，不能删除",
                                        "codes were issued for the voter group '{name}': it cannot be removed",
                                        name=old.name)
                old.delete()
        out: list[VoterGroup] = []
        for i, g in enumerate(cleaned):
            row = existing.get(g["code"]) or VoterGroup(session=session, code=g["code"])
            row.name, row.weight, row.entitled, row.order = g["name"], g["weight"], g["entitled"], i
            row.save()
            out.append(row)
        record_event(actor=actor, action="voting.groups_set", obj=session, before=before,
                     after=[group_state(g) for g in out],
                     details={"groups": [{"code": g.code, "name": g.name, "weight": str(g.weight),
                                          "entitled": g.entitled} for g in out]})
    return out


# --- forms ----------------------------------------------------------------------------------------

def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _clean_recommendation(session: Session, content: dict[str, Any]) -> dict[str, Any]:
    rows = content.get("posts")
    if not isinstance(rows, list) or not rows:
        raise voting_refuse("form.no_posts", "推荐票至少应包含一个职位", "a recommendation ballot needs a post")
    pks = [_int(r.get("post")) if isinstance(r, dict) else None for r in rows]
    posts = {p.pk: p for p in Post.objects.filter(campaign_id=session.campaign_id, pk__in=[p for p in pks if p])}
    eligible: dict[int, dict[int, Application]] = defaultdict(dict)
    for app in candidates(session.campaign):
        eligible[app.post_id][app.pk] = app
    out = []
    seen: set[int] = set()
    for i, (row, pk) in enumerate(zip(rows, pks, strict=True), start=1):
        post = posts.get(pk) if pk is not None else None
        if post is None:
            raise voting_refuse("form.unknown_post", "第{row}个职位不是本竞聘批次的职位（{value}）",
                                "post {row} is not a post of this campaign ({value})", row=i,
                                value=row.get("post") if isinstance(row, dict) else row)
        if post.status != Post.Status.OPEN:
            raise voting_refuse("form.post_closed", "职位{code}（{title}）已{status}，不能列入推荐票",
                                "post {code} ({title}) is {status_en} and cannot be on the ballot", code=post.code,
                                title=post.title, status=post.get_status_display(), status_en=post.status)
        if post.pk in seen:
            raise voting_refuse("form.duplicate_post", "职位{code}（{title}）在推荐票上重复",
                                "post {code} ({title}) is on the ballot twice", code=post.code, title=post.title)
        seen.add(post.pk)
        max_marks = _int(row.get("max_marks", post.slots))
        if max_marks is None or max_marks < 1:
            raise voting_refuse("form.max_marks", "职位{code}（{title}）的最多推荐人数应为正整数（{value}）",
                                "the most marks for post {code} ({title}) must be a positive integer ({value})",
                                code=post.code, title=post.title, value=row.get("max_marks"))
        write_ins = _int(row.get("write_ins", 0))
        if write_ins is None or write_ins < 0 or write_ins > MAX_WRITE_INS:
            raise voting_refuse("form.write_ins",
                                "职位{code}（{title}）的另推人选栏数应为0至{most}之间的整数（{value}）",
                                "the write-in lines of post {code} ({title}) must be an integer from 0 to {most} "
                                "({value})", code=post.code, title=post.title, most=MAX_WRITE_INS,
                                value=row.get("write_ins"))
        cands = row.get("candidates")
        if cands is None:
            cands = [{"application": a} for a in eligible[post.pk]]
        if not isinstance(cands, list):
            raise voting_refuse("form.candidates", "职位{code}（{title}）的候选人格式不正确",
                                "the candidates of post {code} ({title}) are malformed", code=post.code,
                                title=post.title)
        clean_cands = []
        seen_apps: set[int] = set()
        for c in cands:
            apk = _int(c.get("application") if isinstance(c, dict) else c)
            found = eligible[post.pk].get(apk) if apk is not None else None
            if found is None:
                raise voting_refuse("form.unknown_candidate", "“{value}”不是职位{code}（{title}）的资格审查合格人选",
                                    "'{value}' is not a qualified candidate for post {code} ({title})",
                                    value=c.get("application") if isinstance(c, dict) else c, code=post.code,
                                    title=post.title)
            app = found
            if app.pk in seen_apps:
                raise voting_refuse("form.duplicate_candidate", "{name}在职位{code}（{title}）下重复列出",
                                    "{name} is listed twice for post {code} ({title})", name=app.person.name,
                                    code=post.code, title=post.title)
            seen_apps.add(app.pk)
            clean_cands.append({"application": app.pk, "name": app.person.name, "note": _note(app)})
        if not clean_cands and not write_ins:
            raise voting_refuse("form.no_candidates", "职位{code}（{title}）没有候选人，也没有另推人选栏",
                                "post {code} ({title}) has neither candidates nor write-in lines", code=post.code,
                                title=post.title)
        out.append({"post": post.pk, "code": post.code, "title": post.title, "slots": post.slots,
                    "max_marks": max_marks, "write_ins": write_ins, "candidates": clean_cands})
    return {"posts": out}


def _clean_evaluation(session: Session, content: dict[str, Any]) -> dict[str, Any]:
    grades = content.get("grades", list(GRADE_CODES))
    if isinstance(grades, list):
        grades = [GRADE_ALIASES.get(g, g) if isinstance(g, str) else g for g in grades]
    if (not isinstance(grades, list) or not grades or any(g not in GRADE_CODES for g in grades)
            or len(set(grades)) != len(grades)):
        raise voting_refuse("form.grades", "测评等次应为优秀、称职、基本称职、不称职中的若干项",
                            "the grades must be some of excellent, competent, basically competent, incompetent")
    grades = [g for g in GRADE_CODES if g in grades]
    unknown = content.get("unknown", True)
    if not isinstance(unknown, bool):
        raise voting_refuse("form.unknown", "“不了解”选项应为是或否", "'unknown' must be true or false")
    rows = content.get("subjects")
    if not isinstance(rows, list) or not rows:
        raise voting_refuse("form.no_subjects", "测评票至少应包含一名测评对象", "an evaluation ballot needs a person")
    pks = [_int(r.get("person")) if isinstance(r, dict) else _int(r) for r in rows]
    persons = Person.objects.in_bulk([p for p in pks if p is not None])
    out: list[dict[str, Any]] = []
    for i, (row, pk) in enumerate(zip(rows, pks, strict=True), start=1):
        person = persons.get(pk) if pk is not None else None
        if person is None:
            raise voting_refuse("form.unknown_person", "第{row}名测评对象不在人员库中（{value}）",
                                "person {row} is not in the register ({value})", row=i,
                                value=row.get("person") if isinstance(row, dict) else row)
        if any(s["person"] == person.pk for s in out):
            raise voting_refuse("form.duplicate_person", "{name}在测评票上重复", "{name} is on the ballot twice",
                                name=person.name)
        post = str(row.get("post") or "").strip()[:200] if isinstance(row, dict) else ""
        out.append({"person": person.pk, "name": person.name, "post": post})
    return {"grades": grades, "unknown": unknown, "subjects": out}


def _clean_elements(session: Session, content: dict[str, Any]) -> dict[str, Any]:
    elements = content.get("elements", DEFAULT_ELEMENT_NAMES)
    if not isinstance(elements, list) or not elements:
        raise voting_refuse("form.elements", "请至少填写一项推荐要素", "the ballot needs at least one element")
    for i, e in enumerate(elements, start=1):
        if not isinstance(e, str) or not e.strip():
            raise voting_refuse("form.elements", "第{row}项推荐要素为空", "element {row} is empty", row=i)
        if len(e.strip()) > 50:
            raise voting_refuse("form.elements", "第{row}项推荐要素“{value}”超过50个字符",
                                "element {row} ('{value}') is over 50 characters", row=i, value=e.strip())
    elements = [e.strip() for e in elements]
    repeated = next((e for i, e in enumerate(elements) if e in elements[:i]), None)
    if repeated is not None:
        raise voting_refuse("form.duplicate_element", "推荐要素“{value}”重复", "the element '{value}' is repeated",
                            value=repeated)
    per = _int(content.get("marks_per_element", 1))
    if per is None or per < 1:
        raise voting_refuse("form.marks_per_element", "每个要素可推荐人数应为正整数（{value}）",
                            "the marks per element must be a positive integer ({value})",
                            value=content.get("marks_per_element"))
    eligible = {a.pk: a for a in candidates(session.campaign)}
    rows = content.get("candidates")
    if rows is None:
        rows = [{"application": pk} for pk in eligible]
    if not isinstance(rows, list) or not rows:
        raise voting_refuse("form.no_candidates_elements", "要素推荐票至少应包含一名候选人",
                            "an elements ballot needs a candidate")
    out: list[dict[str, Any]] = []
    for row in rows:
        apk = _int(row.get("application") if isinstance(row, dict) else row)
        app = eligible.get(apk) if apk is not None else None
        if app is None:
            raise voting_refuse("form.unknown_candidate_elements", "“{value}”不是本竞聘批次的资格审查合格人选",
                                "'{value}' is not a qualified candidate of this campaign",
                                value=row.get("application") if isinstance(row, dict) else row)
        if any(c["application"] == app.pk for c in out):
            raise voting_refuse("form.duplicate_candidate_elements", "{name}在要素推荐票上重复",
                                "{name} is on the ballot twice", name=app.person.name)
        out.append({"application": app.pk, "name": app.person.name, "post": app.post.title})
    return {"elements": elements, "marks_per_element": per, "candidates": out}


_CLEANERS = {BallotForm.Kind.RECOMMENDATION: _clean_recommendation, BallotForm.Kind.EVALUATION: _clean_evaluation,
             BallotForm.Kind.ELEMENTS: _clean_elements}


def form_set(*, actor: Any, session: Session, form: BallotForm | None = None, kind: str, title: str,
             content: dict[str, Any], now: dt.datetime | None = None) -> BallotForm:
    """Create (``form`` None) or replace a ballot form while the session is a draft. ``content`` is checked
    (posts and qualified candidates of the campaign, ``max_marks`` ≥ 1, elements non-empty; see
    :class:`BallotForm`) and normalised (names filled in from the database; the elements default to
    seed 002's six, the grades to all four and 不了解). Recorded."""
    require(actor, "voting.manage")
    if kind not in BallotForm.Kind.values:
        raise voting_refuse("form.kind", "票种“{kind}”无效", "unknown ballot kind '{kind}'", kind=kind)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise voting_refuse("form.title", "请填写票面标题（不超过200个字符）",
                            "the ballot needs a title (200 characters at most)")
    if not isinstance(content, dict):
        raise voting_refuse("form.content", "票面内容格式不正确", "the ballot content is malformed")
    with transaction.atomic():
        session = lock_session(session)
        require_draft(session)
        clean = _CLEANERS[BallotForm.Kind(kind)](session, content)
        before = None
        if form is None:
            order = (BallotForm.objects.filter(session=session).aggregate(m=Max("order"))["m"] or 0) + 1
            if not BallotForm.objects.filter(session=session).exists():
                order = 0
            form = BallotForm(session=session, order=order)
        else:
            found = BallotForm.objects.filter(pk=form.pk, session=session).first()
            if found is None:
                raise voting_refuse("form.not_in_session", "该票面不属于投票场次“{name}”",
                                    "the ballot form is not one of the session '{name}'", name=session.name)
            form = found
            before = form_state(form)
        form.kind, form.title, form.content = kind, title, clean
        form.save()
        record_event(actor=actor, action="voting.form_set", obj=form, before=before, after=form_state(form),
                     details={"session": session.pk, "kind": kind, "title": title})
    return form


def form_delete(*, actor: Any, session: Session, form: BallotForm, now: dt.datetime | None = None) -> None:
    """Remove a ballot form while the session is a draft. Recorded."""
    require(actor, "voting.manage")
    with transaction.atomic():
        session = lock_session(session)
        require_draft(session)
        row = BallotForm.objects.filter(pk=form.pk, session=session).first()
        if row is None:
            raise voting_refuse("form.not_in_session", "该票面不属于投票场次“{name}”",
                                "the ballot form is not one of the session '{name}'", name=session.name)
        before = form_state(row)
        row.delete()
        record_event(actor=actor, action="voting.form_delete", obj=session, before=before,
                     details={"session": session.pk, "title": before["title"]})


# --- delete ---------------------------------------------------------------------------------------

def session_delete(*, actor: Any, session: Session, reason: str = "", now: dt.datetime | None = None) -> None:
    """Delete a session that is still a draft (no ballot can have been cast in it), with its voter groups,
    ballot forms and codes: a session made by mistake, or one left over when its stage is to be sealed.
    Codes already printed for it no longer open anything. An open or closed session is refused (its
    ballots and turnout are part of the record). Recorded as ``voting.session_delete``, with what was
    deleted (how many groups, forms and codes, never a code) and the reason, if any."""
    require(actor, "voting.manage")
    reason = (reason or "").strip()[:500]
    with transaction.atomic():
        session = lock_session(session)
        if session.status != Session.Status.DRAFT:
            raise voting_refuse("delete.not_draft",
                                "投票场次“{name}”{status}，不能删除（只能删除准备中、尚未开始投票的场次）",
                                "the voting session '{name}' is {status_en}: only a session still being prepared "
                                "can be deleted", name=session.name, status=session.get_status_display(),
                                status_en=session.status)
        if Ballot.objects.filter(session=session).exists():  # cannot happen in a draft; never lose a ballot
            raise voting_refuse("delete.has_ballots", "投票场次“{name}”已有选票，不能删除",
                                "the voting session '{name}' has ballots: it cannot be deleted", name=session.name)
        before = session_state(session)
        pk, text = session.pk, str(session)
        codes = VoterCode.objects.filter(session=session)
        details = {"campaign": session.campaign_id, "stage": session.stage_id, "trial": session.trial,
                   "mode": session.mode,
                   "groups": [g.code for g in VoterGroup.objects.filter(session=session).order_by("order", "id")],
                   "forms": [f.title for f in BallotForm.objects.filter(session=session).order_by("order", "id")],
                   "codes": codes.count(), "reason": reason}
        codes.delete()
        BallotForm.objects.filter(session=session).delete()
        VoterGroup.objects.filter(session=session).delete()
        session.delete()
        record_event(actor=actor, action="voting.session_delete", object_type="voting.session", object_id=str(pk),
                     object_repr=text, before=before, details=details)


# --- open -----------------------------------------------------------------------------------------

def session_open(*, actor: Any, session: Session, now: dt.datetime | None = None) -> Session:
    """Open the session for voting. Refused without a ballot form, with a group whose entitled is 0, with
    no code issued, or (not a trial) when its stage is not open. Recorded."""
    require(actor, "voting.manage")
    now = now_or(now)
    with transaction.atomic():
        session = lock_session(session)
        require_draft(session)
        before = session_state(session)
        if not BallotForm.objects.filter(session=session).exists():
            raise voting_refuse("open.no_forms", "投票场次“{name}”还没有票面", "the session '{name}' has no ballot",
                                name=session.name)
        for g in VoterGroup.objects.filter(session=session):
            if g.entitled == 0:
                raise voting_refuse("open.entitled_zero", "投票人类别“{group}”的应到人数尚未填写",
                                    "the number entitled of the voter group '{group}' is not set", group=g.name)
        if not VoterCode.objects.filter(session=session, void=False).exists():
            raise voting_refuse("open.no_codes", "投票场次“{name}”尚未发放投票码",
                                "no code was issued for the session '{name}'", name=session.name)
        stage = session.stage
        if stage is not None and not session.trial and stage.status != Stage.Status.OPEN:
            raise voting_refuse("open.stage_status", "“{stage}”环节{status}，不能开始正式投票",
                                "the stage '{stage}' is {status_en}: the vote cannot start",
                                stage=stage.get_kind_display(), status=stage.get_status_display(),
                                status_en=stage.status)
        session.status, session.opened_at = Session.Status.OPEN, now
        session.save(update_fields=["status", "opened_at"])
        record_event(actor=actor, action="voting.session_open", obj=session, before=before,
                     after=session_state(session),
                     details={"trial": session.trial,
                              "groups": [{"code": g.code, "entitled": g.entitled, "issued": g.issued}
                                         for g in VoterGroup.objects.filter(session=session)]})
    return session


# --- reads ----------------------------------------------------------------------------------------

def turnout(session: Session) -> list[GroupTurnout]:
    """Per group: weight, entitled, issued, returned (ballots cast) — never anything about a ballot's content."""
    returned = dict(Ballot.objects.filter(session=session).values_list("group_id").annotate(n=Count("id")))
    return [GroupTurnout(code=g.code, name=g.name, weight=g.weight, entitled=g.entitled, issued=g.issued,
                         returned=returned.get(g.pk, 0))
            for g in VoterGroup.objects.filter(session=session).order_by("order", "id")]


def roll_status(session: Session) -> list[tuple[Person, bool]]:
    """A named roll: each person and whether they have voted (never what), in name order."""
    rows = (VoterCode.objects.filter(session=session, person__isnull=False, void=False)
            .select_related("person", "person__unit").order_by("person__name", "person_id"))
    return [(r.person, r.used) for r in rows if r.person is not None]


def issued_counts(session: Session) -> Counter[int]:
    """Group pk → codes issued and not void (what ``VoterGroup.issued`` must equal)."""
    return Counter(VoterCode.objects.filter(session=session, void=False).values_list("group_id", flat=True))
