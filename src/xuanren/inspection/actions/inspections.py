"""The inspection of each candidate (组织考察), step by step: who is inspected, the team, the advance notice,
the talks, the evaluation ballot, the findings per dimension, the conclusion.

Each function is one use case: it checks the capability (``inspection.manage``), locks the campaign and the
inspection, checks, writes, and records one event (``inspection.…``) last in its transaction. Everything
it refuses is a :class:`~xuanren.campaigns.errors.CampaignError` with the reason in Chinese; nothing is
written then. The stage must be open (before it opens nothing is done; once sealed the inspection is part
of what was published); a concluded inspection changes only after its conclusion is withdrawn (with a
reason, recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction

from xuanren.campaigns.errors import CampaignError, from_rule
from xuanren.campaigns.finalists import finalists
from xuanren.campaigns.models import Application, Stage
from xuanren.inspection.actions._common import (
    dimensions_of,
    inspection_refuse,
    lock_campaign,
    locked_inspection,
    now_or,
    require,
    require_not_concluded,
    require_stage_open,
    state,
    who,
)
from xuanren.inspection.models import TALK_CATEGORIES, Inspection
from xuanren.inspection.notice import notice_text
from xuanren.inspection.quantify import (
    Dimension,
    check_dimensions,
    exact_text,
    inspection_score,
    read_number,
    weighted,
)
from xuanren.record.actions import record_event
from xuanren.rules.errors import RuleError

CAPABILITY = "inspection.manage"
MAX_NAME = 50
MAX_MEMBERS = 20
MAX_TEXT = 5000
MAX_NOTICE = 5000
MAX_CONTACT = 300
MAX_TALKS = 100000


def _locked(inspection: Inspection) -> Inspection:
    lock_campaign(inspection.stage.campaign)
    return locked_inspection(inspection)


def _text(value: Any) -> str:
    return str(value or "").strip()


# --- who is inspected -------------------------------------------------------------------------------

def inspections_start(*, actor: Any, stage: Stage, now: dt.datetime | None = None) -> list[Inspection]:
    """Open an inspection for every finalist of the campaign (:func:`xuanren.campaigns.finalists.finalists`:
    the candidates the last deciding stage before this one let through) who has none yet; returns those made.

    Refused when the stage is not open, or when every finalist already has one (nothing to do). Each new
    inspection keeps what the earlier stage said of the candidate (rank, score, note). Recorded as one
    ``inspection.start`` event naming everyone.
    """
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        lock_campaign(stage.campaign)
        current = Stage.objects.select_related("campaign").get(pk=stage.pk)
        require_stage_open(current, what="建立考察")
        found = [f for rows in finalists(current.campaign).values() for f in rows]
        existing = set(Inspection.objects.filter(application_id__in=[f.application for f in found])
                       .values_list("application_id", flat=True))
        todo = [f for f in found if f.application not in existing]
        if not found:
            raise inspection_refuse("start.nobody", "本批次没有可考察的人选（此前环节未确定任何人选）",
                                    "the campaign has no candidate to inspect")
        if not todo:
            raise inspection_refuse("start.done", "全部{n}名人选均已建立考察，无需重复", "every one of the {n} "
                                    "candidates already has an inspection", n=len(found))
        made = [Inspection.objects.create(
            stage=current, application_id=f.application,
            finalist={"rank": f.rank, "score": f.score, "note": f.note}) for f in todo]
        apps = {a.pk: a for a in Application.objects.filter(pk__in=[f.application for f in todo])
                .select_related("person", "post")}
        record_event(actor=actor, action="inspection.start", obj=current,
                     after=[state(i) for i in made],
                     details={"campaign": current.campaign_id, "stage": current.pk, "count": len(made),
                              "inspections": [{"inspection": i.pk, "application": i.application_id,
                                               "post": apps[i.application_id].post.code,
                                               "name": apps[i.application_id].person.name} for i in made]})
    return made


def dimensions_set(*, actor: Any, stage: Stage, dimensions: Sequence[Mapping[str, Any]],
                   now: dt.datetime | None = None) -> Stage:
    """Set the stage's dimensions (``[{"key", "label", "weight"}]``; weights for all or none, summing to 100).

    Refused once any inspection of the stage is concluded (its score rests on the weights), and when a
    dimension that already has findings would be dropped. Recorded as ``inspection.dimensions``.
    """
    require(actor, CAPABILITY)
    now_or(now)
    try:
        dims: list[Dimension] = []
        for i, item in enumerate(dimensions, start=1):
            if not isinstance(item, Mapping):
                raise inspection_refuse("dimensions.format", "第{i}个考察维度的设置无效", "dimension {i} is invalid",
                                        i=i)
            label = _text(item.get("label"))
            raw = item.get("weight")
            weight = None if raw is None or _text(raw) == "" else read_number(
                raw, f"考察维度“{label or item.get('key')}”的权重")
            dims.append(Dimension(_text(item.get("key")), label, weight))
        checked = check_dimensions(dims)
    except RuleError as exc:
        raise from_rule(exc) from None
    with transaction.atomic():
        lock_campaign(stage.campaign)
        current = Stage.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=stage.pk)
        require_stage_open(current, what="修改考察维度")
        rows = list(Inspection.objects.filter(stage=current).select_related("application__person",
                                                                             "application__post"))
        concluded = [i for i in rows if i.status == Inspection.Status.CONCLUDED]
        if concluded:
            raise inspection_refuse("dimensions.concluded",
                                    "已有{n}人的考察形成结论（{names}），考察维度和权重不能再修改",
                                    "{n} inspections are concluded: the dimensions can no longer change",
                                    n=len(concluded), names="、".join(who(i) for i in concluded[:5]))
        keys = {d.key for d in checked}
        for row in rows:
            dropped = [k for k, v in (row.findings or {}).items()
                       if k not in keys and (_text((v or {}).get("text")) or (v or {}).get("score") not in (None, ""))]
            if dropped:
                raise inspection_refuse("dimensions.in_use", "{who}已填写维度“{key}”的考察情况，不能删除该维度",
                                        "the findings of {who} use the dimension '{key}'", who=who(row), key=dropped[0])
        before = dict(current.settings or {})
        settings = dict(current.settings or {})
        settings["dimensions"] = [{"key": d.key, "label": d.label,
                                   "weight": None if d.weight is None else _decimal_text(d.weight)} for d in checked]
        current.settings = settings
        current.save(update_fields=["settings"])
        record_event(actor=actor, action="inspection.dimensions", obj=current, before=before, after=settings,
                     details={"campaign": current.campaign_id, "stage": current.pk,
                              "dimensions": settings["dimensions"], "weighted": weighted(checked)})
    return current


def _decimal_text(value: Fraction) -> str:
    """A weight or score with at most two decimals as its shortest decimal text: 85.5, 20."""
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- the team ---------------------------------------------------------------------------------------

def _team(leader: str, members: Sequence[str]) -> tuple[str, list[str]]:
    """The leader and members as typed, checked: a leader, at least one member (an inspection team has two
    or more people), names not too long, nobody twice."""
    leader = _text(leader)
    names = [_text(m) for m in members if _text(m)]
    if not leader:
        raise inspection_refuse("team.leader", "请填写考察组组长", "the team needs a leader")
    if not names:
        raise inspection_refuse("team.members", "考察组应由两名以上人员组成：除组长外至少还需一名组员",
                                "an inspection team has at least two people: add a member")
    if len(names) > MAX_MEMBERS:
        raise inspection_refuse("team.too_many", "考察组组员最多{n}人", "at most {n} members", n=MAX_MEMBERS)
    for name in [leader, *names]:
        if len(name) > MAX_NAME:
            raise inspection_refuse("team.name_long", "“{name}”超过{n}个字", "'{name}' is longer than {n} characters",
                                    name=name[:20] + "…", n=MAX_NAME)
    if leader in names:
        raise inspection_refuse("team.leader_member", "组长“{name}”不应同时列为组员", "the leader '{name}' is also "
                                "listed as a member", name=leader)
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise inspection_refuse("team.duplicate", "组员“{name}”重复", "the member '{name}' is listed twice", name=twice)
    return leader, names


def _set_team(actor: Any, current: Inspection, leader: str, names: list[str]) -> Inspection:
    require_stage_open(current.stage, what="确定考察组")
    require_not_concluded(current, "考察组")
    before = state(current)
    current.team_leader, current.team = leader, names
    current.save(update_fields=["team_leader", "team"])
    record_event(actor=actor, action="inspection.team", obj=current, before=before, after=state(current),
                 details=_details(current, leader=leader, members=names))
    return current


def team_set(*, actor: Any, inspection: Inspection, leader: str, members: Sequence[str],
             now: dt.datetime | None = None) -> Inspection:
    """Set the inspection team: its leader (组长) and at least one member (an inspection team has two or
    more people), each "姓名（职务）" as typed. Recorded as ``inspection.team``."""
    require(actor, CAPABILITY)
    now_or(now)
    leader, names = _team(leader, members)
    with transaction.atomic():
        return _set_team(actor, _locked(inspection), leader, names)


def team_set_many(*, actor: Any, stage: Stage, inspections: Sequence[Inspection | int], leader: str,
                  members: Sequence[str], now: dt.datetime | None = None) -> list[Inspection]:
    """One team for several inspections of ``stage`` at once (a team usually inspects the candidates of a
    post, or a batch): all or none. Refused as :func:`team_set` refuses for any of them (named), and an
    inspection of another stage. Recorded as ``inspection.team`` per inspection."""
    require(actor, CAPABILITY)
    now_or(now)
    leader, names = _team(leader, members)
    pks = sorted({i.pk if isinstance(i, Inspection) else int(i) for i in inspections})
    if not pks:
        raise inspection_refuse("team.none_chosen", "请选择要由该考察组考察的对象", "choose whom the team inspects")
    with transaction.atomic():
        found = {i.pk: i for i in Inspection.objects.filter(pk__in=pks, stage=stage)}
        missing = [pk for pk in pks if pk not in found]
        if missing:
            raise inspection_refuse("team.other_stage", "本环节没有编号为{pk}的考察",
                                    "the stage has no inspection {pk}", pk=missing[0])
        return [_set_team(actor, _locked(found[pk]), leader, names) for pk in pks]


def _details(inspection: Inspection, **more: Any) -> dict[str, Any]:
    app = inspection.application
    return {"campaign": inspection.stage.campaign_id, "stage": inspection.stage_id, "inspection": inspection.pk,
            "application": app.pk, "post": app.post.code, "name": app.person.name, **more}


# --- the advance notice -----------------------------------------------------------------------------

def _date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        raise inspection_refuse("notice.date_missing", "请填写{what}", "{what} is missing", what=what)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise inspection_refuse("notice.date_invalid", "{what}“{value}”不是有效日期（如 2026-12-01）",
                                "{what} '{value}' is not a date (e.g. 2026-12-01)", what=what, value=text) from None


def notice_draft(*, actor: Any, inspection: Inspection, notice_from: Any, notice_until: Any, contact: str = "",
                 text: str = "", now: dt.datetime | None = None) -> Inspection:
    """Draft the advance notice (考察预告): its period, and its text — generated from the person and the post
    with ``contact`` (how views can be reflected: phone, address) when ``text`` is empty, else ``text`` as
    edited. Refused once published (a published notice is not rewritten), for a period ending before it
    starts, and without contact words when generating. Recorded as ``inspection.notice_draft``."""
    require(actor, CAPABILITY)
    now_or(now)
    start = _date(notice_from, "预告起始日期")
    end = _date(notice_until, "预告截止日期")
    if end < start:
        raise inspection_refuse("notice.period", "预告截止日期（{end}）早于起始日期（{start}）", "the notice ends "
                                "({end}) before it starts ({start})", start=start.isoformat(), end=end.isoformat())
    text, contact = _text(text), _text(contact)
    if not text and not contact:
        raise inspection_refuse("notice.contact", "请填写反映情况的方式（如联系电话、通信地址），生成的预告要写明",
                                "how views can be reflected (phone, address) is needed for the notice")
    if len(contact) > MAX_CONTACT:
        raise inspection_refuse("notice.contact_long", "反映方式不超过{n}个字", "the contact words are longer "
                                "than {n} characters", n=MAX_CONTACT)
    if len(text) > MAX_NOTICE:
        raise inspection_refuse("notice.long", "考察预告不超过{n}个字", "the notice is longer than {n} characters",
                                n=MAX_NOTICE)
    with transaction.atomic():
        current = _locked(inspection)
        require_stage_open(current.stage, what="拟写考察预告")
        require_not_concluded(current, "考察预告")
        if current.notice_published_at is not None:
            raise inspection_refuse("notice.published", "{who}的考察预告已发布，不能再修改", "the notice of {who} "
                                    "is published and cannot change", who=who(current))
        before = state(current)
        generated = not text
        current.notice_text = text or notice_text(current.application, notice_from=start, notice_until=end,
                                                  contact=contact)
        current.notice_from, current.notice_until = start, end
        current.save(update_fields=["notice_text", "notice_from", "notice_until"])
        record_event(actor=actor, action="inspection.notice_draft", obj=current, before=before, after=state(current),
                     details=_details(current, notice_from=start.isoformat(), notice_until=end.isoformat(),
                                      generated=generated))
    return current


def notice_publish(*, actor: Any, inspection: Inspection, now: dt.datetime | None = None) -> Inspection:
    """Publish the drafted advance notice: it is shown on the campaign's public page of notices from now.
    Refused without a team, without a drafted notice, or when already published. Recorded as
    ``inspection.notice_publish`` with the text published."""
    require(actor, CAPABILITY)
    now = now_or(now)
    with transaction.atomic():
        current = _locked(inspection)
        require_stage_open(current.stage, what="发布考察预告")
        require_not_concluded(current, "考察预告")
        if current.notice_published_at is not None:
            raise inspection_refuse("notice.published", "{who}的考察预告已发布", "the notice of {who} is already "
                                    "published", who=who(current))
        if not current.team_leader:
            raise inspection_refuse("notice.no_team", "请先确定{who}的考察组，再发布考察预告", "set the team of "
                                    "{who} before publishing the notice", who=who(current))
        if not current.notice_text.strip() or current.notice_from is None or current.notice_until is None:
            raise inspection_refuse("notice.no_draft", "{who}的考察预告尚未拟写（须有预告期和正文）",
                                    "the notice of {who} has not been drafted", who=who(current))
        before = state(current)
        current.notice_published_at = now
        current.status = Inspection.Status.ANNOUNCED
        current.save(update_fields=["notice_published_at", "status"])
        record_event(actor=actor, action="inspection.notice_publish", obj=current, before=before,
                     after=state(current), details=_details(current, text=current.notice_text,
                                                            notice_from=current.notice_from.isoformat(),
                                                            notice_until=current.notice_until.isoformat()))
    return current


# --- talks ------------------------------------------------------------------------------------------

def _count(value: Any, label: str) -> int:
    if isinstance(value, bool):
        raise inspection_refuse("talks.invalid", "“{label}”的谈话人数应为整数", "the count of '{label}' must be "
                                "a whole number", label=label)
    if isinstance(value, int):
        n = value
    else:
        text = _text(value)
        if text == "":
            return 0
        try:
            n = int(text)
        except ValueError:
            raise inspection_refuse("talks.invalid", "“{label}”的谈话人数“{value}”不是整数", "the count of "
                                    "'{label}' ('{value}') is not a whole number", label=label, value=text) from None
    if n < 0:
        raise inspection_refuse("talks.negative", "“{label}”的谈话人数不能为负数（{n}）", "the count of '{label}' "
                                "cannot be negative ({n})", label=label, n=n)
    if n > MAX_TALKS:
        raise inspection_refuse("talks.too_many", "“{label}”的谈话人数{n}不合常理", "the count of '{label}' ({n}) "
                                "is not plausible", label=label, n=n)
    return n


def talks_set(*, actor: Any, inspection: Inspection, talks: Mapping[str, Any],
              now: dt.datetime | None = None) -> Inspection:
    """Record the individual talks held (个别谈话), as counts by category (单位领导班子成员, 中层干部…): every
    category is set (one not given is 0). Refused for an unknown category, a count not a whole number or
    negative. Recorded as ``inspection.talks``."""
    require(actor, CAPABILITY)
    now_or(now)
    labels = {k: str(v) for k, v in TALK_CATEGORIES}
    unknown = [k for k in talks if k not in labels]
    if unknown:
        raise inspection_refuse("talks.category", "没有“{key}”这一谈话类别（可用：{known}）", "unknown talk category "
                                "'{key}'", key=unknown[0], known="、".join(f"{k}={v}" for k, v in labels.items()))
    counts = {k: _count(talks.get(k, 0), labels[k]) for k in labels}
    with transaction.atomic():
        current = _locked(inspection)
        require_stage_open(current.stage, what="登记谈话情况")
        require_not_concluded(current, "谈话情况")
        before = state(current)
        current.talks = counts
        current.save(update_fields=["talks"])
        record_event(actor=actor, action="inspection.talks", obj=current, before=before, after=state(current),
                     details=_details(current, talks=counts, total=sum(counts.values())))
    return current


# --- the evaluation ballot --------------------------------------------------------------------------

def _evaluates(session: Any, person_id: int) -> bool:
    from xuanren.voting.models import BallotForm

    for content in BallotForm.objects.filter(session=session, kind=BallotForm.Kind.EVALUATION).values_list(
            "content", flat=True):
        for subject in (content or {}).get("subjects") or []:
            if isinstance(subject, Mapping) and str(subject.get("person")) == str(person_id):
                return True
    return False


def evaluation_link(*, actor: Any, inspection: Inspection, session: Any,
                    now: dt.datetime | None = None) -> Inspection:
    """Link the democratic evaluation (民主测评) held for the inspection: a voting session of this campaign,
    not a trial, whose evaluation ballot grades this person (``session=None`` removes the link). The session
    is only read: its result is shown on the inspection's page once it is closed. Recorded as
    ``inspection.evaluation``."""
    from xuanren.voting.models import Session

    require(actor, CAPABILITY)
    now_or(now)
    with transaction.atomic():
        current = _locked(inspection)
        require_stage_open(current.stage, what="关联民主测评")
        require_not_concluded(current, "民主测评")
        linked: Session | None = None
        if session is not None:
            linked = Session.objects.select_related("stage").filter(pk=getattr(session, "pk", session)).first()
            if linked is None or linked.campaign_id != current.stage.campaign_id:
                raise inspection_refuse("evaluation.other_campaign", "所选投票场次不属于本批次",
                                        "the voting session is not one of this campaign")
            if linked.trial:
                raise inspection_refuse("evaluation.trial", "“{name}”是模拟测试场次，不能作为民主测评",
                                        "'{name}' is a trial session", name=linked.name)
            person = current.application.person
            if not _evaluates(linked, person.pk):
                raise inspection_refuse("evaluation.not_subject", "投票场次“{name}”的测评票中没有{person}，不能关联",
                                        "the session '{name}' has no evaluation ballot grading {person}",
                                        name=linked.name, person=person.name)
        if current.evaluation_session_id == (linked.pk if linked else None):
            raise inspection_refuse("evaluation.no_change", "{who}的民主测评关联未变化", "the link of {who} does "
                                    "not change", who=who(current))
        before = state(current)
        current.evaluation_session = linked
        current.save(update_fields=["evaluation_session"])
        record_event(actor=actor, action="inspection.evaluation", obj=current, before=before, after=state(current),
                     details=_details(current, session=linked.pk if linked else None,
                                      session_name=linked.name if linked else ""))
    return current


# --- findings and conclusion ------------------------------------------------------------------------

def findings_set(*, actor: Any, inspection: Inspection, findings: Mapping[str, Mapping[str, Any]],
                 now: dt.datetime | None = None) -> Inspection:
    """Write the findings of the dimensions given (``{key: {"text", "score"}}``; the others stay as they
    were): the text (may be empty while drafting) and an optional score of 0–100 with at most two decimals.
    Refused for an unknown dimension, a score out of range or not a number. Recorded as
    ``inspection.findings``."""
    require(actor, CAPABILITY)
    now_or(now)
    if not findings:
        raise inspection_refuse("findings.empty", "没有要保存的考察情况", "no findings given")
    with transaction.atomic():
        current = _locked(inspection)
        require_stage_open(current.stage, what="填写考察情况")
        require_not_concluded(current, "考察情况")
        dims = {d.key: d for d in dimensions_of(current.stage)}
        written: dict[str, dict[str, Any]] = {}
        for key, value in findings.items():
            if key not in dims:
                raise inspection_refuse("findings.dimension", "没有“{key}”这一考察维度（本环节的维度：{known}）",
                                        "unknown dimension '{key}'", key=key,
                                        known="、".join(d.label for d in dims.values()))
            label = dims[key].label
            value = value if isinstance(value, Mapping) else {"text": value}
            text = _text(value.get("text"))
            if len(text) > MAX_TEXT:
                raise inspection_refuse("findings.long", "“{label}”的考察情况不超过{n}个字", "the findings of "
                                        "'{label}' are longer than {n} characters", label=label, n=MAX_TEXT)
            raw = value.get("score")
            score = None
            if raw is not None and _text(raw) != "":
                try:
                    score = _decimal_text(read_number(raw, f"“{label}”的评分"))
                except RuleError as exc:
                    raise from_rule(exc) from None
            written[key] = {"text": text, "score": score}
        before = state(current)
        merged = dict(current.findings or {})
        merged.update(written)
        current.findings = merged
        current.save(update_fields=["findings"])
        record_event(actor=actor, action="inspection.findings", obj=current, before=before, after=state(current),
                     details=_details(current, findings=written))
    return current


def score_of(inspection: Inspection) -> Any:
    """The :class:`~xuanren.inspection.quantify.InspectionScore` of the inspection's findings (``None`` when
    the stage's dimension settings make no sense)."""
    try:
        dims = dimensions_of(inspection.stage)
    except CampaignError:
        return None
    return inspection_score(dims, stored_scores(inspection))


