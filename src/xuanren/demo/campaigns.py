"""The demo's campaigns, made through the real actions so the demo shows what the product does.

0. 「中层副职竞争上岗」 of last year (the court procedure, about a year ago, closed): two posts, the speech,
   the recommendation, the Party group passing both, the notice, the appointments — whose probation ends
   within the next few weeks (the home page's reminder) — and one candidate left in the reserve pool.
1. 「中层领导职位竞争上岗」(the seed 000 court procedure, a month ago): announced, applications taken,
   eligibility reviewed (one decision overridden with its reason), a post nobody qualified for cancelled,
   the eligibility stage sealed and its qualified list published; the speech heard by a panel of the five
   demo judges (one recusing, with the reason) and sealed; the democratic recommendation voted on by the
   whole court in one session (after a trial session that never counts), one post left vacant, sealed and
   published; then carried to the end (:func:`xuanren.demo.decisions.court_decisions`): the Party group's
   two meetings (a competitive vote, a candidate deferred and re-voted, one failing), the notice with two
   objections (one verified: that post is left vacant), the appointments, the pool; the campaign closed.
2. 「第二批中层副职竞争上岗」: announced and open for applications now, the review under way, so the
   applicant account can apply and the reviewer has work.
3. 「公开选拔副处级领导干部」(open selection, exam 40 / interview 60, a month ago): the written exam
   imported from a workbook (one candidate absent, one below the pass line), the interview heard, the
   shortlist sealed — with a tie at one post's cut that brings in an extra candidate; the inspection under
   way (:func:`xuanren.demo.decisions.inspect`): one inspection concluded, the others in progress.
4. 「第三批中层干部竞争上岗」(seed 001's nine steps): the interview going on now — ``judge5`` still has a
   candidate to score — and a trial session of the evaluation open, whose codes the demo prints.

People are chosen by the eligibility rules themselves, so each post has qualified and unqualified
applicants with real reasons. Every date of a notice period is counted on the working-day calendar
(:func:`xuanren.notices.calendar.current_calendar`); a campaign starts earlier when holidays would
otherwise carry its decisions past today, and stops before them (saying why) when the calendar has no
data for a year they fall in. Deterministic for a seed (but for the voting codes, objection receipts and
secret committee ballots' keys, which the product draws from :mod:`secrets`); time is an argument.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from xuanren.campaigns import actions
from xuanren.campaigns.conditions import candidate_from_person
from xuanren.campaigns.models import Application, Campaign, Post, Stage, StageKind
from xuanren.campaigns.selectors import candidates, posts_below_minimum
from xuanren.demo import decisions
from xuanren.demo import scoring as demo_scoring
from xuanren.demo import voting as demo_voting
from xuanren.demo.court import add_months
from xuanren.people.models import Person, Unit
from xuanren.rules.eligibility import Conditions, check
from xuanren.rules.eligibility.codes import levels_at_or_above, ranks_at_or_above
from xuanren.scoring import actions as scoring

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
JUDGES = tuple(f"judge{n}" for n in range(1, 6))


@dataclass(frozen=True)
class PostPlan:
    code: str
    department: str
    title: str
    level: str
    conditions: Conditions
    slots: int = 1
    # Applicants the rules find eligible and near misses; None: the campaign's numbers.
    qualified: int | None = None
    unqualified: int | None = None
    # What the demo shows at this post: "below_min" (an exam score under the pass line), "tie" (a tie at
    # the shortlist's cut), "absent" (缺考).
    shows: str = ""


def _deputy_division(max_age: int = 50) -> Conditions:
    """副处 posts: 正科 or 一级主任科员 and above for 2 years, the usual conditions of seed 000's court."""
    return Conditions(
        qualifying_levels=levels_at_or_above("section_chief"),
        qualifying_ranks=ranks_at_or_above("principal_1"),
        min_years=2, max_age=max_age, min_education="bachelor", appraisal_years=3,
        no_discipline_in_force=True, party_member_required=True,
    )


def _open_deputy(max_age: int = 50) -> Conditions:
    """An open selection's 副处 posts: 正科 or 二级主任科员 and above (both 乡科级正职) for 2 years."""
    return Conditions(
        qualifying_levels=levels_at_or_above("section_chief"),
        qualifying_ranks=ranks_at_or_above("principal_2"),
        min_years=2, max_age=max_age, min_education="bachelor", appraisal_years=3,
        no_discipline_in_force=True, party_member_required=True,
    )


def _chief_division() -> Conditions:
    return Conditions(
        qualifying_levels=levels_at_or_above("division_deputy"),
        qualifying_ranks=ranks_at_or_above("researcher_4"),
        min_years=2, max_age=52, min_education="bachelor", full_time_required=False, appraisal_years=3,
        no_discipline_in_force=True, party_member_required=True,
    )


