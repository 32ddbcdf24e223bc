"""The figures of a campaign's closing report (工作总结 / 选拔任用工作情况报告), DESIGN.md §2 step 12.

:func:`closing_figures` reads a campaign as it stands — at any stage — and returns :class:`ClosingFigures`:
every figure of the seed 000 speech with the way it was counted (posts and slots, applicants, qualified,
ballots issued and returned, candidates per post, posts filled and left vacant with the reasons,
appointments and promotions by level, and the post holders before and after: count, average age,
education). What is not done yet is said, never guessed: before the appointment stage is sealed a post
without an appointee is "未完成", not vacant.

Where the numbers come from (read, never written; the models' docstrings are the contract):

- posts, applications and their eligibility review: :mod:`xuanren.campaigns.models`;
- voting: the campaign's sessions that are not trials; a closed session's turnout is the one its count
  published (``Session.result["turnout"]``), an open one's is read live (groups' entitled and issued, the
  ballots cast so far), a draft has none returned;
- who is still in the running: :func:`xuanren.campaigns.finalists.finalists_and_stops`;
- appointments (to the campaign's posts; a probation revoked is listed but fills nothing), vacancies with
  their reasons, pool entries: :mod:`xuanren.appointments.models`;
- post holders: the people register (:class:`~xuanren.people.models.Person`) of the campaign's unit and
  every department under it, at the levels of the campaign's posts. "After" is the register now;
  "before" is the register with this campaign's appointments undone (each appointee counted at what
  ``Appointment.previous`` says they held). Other changes to the register since are not undone.

Ages are completed years on the report date, for both "before" and "after", so the change shows who
holds the posts, not the passing of time. Averages and shares are exact fractions; they are rounded half
up for display only (:mod:`xuanren.reports.compute`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q
from django.utils import translation

from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
from xuanren.campaigns.finalists import finalists_and_stops
from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
from xuanren.people.models import Person, Unit
from xuanren.reports import compute
from xuanren.reports.compute import LEVEL_NAME, MOVE_NAME, Holder, HolderStats
from xuanren.rules.calendar import zh_date
from xuanren.voting.models import Ballot, Session, VoterGroup

SUBMITTED = Application.Status.SUBMITTED


# --- the shapes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One figure: ``value`` exact (an int, a Fraction, or ``None`` when it does not apply yet), shown with
    ``unit``; ``percent`` figures are shares shown as percentages; ``explanation`` says how it was counted."""

    key: str
    label: str
    value: int | Fraction | None
    unit: str
    explanation: str
    percent: bool = False

    @property
    def display(self) -> str:
        if self.percent:
            return compute.percent(self.value if not isinstance(self.value, int) else Fraction(self.value))
        return compute.display(self.value)

    @property
    def text(self) -> str:
        """The figure with its unit: "40.7岁", "85.7%", "3个"; "—" when it does not apply."""
        if self.value is None or self.percent:
            return self.display
        return f"{self.display}{self.unit}"

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "exact": compute.exact(self.value), "display": self.display,
                "unit": "%" if self.percent else self.unit, "explanation": self.explanation}


@dataclass(frozen=True)
class StageLine:
    kind: str
    name: str
    status: str
    status_name: str


@dataclass(frozen=True)
class PostLine:
    """A post and what became of it. ``outcome``: filled (已任用), partly (部分空缺), vacant (空缺), pending
    (未完成), cancelled (已取消), merged (已合并)."""

    pk: int
    code: str
    title: str
    department: str
    level: str
    level_name: str
    slots: int
    status: str
    status_name: str
    merged_into: str
    applications: int
    applicants: int
    qualified: int
    finalists: int | None
    appointed: tuple[str, ...]
    filled: int
    vacant: int
    pending: int
    outcome: str
    outcome_name: str
    reasons: tuple[str, ...]

    @property
    def ratio(self) -> Fraction | None:
        """Qualified candidates per slot (竞争比例 1:x) of an open post."""
        return compute.share(self.qualified, self.slots) if self.status == Post.Status.OPEN else None


@dataclass(frozen=True)
class LevelLine:
    level: str
    name: str
    posts: int
    slots: int
    applicants: int
    applications: int
    qualified: int
    appointed: int
    promoted: int
    filled: int
    vacant: int
    pending: int


@dataclass(frozen=True)
class GroupLine:
    name: str
    weight: str
    entitled: int
    issued: int
    returned: int
    present: int | None

    @property
    def attended(self) -> int:
        return self.present if self.present is not None else self.returned

    @property
    def attendance(self) -> Fraction | None:
        return compute.share(self.attended, self.entitled)


@dataclass(frozen=True)
class SessionLine:
    pk: int
    name: str
    stage: str
    status: str
    status_name: str
    groups: tuple[GroupLine, ...]
    valid: bool | None
    note: str

    @property
    def entitled(self) -> int:
        return sum(g.entitled for g in self.groups)

    @property
    def issued(self) -> int:
        return sum(g.issued for g in self.groups)

    @property
    def returned(self) -> int:
        return sum(g.returned for g in self.groups)

    @property
    def attended(self) -> int:
        return sum(g.attended for g in self.groups)

    @property
    def attendance(self) -> Fraction | None:
        return compute.share(self.attended, self.entitled)


