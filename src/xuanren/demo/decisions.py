"""The demo's decision steps (shortlist → appointment, issue 6), through the real actions of the inspection,
committee, notices and appointments areas, on days counted with the working-day calendar.

- **Days** (:func:`plan_days`, :func:`fit_start`): a campaign's committee meets on working days, its notice
  runs the regulation's 5 working days counted by :func:`xuanren.notices.calendar.current_calendar` (the day
  of publication not counted), appointments follow on the next working day. When the calendar has no data
  for a year the days fall in, it refuses ("2027年的节假日安排尚未录入，请先录入"); the demo then stops the
  campaign before its decisions and says what to enter (:class:`Skipped`), as an organiser would have to.
- **The committee** (:func:`committee_meeting`, :func:`secret_vote`): the proposals per post with reasons
  written from the register and the earlier results, a meeting of the Party group (应到 the nine demo
  committee accounts), attendance taken, each present member casting a secret ballot as their own account;
  or the organiser entering a show of hands (举手表决).
- **The notice** (:func:`publish_notice`, :func:`object_and_handle`): the stage's rules, the generated text,
  published; objections lodged by the public on the page or registered from a letter, assigned,
  investigated and concluded with a reply.
- **Appointments** (:func:`appoint_all`): documents numbered 〔year〕n号, effective dates, term 2 years,
  probation 1 year, the stage sealed — vacancies and pool entries written, the campaign closed.
- **Inspection** (:func:`inspect`): the open selection's inspection stage opened, teams formed, advance
  notices published, talks and findings recorded, one inspection concluded with a file attached.

Pure planning where it can be; every write is an action of its area. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from xuanren.appointments import actions as appointments
from xuanren.appointments.models import PoolEntry
from xuanren.campaigns.actions import stage_open, stage_seal
from xuanren.campaigns.finalists import Finalist, finalists
from xuanren.campaigns.models import Application, Campaign, Post, Stage, StageKind
from xuanren.committee import actions as committee
from xuanren.committee.models import Item, Meeting, Proposal
from xuanren.inspection import actions as inspection
from xuanren.inspection.models import Inspection
from xuanren.notices import actions as notices
from xuanren.notices.calendar import current_calendar
from xuanren.notices.models import Notice, NoticeEntry, Objection
from xuanren.people.models import Person
from xuanren.reports.compute import move
from xuanren.rules.calendar import NOTICE_WORKING_DAYS, WorkCalendar
from xuanren.rules.errors import RuleError
from xuanren.scoring.sources import scores_of

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ONE_DAY = dt.timedelta(days=1)
COURT_PARTY_GROUP = "中共××市中级人民法院党组"
# How the public reaches the organisers (the court's political department): written into notices.
PHONE = "0379-62881234"
ADDRESS = "××市××区××路××号××市中级人民法院政治部干部科"
MAILBOX = "ganbuke@example.org"
CONTACT = "来访请于工作日上午8:30—12:00、下午14:30—17:30到院机关办公楼三楼政治部干部科。"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


# --- days ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionDays:
    """The days of a campaign's decisions: the committee's meetings (a re-vote, 复议, at the second), the
    notice's first and last day, and the day it is ended and the appointments are made."""

    committee_opens: dt.date
    meetings: tuple[dt.date, ...]
    notice_starts: dt.date
    notice_ends: dt.date
    done: dt.date


@dataclass(frozen=True)
class Skipped:
    """Decisions the demo could not take, and why (the calendar's words)."""

    campaign: str
    reason: str


def plan_days(cal: WorkCalendar, committee_opens: dt.date, *, revote: bool) -> DecisionDays:
    """The decision days after the committee stage opens: the first meeting the next working day, a second
    three working days later when a candidate is re-voted, the notice published the working day after the
    last meeting for 5 working days, appointments the working day after it ends. Raises
    :class:`RuleError` for a year the calendar has no data for."""
    first = cal.add_working_days(committee_opens, 1)
    meetings = (first, cal.add_working_days(first, 3)) if revote else (first,)
    starts = cal.add_working_days(meetings[-1], 1)
    ends = cal.notice_period(starts, NOTICE_WORKING_DAYS).end
    return DecisionDays(committee_opens, meetings, starts, ends, cal.add_working_days(ends, 1))


def fit_start(start: dt.date, last_day: Callable[[dt.date], dt.date], latest: dt.date) -> dt.date:
    """``start``, moved earlier until the campaign begun then is done (``last_day(start)``) by ``latest``
    (holidays make a campaign take longer). Raises :class:`RuleError` as :func:`plan_days`."""
    for _ in range(12):
        late = (last_day(start) - latest).days
        if late <= 0:
            return start
        start -= dt.timedelta(days=late)
    raise RuntimeError("the demo's timeline does not settle")  # pragma: no cover - each step moves it back


def working_day_before(cal: WorkCalendar, day: dt.date) -> dt.date:
    """The last working day before ``day``."""
    day -= ONE_DAY
    while not cal.is_working_day(day):
        day -= ONE_DAY
    return day