FIRST: tuple[PostPlan, ...] = (
    PostPlan("Z01", "民事审判第一庭", "庭长", "division_chief", _chief_division()),
    PostPlan("F01", "立案庭", "副庭长", "division_deputy", _deputy_division()),
    PostPlan("F02", "刑事审判第一庭", "副庭长", "division_deputy", _deputy_division()),
    PostPlan("F03", "执行局", "副局长", "division_deputy", _deputy_division(48)),
    PostPlan("F04", "办公室", "副主任", "division_deputy", _deputy_division()),
    # Nobody qualifies: the post is cancelled, with its reason.
    PostPlan("F05", "研究室", "副主任", "division_deputy",
             Conditions(qualifying_levels=levels_at_or_above("section_chief"),
                        qualifying_ranks=ranks_at_or_above("principal_1"), min_years=3, max_age=40,
                        min_education="master", appraisal_years=3, no_discipline_in_force=True,
                        party_member_required=True), qualified=0),
    # One qualified applicant: the recommendation's threshold for a single candidate (60).
    PostPlan("F06", "行政装备处", "副处长", "division_deputy", _deputy_division(), qualified=1),
)
SECOND: tuple[PostPlan, ...] = (
    PostPlan("F11", "行政审判庭", "副庭长", "division_deputy", _deputy_division()),
    PostPlan("F12", "审判监督庭", "副庭长", "division_deputy",
             Conditions(qualifying_levels=levels_at_or_above("section_chief"),
                        qualifying_ranks=ranks_at_or_above("principal_1"), min_years=2, max_age=50,
                        min_education="bachelor", appraisal_years=3, no_discipline_in_force=True,
                        party_member_required=True,
                        free_text=("具有法律职业资格", "从事审判工作5年以上"))),
    PostPlan("F13", "政治部", "副主任", "division_deputy", _deputy_division(45)),
)
OPEN: tuple[PostPlan, ...] = (
    PostPlan("GK01", "民事审判第二庭", "副庭长", "division_deputy", _open_deputy(), slots=2, qualified=7,
             shows="below_min"),
    PostPlan("GK02", "刑事审判第二庭", "副庭长", "division_deputy", _open_deputy(), qualified=5, shows="tie"),
    PostPlan("GK03", "审判管理办公室", "副主任", "division_deputy", _open_deputy(48), qualified=5, shows="absent"),
)
LAST_YEAR: tuple[PostPlan, ...] = (
    PostPlan("L01", "执行局", "副局长", "division_deputy", _deputy_division(48)),
    PostPlan("L02", "机关党委", "副书记", "division_deputy", _deputy_division()),
)
THIRD: tuple[PostPlan, ...] = (
    PostPlan("S01", "司法技术处", "副处长", "division_deputy", _open_deputy()),
    PostPlan("S02", "纪检监察室", "副主任", "division_deputy", _open_deputy()),
    PostPlan("S03", "司法警察支队", "副支队长", "division_deputy", _open_deputy(45)),
)


@dataclass
class DemoCampaigns:
    """The campaigns made, and the open trial session with its plain codes (printed for trying the ballot);
    what the decision steps made; the steps the calendar did not allow, with the reason."""

    campaigns: list[Campaign] = field(default_factory=list)
    trial_codes: list[str] = field(default_factory=list)
    trial_session: int | None = None
    last_year: Campaign | None = None
    court: Campaign | None = None
    court_decisions: decisions.CourtDecisions | None = None
    open_selection: Campaign | None = None
    inspected: decisions.Inspected | None = None
    skipped: list[decisions.Skipped] = field(default_factory=list)


def _dated(plans: tuple[PostPlan, ...], today: dt.date) -> tuple[PostPlan, ...]:
    """The plans with the appraisal years named as an announcement names them ("2023—2025年度考核称职以上"):
    the three years up to last year, the court's latest appraisals, whatever the campaign's reference date
    (a campaign of last December would otherwise ask for a year the roster does not hold)."""
    return tuple(replace(p, conditions=replace(p.conditions, appraisal_last_year=today.year - 1)) for p in plans)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def _stage(campaign: Campaign, kind: str) -> Stage:
    return Stage.objects.get(campaign=campaign, kind=kind)


def _posts(actor: Any, campaign: Campaign, plans: tuple[PostPlan, ...], court: Unit) -> list[Any]:
    departments = {u.name: u for u in Unit.objects.filter(parent=court)}
    return [actions.post_create(actor=actor, campaign=campaign, code=p.code, department=departments[p.department],
                                title=f"{p.department}{p.title}", level=p.level, slots=p.slots,
                                conditions=p.conditions, order=i)
            for i, p in enumerate(plans)]