@dataclass(frozen=True)
class AppointmentLine:
    pk: int
    name: str
    gender: str
    age: int
    education: str
    post_code: str
    post_title: str
    level: str
    level_name: str
    previous_title: str
    previous_level: str
    move: str
    move_name: str
    basis: str  # the previous level or rank compared with ("" when unknown)
    why: str
    effective: dt.date
    status: str
    status_name: str
    document_number: str
    from_pool: bool


@dataclass(frozen=True)
class PromotionLine:
    from_level: str
    from_name: str
    to_level: str
    to_name: str
    count: int


@dataclass(frozen=True)
class VacancyLine:
    post_code: str
    post_title: str
    level_name: str
    slots: int
    reason: str
    reason_name: str
    detail: str
    reopened_in: str
    filled_by: str


@dataclass(frozen=True)
class ClosingFigures:
    campaign_id: int
    campaign: str
    unit: str
    method: str
    status: str
    status_name: str
    today: dt.date
    finished: bool
    stages: tuple[StageLine, ...]
    not_done: tuple[str, ...]
    figures: tuple[Figure, ...]
    posts: tuple[PostLine, ...]
    levels: tuple[LevelLine, ...]
    sessions: tuple[SessionLine, ...]
    appointments: tuple[AppointmentLine, ...]
    promotions: tuple[PromotionLine, ...]
    vacancies: tuple[VacancyLine, ...]
    holder_levels: tuple[str, ...]
    holders_scope: str
    before: HolderStats
    after: HolderStats
    summary: str
    sources: tuple[tuple[str, str, int], ...] = field(default=())  # (source, name, applications)

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def value(self, key: str) -> int | Fraction | None:
        return self.figure(key).value

    @property
    def report_date(self) -> str:
        return zh_date(self.today)

    def as_json(self) -> dict[str, Any]:
        """Everything as JSON-able values: exact fractions as "122/3" beside the figures shown."""
        def stats(s: HolderStats) -> dict[str, Any]:
            return {"count": s.count, "ages": list(s.ages),
                    "average_age": {"exact": compute.exact(s.average_age), "display": compute.display(s.average_age)},
                    "education": [{"group": k, "name": n, "count": c} for k, n, c in s.education],
                    "bachelor_or_above": s.bachelor_or_above,
                    "bachelor_share": {"exact": compute.exact(s.bachelor_share),
                                       "display": compute.percent(s.bachelor_share)},
                    "full_time_bachelor_or_above": s.full_time_bachelor_or_above,
                    "by_level": [{"level": code, "name": LEVEL_NAME.get(code, code), "count": n,
                                  "average_age": {"exact": compute.exact(a), "display": compute.display(a)}}
                                 for code, n, a in s.by_level]}

        return {
            "campaign_id": self.campaign_id, "campaign": self.campaign, "unit": self.unit, "method": self.method,
            "status": self.status, "status_name": self.status_name, "date": self.today.isoformat(),
            "finished": self.finished, "summary": self.summary, "not_done": list(self.not_done),
            "stages": [vars(s) for s in self.stages],
            "figures": [f.as_json() for f in self.figures],
            "sources": [{"source": s, "name": n, "applications": c} for s, n, c in self.sources],
            "posts": [{**_plain(vars(p)),
                       "ratio": {"exact": compute.exact(p.ratio), "display": compute.display(p.ratio)}}
                      for p in self.posts],
            "levels": [vars(lv) for lv in self.levels],
            "sessions": [{**_plain({k: v for k, v in vars(s).items() if k != "groups"}),
                          "entitled": s.entitled, "issued": s.issued, "returned": s.returned,
                          "attendance": {"exact": compute.exact(s.attendance),
                                         "display": compute.percent(s.attendance)},
                          "groups": [{**vars(g), "attendance": {"exact": compute.exact(g.attendance),
                                                                 "display": compute.percent(g.attendance)}}
                                     for g in s.groups]} for s in self.sessions],
            "appointments": [_plain(vars(a)) for a in self.appointments],
            "promotions": [vars(p) for p in self.promotions],
            "vacancies": [vars(v) for v in self.vacancies],
            "holders": {"scope": self.holders_scope, "levels": list(self.holder_levels),
                        "before": stats(self.before), "after": stats(self.after)},
        }


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
            for k, v in values.items()}


# --- reading --------------------------------------------------------------------------------------

OUTCOME_NAME = {"filled": "已任用", "partly": "部分空缺", "vacant": "空缺", "pending": "未完成", "cancelled": "已取消",
                "merged": "已合并"}
UNREGISTERED = "任职环节已结束，未任用，未登记空缺原因"