def calendar_or_reason(check: Callable[[WorkCalendar], Any]) -> tuple[WorkCalendar, Any, str]:
    """The calendar, what ``check`` makes of it, and ``""`` — or the calendar's refusal as the reason (with
    ``None``), e.g. "2027年的节假日安排尚未录入，请先录入"."""
    cal = current_calendar()
    try:
        return cal, check(cal), ""
    except RuleError as exc:
        return cal, None, str(exc)


def meeting_name(day: dt.date, after: Meeting | None = None) -> str:
    """``院党组2026年第21次会议``: the Party group meets about twice a month (a meeting ``after`` another of
    the same year is numbered after it)."""
    number = 1 + day.timetuple().tm_yday * 24 // 366
    if after is not None and after.held_on.year == day.year:
        number = max(number, int(after.name.split("第")[-1].rstrip("次会议")) + 1)
    return f"院党组{day.year}年第{number}次会议"


# --- who is who ------------------------------------------------------------------------------------

def person_of(user: Any) -> Person:
    """The court's person whose name the demo account carries (names are unique in the demo court)."""
    return Person.objects.select_related("unit").get(name=user.first_name)


def members(users: Sequence[Any]) -> list[dict[str, Any]]:
    """The committee's members (应到) as a meeting lists them: name, post on the Party group, account."""
    out = []
    for user in users:
        person = person_of(user)
        out.append({"name": person.name, "role": person.post_title, "user": user, "person": person})
    return out


def _level_words(person: Person) -> str:
    return str(person.get_post_level_display() or person.get_rank_display())


def _strength(person: Person) -> str:
    unit = person.unit.name
    if "执行" in unit:
        return "熟悉执行工作，攻坚克难能力强，牵头办理多起重大疑难执行案件"
    if unit.endswith("庭"):
        return "审判业务精通，办案质效位居部门前列，多篇裁判文书获评优秀"
    if "警" in unit:
        return "带队管理能力强，圆满完成多次重大安保和押解任务"
    return "综合协调能力强，文字功底扎实，熟悉机关运行和业务管理工作"


def proposal_reason(app: Application, finalist: Finalist, speech: Fraction | None, field_size: int,
                    on: dt.date) -> str:
    """The reasons for proposing a candidate (推荐理由), from the register and the campaign's results."""
    person = app.person
    excellent = [a.year for a in person.appraisals.all() if a.result == "excellent"]
    appraisal = (f"近三年年度考核均为称职以上，其中{'、'.join(str(y) for y in sorted(excellent))}年度被评为优秀"
                 if excellent else "近三年年度考核均为称职以上")
    heard = f"竞聘演讲得分{float(speech):.2f}分；" if speech is not None else ""
    return (f"{person.name}同志，{person.age_on(on)}岁，{person.get_education_display()}，现任{person.unit.name}"
            f"{person.post_title}（{_level_words(person)}）。该同志政治立场坚定，{_strength(person)}，{appraisal}。"
            f"{heard}民主推荐得分{finalist.score}分，在本职位{field_size}名人选中列第{finalist.rank}位，"
            "达到规定要求。")


# --- the committee ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Proposed:
    """A proposal to make: the post, its candidates (in order), the note."""

    post: Post
    candidates: tuple[Finalist, ...]
    note: str = ""


def propose(*, organiser: Any, stage: Stage, plans: Sequence[Proposed], on: dt.date, first: dt.datetime,
            field_sizes: Mapping[int, int]) -> list[Proposal]:
    """One draft proposal per post, each candidate with the reasons; minutes apart from ``first``."""
    speech_stage = Stage.objects.filter(campaign=stage.campaign, kind=StageKind.INTERVIEW).first()
    speech = {pk: s.score for pk, s in scores_of(speech_stage).items()} if speech_stage else {}
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[f.application for p in plans for f in p.candidates])
            .select_related("person__unit").prefetch_related("person__appraisals")}
    made = []
    for n, plan in enumerate(plans):
        rows = [{"application": f.application,
                 "reason": proposal_reason(apps[f.application], f, speech.get(f.application),
                                           field_sizes.get(plan.post.pk, len(plan.candidates)), on)}
                for f in plan.candidates]
        made.append(committee.proposal_create(actor=organiser, stage=stage, post=plan.post, candidates=rows,
                                              note=plan.note, now=first + dt.timedelta(minutes=10 * n)))
    return made


def committee_meeting(*, organiser: Any, stage: Stage, day: dt.date, users: Sequence[Any], absent: Mapping[str, str],
                      mode: str, prepared: dt.datetime, proposals: Sequence[Proposal] = (),
                      revotes: Sequence[Item] = (), after: Meeting | None = None) -> Meeting:
    """A meeting held on ``day`` in the court's meeting room: created, the proposals submitted and the
    re-votes put to it when ``prepared``, attendance taken (``absent``: username → reason) before it opens."""
    meeting = committee.meeting_create(actor=organiser, stage=stage, name=meeting_name(day, after), held_on=day,
                                       place="院机关第一会议室", mode=mode, members=members(users), now=prepared)
    for n, proposal in enumerate(proposals, start=1):
        committee.proposal_submit(actor=organiser, proposal=proposal, meeting=meeting,
                                  now=prepared + dt.timedelta(minutes=n))
    for n, item in enumerate(revotes, start=1):
        committee.item_revote(actor=organiser, meeting=meeting, item=item, now=prepared + dt.timedelta(minutes=30 + n))
    names = {u.get_username(): person_of(u).name for u in users}
    attendance: dict[str, Any] = dict.fromkeys(names.values(), True)
    attendance.update({names[u]: {"present": False, "reason": reason} for u, reason in absent.items()})
    committee.meeting_attendance(actor=organiser, meeting=meeting, attendance=attendance, now=at(day, 8, 50))
    return committee.meeting_open(actor=organiser, meeting=meeting, now=at(day, 9))