def _applicants(rng: random.Random, posts: list[Any], plans: tuple[PostPlan, ...], on: dt.date,
                taken: dict[int, int], exclude: set[int], qualified: int, unqualified: int,
                once: bool = False, most: int = 2) -> list[tuple[Any, Person]]:
    """Per post: ``qualified`` people the rules find eligible and ``unqualified`` near misses (a plan may
    say its own numbers). Nobody applies for a post at or below their own level, nor more than ``most``
    times in all the demo (with ``once``, for one post of the campaign only); those who have not applied
    yet are taken first."""
    people = list(Person.objects.exclude(pk__in=exclude).exclude(unit__name="院领导")
                  .prefetch_related("appraisals", "disciplines").order_by("pk"))
    found = {p.pk: candidate_from_person(p) for p in people}
    pairs: list[tuple[Any, Person]] = []
    here: set[int] = set()
    for post, plan in zip(posts, plans, strict=True):
        eligible, near = [], []
        for person in people:
            if (taken.get(person.pk, 0) >= most or person.post_level in levels_at_or_above(plan.level)
                    or (once and person.pk in here)):
                continue
            verdict = check(found[person.pk], plan.conditions, on=on)
            if verdict.eligible:
                eligible.append(person)
            elif len(verdict.failures) == 1 and person.post_level in plan.conditions.qualifying_levels | {""}:
                near.append(person)
        chosen = (_fresh_first(rng, eligible, taken, plan.qualified if plan.qualified is not None else qualified)
                  + _fresh_first(rng, near, taken, plan.unqualified if plan.unqualified is not None else unqualified))
        for person in chosen:
            taken[person.pk] = taken.get(person.pk, 0) + 1
            here.add(person.pk)
            pairs.append((post, person))
    return pairs


def _fresh_first(rng: random.Random, people: list[Person], taken: dict[int, int], n: int) -> list[Person]:
    fresh = [p for p in people if not taken.get(p.pk)]
    chosen = rng.sample(fresh, min(n, len(fresh)))
    if len(chosen) < n:
        again = [p for p in people if taken.get(p.pk)]
        chosen += rng.sample(again, min(n - len(chosen), len(again)))
    return chosen


def _announce(*, organiser: Any, court: Unit, name: str, template: str, introduction: str, plans: tuple[PostPlan, ...],
              opens: dt.date, closes: dt.date, min_qualified: int = 2) -> tuple[Campaign, list[Any]]:
    campaign = actions.campaign_create(
        actor=organiser, name=name, unit=court, template=template, introduction=introduction,
        apply_from=_at(opens, 9), apply_until=_at(closes, 17), withdraw_until=_at(closes, 17), reference_date=closes,
        min_qualified=min_qualified)
    posts = _posts(organiser, campaign, plans, court)
    actions.campaign_publish(actor=organiser, campaign=campaign, now=_at(opens, 8))
    return campaign, posts


def _apply(*, organiser: Any, campaign: Campaign, pairs: list[tuple[Any, Person]], when: dt.datetime) -> None:
    for post, person in pairs:
        actions.application_submit(actor=organiser, campaign=campaign, post=post, person=person, source="self",
                                   now=when)


def _review_and_seal(*, organiser: Any, reviewer: Any, campaign: Campaign, review: dt.datetime,
                     seal: dt.datetime, override: bool = False) -> None:
    """The eligibility stage opened, reviewed (one decision overridden when asked), posts nobody qualified
    for cancelled, sealed."""
    eligibility = _stage(campaign, StageKind.ELIGIBILITY)
    actions.stage_open(actor=organiser, stage=eligibility, now=review)
    actions.review_run(actor=reviewer, campaign=campaign, now=review)
    if override:
        # One decision against the automatic result, with the reason the record keeps.
        overridden = campaign.applications.filter(review__auto_eligible=True).order_by("pk").first()
        if overridden is not None:
            actions.review_decide(actor=reviewer, application=overridden, decision="ineligible",
                                  reason="档案审核发现任现职级时间与任免文件不符，待核实前不予通过。", now=review)
    actions.review_confirm_pending(actor=reviewer, campaign=campaign, now=review)
    least = campaign.min_qualified
    why = "无符合资格条件的报名人员" if least <= 1 else f"符合资格条件的报名人数不足{least}人"
    for post in posts_below_minimum(campaign):
        actions.post_cancel(actor=organiser, post=post, reason=f"{why}，本次不开展竞争，职位暂时空缺。")
    actions.stage_seal(actor=organiser, stage=eligibility, now=seal)


def _open_posts(campaign: Campaign) -> list[Post]:
    return list(Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).order_by("order", "id"))


def _by_post(campaign: Campaign) -> dict[int, list[Application]]:
    out: dict[int, list[Application]] = defaultdict(list)
    for app in candidates(campaign):
        out[app.post_id].append(app)
    return out