def _level_order(code: str) -> tuple[int, int]:
    if compute.is_level(code):
        return (0, compute.LEVEL_CODES.index(code))
    if compute.is_rank(code):
        return (1, compute.RANK_CODES.index(code))
    return (2, 0)


def unit_subtree(unit_id: int) -> set[int]:
    """The unit and every department under it, at any depth."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    out, todo = set(), [unit_id]
    while todo:
        pk = todo.pop()
        if pk not in out:
            out.add(pk)
            todo.extend(children.get(pk, []))
    return out


def closing_figures(campaign: Campaign, today: dt.date) -> ClosingFigures:
    """The closing report's figures for ``campaign`` as it stands, ages counted on ``today``."""
    with translation.override("zh-hans"):
        return _Reader(campaign, today).read()


class _Reader:
    def __init__(self, campaign: Campaign, today: dt.date) -> None:
        self.campaign = campaign
        self.today = today
        self.figures: list[Figure] = []
        self.finished = False
        self.sources: tuple[tuple[str, str, int], ...] = ()

    def add(self, key: str, label: str, value: int | Fraction | None, unit: str, explanation: str,
            percent: bool = False) -> None:
        self.figures.append(Figure(key, label, value, unit, explanation, percent))

    # The whole report, section by section.
    def read(self) -> ClosingFigures:
        c = self.campaign
        stages = list(Stage.objects.filter(campaign=c).order_by("order"))
        kinds = {s.kind: s for s in stages}
        appointment_stage = kinds.get(StageKind.APPOINTMENT)
        finished = c.status == Campaign.Status.CLOSED or (
            appointment_stage is not None and appointment_stage.status == Stage.Status.SEALED)
        self.finished = finished
        posts = list(Post.objects.filter(campaign=c).select_related("department", "merged_into")
                     .order_by("order", "id"))
        apps: list[dict[str, Any]] = [dict(row) for row in Application.objects.filter(campaign=c).values(
            "pk", "post_id", "person_id", "source", "status", "review__decision")]
        self._posts_and_applications(posts, apps, kinds)
        sessions = self._voting()
        # Who is still in the running matters only while the campaign runs.
        running = c.status == Campaign.Status.ANNOUNCED and not finished
        finals, stops = finalists_and_stops(c) if running else ({}, {})
        appointments = list(Appointment.objects.filter(post__campaign=c).select_related("person", "post")
                            .order_by("post__order", "post_id", "effective", "id"))
        vacancies = list(Vacancy.objects.filter(post__campaign=c).select_related("post", "reopened_in",
                                                                                  "filled_by__person")
                         .order_by("post__order", "post_id", "created", "id"))
        post_lines = self._post_lines(posts, apps, finals, stops, appointments, vacancies, finished)
        appointment_lines = self._appointment_lines(appointments)
        promotions = self._promotions(appointment_lines)
        vacancy_lines = self._vacancy_lines(post_lines, vacancies)
        self._outcome_figures(post_lines, appointment_lines)
        levels = self._level_lines(posts, apps, post_lines, appointment_lines)
        holder_levels = self._holder_levels(posts)
        before, after, scope = self._holders(holder_levels, appointments)
        not_done = tuple(f"“{s.get_kind_display()}”环节{s.get_status_display()}" for s in stages
                         if s.status != Stage.Status.SEALED)
        if not stages:
            not_done = ("尚未设置环节",)
        result = ClosingFigures(
            campaign_id=c.pk, campaign=c.name, unit=c.unit.name, method=str(c.get_method_display()),
            status=c.status, status_name=str(c.get_status_display()), today=self.today, finished=finished,
            stages=tuple(StageLine(s.kind, str(s.get_kind_display()), s.status, str(s.get_status_display()))
                         for s in stages),
            not_done=not_done, figures=tuple(self.figures), posts=post_lines, levels=levels, sessions=sessions,
            appointments=appointment_lines, promotions=promotions, vacancies=vacancy_lines,
            holder_levels=holder_levels, holders_scope=scope, before=before, after=after, summary="",
            sources=self.sources)
        return _with_summary(result)

    # --- posts, applications, review --------------------------------------------------------------
    def _posts_and_applications(self, posts: list[Post], apps: list[dict[str, Any]], kinds: dict[str, Stage]) -> None:
        status = Counter(p.status for p in posts)
        open_posts = [p for p in posts if p.status == Post.Status.OPEN]
        self.add("posts.total", "拿出职位", len(posts), "个", "本批次设置的全部职位，含后来取消或合并的")
        self.add("posts.open", "竞聘职位", len(open_posts), "个", "状态为“正常”的职位（不含已取消、已合并的）")
        self.add("posts.cancelled", "取消职位", status[Post.Status.CANCELLED], "个",
                 "资格审查前后因报名或合格人数不足等原因取消的职位")
        self.add("posts.merged", "合并职位", status[Post.Status.MERGED], "个", "并入其他职位的职位")
        self.add("slots.open", "职数", sum(p.slots for p in open_posts), "名", "竞聘职位（状态正常）的职数之和")
        active = [a for a in apps if a["status"] == SUBMITTED]
        self.add("applications", "报名人次", len(active), "人次",
                 "有效报名份数（不含已撤回的），一人报多个职位按多人次计")
        self.add("applicants", "报名人数", len({a["person_id"] for a in active}), "人",
                 "有效报名的不同人数，一人报多个职位只计一次")
        self.add("applications.withdrawn", "撤回报名", sum(1 for a in apps if a["status"] != SUBMITTED), "人次",
                 "报名后撤回的份数")
        by_source = Counter(a["source"] for a in active)
        self.sources = tuple((s.value, str(s.label), by_source[s.value]) for s in Application.Source)
        for source, name, n in self.sources:
            self.add(f"applications.{source}", name, n, "人次", f"报名方式为“{name}”的有效报名份数")
        eligible = [a for a in active if a["review__decision"] == Review.Decision.ELIGIBLE]
        open_pks = {p.pk for p in open_posts}
        candidates = [a for a in eligible if a["post_id"] in open_pks]
        self.add("qualified.applications", "资格审查合格", len(eligible), "人次",
                 "审查结论为“资格审查合格”的有效报名份数（含后来取消、合并职位的）")
        self.add("qualified.people", "资格审查合格人数", len({a["person_id"] for a in eligible}), "人",
                 "至少一份有效报名审查合格的不同人数")
        self.add("qualified.candidates", "参加竞聘人选", len(candidates), "人次",
                 "竞聘职位上资格审查合格的有效报名，即参加其后各环节的人选（campaigns.selectors.candidates）")
        self.add("review.ineligible", "资格审查不合格", sum(1 for a in active if a["review__decision"]
                                                          == Review.Decision.INELIGIBLE), "人次",
                 "审查结论为“资格审查不合格”的有效报名份数")
        self.add("review.pending", "尚未审查结论", sum(1 for a in active if a["review__decision"] in
                                                   (None, Review.Decision.PENDING)), "人次",
                 "尚未运行自动审查或尚待审查人员确认的有效报名份数")
        slots = sum(p.slots for p in open_posts)
        self.add("candidates.per_slot", "平均每个职数的合格人选", compute.share(len(candidates), slots), "人",
                 "参加竞聘人选人次 ÷ 竞聘职位职数（竞争比例 1:x）")

    # --- voting ----------------------------------------------------------------------------------
    def _voting(self) -> tuple[SessionLine, ...]:
        sessions = list(Session.objects.filter(campaign=self.campaign, trial=False).select_related("stage")
                        .order_by("id"))
        groups: dict[int, list[VoterGroup]] = defaultdict(list)
        for g in VoterGroup.objects.filter(session__in=sessions).order_by("session_id", "order", "id"):
            groups[g.session_id].append(g)
        live = {row["group_id"]: row["n"] for row in Ballot.objects.filter(
            session__in=[s for s in sessions if s.status == Session.Status.OPEN]).values("group_id")
            .annotate(n=Count("id"))}
        lines = []
        for s in sessions:
            stage = str(s.stage.get_kind_display()) if s.stage is not None else ""
            if s.status == Session.Status.CLOSED and isinstance(s.result, dict) and s.result.get("turnout"):
                rows = tuple(GroupLine(r.get("name", r.get("code", "")), str(r.get("weight", "")), int(r["entitled"]),
                                       int(r["issued"]), int(r["returned"]),
                                       int(r["present"]) if r.get("present") is not None else None)
                             for r in s.result["turnout"])
                valid = bool(s.result.get("valid"))
                note = "以结束投票时的计票结果为准"
            else:
                open_now = s.status == Session.Status.OPEN
                rows = tuple(GroupLine(g.name, f"{g.weight.normalize():f}", g.entitled, g.issued,
                                       live.get(g.pk, 0) if open_now else 0, None) for g in groups[s.pk])
                valid = None
                note = "投票进行中，收回数为目前已投票数" if open_now else "尚未开始投票"
            lines.append(SessionLine(s.pk, s.name, stage, s.status, str(s.get_status_display()), rows, valid, note))
        closed = [s for s in lines if s.status == Session.Status.CLOSED]
        entitled = sum(s.entitled for s in closed)
        self.add("voting.sessions", "投票场次", len(closed), "场", "已结束投票的场次（不含模拟测试；进行中的另列）")
        self.add("voting.entitled", "应参加投票", entitled, "人次", "已结束场次各投票人类别应到人数之和")
        self.add("voting.issued", "发出票数", sum(s.issued for s in closed), "张", "已结束场次发出的投票码或选票之和")
        self.add("voting.returned", "收回票数", sum(s.returned for s in closed), "张",
                 "已结束场次收回的选票之和（电子投票为已投出的选票），即参加投票人次")
        self.add("voting.attendance", "到会率", compute.share(sum(s.attended for s in closed), entitled), "",
                 "实到（未单独登记实到时为收回票数）÷ 应到，已结束场次合计", percent=True)
        return tuple(lines)

    # --- posts and what became of them ------------------------------------------------------------
    def _post_lines(self, posts: list[Post], apps: list[dict[str, Any]], finals: dict[int, list[Any]],
                    stops: dict[int, Any], appointments: list[Appointment], vacancies: list[Vacancy],
                    finished: bool) -> tuple[PostLine, ...]:
        active = [a for a in apps if a["status"] == SUBMITTED]
        per_post: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for a in active:
            per_post[a["post_id"]].append(a)
        appointed: dict[int, list[Appointment]] = defaultdict(list)
        for ap in appointments:
            if ap.pool_entry_id is None and ap.status != Appointment.Status.REVOKED:
                appointed[ap.post_id].append(ap)
        vacant_rows: dict[int, list[Vacancy]] = defaultdict(list)
        for v in vacancies:
            vacant_rows[v.post_id].append(v)
        lines = []
        for p in posts:
            rows = per_post[p.pk]
            names = tuple(ap.person.name for ap in appointed[p.pk])
            filled = min(len(names), p.slots)
            # A vacancy is a row per slot left vacant (the appointment area writes one for each).
            reasons: tuple[str, ...] = tuple(dict.fromkeys(str(v.get_reason_display()) for v in vacant_rows[p.pk]))
            if p.status != Post.Status.OPEN:
                outcome, vacant, pending = ("cancelled" if p.status == Post.Status.CANCELLED else "merged"), 0, 0
            else:
                rest = p.slots - filled
                vacant = min(len(vacant_rows[p.pk]), rest)
                unregistered = rest - vacant if finished else 0
                vacant, pending = vacant + unregistered, rest - vacant - unregistered
                if unregistered:
                    reasons += (UNREGISTERED,)
                if pending and p.pk in stops:  # not decided yet, but nobody is left in the running
                    reasons += (f"目前无人选：{stops[p.pk].reason}",)
                outcome = ("pending" if pending else "partly" if filled and vacant else "vacant" if vacant
                           else "filled")
            lines.append(PostLine(
                pk=p.pk, code=p.code, title=p.title, department=p.department.name, level=p.level,
                level_name=LEVEL_NAME.get(p.level, p.level), slots=p.slots, status=p.status,
                status_name=str(p.get_status_display()), merged_into=p.merged_into.code if p.merged_into else "",
                applications=len(rows), applicants=len({a["person_id"] for a in rows}),
                qualified=sum(1 for a in rows if a["review__decision"] == Review.Decision.ELIGIBLE),
                finalists=len(finals[p.pk]) if p.pk in finals else None, appointed=names, filled=filled,
                vacant=vacant, pending=pending, outcome=outcome, outcome_name=OUTCOME_NAME[outcome], reasons=reasons))
        return tuple(lines)

    def _appointment_lines(self, appointments: list[Appointment]) -> tuple[AppointmentLine, ...]:
        lines = []
        for ap in appointments:
            person, prev = ap.person, ap.previous if isinstance(ap.previous, dict) else {}
            level, rank = _previous_level_and_rank(prev, person, ap.post.level)
            mv = compute.move(level, rank, ap.post.level)
            prev_names = [LEVEL_NAME[c] for c in (level, rank) if c and c in LEVEL_NAME]
            lines.append(AppointmentLine(
                pk=ap.pk, name=person.name, gender=str(person.get_gender_display()),
                age=compute.age_on(person.birth_date, self.today), education=str(person.get_education_display()),
                post_code=ap.post.code, post_title=ap.post.title, level=ap.post.level,
                level_name=LEVEL_NAME.get(ap.post.level, ap.post.level), previous_title=str(prev.get("post_title", "")),
                previous_level="、".join(prev_names), move=mv.kind, move_name=MOVE_NAME[mv.kind], basis=mv.basis or "",
                why=mv.why,
                effective=ap.effective, status=ap.status, status_name=str(ap.get_status_display()),
                document_number=ap.document_number, from_pool=ap.pool_entry_id is not None))
        return tuple(lines)

    def _promotions(self, lines: tuple[AppointmentLine, ...]) -> tuple[PromotionLine, ...]:
        pairs: Counter[tuple[str, str]] = Counter()
        for a in _counted(lines):
            if a.move == "promotion":
                pairs[(a.basis, a.level)] += 1
        return tuple(PromotionLine(old, LEVEL_NAME.get(old, old), new, LEVEL_NAME.get(new, new), n)
                     for (old, new), n in sorted(pairs.items(), key=lambda kv: (_level_order(kv[0][1]),
                                                                                 _level_order(kv[0][0]))))

    def _vacancy_lines(self, posts: tuple[PostLine, ...], vacancies: list[Vacancy]) -> tuple[VacancyLine, ...]:
        """Per post, one line per reason and detail with the number of slots it left vacant; the slots left
        unfilled without a vacancy after the appointment stage as one "unregistered" line."""
        groups: dict[tuple[int, str, str], list[Vacancy]] = defaultdict(list)
        for v in vacancies:
            groups[(v.post_id, v.reason, v.detail)].append(v)
        lines = []
        for p in posts:
            registered = 0
            for (post, reason, detail), rows in groups.items():
                if post != p.pk:
                    continue
                registered += len(rows)
                lines.append(VacancyLine(
                    post_code=p.code, post_title=p.title, level_name=p.level_name, slots=len(rows), reason=reason,
                    reason_name=str(rows[0].get_reason_display()), detail=detail,
                    reopened_in="、".join(dict.fromkeys(v.reopened_in.name for v in rows if v.reopened_in)),
                    filled_by="、".join(v.filled_by.person.name for v in rows if v.filled_by)))
            if p.vacant > registered:
                lines.append(VacancyLine(p.code, p.title, p.level_name, p.vacant - registered, "unregistered",
                                         UNREGISTERED, "", "", ""))
        return tuple(lines)

    def _outcome_figures(self, posts: tuple[PostLine, ...], appointments: tuple[AppointmentLine, ...]) -> None:
        open_posts = [p for p in posts if p.status == Post.Status.OPEN]
        outcome = Counter(p.outcome for p in open_posts)
        counted = _counted(appointments)
        running = any(p.finalists is not None for p in open_posts)
        self.add("finalists", "目前人选", sum(p.finalists or 0 for p in open_posts) if running else None, "人次",
                 "竞聘进行中各职位仍在竞聘的人选（最近封存的决定环节确定的；尚无此类环节时为资格审查合格人选）；"
                 "未发布或已结束的批次不适用")
        self.add("appointed", "任用", len(counted), "人",
                 "本批次竞聘任用的人数（不含试用期满考核不合格已免去的，不含以后从后备库任用的）")
        self.add("appointed.revoked", "试用期满考核不合格免去", sum(1 for a in appointments if a.status ==
                                                               Appointment.Status.REVOKED and not a.from_pool), "人",
                 "任用后试用期满考核不合格、免去试任职务的人数")
        self.add("posts.filled", "职位全部任用", outcome["filled"], "个", "职数全部有人任用的竞聘职位")
        self.add("posts.partly", "职位部分空缺", outcome["partly"], "个", "有人任用但仍有职数空缺的竞聘职位")
        self.add("posts.vacant", "空缺职位", outcome["vacant"], "个",
                 "无人任用、已登记空缺（或任职环节结束仍未任用）的竞聘职位")
        self.add("posts.pending", "尚未完成的职位", outcome["pending"], "个", "任职环节尚未结束、尚无人任用的竞聘职位")
        self.add("slots.filled", "已任用职数", sum(p.filled for p in open_posts), "名", "竞聘职位中已有人任用的职数")
        self.add("slots.vacant", "空缺职数", sum(p.vacant for p in open_posts), "名", "竞聘职位中空缺的职数")
        self.add("slots.pending", "尚未完成的职数", sum(p.pending for p in open_posts), "名",
                 "竞聘职位中尚未决定的职数")
        moves = Counter(a.move for a in counted)
        self.add("moves.promotion", "晋升", moves["promotion"], "人",
                 "新职位的层次高于原职务层次（领导职务之间比较职务层次，职级之间比较职级，领导职务与职级按对应层次比较）")
        self.add("moves.to_leadership", "职级改任领导职务", moves["to_leadership"], "人",
                 "原无领导职务、以职级任职的干部任与其职级对应层次的领导职务（如三级主任科员任副科长）")
        self.add("moves.lateral", "平级交流或转任", moves["lateral"], "人",
                 "新职位与原职务层次（或对应层次）相同，且不属于职级改任领导职务")
        self.add("moves.lower", "低于原层次任职", moves["lower"], "人", "新职位的层次低于原职务层次")
        self.add("moves.unknown", "原层次不详", moves["unknown"], "人", "任职记录中没有原职务层次或职级的")
        self.add("pool", "进入后备干部库", PoolEntry.objects.filter(campaign=self.campaign).count(), "人",
                 "本批次达到要求而未任用、进入后备干部库的人数")

    def _level_lines(self, posts: list[Post], apps: list[dict[str, Any]], lines: tuple[PostLine, ...],
                     appointments: tuple[AppointmentLine, ...]) -> tuple[LevelLine, ...]:
        level_of = {p.pk: p.level for p in posts}
        codes = sorted({p.level for p in posts}, key=_level_order)
        active = [a for a in apps if a["status"] == SUBMITTED]
        counted = _counted(appointments)
        out = []
        for code in codes:
            open_lines = [p for p in lines if p.level == code and p.status == Post.Status.OPEN]
            level_apps = [a for a in active if level_of[a["post_id"]] == code]
            out.append(LevelLine(
                level=code, name=LEVEL_NAME.get(code, code), posts=len(open_lines),
                slots=sum(p.slots for p in open_lines), applicants=len({a["person_id"] for a in level_apps}),
                applications=len(level_apps),
                qualified=sum(p.qualified for p in open_lines),
                appointed=sum(1 for a in counted if a.level == code),
                promoted=sum(1 for a in counted if a.level == code and a.move == "promotion"),
                filled=sum(p.filled for p in open_lines), vacant=sum(p.vacant for p in open_lines),
                pending=sum(p.pending for p in open_lines)))
        return tuple(out)

    # --- post holders before and after ------------------------------------------------------------
    def _holder_levels(self, posts: list[Post]) -> tuple[str, ...]:
        open_levels = {p.level for p in posts if p.status == Post.Status.OPEN} or {p.level for p in posts}
        return tuple(sorted(open_levels, key=_level_order))

    def _holders(self, levels: tuple[str, ...], appointments: list[Appointment]) -> tuple[HolderStats, HolderStats,
                                                                                            str]:
        subtree = unit_subtree(self.campaign.unit_id)
        lead = {code for code in levels if compute.is_level(code)}
        ranks = {code for code in levels if compute.is_rank(code)}

        def level_held(post_level: str | None, rank: str | None) -> str | None:
            if post_level in lead:
                return post_level
            if rank in ranks:
                return rank
            return None

        fields = ("pk", "birth_date", "education", "full_time", "post_level", "rank", "unit_id")
        now = {row["pk"]: row for row in Person.objects.filter(unit_id__in=subtree).filter(
            Q(post_level__in=lead) | Q(rank__in=ranks)).values(*fields)}
        after = [Holder(pk, r["birth_date"], r["education"], r["full_time"], level_held(r["post_level"], r["rank"])
                        or "") for pk, r in now.items()]
        # Before: each appointee as Appointment.previous says (their earliest appointment to this campaign's
        # posts that still stands); everyone else as the register says now.
        first: dict[int, Appointment] = {}
        for ap in sorted(appointments, key=lambda a: (a.effective, a.pk)):
            if ap.status != Appointment.Status.REVOKED:
                first.setdefault(ap.person_id, ap)
        people = {row["pk"]: row for row in Person.objects.filter(pk__in=list(first)).values(*fields)}
        names = {pk: (name, path) for pk, name, path in _unit_names(subtree)}
        before = [h for h in after if h.person not in first]
        for pk, ap in first.items():
            row = people[pk]
            prev = ap.previous if isinstance(ap.previous, dict) else {}
            level, rank = _previous_level_and_rank(prev, ap.person, ap.post.level)
            held = level_held(level, rank)
            if held is not None and _previous_unit_in(prev, row["unit_id"], subtree, names):
                before.append(Holder(pk, row["birth_date"], row["education"], row["full_time"], held))
        scope_levels = "、".join(LEVEL_NAME.get(code, code) for code in levels) or "—"
        scope = f"{self.campaign.unit.name}（含所属部门）{scope_levels}干部"
        before_stats = compute.holder_stats(before, self.today, levels)
        after_stats = compute.holder_stats(after, self.today, levels)
        self._holder_figures("before", "调整前", before_stats, scope)
        self._holder_figures("after", "调整后", after_stats, scope)
        return before_stats, after_stats, scope

    def _holder_figures(self, key: str, label: str, s: HolderStats, scope: str) -> None:
        how = ("按干部名册现状" if key == "after" else
               "按干部名册现状，本批次任用的人按任职记录中的原任职务还原")
        self.add(f"holders.{key}.count", f"{label}人数", s.count, "人", f"{scope}人数，{how}")
        self.add(f"holders.{key}.age", f"{label}平均年龄", s.average_age, "岁",
                 f"各人在报告日期的周岁之和 ÷ 人数（精确计算，显示时四舍五入到一位小数），{how}")
        self.add(f"holders.{key}.bachelor", f"{label}大学本科以上学历占比", s.bachelor_share, "",
                 f"学历为博士研究生、硕士研究生、大学本科的人数 ÷ 人数，{how}", percent=True)
        self.add(f"holders.{key}.full_time", f"{label}全日制大学本科以上学历占比", s.full_time_bachelor_share, "",
                 f"全日制且大学本科以上学历的人数 ÷ 人数，{how}", percent=True)


