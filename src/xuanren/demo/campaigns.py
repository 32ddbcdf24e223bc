"""The demo's campaigns, made through the real actions so the demo shows what the product does.

1. 「中层领导职位竞争上岗」(the seed 000 court procedure): announced, applications taken, eligibility
   reviewed (one decision overridden with its reason), a post with too few qualified applicants
   cancelled, the eligibility stage sealed and its qualified list published; the speech stage open.
2. 「第二批竞争上岗」: announced and open for applications now, the review under way, so the applicant
   account can apply and the reviewer has work.

People are chosen by the eligibility rules themselves, so each post has qualified and unqualified
applicants with real reasons. Deterministic for a seed; time is an argument.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass
from typing import Any

from xuanren.campaigns import actions
from xuanren.campaigns.conditions import candidate_from_person
from xuanren.campaigns.models import Campaign, Stage, StageKind
from xuanren.people.models import Person, Unit
from xuanren.rules.eligibility import Conditions, check
from xuanren.rules.eligibility.codes import levels_at_or_above, ranks_at_or_above

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class PostPlan:
    code: str
    department: str
    title: str
    level: str
    conditions: Conditions


def _deputy_division(max_age: int = 50) -> Conditions:
    """副处 posts: 正科 or 一级主任科员 and above for 2 years, the usual conditions of seed 000's court."""
    return Conditions(
        qualifying_levels=levels_at_or_above("section_chief"),
        qualifying_ranks=ranks_at_or_above("principal_1"),
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
    PostPlan("F05", "研究室", "副主任", "division_deputy",
             Conditions(qualifying_levels=levels_at_or_above("section_chief"),
                        qualifying_ranks=ranks_at_or_above("principal_1"), min_years=3, max_age=40,
                        min_education="master", appraisal_years=3, no_discipline_in_force=True,
                        party_member_required=True)),
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


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def _posts(actor: Any, campaign: Campaign, plans: tuple[PostPlan, ...], court: Unit) -> list[Any]:
    departments = {u.name: u for u in Unit.objects.filter(parent=court)}
    return [actions.post_create(actor=actor, campaign=campaign, code=p.code, department=departments[p.department],
                                title=f"{p.department}{p.title}", level=p.level, slots=1, conditions=p.conditions,
                                order=i)
            for i, p in enumerate(plans)]


def _applicants(rng: random.Random, posts: list[Any], plans: tuple[PostPlan, ...], on: dt.date,
                taken: dict[int, int], exclude: set[int], qualified: int, unqualified: int) -> list[tuple[Any, Person]]:
    """Per post: ``qualified`` people the rules find eligible and ``unqualified`` near misses."""
    people = list(Person.objects.exclude(pk__in=exclude).exclude(unit__name="院领导")
                  .prefetch_related("appraisals", "disciplines").order_by("pk"))
    candidates = {p.pk: candidate_from_person(p) for p in people}
    pairs: list[tuple[Any, Person]] = []
    for post, plan in zip(posts, plans, strict=True):
        eligible, near = [], []
        for person in people:
            if taken.get(person.pk, 0) >= 2 or person.post_level == plan.level:
                continue
            verdict = check(candidates[person.pk], plan.conditions, on=on)
            if verdict.eligible:
                eligible.append(person)
            elif len(verdict.failures) == 1 and person.post_level in plan.conditions.qualifying_levels | {""}:
                near.append(person)
        chosen = rng.sample(eligible, min(qualified, len(eligible))) + rng.sample(near, min(unqualified, len(near)))
        for person in chosen:
            taken[person.pk] = taken.get(person.pk, 0) + 1
            pairs.append((post, person))
    return pairs


def load_demo_campaigns(*, organiser: Any, reviewer: Any, court: Unit, today: dt.date, seed: int,
                        keep_free: set[int]) -> list[Campaign]:
    """Make the two demo campaigns. ``keep_free``: people not to use as applicants (the demo accounts')."""
    rng = random.Random(seed)
    taken: dict[int, int] = {}
    made = []

    # 1. Last month's campaign, eligibility sealed.
    start = today - dt.timedelta(days=30)
    first = actions.campaign_create(
        actor=organiser, name=f"{court.name}{today.year}年中层领导职位竞争上岗", unit=court, template="court_2010",
        introduction="根据院党组研究决定，本次对部分中层领导职位实行竞争上岗。现将有关事项公告如下。",
        apply_from=_at(start, 9), apply_until=_at(start + dt.timedelta(days=7), 17),
        withdraw_until=_at(start + dt.timedelta(days=7), 17), reference_date=start + dt.timedelta(days=7))
    posts = _posts(organiser, first, FIRST, court)
    actions.campaign_publish(actor=organiser, campaign=first, now=_at(start, 8))
    for post, person in _applicants(rng, posts, FIRST, start + dt.timedelta(days=7), taken, keep_free, 3, 1):
        actions.application_submit(actor=organiser, campaign=first, post=post, person=person,
                                   source="self", now=_at(start + dt.timedelta(days=2), 10))
    eligibility = Stage.objects.get(campaign=first, kind=StageKind.ELIGIBILITY)
    review_day = _at(start + dt.timedelta(days=8), 9)
    actions.stage_open(actor=organiser, stage=eligibility, now=review_day)
    actions.review_run(actor=reviewer, campaign=first, now=review_day)
    # One decision against the automatic result, with the reason the record keeps.
    overridden = first.applications.filter(review__auto_eligible=True).order_by("pk").first()
    if overridden is not None:
        actions.review_decide(actor=reviewer, application=overridden, decision="ineligible",
                              reason="档案审核发现任现职级时间与任免文件不符，待核实前不予通过。", now=review_day)
    actions.review_confirm_pending(actor=reviewer, campaign=first, now=review_day)
    from xuanren.campaigns.selectors import posts_below_minimum

    for post in posts_below_minimum(first):
        actions.post_cancel(actor=organiser, post=post,
                            reason="符合资格条件的报名人数不足2人，本次不开展竞争，职位暂时空缺。")
    actions.stage_seal(actor=organiser, stage=eligibility, now=_at(start + dt.timedelta(days=9), 17))
    interview = Stage.objects.get(campaign=first, kind=StageKind.INTERVIEW)
    actions.stage_open(actor=organiser, stage=interview, now=_at(start + dt.timedelta(days=10), 9))
    made.append(first)

    # 2. Open now: applications until in twelve days.
    second = actions.campaign_create(
        actor=organiser, name=f"{court.name}{today.year}年第二批中层副职竞争上岗", unit=court, template="court_2010",
        introduction="为进一步优化中层干部队伍结构，经院党组研究，对以下职位开展竞争上岗。",
        apply_from=_at(today - dt.timedelta(days=2), 9), apply_until=_at(today + dt.timedelta(days=12), 17),
        withdraw_until=_at(today + dt.timedelta(days=10), 17), reference_date=today + dt.timedelta(days=12))
    posts = _posts(organiser, second, SECOND, court)
    actions.campaign_publish(actor=organiser, campaign=second, now=_at(today - dt.timedelta(days=2), 8))
    applied = _at(today - dt.timedelta(days=1), 10)
    for post, person in _applicants(rng, posts, SECOND, today + dt.timedelta(days=12), taken, keep_free, 2, 1):
        actions.application_submit(actor=organiser, campaign=second, post=post, person=person, source="self",
                                   now=applied)
    eligibility = Stage.objects.get(campaign=second, kind=StageKind.ELIGIBILITY)
    actions.stage_open(actor=organiser, stage=eligibility, now=applied)
    actions.review_run(actor=reviewer, campaign=second, now=applied)
    made.append(second)
    return made