def _items(meeting: Meeting) -> dict[int, Item]:
    """The meeting's items by application."""
    return {i.application_id: i for i in Item.objects.filter(meeting=meeting)}


def secret_vote(*, organiser: Any, meeting: Meeting, voters: Sequence[Any], ballots: Sequence[Mapping[int, str]],
                rng: random.Random, day: dt.date) -> Meeting:
    """Each present member votes on their own device, as their own account: ``ballots`` are the filled-in
    ballots (application pk → agree / disagree / defer), handed out to the members in an order drawn by lot
    (the demo decides the count, not who voted how). Then the vote is closed and counted."""
    items = _items(meeting)
    order = list(ballots)
    rng.shuffle(order)
    for n, (user, ballot) in enumerate(zip(voters, order, strict=True)):
        committee.ballot_cast(actor=user, meeting=meeting, choices={items[app].pk: c for app, c in ballot.items()},
                              now=at(day, 9, 5 + n))
    return committee.meeting_close(actor=organiser, meeting=meeting, now=at(day, 9, 40))


def hands(*, organiser: Any, meeting: Meeting, choices: Mapping[int, Sequence[tuple[str, str]]],
          day: dt.date) -> Meeting:
    """A show of hands (举手表决) the organiser enters: application pk → [(member's name, choice)]."""
    items = _items(meeting)
    votes = [{"member": name, "item": items[app].pk, "choice": choice}
             for app, rows in choices.items() for name, choice in rows]
    committee.votes_enter(actor=organiser, meeting=meeting, votes=votes, now=at(day, 9, 15))
    return committee.meeting_close(actor=organiser, meeting=meeting, now=at(day, 9, 20))


# --- the notice ------------------------------------------------------------------------------------

def publish_notice(*, organiser: Any, campaign: Campaign, day: dt.date) -> Notice:
    """The notice stage opened on ``day``, its rules set, the notice generated and published at 9:00."""
    stage = stage_open(actor=organiser, stage=Stage.objects.get(campaign=campaign, kind=StageKind.NOTICE),
                       now=at(day, 8, 30))
    notices.notice_settings_set(actor=organiser, stage=stage, working_days=NOTICE_WORKING_DAYS,
                                issuer=COURT_PARTY_GROUP, phone=PHONE, address=ADDRESS, mailbox=MAILBOX,
                                contact=CONTACT, now=at(day, 8, 35))
    draft = notices.notice_generate(actor=organiser, stage=stage, starts=day, now=at(day, 8, 40))
    return notices.notice_publish(actor=organiser, notice=draft, now=at(day, 9))


@dataclass(frozen=True)
class Complaint:
    """An objection and how it is handled: by whom it comes (the public on the page, or a letter registered),
    what it says, what the investigation found, the finding and the reply."""

    post: str  # the post code of the person objected to
    text: str
    notes: str
    finding: str
    reply: str
    anonymous: bool = True
    name: str = ""
    contact: str = ""
    channel: str = Objection.Channel.WEB


def object_and_handle(*, organiser: Any, notice: Notice, complaint: Complaint, cal: WorkCalendar,
                      lodged: int, concluded: int) -> Objection:
    """``complaint`` lodged ``lodged`` working days into the notice (in the evening, on the page; or a letter
    registered that morning), assigned, investigated the next working day, concluded ``concluded`` working
    days into the notice."""
    entry = NoticeEntry.objects.get(notice=notice, application__post__code=complaint.post)
    day = cal.add_working_days(notice.starts, lodged)
    if complaint.channel == Objection.Channel.WEB:
        made = notices.objection_lodge(notice=notice, text=complaint.text, anonymous=complaint.anonymous,
                                       name=complaint.name, contact=complaint.contact, entry=entry.pk,
                                       now=at(day, 20, 17))
        handed = at(cal.add_working_days(day, 1), 8, 45)
    else:
        made = notices.objection_register(actor=organiser, notice=notice, channel=complaint.channel,
                                          text=complaint.text, anonymous=complaint.anonymous, name=complaint.name,
                                          contact=complaint.contact, entry=entry.pk, received=day,
                                          now=at(day, 10, 20))
        handed = at(day, 10, 40)
    made = notices.objection_assign(actor=organiser, objection=made, assignee=organiser, now=handed)
    looked = cal.add_working_days(handed.date(), 1)
    made = notices.objection_investigate(actor=organiser, objection=made, notes=complaint.notes, now=at(looked, 16))
    return notices.objection_conclude(actor=organiser, objection=made, finding=complaint.finding,
                                      reply=complaint.reply,
                                      now=at(cal.add_working_days(notice.starts, concluded), 17))


