"""The stage machine: order, sealing (exactly once), publication, corrections; a sealed stage refuses edits."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from tests.campaigns.world import AFTER, BEFORE, World, build_world, nothing_changes, one_event, sh
from xuanren.campaigns import actions, selectors
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Campaign, Publication, Review, Stage
from xuanren.record.models import Event


@pytest.fixture
def ready(world: World) -> World:
    """Eligibility reviewed and confirmed, P03 cancelled: the stage can be sealed."""
    world.full_eligibility()
    return world


@pytest.mark.django_db
def test_no_stage_opens_before_the_campaign_is_announced(world: World) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match="不在进行中"):
        world.open_eligibility()


@pytest.mark.django_db
def test_no_stage_opens_before_the_previous_is_sealed(world: World) -> None:
    world.publish()
    with nothing_changes(), pytest.raises(CampaignError, match="须先封存“资格审查”环节，才能开始“竞聘演讲/面试”环节"):
        actions.stage_open(actor=world.organiser, stage=world.stage("interview"), now=AFTER)
    with nothing_changes(), pytest.raises(CampaignError, match="须先封存“资格审查”“竞聘演讲/面试”环节"):
        actions.stage_open(actor=world.organiser, stage=world.stage("recommendation"), now=AFTER)
    with one_event("stages.open"):
        stage = world.open_eligibility()
    assert stage.status == Stage.Status.OPEN and stage.opened_at == BEFORE
    with nothing_changes(), pytest.raises(CampaignError, match="须先封存“资格审查”环节"):
        actions.stage_open(actor=world.organiser, stage=world.stage("interview"), now=AFTER)
    with nothing_changes(), pytest.raises(CampaignError, match="“资格审查”环节进行中，不能再次开始"):
        world.open_eligibility()


@pytest.mark.django_db
def test_seal_publishes_version_1_and_lets_the_next_stage_open(ready: World) -> None:
    w = ready
    with one_event("stages.seal"):
        pub = actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    stage = w.stage("eligibility")
    assert (stage.status, stage.sealed_at, pub.version, pub.reason, pub.published_by) == (
        "sealed", AFTER, 1, "", "organiser")
    posts = {p["code"]: p for p in pub.content["posts"]}
    assert (posts["P01"]["applications"], posts["P01"]["qualified"]) == (3, 3)
    assert posts["P03"]["status"] == "cancelled" and posts["P03"]["people"] == []
    first = posts["P01"]["people"][0]
    assert first == {"name": "人员1", "gender": "男", "birth": "1985.03", "education": "大学本科", "full_time": True,
                     "current_post": "测试局 / 办公室 科员"}
    assert not any(p.id_number in str(pub.content) for p in w.people)
    actions.stage_open(actor=w.organiser, stage=w.stage("interview"), now=AFTER)


@pytest.mark.django_db
def test_a_sealed_stage_refuses_every_edit(ready: World) -> None:
    w = ready
    actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    app = Review.objects.filter(application__campaign=w.campaign).first().application  # type: ignore[union-attr]
    with nothing_changes():
        with pytest.raises(CampaignError, match="该环节已被封存"):
            actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
        with pytest.raises(CampaignError, match="资格审查环节已封存，审查结论不能再修改"):
            actions.review_decide(actor=w.reviewer, application=app, decision="ineligible", reason="x")
        with pytest.raises(CampaignError, match="资格审查环节已封存"):
            actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
        with pytest.raises(CampaignError, match="资格审查环节已封存"):
            actions.review_confirm_pending(actor=w.reviewer, campaign=w.campaign)
        with pytest.raises(CampaignError, match="资格审查环节已封存"):
            actions.post_cancel(actor=w.organiser, post=w.posts["P01"], reason="x")
        with pytest.raises(CampaignError, match="资格审查环节已封存"):
            actions.post_merge(actor=w.organiser, post=w.posts["P01"], into=w.posts["P02"], reason="x")
        with pytest.raises(CampaignError, match="已封存"):
            actions.stage_open(actor=w.organiser, stage=w.stage("eligibility"))


@pytest.mark.django_db
def test_seal_waits_for_the_deadline_reviews_and_shortfall_decisions(world: World) -> None:
    w = world
    w.publish()
    w.apply(w.people[0], "P01")
    w.apply(w.people[1], "P01")
    w.apply(w.people[0], "P02")
    w.open_eligibility()
    with nothing_changes(), pytest.raises(CampaignError) as info:
        actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=BEFORE)
    text = str(info.value)
    assert text.startswith("“资格审查”环节还不能封存：")
    assert "职位P01（办公室副主任）报名截止时间为2026年12月1日17:00，报名尚未截止" in text
    assert "尚有3份报名未进行自动审查，请运行资格审查" in text
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    with nothing_changes(), pytest.raises(CampaignError, match="尚有3份报名待审查人员确认"):
        actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    actions.review_confirm_pending(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    with nothing_changes(), pytest.raises(CampaignError) as info:
        actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    assert "职位P02（政策法规科副科长）合格人数1人，少于最低2人，须先决定取消、延长报名或合并" in str(info.value)
    assert "职位P03（办公室科长）合格人数0人" in str(info.value)
    assert "P01" not in str(info.value)
    # The organiser decides: P03 extended, P02 merged into P01.
    actions.post_extend(actor=w.organiser, post=w.posts["P03"], new_deadline=sh(2026, 12, 8, 17, 0),
                        reason="延长报名", now=AFTER)
    actions.post_merge(actor=w.organiser, post=w.posts["P02"], into=w.posts["P01"], reason="合并竞聘")
    with nothing_changes(), pytest.raises(CampaignError, match="职位P03（办公室科长）报名截止时间为2026年12月8日17:00"):
        actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    later = sh(2026, 12, 9, 9, 0)
    with nothing_changes(), pytest.raises(CampaignError, match="职位P03（办公室科长）延长报名后合格人数0人"):
        actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=later)
    actions.post_cancel(actor=w.organiser, post=w.posts["P03"], reason="延长后仍无人报名")
    actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=later)
    assert list(Event.objects.filter(action__startswith="posts.").values_list("action", flat=True)) == [
        "posts.create", "posts.create", "posts.create", "posts.extend", "posts.merge", "posts.cancel"]


@pytest.mark.django_db
def test_seal_before_opening_is_refused(world: World) -> None:
    world.publish()
    with nothing_changes(), pytest.raises(CampaignError, match="该环节尚未开始，不能封存"):
        actions.stage_seal(actor=world.organiser, stage=world.stage("eligibility"), now=AFTER)


@pytest.mark.django_db
def test_only_organisers_seal(ready: World) -> None:
    from django.core.exceptions import PermissionDenied

    with nothing_changes(), pytest.raises(PermissionDenied):
        actions.stage_seal(actor=ready.reviewer, stage=ready.stage("eligibility"), now=AFTER)


@pytest.mark.django_db
def test_correction_publishes_version_2_with_its_reason_and_keeps_version_1(ready: World) -> None:
    w = ready
    first = actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    original = dict(first.content)
    app = Review.objects.get(application__person=w.people[0], application__post=w.posts["P01"]).application
    with nothing_changes(), pytest.raises(CampaignError, match="更正须写明理由"):
        actions.stage_correct(actor=w.organiser, stage=w.stage("eligibility"), changes={app.pk: "ineligible"},
                              reason="")
    with nothing_changes(), pytest.raises(CampaignError, match="审查结论已是“资格审查合格”，无需更正"):
        actions.stage_correct(actor=w.organiser, stage=w.stage("eligibility"), changes={app.pk: "eligible"},
                              reason="复核")
    with one_event("stages.correct"):
        second = actions.stage_correct(actor=w.organiser, stage=w.stage("eligibility"),
                                       changes={app.pk: "ineligible"}, reason="经举报核实，2025年度考核结果登记有误")
    assert (second.version, second.reason) == (2, "经举报核实，2025年度考核结果登记有误")
    first.refresh_from_db()
    assert first.content == original and first.version == 1
    assert {p["code"]: p["qualified"] for p in second.content["posts"]}["P01"] == 2
    review = Review.objects.get(application=app)
    assert (review.decision, review.overridden, review.note) == (
        "ineligible", True, "封存后更正：经举报核实，2025年度考核结果登记有误")
    assert list(selectors.stage_publications(w.stage("eligibility")).values_list("version", flat=True)) == [1, 2]
    latest = selectors.latest_publications(campaigns=[w.campaign.pk])[w.campaign.pk]
    assert [p.version for p in latest] == [2]


@pytest.mark.django_db
def test_correcting_an_open_stage_or_an_unsupported_one_is_refused(ready: World) -> None:
    w = ready
    with nothing_changes(), pytest.raises(CampaignError, match="尚未封存，直接修改即可"):
        actions.stage_correct(actor=w.organiser, stage=w.stage("eligibility"), changes={}, reason="x")
    # A kind of stage no app handles corrections for (the notice, until it has its app), sealed.
    Stage.objects.filter(pk=w.stage("notice").pk).update(status=Stage.Status.SEALED, sealed_at=AFTER)
    with nothing_changes(), pytest.raises(CampaignError, match="“任前公示”环节暂不支持更正"):
        actions.stage_correct(actor=w.organiser, stage=w.stage("notice"), changes={}, reason="x")


def _hold_a_vote(w: World, stage: Stage) -> None:
    from xuanren.voting import actions as voting
    from xuanren.voting.models import VoterGroup

    session = voting.session_create(actor=w.organiser, stage=stage, name="推荐会")
    voting.groups_set(actor=w.organiser, session=session, groups=[
        {"code": g.code, "name": g.name, "weight": g.weight, "entitled": 1} for g in session.groups.all()])
    codes = [voting.codes_issue(actor=w.organiser, session=session, group=g, count=1)[0]
             for g in VoterGroup.objects.filter(session=session)]
    voting.session_open(actor=w.organiser, session=session)
    for n, code in enumerate(codes):
        voting.ballot_cast(code=code, marks={}, submission=f"token-{n}-0123456789abcdef")
    voting.session_close(actor=w.organiser, session=session)


@pytest.mark.django_db
def test_sealing_the_last_stage_closes_the_campaign(ready: World) -> None:
    w = ready
    for stage in w.campaign.stages.order_by("order"):
        if stage.kind != "eligibility":
            actions.stage_open(actor=w.organiser, stage=stage, now=AFTER)
        if stage.kind == "recommendation":  # sealed once its vote has been held and closed
            _hold_a_vote(w, stage)
        actions.stage_seal(actor=w.organiser, stage=stage, now=AFTER)
    w.refresh()
    assert w.campaign.status == Campaign.Status.CLOSED
    assert Publication.objects.filter(stage__campaign=w.campaign).count() == 6
    public = selectors.latest_publications(campaigns=[w.campaign.pk])[w.campaign.pk]
    assert [p.stage.kind for p in public] == ["eligibility", "interview", "recommendation", "notice", "appointment"]


@pytest.mark.django_db(transaction=True)
def test_two_organisers_sealing_at_once_exactly_one_succeeds(personas: dict[str, Any]) -> None:
    from tests.conftest import make_user

    w = build_world(personas)
    w.full_eligibility()
    second = make_user("organiser2", "organiser")
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def seal(actor: Any) -> None:
        try:
            start.wait()
            outcomes.append(actions.stage_seal(actor=actor, stage=w.stage("eligibility"), now=AFTER))
        except BaseException as exc:  # reported below, in the test's own thread
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=seal, args=(u,)) for u in (w.organiser, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    sealed = [o for o in outcomes if isinstance(o, Publication)]
    refused = [o for o in outcomes if not isinstance(o, Publication)]
    assert len(sealed) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], CampaignError) and str(refused[0]) == "该环节已被封存"
    assert Publication.objects.filter(stage__kind="eligibility").count() == 1
    assert Event.objects.filter(action="stages.seal").count() == 1