def _standings(rng: random.Random, apps: Sequence[Application]) -> dict[int, float]:
    """Each candidate's standing before a panel (out of 100), by person: one who stands for two posts
    speaks as well for both."""
    people = sorted({a.person_id for a in apps})
    return {pk: round(rng.uniform(72, 92), 1) for pk in people}


# The court campaign began this many days before today, the open selection this many (earlier when
# holidays would carry their decisions past yesterday); the committee stage opens on the 13th day, the
# shortlist is sealed on the 26th.
COURT_DAYS, OPEN_DAYS, COMMITTEE_DAY, SHORTLIST_DAY = 30, 40, 13, 26


def load_demo_campaigns(*, organiser: Any, reviewer: Any, judges: Sequence[Any], committee: Sequence[Any],
                        court: Unit, today: dt.date, seed: int, keep_free: set[int]) -> DemoCampaigns:
    """Make the demo campaigns: last year's (when the calendar covers it), then the four of this year.
    ``committee``: the Party group's accounts; ``keep_free``: people not to use as applicants (the demo
    accounts')."""
    rng = random.Random(seed)
    taken: dict[int, int] = {}
    made = DemoCampaigns()
    yesterday = today - dt.timedelta(days=1)

    # Last year's campaign: done about a year ago, so that its probations end within the next weeks.
    latest = add_months(today, -12) + dt.timedelta(days=18)
    cal, last, why = decisions.calendar_or_reason(lambda cal: _fitted(
        cal, latest - dt.timedelta(days=26), latest, revote=False))
    if last is not None:
        made.last_year = _last_year(organiser=organiser, reviewer=reviewer, judges=judges, committee=committee,
                                    court=court, today=today, start=last[0], days=last[1],
                                    # last year's applicants may apply again this year: counted apart
                                    rng=random.Random(seed * 10 + 5), taken={}, keep_free=keep_free)
        made.campaigns.append(made.last_year)
    else:
        made.skipped.append(decisions.Skipped("上一年度竞争上岗", why))

    _cal, fitted, why = decisions.calendar_or_reason(lambda cal: _fitted(
        cal, today - dt.timedelta(days=COURT_DAYS), yesterday, revote=True))
    start = fitted[0] if fitted else today - dt.timedelta(days=COURT_DAYS)
    made.court = _court_procedure(organiser=organiser, reviewer=reviewer, judges=judges, court=court, today=today,
                                  start=start, seed=seed, rng=rng, taken=taken, keep_free=keep_free)
    made.campaigns.append(made.court)
    made.campaigns.append(_taking_applications(organiser=organiser, reviewer=reviewer, court=court, today=today,
                                               rng=rng, taken=taken, keep_free=keep_free))

    _cal, open_days, open_why = decisions.calendar_or_reason(lambda cal: _fitted_inspection(cal, today))
    open_start = open_days[0] if open_days else today - dt.timedelta(days=OPEN_DAYS)
    made.open_selection = _open_selection(organiser=organiser, reviewer=reviewer, judges=judges, court=court,
                                          today=today, start=open_start, rng=random.Random(seed * 10 + 3),
                                          taken=taken, keep_free=keep_free)
    made.campaigns.append(made.open_selection)
    live, trial, codes = _live(organiser=organiser, reviewer=reviewer, judges=judges, court=court, today=today,
                               rng=random.Random(seed * 10 + 4), taken=taken, keep_free=keep_free)
    made.campaigns.append(live)
    made.trial_session, made.trial_codes = trial.pk, codes

    # The decisions, last: the court campaign carried to the end, the open selection's inspection begun.
    if fitted is not None:
        made.court_decisions = decisions.court_decisions(
            organiser=organiser, committee_users=committee, campaign=made.court, days=fitted[1], cal=cal,
            rng=random.Random(seed * 10 + 6))
    else:
        made.skipped.append(decisions.Skipped(made.court.name, why))
    if open_days is not None:
        made.inspected = decisions.inspect(organiser=organiser, campaign=made.open_selection, days=open_days[1],
                                           cal=cal, today=today)
        if made.inspected.skipped:
            made.skipped.append(decisions.Skipped(made.open_selection.name, made.inspected.skipped))
    else:
        made.skipped.append(decisions.Skipped(made.open_selection.name, open_why))
    return made


def _fitted(cal: Any, start: dt.date, latest: dt.date, *, revote: bool) -> tuple[dt.date, decisions.DecisionDays]:
    """The campaign's first day (``start`` or earlier) and its decision days, done by ``latest``."""
    def done(first: dt.date) -> dt.date:
        return decisions.plan_days(cal, first + dt.timedelta(days=COMMITTEE_DAY), revote=revote).done

    first = decisions.fit_start(start, done, latest)
    return first, decisions.plan_days(cal, first + dt.timedelta(days=COMMITTEE_DAY), revote=revote)