def _counted(lines: Iterable[AppointmentLine]) -> list[AppointmentLine]:
    """The appointments the campaign made that stand: not revoked, not later ones from the pool."""
    return [a for a in lines if a.status != Appointment.Status.REVOKED and not a.from_pool]


def _previous_level_and_rank(prev: dict[str, Any], person: Person, new: str) -> tuple[str | None, str | None]:
    """What the appointee held before: ``previous["post_level"]`` and ``previous["rank"]``. When the record
    does not say, what the appointment did not change is read from the register: the rank for a leadership
    post (an appointment to a leadership post does not change the rank), the leadership level for a rank."""
    level = prev.get("post_level") if "post_level" in prev else (person.post_level if compute.is_rank(new) else None)
    rank = prev.get("rank") if "rank" in prev else (person.rank if compute.is_level(new) else None)
    return level or None, rank or None


def _unit_names(subtree: set[int]) -> list[tuple[int, str, str]]:
    units = {u.pk: u for u in Unit.objects.filter(pk__in=subtree).select_related("parent")}
    return [(pk, u.name, u.path()) for pk, u in units.items()]


def _previous_unit_in(prev: dict[str, Any], current: int, subtree: set[int],
                      names: dict[int, tuple[str, str]]) -> bool:
    """Whether the unit the appointee was in before is the campaign's unit or under it: ``previous["unit_id"]``
    or ``previous["unit"]`` as a primary key, a name or a path; the register's unit when neither is recorded."""
    value = prev.get("unit_id", prev.get("unit"))
    if value in (None, ""):
        return current in subtree
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value) in subtree
    if isinstance(value, dict):
        return _previous_unit_in({"unit": value.get("id", value.get("name"))}, current, subtree, names)
    text = str(value).strip()
    return any(text in (name, path) for name, path in names.values())