def end_notice(*, organiser: Any, notice: Notice, day: dt.date) -> None:
    """The notice ended on ``day`` (after its period) and the stage sealed."""
    notices.notice_end(actor=organiser, notice=notice, now=at(day, 8, 40))
    stage_seal(actor=organiser, stage=notice.stage, now=at(day, 8, 50))


# --- appointments ----------------------------------------------------------------------------------

def document_number(day: dt.date, n: int) -> str:
    """``××中法党〔2026〕37号``: the court's Party group numbers its documents through the year."""
    return f"××中法党〔{day.year}〕{day.timetuple().tm_yday // 9 + n}号"


def appoint_all(*, organiser: Any, campaign: Campaign, day: dt.date) -> list[Any]:
    """The appointment stage opened on ``day`` (term 2 years, probation 12 months, the pool valid 12 months),
    every candidate who went through appointed from that day, each with their numbered document (a
    promotion on probation, a move within the tier not), and the stage sealed: the vacancies and the pool
    are written and the campaign closes."""
    stage = stage_open(actor=organiser, stage=Stage.objects.get(campaign=campaign, kind=StageKind.APPOINTMENT),
                       now=at(day, 9, 30))
    appointments.settings_set(actor=organiser, stage=stage, term_years=2, probation_months=12, pool_months=12,
                              now=at(day, 9, 35))
    going = [f.application for rows in finalists(campaign).values() for f in rows]
    made = []
    apps = Application.objects.select_related("person", "post").in_bulk(going)
    for n, pk in enumerate(going, start=1):
        app = apps[pk]
        # A year's probation for a promotion (提任); none for a move at the same level or a rank taking up the
        # leadership post of its tier (职级改任领导职务), as the closing report tells them apart.
        promoted = move(app.person.post_level or None, app.person.rank or None, app.post.level).kind == "promotion"
        made.append(appointments.appoint(actor=organiser, stage=stage, application=app,
                                         document_number=document_number(day, n), document_date=day, effective=day,
                                         term_years=2, probation_months=12 if promoted else 0,
                                         now=at(day, 10, 10 * n)))
    stage_seal(actor=organiser, stage=stage, now=at(day, 16))
    return made


# --- the court campaign of seed 000 ----------------------------------------------------------------

ANONYMOUS = Complaint(
    post="", text="反映该同志工作作风简单粗暴，对部门干部批评多、沟通少，部分干部有意见。希望组织上认真了解。",
    notes="院政治部干部科分别与该同志所在部门的6名干部进行个别谈话，调阅该同志近三年年度考核材料和部门民主测评结果。"
          "谈话对象普遍反映该同志要求严格、敢抓敢管，个别干部认为其批评工作时语气较重，但未发现简单粗暴、"
          "压制不同意见等问题；近三年部门民主测评满意率均在90%以上。",
    finding=Objection.Finding.NOT_VERIFIED,
    reply="您好！您反映的问题已由院政治部组织调查核实。经与该同志所在部门干部逐一谈话、调阅相关材料，"
          "反映的工作作风简单粗暴问题不属实。该同志工作中要求较严，组织上已提醒其注意工作方法。"
          "感谢您对干部选拔任用工作的关心和监督。")
NAMED = Complaint(
    post="", text="本人实名反映：该同志在个人有关事项报告中未如实报告其配偶名下的一套住房（位于××区××小区）。"
                  "请组织核查。附：房屋所在小区及楼栋信息。",
    notes="调取该同志2024年度、2025年度个人有关事项报告材料，与不动产登记部门的查询结果比对，"
          "该同志配偶于2023年购买的××区××小区住房一套未在报告中填报。经与本人谈话，本人承认漏报，"
          "称系对填报要求理解不准确。",
    finding=Objection.Finding.VERIFIED,
    reply="您好！您反映的问题经院政治部会同派驻纪检监察组核查属实。经院党组研究，终止对该同志的任用程序，"
          "并按规定对其进行批评教育、责令作出书面检查。感谢您的监督。",
    anonymous=False, contact="138××××5621（来信留有联系电话）", channel=Objection.Channel.LETTER)


@dataclass
class CourtDecisions:
    """What the court campaign's decisions made, for the tests and for what ``demo load`` points at."""

    meetings: list[Meeting] = field(default_factory=list)
    notice: Notice | None = None
    objections: list[Objection] = field(default_factory=list)
    appointments: list[Any] = field(default_factory=list)


def _by_post(campaign: Campaign) -> list[tuple[Post, list[Finalist]]]:
    posts = {p.pk: p for p in Post.objects.filter(campaign=campaign)}
    return [(posts[pk], rows) for pk, rows in finalists(campaign).items() if rows]


@dataclass(frozen=True)
class Elsewhere:
    """A post whose only finalist is proposed at another post they also stood for."""

    post: Post
    finalist: Finalist
    proposed_at: Post


def _score(f: Finalist) -> Fraction:
    try:
        return Fraction(f.score.split()[-1])
    except (ValueError, IndexError, ZeroDivisionError):
        return Fraction(0)