def _fitted_inspection(cal: Any, today: dt.date) -> tuple[dt.date, decisions.InspectionDays]:
    """The open selection's first day and its inspection days: the first inspection concluded by yesterday."""
    def done(first: dt.date) -> dt.date:
        return decisions.plan_inspection(cal, first + dt.timedelta(days=SHORTLIST_DAY)).concluded

    first = decisions.fit_start(today - dt.timedelta(days=OPEN_DAYS), done, today - dt.timedelta(days=1))
    return first, decisions.plan_inspection(cal, first + dt.timedelta(days=SHORTLIST_DAY))


# --- 0. last year's campaign, about a year ago ------------------------------------------------------

def _last_year(*, organiser: Any, reviewer: Any, judges: Sequence[Any], committee: Sequence[Any], court: Unit,
               today: dt.date, start: dt.date, days: decisions.DecisionDays, rng: random.Random,
               taken: dict[int, int], keep_free: set[int]) -> Campaign:
    """Last year's court procedure from the announcement to the appointments (done on ``days.done``, so
    that a year's probation ends within the next few weeks). Its conditions ask for the appraisals the
    register holds for the years before it."""
    year = start.year
    appraisal_years = max(1, min(3, year - today.year + 3))  # the register keeps the last three years
    plans = tuple(replace(p, conditions=replace(p.conditions, appraisal_last_year=year - 1,
                                                appraisal_years=appraisal_years)) for p in LAST_YEAR)
    day = [start + dt.timedelta(days=n) for n in range(COMMITTEE_DAY + 1)]
    campaign, posts = _announce(
        organiser=organiser, court=court, name=f"{court.name}{year}年中层副职竞争上岗", template="court_2010",
        introduction="经院党组研究，对执行局副局长、机关党委副书记两个中层副职职位实行竞争上岗。",
        plans=plans, opens=start, closes=day[7])
    _apply(organiser=organiser, campaign=campaign, when=_at(day[2], 10),
           pairs=_applicants(rng, posts, plans, day[7], taken, keep_free, 3, 1, once=True))
    _review_and_seal(organiser=organiser, reviewer=reviewer, campaign=campaign, review=_at(day[8], 9),
                     seal=_at(day[9], 17))
    interview = actions.stage_open(actor=organiser, stage=_stage(campaign, StageKind.INTERVIEW), now=_at(day[10], 9))
    apps = list(candidates(campaign))
    standing = _standings(rng, apps)
    plan = demo_scoring.Plan(totals={a.pk: demo_scoring.judge_totals(rng, standing[a.person_id]) for a in apps})
    demo_scoring.hear(organiser=organiser, judges=judges, stage=interview, posts=_open_posts(campaign), plan=plan,
                      rng=rng, start=_at(day[11], 8, 30), panel_name="竞聘演讲评委组", place="院机关第一会议室")
    actions.stage_seal(actor=organiser, stage=interview, now=_at(day[11], 17, 30))
    recommendation = actions.stage_open(actor=organiser, stage=_stage(campaign, StageKind.RECOMMENDATION),
                                        now=_at(day[12], 8))
    preferences: dict[int, list[tuple[int | None, float]]] = {}
    for n, (post, post_apps) in enumerate(_by_post(campaign).items()):
        ranked = sorted(post_apps, key=lambda a: (-standing[a.person_id], a.pk))
        # The first post a clear winner; at the second the runner-up too reaches the threshold (the pool).
        shares = [0.58, 0.24, 0.10] if n == 0 else [0.52, 0.44, 0.02]
        if len(ranked) < 3:
            shares = [0.82] if len(ranked) == 1 else [0.68, 0.24]
        shares += [0.01] * (len(ranked) - len(shares))
        preferences[post] = [(a.pk, s) for a, s in zip(ranked, shares, strict=True)]
    demo_voting.recommend(organiser=organiser, stage=recommendation, name="全院干部大会民主推荐",
                          place="院机关大会议室", entitled=demo_voting.court_groups(court), rng=rng,
                          start=_at(day[12], 9, 10), preferences=preferences)
    actions.stage_seal(actor=organiser, stage=recommendation, now=_at(day[12], 16))
    actions.stage_open(actor=organiser, stage=_stage(campaign, StageKind.COMMITTEE),
                       now=_at(day[COMMITTEE_DAY], 9))
    decisions.plain_decisions(organiser=organiser, committee_users=committee, campaign=campaign, days=days, rng=rng)
    return campaign


# --- 1. the court procedure of seed 000, a month ago ------------------------------------------------