def stored_scores(inspection: Inspection) -> dict[str, Fraction | None]:
    out: dict[str, Fraction | None] = {}
    for key, value in (inspection.findings or {}).items():
        raw = (value or {}).get("score") if isinstance(value, Mapping) else None
        try:
            out[key] = None if raw in (None, "") else read_number(raw, key)
        except RuleError:
            out[key] = None
    return out


def conclude(*, actor: Any, inspection: Inspection, conclusion: str, text: str,
             now: dt.datetime | None = None) -> Inspection:
    """Write the conclusion: ``suitable`` (同意作为拟任人选) or ``unsuitable`` (不宜作为拟任人选), with its
    written opinion. Refused without a team, while the findings of any dimension are empty, and — when the
    dimensions carry weights — while a score is missing. The inspection score (weighted, exact, stored to
    three decimals) is kept with it. Recorded as ``inspection.conclude`` with the score's explanation."""
    require(actor, CAPABILITY)
    now = now_or(now)
    choices = {Inspection.Conclusion.SUITABLE.value, Inspection.Conclusion.UNSUITABLE.value}
    if conclusion not in choices:
        raise inspection_refuse("conclude.choice", "考察结论应为“同意作为拟任人选”或“不宜作为拟任人选”",
                                "the conclusion must be suitable or unsuitable")
    text = _text(text)
    if not text:
        raise inspection_refuse("conclude.text", "请填写考察结论意见", "the conclusion needs its written opinion")
    if len(text) > MAX_TEXT:
        raise inspection_refuse("conclude.long", "考察结论意见不超过{n}个字", "the opinion is longer than {n} "
                                "characters", n=MAX_TEXT)
    with transaction.atomic():
        current = _locked(inspection)
        require_stage_open(current.stage, what="形成考察结论")
        require_not_concluded(current, "考察结论")
        if not current.team_leader:
            raise inspection_refuse("conclude.no_team", "{who}尚未确定考察组，不能形成考察结论",
                                    "the inspection of {who} has no team", who=who(current))
        dims = dimensions_of(current.stage)
        empty = [d.label for d in dims if not _text(((current.findings or {}).get(d.key) or {}).get("text"))]
        if empty:
            raise inspection_refuse("conclude.findings", "{who}以下维度的考察情况尚未填写：{missing}",
                                    "the findings of {who} are empty for: {missing}", who=who(current),
                                    missing="、".join(empty))
        result = inspection_score(dims, stored_scores(current))
        if result.quantified and result.score is None:
            raise inspection_refuse("conclude.scores", "本环节设置了考察维度权重，{who}以下维度尚未评分：{missing}",
                                    "with weights every dimension needs a score; {who} has none for: {missing}",
                                    who=who(current), missing="、".join(result.missing))
        before = state(current)
        current.conclusion, current.conclusion_text = conclusion, text
        current.status, current.concluded_at = Inspection.Status.CONCLUDED, now
        current.score = None if result.score is None else (
            Decimal(result.score.numerator) / Decimal(result.score.denominator)).quantize(
                Decimal("0.001"), rounding=ROUND_HALF_UP)
        current.save(update_fields=["conclusion", "conclusion_text", "status", "concluded_at", "score"])
        record_event(actor=actor, action="inspection.conclude", obj=current, before=before, after=state(current),
                     details=_details(current, conclusion=conclusion,
                                      score=exact_text(result.score) if result.score is not None else None,
                                      explanation=[m.as_dict() for m in result.explain()]))
    return current