def one_post_each(posts: list[tuple[Post, list[Finalist]]]
                  ) -> tuple[list[tuple[Post, list[Finalist]]], list[Elsewhere]]:
    """Each person proposed at one post only: where they went through at two, at the one where their score
    is higher (the stronger mandate). A post that so loses its only finalist is returned apart."""
    people = dict(Application.objects.filter(pk__in=[f.application for _, rows in posts for f in rows])
                  .values_list("pk", "person_id"))
    best: dict[int, tuple[Fraction, int, Post]] = {}
    for n, (post, rows) in enumerate(posts):
        for f in rows:
            key = (_score(f), -n, post)
            if people[f.application] not in best or key[:2] > best[people[f.application]][:2]:
                best[people[f.application]] = key
    kept: list[tuple[Post, list[Finalist]]] = []
    apart: list[Elsewhere] = []
    for post, rows in posts:
        mine = [f for f in rows if best[people[f.application]][2] == post]
        if mine:
            kept.append((post, mine))
        else:
            apart.append(Elsewhere(post, rows[0], best[people[rows[0].application]][2]))
    return kept, apart


def withdraw_elsewhere(*, organiser: Any, stage: Stage, elsewhere: Sequence[Elsewhere], on: dt.date,
                       field_sizes: Mapping[int, int]) -> None:
    """At a post whose only finalist is proposed elsewhere, the proposal is made and withdrawn with the reason
    (as the committee's guide asks of a post left without a candidate): the post is then left vacant."""
    for n, e in enumerate(elsewhere):
        made = propose(organiser=organiser, stage=stage, plans=[Proposed(e.post, (e.finalist,))], on=on,
                       first=at(on, 11, 10 * n), field_sizes=field_sizes)[0]
        name = Application.objects.select_related("person").get(pk=e.finalist.application).person.name
        committee.proposal_withdraw(
            actor=organiser, proposal=made, now=at(on, 11, 10 * n + 5),
            reason=f"本职位唯一达到民主推荐规定要求的人选{name}同志同时竞聘{e.proposed_at.title}，在该职位民主推荐"
                   f"得分更高，已提名为该职位拟任人选；本职位不再提出人选，暂时空缺。")


def _field_sizes(campaign: Campaign) -> dict[int, int]:
    from xuanren.campaigns.selectors import candidates

    out: dict[int, int] = {}
    for app in candidates(campaign):
        out[app.post_id] = out.get(app.post_id, 0) + 1
    return out