def _court_procedure(*, organiser: Any, reviewer: Any, judges: Sequence[Any], court: Unit, today: dt.date,
                     start: dt.date, seed: int, rng: random.Random, taken: dict[int, int],
                     keep_free: set[int]) -> Campaign:
    plans = _dated(FIRST, today)
    day = [start + dt.timedelta(days=n) for n in range(16)]
    first, posts = _announce(
        organiser=organiser, court=court, name=f"{court.name}{today.year}年中层领导职位竞争上岗", template="court_2010",
        introduction="根据院党组研究决定，本次对部分中层领导职位实行竞争上岗。现将有关事项公告如下。",
        plans=plans, opens=start, closes=day[7], min_qualified=1)
    _apply(organiser=organiser, campaign=first, when=_at(day[2], 10),
           pairs=_applicants(rng, posts, plans, day[7], taken, keep_free, 3, 1))
    _review_and_seal(organiser=organiser, reviewer=reviewer, campaign=first, review=_at(day[8], 9),
                     seal=_at(day[9], 17), override=True)
    interview = actions.stage_open(actor=organiser, stage=_stage(first, StageKind.INTERVIEW), now=_at(day[10], 9))

    # The speech (竞聘演讲): every candidate heard by the five judges; one judge recuses from a colleague.
    scored = random.Random(seed * 10 + 1)
    apps = list(candidates(first))
    standing = _standings(scored, apps)
    plan = demo_scoring.Plan(totals={a.pk: demo_scoring.judge_totals(scored, standing[a.person_id]) for a in apps})
    plan.recusals.update(_recusal(judges, apps))
    demo_scoring.hear(organiser=organiser, judges=judges, stage=interview, posts=_open_posts(first),
                      plan=plan, rng=scored, start=_at(day[11], 8, 30), panel_name="竞聘演讲评委组",
                      place="院机关第一会议室")
    actions.stage_seal(actor=organiser, stage=interview, now=_at(day[11], 17, 30))

    # The democratic recommendation: a trial session first (it never counts), then the whole court.
    recommendation = actions.stage_open(actor=organiser, stage=_stage(first, StageKind.RECOMMENDATION),
                                        now=_at(day[12], 8))
    by_post = _by_post(first)
    demo_voting.recommend(
        organiser=organiser, stage=recommendation, name="民主推荐模拟测试（会前演示）", place="院机关大会议室",
        entitled={"leaders": 2, "middle_managers": 3, "others": 5}, trial=True, rng=scored, start=_at(day[12], 8, 10),
        # In the trial everyone marks the least favoured candidate: had it counted, the results would show it.
        preferences={post: [(min(apps, key=lambda a: standing[a.person_id]).pk, 1.0)]
                     for post, apps in by_post.items()})
    demo_voting.recommend(
        organiser=organiser, stage=recommendation, name="全院干部大会民主推荐", place="院机关大会议室",
        entitled=demo_voting.court_groups(court), rng=scored, start=_at(day[12], 9, 10),
        preferences=_recommendation_preferences(scored, by_post, standing))
    actions.stage_seal(actor=organiser, stage=recommendation, now=_at(day[12], 16))
    actions.stage_open(actor=organiser, stage=_stage(first, StageKind.COMMITTEE), now=_at(day[COMMITTEE_DAY], 9))
    return first


def _recusal(judges: Sequence[Any], apps: Sequence[Application]) -> dict[int, tuple[int, str]]:
    """One judge recuses from one candidate: a colleague of their own division when there is one (who stands
    for one post only, so the judge scores them nowhere else)."""
    names = [getattr(j, "first_name", "") for j in judges]
    units = dict(Person.objects.filter(name__in=names).values_list("name", "unit__name"))
    posts_of = Counter(a.person_id for a in apps)
    for seat, name in enumerate(names):
        for app in (a for a in apps if posts_of[a.person_id] == 1):
            if app.person.unit.name == units.get(name):
                return {app.pk: (seat, f"该人选系本人所在{app.person.unit.name}的干部，与本人为直接上下级关系，"
                                       "依规申请回避。")}
    return {apps[0].pk: (len(judges) - 1, "本人与该人选系近亲属（姻亲关系），依规申请回避。")} if apps else {}