# --- the summary paragraph ------------------------------------------------------------------------

def _with_summary(f: ClosingFigures) -> ClosingFigures:
    from dataclasses import replace

    return replace(f, summary=summary_text(f))


def summary_text(f: ClosingFigures) -> str:
    """The generated paragraph: "本次竞争上岗共拿出职位X个、职数Y名，报名Z人……"."""
    v = f.value
    parts = [f"本次{f.method}共拿出职位{v('posts.total')}个"]
    dropped = []
    if v("posts.cancelled"):
        dropped.append(f"取消{v('posts.cancelled')}个")
    if v("posts.merged"):
        dropped.append(f"合并{v('posts.merged')}个")
    if dropped:
        parts[-1] += f"（其中{'、'.join(dropped)}，实际竞聘职位{v('posts.open')}个）"
    parts[-1] += f"，职数{v('slots.open')}名"
    if v("applications"):
        sources = "、".join(f"{name}{n}人次" for _, name, n in f.sources if n)
        parts.append(f"共有{v('applicants')}人报名（{v('applications')}人次，其中{sources}）")
        review = "经资格审查" if f.stages and all(s.status == Stage.Status.SEALED for s in f.stages
                                              if s.kind == StageKind.ELIGIBILITY) else "资格审查尚未结束，目前"
        parts.append(f"{review}合格{v('qualified.people')}人（{v('qualified.applications')}人次）")
        if v("candidates.per_slot") is not None:
            parts[-1] += f"，平均每个职数有合格人选{f.figure('candidates.per_slot').display}人"
    else:
        parts.append("尚无人报名")
    text = "，".join(parts) + "。"
    if v("voting.sessions"):
        text += (f"组织投票{v('voting.sessions')}场，应参加投票{v('voting.entitled')}人次，"
                 f"发出票{v('voting.issued')}张，收回{v('voting.returned')}张，"
                 f"到会率{f.figure('voting.attendance').display}。")
    counted = v("appointed")
    if f.finished:
        text += f"共任用{counted}人"
    elif counted:
        text += f"任职环节尚未完成，目前已任用{counted}人"
    else:
        text += "任职环节尚未完成"
    if counted:
        moves = [(f"晋升{v('moves.promotion')}人" if v("moves.promotion") else ""),
                 (f"由职级改任领导职务{v('moves.to_leadership')}人" if v("moves.to_leadership") else ""),
                 (f"平级交流或转任{v('moves.lateral')}人" if v("moves.lateral") else "")]
        moves = [m for m in moves if m]
        if moves:
            text += f"，其中{'、'.join(moves)}"
    vacant = [p for p in f.posts if p.outcome in ("vacant", "partly")]
    if vacant:
        reasons = Counter(r for p in vacant for r in (p.reasons or (UNREGISTERED,)))
        why = "；".join(f"{r}{n}个" if n > 1 else r for r, n in reasons.items())
        partly = sum(1 for p in vacant if p.outcome == "partly")
        text += (f"；空缺职位{len(vacant)}个{f'（其中部分空缺{partly}个）' if partly else ''}、"
                 f"空缺职数{v('slots.vacant')}名，原因：{why}")
    if not f.finished and v("posts.pending"):
        text += f"；尚有{v('posts.pending')}个职位未完成"
    text += "。"
    b, a = f.before, f.after
    if a.count or b.count:
        age_b, age_a = f.figure("holders.before.age").display, f.figure("holders.after.age").display
        if b.count and a.count and age_b != age_a:
            verb = "下降为" if (a.average_age or 0) < (b.average_age or 0) else "上升为"
            age = f"平均年龄由原来的{age_b}岁{verb}{age_a}岁"
        else:
            age = f"平均年龄{age_a}岁"
        share = f.figure("holders.after.bachelor").display
        edu = ("均为大学本科以上学历" if a.count and a.bachelor_or_above == a.count
               else f"大学本科以上学历占{share}")
        text += (f"{'调整后' if counted else '目前'}，{f.holders_scope}共{a.count}人"
                 f"{f'（调整前{b.count}人）' if b.count != a.count else ''}，{age}，{edu}。")
    return text