def court_decisions(*, organiser: Any, committee_users: Sequence[Any], campaign: Campaign, days: DecisionDays,
                    cal: WorkCalendar, rng: random.Random) -> CourtDecisions:
    """Seed 000's court procedure carried to the end.

    The Party group's first meeting (8 of 9 present, one away with the reason; a secret vote on every
    member's device): at the post where two candidates both reached the recommendation's threshold a
    competitive proposal (差额), the first passing and the second failing; one candidate deferred (缓议);
    the others passing. A second meeting re-votes the deferred one (复议, a show of hands: passed). The
    notice: an anonymous objection on the page, found not verified (with the reply), and a named letter on
    another person, found verified — that appointment stops and the post is left vacant with the reason.
    The others are appointed; sealing writes the vacancies and the pool and closes the campaign. Someone
    who went through at two posts is proposed at one of them (:func:`one_post_each`); a post left without a
    candidate so has its proposal withdrawn with the reason.
    """
    made = CourtDecisions()
    stage = Stage.objects.get(campaign=campaign, kind=StageKind.COMMITTEE)
    posts, elsewhere = one_post_each(_by_post(campaign))
    competitive = next((post for post, rows in posts if len(rows) >= 2), None)
    single = [post for post, rows in posts if len(rows) == 1]
    if competitive is None or len(single) < 3:  # the recommendation's preferences make both (campaigns.py)
        raise RuntimeError("the court campaign needs a post with two finalists and three with one")
    # Who is deferred, who is stopped at the notice, who draws the anonymous objection: single candidates.
    deferred, stopped, objected = single[-3], single[-2], single[-1]
    plans = [Proposed(post, tuple(rows[:2]) if post == competitive else tuple(rows[:1]),
                      note=("本职位两名人选民主推荐得分均达到规定要求，按照差额酝酿的要求提出两名人选，"
                            "提请院党组差额票决，按得票多少确定拟任人选。") if post == competitive else "")
             for post, rows in posts]
    opened = days.committee_opens
    proposals = propose(organiser=organiser, stage=stage, plans=plans, on=opened, first=at(opened, 10),
                        field_sizes=_field_sizes(campaign))
    withdraw_elsewhere(organiser=organiser, stage=stage, elsewhere=elsewhere, on=opened,
                       field_sizes=_field_sizes(campaign))

    # The first meeting: eight present, a secret vote.
    first_day = days.meetings[0]
    away = committee_users[7].get_username()
    meeting = committee_meeting(organiser=organiser, stage=stage, day=first_day, users=committee_users,
                                absent={away: "在国家法官学院参加培训，已向院党组书记请假"}, mode=Meeting.Mode.SECRET,
                                prepared=at(opened, 15),
                                proposals=proposals)
    apps = {post.pk: [f.application for f in rows] for post, rows in posts}
    winner, loser = apps[competitive.pk][:2]
    ballots: list[dict[int, str]] = []
    for n in range(8):
        ballot = {apps[p.pk][0]: "agree" for p, _ in posts if p != competitive}
        ballot[winner], ballot[loser] = ("agree", "disagree") if n < 7 else ("disagree", "agree")
        if n == 6:
            ballot[loser] = "defer"
        ballot[apps[deferred.pk][0]] = "agree" if n < 3 else "disagree" if n == 3 else "defer"
        if n == 7:
            ballot[apps[objected.pk][0]] = "defer"
        ballots.append(ballot)
    voters = [u for u in committee_users if u.get_username() != away]
    made.meetings.append(secret_vote(organiser=organiser, meeting=meeting, voters=voters, ballots=ballots, rng=rng,
                                     day=first_day))

    # The second meeting: the deferred candidate re-voted by a show of hands, everyone present.
    second_day = days.meetings[1]
    again = Item.objects.get(meeting=meeting, application_id=apps[deferred.pk][0])
    meeting2 = committee_meeting(organiser=organiser, stage=stage, day=second_day, users=committee_users, absent={},
                                 mode=Meeting.Mode.ENTERED, prepared=at(first_day, 16), revotes=[again],
                                 after=meeting)
    names = [m["name"] for m in members(committee_users)]
    made.meetings.append(hands(organiser=organiser, meeting=meeting2, day=second_day, choices={
        apps[deferred.pk][0]: [(name, "agree" if n != 4 else "defer") for n, name in enumerate(names)]}))
    stage_seal(actor=organiser, stage=stage, now=at(second_day, 11))

    # The notice, two objections, its end.
    notice = publish_notice(organiser=organiser, campaign=campaign, day=days.notice_starts)
    made.notice = notice
    anonymous = Complaint(**{**ANONYMOUS.__dict__, "post": objected.code})
    named = Complaint(**{**NAMED.__dict__, "post": stopped.code, "name": _letter_writer(rng)})
    made.objections.append(object_and_handle(organiser=organiser, notice=notice, complaint=anonymous, cal=cal,
                                             lodged=1, concluded=3))
    made.objections.append(object_and_handle(organiser=organiser, notice=notice, complaint=named, cal=cal,
                                             lodged=2, concluded=4))
    end_notice(organiser=organiser, notice=notice, day=days.done)
    # Someone stopped at the notice is no longer a reserve either (a pool entry of an earlier campaign).
    stopped_people = Person.objects.filter(applications__notice_entries__notice=notice,
                                           applications__notice_entries__outcome=NoticeEntry.Outcome.STOPPED)
    for entry in PoolEntry.objects.filter(status=PoolEntry.Status.ACTIVE, person__in=stopped_people).order_by("pk"):
        appointments.pool_withdraw(actor=organiser, entry=entry, now=at(days.done, 9),
                                   reason=f"在{campaign.name}任前公示期间被反映未如实报告个人有关事项，"
                                          "经核实属实，不宜继续作为后备干部人选。")
    made.appointments = appoint_all(organiser=organiser, campaign=campaign, day=days.done)
    return made


def _letter_writer(rng: random.Random) -> str:
    """The name signed under a letter: someone from outside the court."""
    from xuanren.demo.names import person_name

    taken = set(Person.objects.values_list("name", flat=True))
    while True:
        name = person_name(rng, rng.choice("MF"))
        if name not in taken:
            return name


# --- a campaign of last year: everything passes ------------------------------------------------------

def plain_decisions(*, organiser: Any, committee_users: Sequence[Any], campaign: Campaign, days: DecisionDays,
                    rng: random.Random) -> list[Any]:
    """A campaign's decisions with no incident: the top candidate of every post proposed, the Party group
    (all nine present) passing them in a secret vote, the notice without objections, the appointments."""
    stage = Stage.objects.get(campaign=campaign, kind=StageKind.COMMITTEE)
    posts, _elsewhere = one_post_each(_by_post(campaign))  # nobody stands for two posts of that campaign
    opened = days.committee_opens
    proposals = propose(organiser=organiser, stage=stage, plans=[Proposed(post, (rows[0],)) for post, rows in posts],
                        on=opened, first=at(opened, 10), field_sizes=_field_sizes(campaign))
    day = days.meetings[0]
    meeting = committee_meeting(organiser=organiser, stage=stage, day=day, users=committee_users, absent={},
                                mode=Meeting.Mode.SECRET, prepared=at(opened, 15), proposals=proposals)
    first = [rows[0].application for _, rows in posts]
    ballots = [{app: "agree" if n or k else "disagree" for k, app in enumerate(first)} for n in range(9)]
    secret_vote(organiser=organiser, meeting=meeting, voters=committee_users, ballots=ballots, rng=rng, day=day)
    stage_seal(actor=organiser, stage=stage, now=at(day, 11))
    notice = publish_notice(organiser=organiser, campaign=campaign, day=days.notice_starts)
    end_notice(organiser=organiser, notice=notice, day=days.done)
    return appoint_all(organiser=organiser, campaign=campaign, day=days.done)


# --- the open selection's inspection -----------------------------------------------------------------