def _recommendation_preferences(rng: random.Random, by_post: dict[int, list[Application]],
                                standing: dict[int, float]) -> dict[int, list[tuple[int | None, float]]]:
    """What the court marks, post by post (the best speaker first): a single candidate well above 60, one of
    two clearly ahead, at the first post of three or more the votes so split that nobody reaches 40 (the
    post stays vacant), at the second two candidates both above 40, elsewhere a clear winner."""
    out: dict[int, list[tuple[int | None, float]]] = {}
    many = 0
    for post, apps in by_post.items():
        ranked = sorted(apps, key=lambda a: (-standing[a.person_id], a.pk))
        if len(ranked) == 1:
            shares = [rng.uniform(0.74, 0.84)]
        elif len(ranked) == 2:
            shares = [rng.uniform(0.64, 0.72), rng.uniform(0.18, 0.26)]
        elif many == 0:  # vacant: below 40 however the leaders' few ballots fall
            shares = [rng.uniform(0.30, 0.33), rng.uniform(0.26, 0.29), rng.uniform(0.20, 0.24)]
        elif many == 1:  # two above 40: the committee chooses between them
            shares = [0.50, 0.46, 0.02]
        else:
            shares = [rng.uniform(0.52, 0.62), rng.uniform(0.18, 0.26), rng.uniform(0.08, 0.14)]
        if len(ranked) >= 3:
            shares += [0.02] * (len(ranked) - 3)
            many += 1
        total = sum(shares)
        if total > 1:
            shares = [s / total for s in shares]
        out[post] = [(a.pk, s) for a, s in zip(ranked, shares, strict=True)]
    return out


# --- 2. taking applications now ---------------------------------------------------------------------

def _taking_applications(*, organiser: Any, reviewer: Any, court: Unit, today: dt.date, rng: random.Random,
                         taken: dict[int, int], keep_free: set[int]) -> Campaign:
    second = actions.campaign_create(
        actor=organiser, name=f"{court.name}{today.year}年第二批中层副职竞争上岗", unit=court, template="court_2010",
        introduction="为进一步优化中层干部队伍结构，经院党组研究，对以下职位开展竞争上岗。",
        apply_from=_at(today - dt.timedelta(days=2), 9), apply_until=_at(today + dt.timedelta(days=12), 17),
        withdraw_until=_at(today + dt.timedelta(days=10), 17), reference_date=today + dt.timedelta(days=12))
    plans = _dated(SECOND, today)
    posts = _posts(organiser, second, plans, court)
    actions.campaign_publish(actor=organiser, campaign=second, now=_at(today - dt.timedelta(days=2), 8))
    applied = _at(today - dt.timedelta(days=1), 10)
    _apply(organiser=organiser, campaign=second, when=applied,
           pairs=_applicants(rng, posts, plans, today + dt.timedelta(days=12), taken, keep_free, 2, 1))
    eligibility = _stage(second, StageKind.ELIGIBILITY)
    actions.stage_open(actor=organiser, stage=eligibility, now=applied)
    actions.review_run(actor=reviewer, campaign=second, now=applied)
    return second


# --- 3. an open selection with exam and interview, a month ago ---------------------------------------

def _open_selection(*, organiser: Any, reviewer: Any, judges: Sequence[Any], court: Unit, today: dt.date,
                    start: dt.date, rng: random.Random, taken: dict[int, int], keep_free: set[int]) -> Campaign:
    plans = _dated(OPEN, today)
    day = [start + dt.timedelta(days=n) for n in range(30)]
    campaign, posts = _announce(
        organiser=organiser, court=court, template="open_2004",
        name=f"{court.name}{start.year}年公开选拔副处级领导干部",
        introduction="经院党组研究，面向全院公开选拔副处级领导干部。选拔工作按照报名、资格审查、笔试、面试、"
                     "确定考察对象、组织考察、党组讨论决定、任职前公示的程序进行，笔试成绩占40%，面试成绩占60%。",
        plans=plans, opens=start, closes=day[10])
    _apply(organiser=organiser, campaign=campaign, when=_at(day[3], 10),
           # an open selection draws the most candidates: someone may try a third time this year
           pairs=_applicants(rng, posts, plans, day[10], taken, keep_free, 5, 1, once=True, most=3))
    _review_and_seal(organiser=organiser, reviewer=reviewer, campaign=campaign, review=_at(day[11], 9),
                     seal=_at(day[12], 17))

    exam = actions.stage_open(actor=organiser, stage=_stage(campaign, StageKind.EXAM), now=_at(day[13], 9))
    plan, lines = _open_plan(rng, campaign, {post.pk: p for post, p in zip(posts, plans, strict=True)}, start.year)
    demo_scoring.import_exam(organiser=organiser, stage=exam, lines=lines, now=_at(day[19], 10))
    actions.stage_seal(actor=organiser, stage=exam, now=_at(day[20], 17))

    interview = actions.stage_open(actor=organiser, stage=_stage(campaign, StageKind.INTERVIEW), now=_at(day[21], 9))
    demo_scoring.hear(organiser=organiser, judges=judges, stage=interview, posts=_open_posts(campaign),
                      plan=plan, rng=rng, start=_at(day[24], 8, 30), panel_name="面试评委组", place="院机关第二会议室")
    actions.stage_seal(actor=organiser, stage=interview, now=_at(day[24], 18))

    shortlist = actions.stage_open(actor=organiser, stage=_stage(campaign, StageKind.SHORTLIST), now=_at(day[25], 9))
    scoring.shortlist_settings_set(actor=organiser, stage=shortlist, ratio=3, now=_at(day[25], 9, 10))
    actions.stage_seal(actor=organiser, stage=shortlist, now=_at(day[SHORTLIST_DAY], 17))
    return campaign