def conclusion_withdraw(*, actor: Any, inspection: Inspection, reason: str,
                        now: dt.datetime | None = None) -> Inspection:
    """Withdraw a conclusion before the stage is sealed (e.g. entered for the wrong person, or a new matter
    came to light), with a written reason: the inspection can be worked on again. Recorded as
    ``inspection.withdraw`` with the conclusion withdrawn and the reason."""
    require(actor, CAPABILITY)
    now_or(now)
    reason = _text(reason)
    if not reason:
        raise inspection_refuse("withdraw.reason", "撤回考察结论须写明理由", "withdrawing a conclusion needs a reason")
    with transaction.atomic():
        current = _locked(inspection)
        require_stage_open(current.stage, what="撤回考察结论")
        if current.status != Inspection.Status.CONCLUDED:
            raise inspection_refuse("withdraw.not_concluded", "{who}的考察尚未形成结论，无需撤回",
                                    "the inspection of {who} has no conclusion to withdraw", who=who(current))
        before = state(current)
        withdrawn = {"conclusion": current.conclusion, "text": current.conclusion_text}
        current.conclusion, current.conclusion_text = Inspection.Conclusion.PENDING, ""
        current.concluded_at, current.score = None, None
        current.status = (Inspection.Status.ANNOUNCED if current.notice_published_at is not None
                          else Inspection.Status.PREPARING)
        current.save(update_fields=["conclusion", "conclusion_text", "status", "concluded_at", "score"])
        record_event(actor=actor, action="inspection.withdraw", obj=current, before=before, after=state(current),
                     details=_details(current, reason=reason, withdrawn=withdrawn))
    return current