# What an inspection finds (考察情况), by dimension: 德 and 廉 alike for everyone, 能勤绩 by the work the
# person does (:func:`findings_for`).
COMMON = {
    "de": "政治立场坚定，认真贯彻执行党的路线方针政策，严守政治纪律和政治规矩；坚持原则，敢于担当，"
          "在急难险重任务中表现突出，群众公认度较高。",
    "lian": "严格遵守廉洁自律各项规定，经征求派驻纪检监察组意见，未发现违规违纪问题；"
            "个人有关事项报告经核查一致。",
}
WORK: dict[str, dict[str, str]] = {
    "judge": {
        "neng": "法律功底扎实，熟悉审判业务，善于把握疑难复杂案件的关键问题；组织协调能力较强，"
                "能够带领审判团队完成任务。",
        "qin": "工作勤勉敬业，责任心强，近三年年均结案数位居全庭前列，主动承担积案清理任务。",
        "ji": "近三年承办案件无一被发回重审或改判，撰写的裁判文书两次获评全市法院优秀裁判文书。",
    },
    "assistant": {
        "neng": "法律功底扎实，熟悉审判辅助工作流程，庭前准备、证据交换和文书起草能力较强。",
        "qin": "工作勤勉，责任心强，协助法官办结案件数量连续三年位居部门前列。",
        "ji": "参与办理的多起重大案件庭审规范高效，起草的文书质量较高，参与编写的审判流程指引在全院推广。",
    },
    "enforcement": {
        "neng": "熟悉执行业务和执行查控手段，攻坚克难能力强，善于化解执行矛盾。",
        "qin": "工作勤勉敬业，长期坚持一线执行，节假日多次带队开展集中执行行动。",
        "ji": "近三年执结案件数和执行到位率均位居全局前列，牵头办理的多起涉民生案件获当事人送锦旗致谢。",
    },
    "police": {
        "neng": "熟悉司法警察业务，组织指挥能力较强，处置突发情况沉着果断。",
        "qin": "工作勤勉，作风过硬，长期承担重大案件庭审安保和押解任务，从未发生安全事故。",
        "ji": "近三年圆满完成重大案件庭审安保、押解和执行保障任务百余次，所在大队被评为先进集体。",
    },
    "staff": {
        "neng": "综合素质较好，文字功底扎实，熟悉机关运行和业务管理工作，协调能力较强。",
        "qin": "工作勤勉敬业，责任心强，经常加班加点完成急难任务。",
        "ji": "近三年牵头起草多份重要文稿和制度，参与完成的审判管理数据分析工作获上级法院通报表扬。",
    },
}


def findings_for(person: Person) -> dict[str, str]:
    """The findings of the inspection of ``person``, in the words that fit their work."""
    unit, title = person.unit.name, person.post_title
    if "警" in unit:
        kind = "police"
    elif "执行" in unit:
        kind = "enforcement"
    elif title in ("法官助理", "书记员"):
        kind = "assistant"
    elif unit.endswith("庭") or "审判" in title:
        kind = "judge"
    else:
        kind = "staff"
    return {"de": COMMON["de"], **WORK[kind], "lian": COMMON["lian"]}


TALKS = {"leaders": 5, "middle": 12, "colleagues": 16, "subordinates": 7, "others": 3}


# Who forms each post's inspection team (组长 first): the political department's cadre section and leaders,
# with the discipline inspection office; a leader leads one team (the next person holding that post leads
# the next).
TEAMS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("政治部", "副主任"), ("政治部", "干部科科长"), ("政治部", "科员")),
    (("政治部", "干部科科长"), ("政治部", "干部科副科长"), ("纪检监察室", "副主任")),
    (("政治部", "副主任"), ("政治部", "干部科副科长"), ("纪检监察室", "科员")),
)


def _team(campaign: Campaign, places: Sequence[tuple[str, str]], leaders: set[int]) -> list[str]:
    """``姓名（职务）`` of the people at ``places`` — none of the campaign's applicants, the leader (the first) not
    leading another team already (``leaders``, updated) — three at least (the political department's staff
    make up the number when a post is not held)."""
    applicants = set(Application.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    chosen: list[Person] = []
    for unit, title in (*places, ("政治部", "科员"), ("政治部", "科员"), ("政治部", "科员")):
        if len(chosen) >= max(3, len(places)):
            break
        busy = [p.pk for p in chosen] + ([] if chosen else sorted(leaders))
        person = (Person.objects.filter(unit__name=unit, post_title=title).exclude(pk__in=applicants)
                  .exclude(pk__in=busy).select_related("unit").order_by("pk").first())
        if person is not None:
            chosen.append(person)
    leaders.add(chosen[0].pk)
    return [f"{p.name}（{p.unit.name}{p.post_title}）" for p in chosen]


def talks_workbook(inspection_row: Inspection, talks: Mapping[str, int], made: dt.datetime) -> bytes:
    """The talks of an inspection as the .xlsx an inspection team hands in (个别谈话情况统计表)."""
    import xlsxwriter

    from xuanren.inspection.models import TALK_CATEGORIES

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": "个别谈话情况统计表", "author": "考察组", "created": made.replace(tzinfo=None)})
    sheet = book.add_worksheet("谈话情况")
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, f"{inspection_row.application.person.name}同志考察个别谈话情况统计表", bold)
    sheet.write_row(1, 0, ["谈话对象类别", "人数"], bold)
    for row, (key, label) in enumerate(TALK_CATEGORIES, start=2):
        sheet.write_string(row, 0, str(label))
        sheet.write_number(row, 1, talks.get(key, 0))
    sheet.write_string(len(TALK_CATEGORIES) + 2, 0, "合计", bold)
    sheet.write_number(len(TALK_CATEGORIES) + 2, 1, sum(talks.values()))
    sheet.set_column(0, 0, 24)
    book.close()
    return out.getvalue()