def _open_plan(rng: random.Random, campaign: Campaign, plans: dict[int, PostPlan], year: int
               ) -> tuple[demo_scoring.Plan, list[demo_scoring.ExamLine]]:
    """The judges' totals and the exam scores of the open selection, chosen so that each post shows what its
    plan says: every candidate gets a composite aimed at (distinct within the post), the exam score that
    reaches it exactly; at the "tie" post two candidates get the same composite at the shortlist's cut,
    at "below_min" one candidate's exam is under the pass line, at "absent" one candidate is 缺考 (and so
    misses the interview too)."""
    plan = demo_scoring.Plan()
    lines: list[demo_scoring.ExamLine] = []
    for index, (post_pk, apps) in enumerate(_by_post(campaign).items(), start=1):
        post_plan = plans[post_pk]
        special = rng.choice(apps) if post_plan.shows in ("below_min", "absent") else None
        rest = [a for a in apps if a is not special]
        cut = post_plan.slots * 3  # the shortlist's ratio 1:3
        tie = post_plan.shows == "tie" and len(rest) > cut
        goals = demo_scoring.targets(rng, len(rest) - tie)
        if tie:
            goals.insert(cut, goals[cut - 1])  # the last place within the quota, twice
        rng.shuffle(rest)
        exam: dict[int, Fraction | None] = {}
        for app, goal in zip(rest, goals, strict=True):
            plan.totals[app.pk], exam[app.pk] = demo_scoring.planned_exam(rng, goal)
        if special is not None and post_plan.shows == "absent":
            plan.absent.add(special.pk)
            exam[special.pk] = None
        elif special is not None:
            plan.totals[special.pk] = demo_scoring.judge_totals(rng, rng.uniform(74, 86))
            exam[special.pk] = Fraction(rng.randrange(100, 119), 2)  # 50 to 59.5
        lines += [demo_scoring.ExamLine(app, f"{year}{index:02d}{k:03d}", exam[app.pk])
                  for k, app in enumerate(sorted(apps, key=lambda a: a.pk), start=1)]
    return plan, lines


# --- 4. the nine steps of seed 001, the interview going on now ---------------------------------------

def _live(*, organiser: Any, reviewer: Any, judges: Sequence[Any], court: Unit, today: dt.date, rng: random.Random,
          taken: dict[int, int], keep_free: set[int]) -> tuple[Campaign, Any, list[str]]:
    plans = _dated(THIRD, today)
    start = today - dt.timedelta(days=20)
    day = [start + dt.timedelta(days=n) for n in range(12)]
    campaign, posts = _announce(
        organiser=organiser, court=court, template="nine_steps",
        name=f"{court.name}{today.year}年第三批中层干部竞争上岗",
        introduction="按照公布岗位及条件、报名推荐、资格审查、演讲答辩与民主测评、确定考察对象与组织考察、"
                     "确定拟聘任人选、任前公示、聘任的步骤，对以下中层职位开展竞争上岗。",
        plans=plans, opens=start, closes=day[8])
    _apply(organiser=organiser, campaign=campaign, when=_at(day[4], 10),
           pairs=_applicants(rng, posts, plans, day[8], taken, keep_free, 3, 1, once=True))
    _review_and_seal(organiser=organiser, reviewer=reviewer, campaign=campaign, review=_at(day[9], 9),
                     seal=_at(day[10], 17))
    interview = actions.stage_open(actor=organiser, stage=_stage(campaign, StageKind.INTERVIEW), now=_at(today, 7, 30))
    # A trial of the evaluation's phone ballot before the meeting: open, its codes printed by ``demo load``.
    trial, codes = demo_voting.evaluation_trial(organiser=organiser, stage=_stage(campaign, StageKind.EVALUATION),
                                            name="民主测评模拟测试", place="院机关大会议室", entitled=10, codes=5,
                                            now=_at(today, 7, 40))
    apps = list(candidates(campaign))
    standing = _standings(rng, apps)
    plan = demo_scoring.Plan(totals={a.pk: demo_scoring.judge_totals(rng, standing[a.person_id]) for a in apps})
    # Three candidates heard and closed; the fourth before the panel, judge5 yet to hand in a sheet.
    demo_scoring.hear(organiser=organiser, judges=judges, stage=interview, posts=_open_posts(campaign),
                      plan=plan, rng=rng, start=_at(today, 9), panel_name="演讲答辩评委组", place="院机关第一会议室",
                      stop_after=3, waiting_judges=1)
    return campaign, trial, codes
