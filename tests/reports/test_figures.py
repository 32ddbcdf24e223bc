"""The closing report's figures, each against a count made independently (by hand from the world's story,
and from the rows with plain queries): a finished campaign, one under way, one with nothing done, promotions
against lateral moves, and the ballots of the voting sessions."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from tests.campaigns.world import build_world
from tests.reports.world import TODAY, ReportWorld, appoint, build_report_world
from xuanren.appointments.models import Appointment, PoolEntry, Vacancy
from xuanren.campaigns.models import Application, Campaign, Post, Review
from xuanren.people.models import Person
from xuanren.reports.compute import age_on
from xuanren.reports.figures import closing_figures

FINISHED = {
    "posts.total": 4, "posts.open": 3, "posts.cancelled": 1, "posts.merged": 0, "slots.open": 4,
    "applications": 10, "applicants": 10, "applications.withdrawn": 1,
    "applications.self": 8, "applications.mass": 1, "applications.organisation": 1,
    "qualified.applications": 9, "qualified.people": 9, "qualified.candidates": 9, "review.ineligible": 1,
    "review.pending": 0, "candidates.per_slot": Fraction(9, 4),
    "voting.sessions": 0, "voting.entitled": 0, "voting.issued": 0, "voting.returned": 0, "voting.attendance": None,
    "finalists": None, "appointed": 2, "appointed.revoked": 0,
    "posts.filled": 1, "posts.partly": 1, "posts.vacant": 1, "posts.pending": 0,
    "slots.filled": 2, "slots.vacant": 2, "slots.pending": 0,
    "moves.promotion": 2, "moves.to_leadership": 0, "moves.lateral": 0, "moves.lower": 0, "moves.unknown": 0, "pool": 0,
    "holders.before.count": 5, "holders.before.age": Fraction(46 + 50 + 56 + 58 + 41, 5),
    "holders.before.bachelor": Fraction(4, 5), "holders.before.full_time": Fraction(3, 5),
    "holders.after.count": 6, "holders.after.age": Fraction(46 + 50 + 56 + 58 + 41 + 41, 6),
    "holders.after.bachelor": Fraction(5, 6), "holders.after.full_time": Fraction(4, 6),
}


@pytest.fixture
def rw(personas: dict[str, Any]) -> ReportWorld:
    return build_report_world(personas)


def values(campaign: Campaign, day: dt.date = TODAY) -> dict[str, Any]:
    return {f.key: f.value for f in closing_figures(campaign, day).figures}


def test_every_figure_of_a_finished_campaign(rw: ReportWorld) -> None:
    assert values(rw.campaign) == FINISHED


def test_the_figures_agree_with_plain_queries(rw: ReportWorld) -> None:
    """The same figures counted another way, from the rows."""
    c = rw.campaign
    got = values(c)
    active = Application.objects.filter(campaign=c, status="submitted")
    assert got["applications"] == active.count()
    assert got["applicants"] == active.values("person").distinct().count()
    assert got["qualified.applications"] == Review.objects.filter(application__in=active, decision="eligible").count()
    assert got["posts.open"] == Post.objects.filter(campaign=c, status="open").count()
    assert got["slots.open"] == sum(Post.objects.filter(campaign=c, status="open").values_list("slots", flat=True))
    assert got["appointed"] == Appointment.objects.filter(post__campaign=c).exclude(status="revoked").count()
    assert got["posts.vacant"] + got["posts.partly"] == Vacancy.objects.filter(post__campaign=c).count()
    assert got["pool"] == PoolEntry.objects.filter(campaign=c).count()
    # After: the register now, at the campaign's levels, in the unit and its departments.
    holders = Person.objects.filter(unit__in=[rw.dw.world.unit, rw.dw.world.office, rw.dw.world.legal],
                                    post_level__in=["section_deputy", "section_chief"])
    assert got["holders.after.count"] == holders.count()
    ages = [age_on(p.birth_date, TODAY) for p in holders]
    assert got["holders.after.age"] == Fraction(sum(ages), len(ages))


def test_posts_outcomes_vacancies_and_appointments(rw: ReportWorld) -> None:
    f = closing_figures(rw.campaign, TODAY)
    assert f.finished and f.not_done == ()
    outcome = {p.code: (p.outcome, p.filled, p.vacant, p.pending, p.appointed, p.reasons) for p in f.posts}
    assert outcome == {
        "P01": ("filled", 1, 0, 0, ("人员1",), ()),
        "P02": ("vacant", 0, 1, 0, (), ("拟任人选未获讨论决定通过",)),
        "P03": ("cancelled", 0, 0, 0, (), ()),
        "P04": ("partly", 1, 1, 0, ("人员9",), ("无人达到规定得票率或分数线",)),
    }
    p04 = next(p for p in f.posts if p.code == "P04")
    assert (p04.applications, p04.applicants, p04.qualified, p04.ratio) == (4, 4, 3, Fraction(3, 2))
    assert [(v.post_code, v.reason, v.slots, v.detail) for v in f.vacancies] == [
        ("P02", "committee", 1, "拟任人选未获党组会议通过"), ("P04", "threshold", 1, "其余人选得票率未达到要求")]
    assert [(a.name, a.move, a.basis, a.why) for a in f.appointments] == [
        ("人员1", "promotion", "clerk_1", "由一级科员晋升为乡科级副职"),
        ("人员9", "promotion", "section_deputy", "由乡科级副职晋升为乡科级正职")]
    assert [(p.from_name, p.to_name, p.count) for p in f.promotions] == [("乡科级副职", "乡科级正职", 1),
                                                                        ("一级科员", "乡科级副职", 1)]
    assert [(lv.level, lv.posts, lv.slots, lv.applicants, lv.qualified, lv.appointed, lv.promoted, lv.filled,
             lv.vacant) for lv in f.levels] == [("section_chief", 1, 2, 4, 3, 1, 1, 1, 1),
                                                 ("section_deputy", 2, 2, 6, 6, 1, 1, 1, 1)]
    assert [(s, n) for s, _, n in f.sources] == [("self", 8), ("mass", 1), ("organisation", 1)]


def test_holders_before_and_after(rw: ReportWorld) -> None:
    f = closing_figures(rw.campaign, TODAY)
    assert f.holder_levels == ("section_chief", "section_deputy")
    assert f.holders_scope == "测试局（含所属部门）乡科级正职、乡科级副职干部"
    # 甲 46, 乙 50, 丙 56, 丁 58, 人员9 41 before; 人员1 41 joins after (戊 is in another unit, 己 is 副处).
    assert sorted(f.before.ages) == [41, 46, 50, 56, 58] and sorted(f.after.ages) == [41, 41, 46, 50, 56, 58]
    assert f.figure("holders.before.age").display == "50.2" and f.figure("holders.after.age").display == "48.7"
    assert [(k, n) for k, _, n in f.before.education] == [("graduate", 1), ("bachelor", 3), ("college", 1),
                                                           ("secondary", 0), ("high_school", 0)]
    assert f.after.education_count("bachelor") == 4
    assert f.before.by_level == (("section_chief", 1, Fraction(58)), ("section_deputy", 4, Fraction(193, 4)))
    assert f.after.by_level == (("section_chief", 2, Fraction(99, 2)), ("section_deputy", 4, Fraction(193, 4)))
    assert f.figure("holders.after.bachelor").display == "83.3%"
    # The report date moves every age: a year later, everyone is a year older.
    later = closing_figures(rw.campaign, dt.date(2027, 12, 20))
    assert later.value("holders.after.age") == Fraction(146, 3) + 1


def test_the_summary_paragraph(rw: ReportWorld) -> None:
    text = closing_figures(rw.campaign, TODAY).summary
    assert text.startswith("本次竞争上岗共拿出职位4个（其中取消1个，实际竞聘职位3个），职数4名，共有10人报名（10人次，"
                           "其中个人自荐8人次、群众推荐1人次、组织推荐1人次），经资格审查合格9人（9人次）")
    assert "共任用2人，其中晋升2人" in text
    assert "空缺职位2个（其中部分空缺1个）、空缺职数2名" in text
    assert "拟任人选未获讨论决定通过" in text and "无人达到规定得票率或分数线" in text
    assert "平均年龄由原来的50.2岁下降为48.7岁" in text and "大学本科以上学历占83.3%" in text


def test_a_campaign_under_way(personas: dict[str, Any]) -> None:
    rw = build_report_world(personas, finished=False)
    f = closing_figures(rw.campaign, TODAY)
    assert not f.finished and f.not_done == ("“任职”环节进行中",)
    outcome = {p.code: (p.outcome, p.filled, p.vacant, p.pending) for p in f.posts}
    # P02's vacancy is registered already; P04 is not decided yet: 未完成, not vacant.
    assert outcome == {"P01": ("filled", 1, 0, 0), "P02": ("vacant", 0, 1, 0), "P03": ("cancelled", 0, 0, 0),
                       "P04": ("pending", 0, 0, 2)}
    got = {k: f.value(k) for k in ("appointed", "posts.pending", "slots.pending", "slots.vacant", "posts.vacant")}
    assert got == {"appointed": 1, "posts.pending": 1, "slots.pending": 2, "slots.vacant": 1, "posts.vacant": 1}
    assert f.value("finalists") is not None  # asked while the campaign runs
    assert "任职环节尚未完成，目前已任用1人" in f.summary and "尚有1个职位未完成" in f.summary
    # Before: 人员9 is still 副科 (not appointed yet), so before = after but for 人员1.
    assert (f.before.count, f.after.count) == (5, 6)


def test_after_the_appointment_stage_an_unfilled_post_without_a_reason_is_vacant(rw: ReportWorld) -> None:
    Vacancy.objects.filter(post__code="P02").delete()
    f = closing_figures(rw.campaign, TODAY)
    p02 = next(p for p in f.posts if p.code == "P02")
    assert (p02.outcome, p02.vacant, p02.reasons) == ("vacant", 1, ("任职环节已结束，未任用，未登记空缺原因",))
    assert [v.reason for v in f.vacancies if v.post_code == "P02"] == ["unregistered"]


def test_a_vacancy_is_a_row_per_slot(personas: dict[str, Any]) -> None:
    """The appointment area writes one vacancy per slot left vacant: a two-slot post with one declared vacant
    while the stage runs has one slot vacant and one not decided; at the close both are vacant."""
    rw = build_report_world(personas, finished=False)
    Vacancy.objects.create(post=rw.p04, reason=Vacancy.Reason.THRESHOLD, created=rw.appointments["人员1"].created)
    f = closing_figures(rw.campaign, TODAY)
    p04 = next(p for p in f.posts if p.code == "P04")
    assert (p04.outcome, p04.filled, p04.vacant, p04.pending) == ("pending", 0, 1, 1)
    Vacancy.objects.create(post=rw.p04, reason=Vacancy.Reason.THRESHOLD, created=rw.appointments["人员1"].created)
    f = closing_figures(rw.campaign, TODAY)
    p04 = next(p for p in f.posts if p.code == "P04")
    assert (p04.outcome, p04.vacant, p04.pending, p04.reasons) == ("vacant", 2, 0, ("无人达到规定得票率或分数线",))
    assert [(v.post_code, v.slots, v.reason) for v in f.vacancies] == [("P02", 1, "committee"),
                                                                       ("P04", 2, "threshold")]
    assert f.value("slots.vacant") == 3 and f.value("posts.vacant") == 2


def test_a_campaign_with_nothing_done_yet(personas: dict[str, Any]) -> None:
    w = build_world(personas)  # a draft: three posts, no application, no stage begun
    f = closing_figures(w.campaign, TODAY)
    got = {x.key: x.value for x in f.figures}
    assert got["posts.total"] == got["posts.open"] == got["slots.open"] == 3
    zero = [k for k, v in got.items() if k not in {"posts.total", "posts.open", "slots.open", "posts.pending",
                                                    "slots.pending"} and v not in (0, None)]
    assert zero == []
    assert got["posts.pending"] == got["slots.pending"] == 3
    assert got["candidates.per_slot"] == 0 and got["finalists"] is None and got["holders.after.age"] is None
    assert not f.finished and len(f.not_done) == len(f.stages) > 0
    assert all(p.outcome == "pending" for p in f.posts)
    assert f.sessions == () and f.appointments == () and f.vacancies == () and f.promotions == ()
    assert "本次竞争上岗共拿出职位3个，职数3名，尚无人报名" in f.summary and "任职环节尚未完成" in f.summary


def test_a_campaign_without_posts(personas: dict[str, Any]) -> None:
    w = build_world(personas)
    Post.objects.filter(campaign=w.campaign).delete()
    f = closing_figures(w.campaign, TODAY)
    assert f.posts == () and f.levels == () and f.holder_levels == () and f.value("posts.total") == 0
    assert f.value("candidates.per_slot") is None and f.before.count == f.after.count == 0


def test_promotions_and_lateral_moves(rw: ReportWorld) -> None:
    """人员1 held 三级主任科员 (the rank that corresponds to 乡科级副职): appointed 副科, a transfer, not a
    promotion; a revoked appointment fills nothing and counts for nothing but its own line."""
    one = rw.appointments["人员1"]
    one.previous = {"unit": rw.dw.world.office.pk, "post_title": "三级主任科员", "post_level": "",
                    "rank": "principal_3"}
    one.save()
    ten = Person.objects.get(name="人员10")
    ten.post_level = "section_chief"  # held 科长 before; appointed to the other P04 slot, then revoked
    ten.save()
    app = Application.objects.get(post=rw.p04, person=ten)
    appoint(ten, rw.p04, app, {"post_level": "section_chief"}, status=Appointment.Status.REVOKED,
            number="测任〔2027〕3号")
    # The second slot was 人员10's, not vacant at the close; the revocation left it vacant.
    Vacancy.objects.filter(post=rw.p04).update(reason=Vacancy.Reason.PROBATION, detail="")
    f = closing_figures(rw.campaign, TODAY)
    p04 = next(p for p in f.posts if p.code == "P04")
    assert (p04.outcome, p04.filled, p04.vacant, p04.appointed, p04.reasons) == (
        "partly", 1, 1, ("人员9",), ("试用期满考核不合格",))
    got = {k: f.value(k) for k in ("appointed", "moves.promotion", "moves.to_leadership", "moves.lateral",
                                   "moves.lower", "appointed.revoked", "slots.filled")}
    assert got == {"appointed": 2, "moves.promotion": 1, "moves.to_leadership": 1, "moves.lateral": 0,
                   "moves.lower": 0, "appointed.revoked": 1, "slots.filled": 2}
    assert [(a.name, a.move, a.status) for a in f.appointments] == [
        ("人员1", "to_leadership", "probation"), ("人员9", "promotion", "probation"), ("人员10", "lateral", "revoked")]
    assert [(p.from_level, p.to_level, p.count) for p in f.promotions] == [("section_deputy", "section_chief", 1)]
    assert "其中晋升1人、由职级改任领导职务1人" in f.summary
    # 人员10 holds 正科 in the register (revoked: returned to the previous post) and counts before and after.
    assert f.after.count == 7 and f.before.count == 6


def test_a_lateral_move_at_the_same_level_keeps_the_holder_before(rw: ReportWorld) -> None:
    one = rw.appointments["人员1"]
    one.previous = {"unit": "测试局 / 办公室", "post_level": "section_deputy"}  # unit by its path
    one.save()
    f = closing_figures(rw.campaign, TODAY)
    assert f.appointments[0].move == "lateral" and f.before.count == 6
    one.previous = {"unit": "其他局", "post_level": "section_deputy"}  # came from outside: not a holder here before
    one.save()
    assert closing_figures(rw.campaign, TODAY).before.count == 5


def test_voting_sessions_count_ballots_issued_and_returned(personas: dict[str, Any]) -> None:
    """Through the voting actions: a closed session (its published turnout), an open one (ballots cast so
    far), a draft (none returned); a trial session is left out."""
    from tests.voting.world import ENTITLED, build_voting_world, ready_session
    from xuanren.voting import actions
    from xuanren.voting.models import Session

    vw = build_voting_world(personas)
    n = iter(range(1000))

    def cast(codes: list[str]) -> None:
        for code in codes:
            actions.ballot_cast(code=code, marks={}, submission=f"report-submission-{next(n):06d}")

    closed, codes = ready_session(vw, codes=4, name="第一场")
    cast(codes["leaders"][:3] + codes["middle_managers"][:4] + codes["others"][:2])
    actions.session_close(actor=vw.organiser, session=closed)
    trial, trial_codes = ready_session(vw, trial=True, codes=2, name="模拟")
    cast(trial_codes["others"])
    actions.session_close(actor=vw.organiser, session=trial)
    _running, run_codes = ready_session(vw, codes=3, name="第二场")
    cast(run_codes["others"][:2])
    ready_session(vw, codes=1, open_it=False, name="第三场")
    f = closing_figures(vw.campaign, TODAY)
    closed.refresh_from_db()
    entitled = ENTITLED["leaders"] + ENTITLED["middle_managers"] + ENTITLED["others"]
    assert {k: f.value(k) for k in ("voting.sessions", "voting.entitled", "voting.issued", "voting.returned",
                                    "voting.attendance")} == {
        "voting.sessions": 1, "voting.entitled": entitled, "voting.issued": 12, "voting.returned": 9,
        "voting.attendance": Fraction(9, entitled)}
    assert [(s.name, s.status, s.entitled, s.issued, s.returned) for s in f.sessions] == [
        ("第一场", "closed", entitled, 12, 9), ("第二场", "open", entitled, 9, 2), ("第三场", "draft", entitled, 3, 0)]
    first, result = f.sessions[0], closed.result
    assert isinstance(result, dict)
    assert [(g.name, g.entitled, g.issued, g.returned) for g in first.groups] == [
        (r["name"], r["entitled"], r["issued"], r["returned"]) for r in result["turnout"]]
    assert [g.returned for g in first.groups] == [3, 4, 2]
    assert first.valid is result["valid"]
    assert Session.objects.filter(campaign=vw.campaign).count() == 4
    assert f"组织投票1场，应参加投票{entitled}人次，发出票12张，收回9张" in f.summary


def test_after_the_real_appointment_stage(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the appointment area's actions (tests/appointments/world.py): 人员1 appointed to P01 (the register
    updated, what they held kept in Appointment.previous), P02 left vacant at the close (the objection to 人员4
    verified), 人员2 and 人员6 in the pool; the appointment stage sealed, the campaign closed."""
    from tests.appointments.world import build_appointment_world

    aw = build_appointment_world(personas, monkeypatch)
    aw.seal()
    f = closing_figures(aw.campaign, TODAY)
    assert f.finished
    got = {k: f.value(k) for k in ("appointed", "posts.filled", "posts.vacant", "slots.vacant", "pool",
                                   "moves.promotion", "moves.to_leadership", "holders.before.count",
                                   "holders.after.count")}
    # 人员1 held 三级主任科员 (the rank of 乡科级副职): appointed 副科, a move into leadership; nobody held 副科 before.
    assert got == {"appointed": 1, "posts.filled": 1, "posts.vacant": 1, "slots.vacant": 1, "pool": 2,
                   "moves.promotion": 0, "moves.to_leadership": 1, "holders.before.count": 0,
                   "holders.after.count": 1}
    assert [(a.name, a.previous_level, a.why) for a in f.appointments] == [
        ("人员1", "三级主任科员", "由三级主任科员改任乡科级副职（职级改任领导职务）")]
    # The report's table of how posts were filled adds up: the move into leadership has its row.
    from xuanren.reports.document import build_report, cell_text

    moves = next(b for s in build_report(f).sections for b in s.blocks if getattr(b, "key", "") == "moves")
    assert ("职级改任领导职务", "1", "人") in {tuple(cell_text(c) for c in row) for row in moves.rows}
    assert [(v.post_code, v.reason, v.slots) for v in f.vacancies] == [("P02", "notice", 1)]
    assert Vacancy.objects.get().post.code == "P02"