@dataclass(frozen=True)
class InspectionDays:
    opens: dt.date
    notice_from: dt.date
    notice_until: dt.date
    concluded: dt.date


def plan_inspection(cal: WorkCalendar, shortlist_sealed: dt.date) -> InspectionDays:
    """The stage opened the working day after the shortlist; the first advance notice published that day for
    5 working days; that inspection concluded two working days after its notice ends."""
    opens = cal.add_working_days(shortlist_sealed, 1)
    until = cal.notice_period(opens, NOTICE_WORKING_DAYS).end
    return InspectionDays(opens, opens, until, cal.add_working_days(until, 2))


@dataclass
class Inspected:
    stage: Stage | None = None
    concluded: list[Inspection] = field(default_factory=list)
    skipped: str = ""


def inspect(*, organiser: Any, campaign: Campaign, days: InspectionDays, cal: WorkCalendar,
            today: dt.date) -> Inspected:
    """The open selection's inspection under way: the stage opened and an inspection started for every
    shortlisted candidate, a team per post. At the last post the first candidate's inspection is carried
    through (advance notice published, talks, findings, concluded, the talks' table
    attached); the other candidates of the last two posts have their advance notices published in the days
    before today (running now), some talks recorded; the first post's inspections have their teams only."""
    done = Inspected()
    stage = stage_open(actor=organiser, stage=Stage.objects.get(campaign=campaign, kind=StageKind.INSPECTION),
                       now=at(days.opens, 9))
    done.stage = stage
    rows = inspection.inspections_start(actor=organiser, stage=stage, now=at(days.opens, 9, 10))
    codes = list(Post.objects.filter(campaign=campaign, status=Post.Status.OPEN).order_by("order", "id")
                 .values_list("code", flat=True))
    leaders: set[int] = set()
    teams = {code: _team(campaign, TEAMS[min(n, len(TEAMS) - 1)], leaders) for n, code in enumerate(codes)}
    for n, row in enumerate(rows):
        leader, *others = teams[row.application.post.code]
        inspection.team_set(actor=organiser, inspection=row, leader=leader, members=others,
                            now=at(days.opens, 10, n))
    contact = f"电话{PHONE}；来信请寄{ADDRESS}；电子邮箱{MAILBOX}"
    carried = next(r for r in rows if r.application.post.code == codes[-1])
    inspection.notice_draft(actor=organiser, inspection=carried, notice_from=days.notice_from,
                            notice_until=days.notice_until, contact=contact, now=at(days.opens, 14))
    inspection.notice_publish(actor=organiser, inspection=carried, now=at(days.opens, 15))
    talked = cal.add_working_days(days.notice_until, 1)
    inspection.talks_set(actor=organiser, inspection=carried, talks=TALKS, now=at(talked, 17))
    inspection.findings_set(actor=organiser, inspection=carried, now=at(days.concluded, 10),
                            findings={k: {"text": v} for k, v in findings_for(carried.application.person).items()})
    person = carried.application.person
    carried = inspection.conclude(
        actor=organiser, inspection=carried, conclusion=Inspection.Conclusion.SUITABLE, now=at(days.concluded, 16),
        text=f"经考察，{person.name}同志政治素质好，业务能力强，工作实绩突出，群众公认度较高，廉洁自律，"
             f"考察期间未收到反映问题，符合{carried.application.post.title}职位任职条件，同意作为拟任人选。")
    inspection.attachment_add(actor=organiser, inspection=carried, filename="个别谈话情况统计表.xlsx",
                              data=talks_workbook(carried, TALKS, at(talked, 17)), now=at(days.concluded, 16, 30))
    done.concluded.append(carried)

    # The others of the last two posts: advance notices published in the days before today, running now.
    running = [r for r in rows if r.application.post.code in codes[1:] and r.pk != carried.pk]
    try:
        published = working_day_before(cal, today)
        until = cal.notice_period(published, NOTICE_WORKING_DAYS).end
    except RuleError as exc:
        done.skipped = f"其余考察对象的考察预告未发布：{exc}"
        return done
    for n, row in enumerate(running):
        inspection.notice_draft(actor=organiser, inspection=row, notice_from=published, notice_until=until,
                                contact=contact, now=at(published, 14, n))
        inspection.notice_publish(actor=organiser, inspection=row, now=at(published, 15, n))
        if n % 2 == 0:
            inspection.talks_set(actor=organiser, inspection=row, now=at(published, 17, n),
                                 talks={k: v // 2 for k, v in TALKS.items()})
    return done
